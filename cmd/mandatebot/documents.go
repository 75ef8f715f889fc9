package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"text/tabwriter"
	"unicode/utf8"

	"mandatebot/corpus"
	"mandatebot/corpus/intake"
	"mandatebot/internal/words"
)

// withDir is env's configuration reading the corpus folder dir instead of
// CORPUS_DIR (the same when dir is).
func withDir(env *environment, dir string) *environment {
	if filepath.Clean(dir) == filepath.Clean(env.cfg.CorpusDir) {
		return env
	}
	e := *env
	e.cfg.CorpusDir, e.cfg.CorpusDirDefault = dir, false
	return &e
}

// runList lists the documents of the corpus: those shipped in the binary
// and those of the corpus folder, which remove can take out.
func runList(ctx context.Context, env *environment, args []string) error {
	fs := newFlags("list", "[--json] [--dir DIR]", env.stderr)
	asJSON := fs.Bool("json", false, "print the documents as JSON")
	dir := fs.String("dir", env.cfg.CorpusDir, "corpus folder to read (default CORPUS_DIR)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("list takes no arguments (got %q)", pos[0])
	}
	env = withDir(env, *dir)
	c, err := loadCorpus(ctx, env)
	if err != nil {
		return err
	}
	held := intake.List(c, env.cfg.CorpusDir)
	if *asJSON {
		return writeJSON(env.stdout, held)
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSYMBOL\tKIND\tPASSAGES\tADDED\tTITLE\tFILE")
	inFolder := 0
	for _, h := range held {
		added := "shipped"
		if !h.Shipped {
			inFolder++
			added = h.Added.Local().Format("2 Jan 2006 15:04")
		}
		file := h.File
		if h.PDF != "" {
			file += " (and its PDF)"
		}
		if h.ReplacesShipped {
			file += " (replaces the shipped one)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\n", h.ID, orDash(h.Symbol), h.Kind, h.Passages, added, shorten(h.Title, 40), file)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	switch {
	case env.cfg.CorpusDir == "":
		fmt.Fprintf(env.stdout, "\n%s, shipped in the binary (CORPUS_DIR is off, so none can be added or removed).\n", words.Count(len(held), "document"))
	case inFolder == 0:
		fmt.Fprintf(env.stdout, "\n%s, shipped in the binary; the corpus folder %s holds none (add some with 'mandatebot add' or 'mandatebot fetch').\n", words.Count(len(held), "document"), env.cfg.CorpusDir)
	default:
		fmt.Fprintf(env.stdout, "\n%s: %d shipped in the binary, %d in %s (take one out with 'mandatebot remove ID').\n", words.Count(len(held), "document"), len(held)-inFolder, inFolder, env.cfg.CorpusDir)
	}
	return nil
}

// orDash is s, or "-" when it is empty.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// shorten cuts s to n characters, ending it with "…" when cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// runRemove takes documents out of the corpus folder, asking nothing:
// each named by its id (or its file's name), the Markdown and its PDF.
func runRemove(ctx context.Context, env *environment, args []string) error {
	fs := newFlags("remove", "[--dir DIR] ID...   (a document's id, as 'mandatebot list' shows it, or its file's name)", env.stderr)
	dir := fs.String("dir", env.cfg.CorpusDir, "corpus folder to remove from (default CORPUS_DIR)")
	ids, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(ids) == 0:
		return usagef("give the id of each document to remove ('mandatebot list' shows them)")
	case *dir == "":
		return usagef("there is no corpus folder to remove from: CORPUS_DIR is off (or there is no home folder); the shipped documents cannot be removed")
	}
	removed, err := intake.Remove(*dir, ids, env.cfg.MaxDocumentBytes)
	for _, r := range removed {
		fmt.Fprintf(env.stdout, "removed %s\n", intake.DescribeRemoved(r))
	}
	if err != nil {
		var re *intake.RemoveError
		if errors.As(err, &re) {
			return fmt.Errorf("nothing was removed:\n%w\n('mandatebot list' shows every document and whether it can be removed)", err)
		}
		return err
	}
	fmt.Fprintln(env.stdout, whenServed(env.cfg, *dir, "stops serving them"))
	// A removed UN document the corpus cites is fetched again at start.
	env = withDir(env, *dir)
	if env.cfg.FetchOnStart {
		if c, err := loadCorpus(ctx, env); err == nil {
			missing := c.MissingCited()
			for _, r := range removed {
				cited := slices.ContainsFunc(missing, func(s string) bool { return corpus.NormalizeSymbol(s) == corpus.NormalizeSymbol(r.Symbol) })
				if r.Symbol != "" && cited {
					fmt.Fprintf(env.stdout, "The corpus cites %s, so serve fetches it again at its next start (set FETCH_ON_START=false to keep it out).\n", r.Symbol)
				}
			}
		}
	}
	return nil
}
