package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"mandatebot/corpus"
	"mandatebot/corpus/intake"
	"mandatebot/corpus/undoc"
)

func runAdd(ctx context.Context, env *environment, args []string) error {
	fs := newFlags("add", "[--symbol S] [--dir DIR] FILE...   (PDF of a UN document, or a corpus Markdown file)", env.stderr)
	symbol := fs.String("symbol", "", "the UN symbol of a PDF, when its first page does not show it (one file only)")
	dir := fs.String("dir", env.cfg.CorpusDir, "corpus folder to write to (default CORPUS_DIR)")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(files) == 0:
		return usagef("give one or more files: a UN document's PDF, or a corpus Markdown file")
	case *dir == "":
		return usagef("say where to put the documents: CORPUS_DIR is off (or there is no home folder); set it to a folder (see .env.example) or give --dir")
	case *symbol != "" && len(files) > 1:
		return usagef("--symbol names one document; add the files one at a time")
	}
	if *symbol != "" {
		sym, err := corpus.ParseSymbol(*symbol)
		if err != nil {
			return usagef("--symbol: %v", err)
		}
		*symbol = sym
	}
	// Convert and check every file first: if one fails, nothing is written.
	var docs []*intake.File
	var errs []error
	for _, f := range files {
		c, err := readFile(ctx, env, f, *symbol)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		docs = append(docs, c)
	}
	if len(errs) > 0 {
		return fmt.Errorf("nothing was added:\n%w", errors.Join(errs...))
	}
	written, err := intake.Write(*dir, docs, intake.Limits{MaxDocumentBytes: env.cfg.MaxDocumentBytes, MaxCorpusBytes: env.cfg.MaxCorpusBytes})
	for _, w := range written {
		verb := "added"
		if w.Replaced {
			verb = "replaced"
		}
		fmt.Fprintf(env.stdout, "%s → %s (%s): %s\n", w.From, w.Path, verb, intake.Describe(w.Doc))
		for _, warning := range w.Doc.Warnings {
			fmt.Fprintf(env.stdout, "  warning: %s\n", warning)
		}
		for _, split := range w.Doc.Splits {
			fmt.Fprintf(env.stdout, "  split: %s\n", split)
		}
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(env.stdout, whenServed(env.cfg, *dir, "picks them up"))
	return nil
}

// whenServed says when a change to the documents of dir reaches the bot
// and the pages (what a running serve does: "picks them up", "stops
// serving them"): serve and web watch CORPUS_DIR every CORPUS_POLL.
func whenServed(cfg config, dir, does string) string {
	const now = "'mandatebot ask' reads the folder as it is now."
	switch {
	case filepath.Clean(dir) != filepath.Clean(cfg.CorpusDir):
		// ask reads CORPUS_DIR too: the folder as it is now, but only
		// when it is that folder.
		return fmt.Sprintf("This is not CORPUS_DIR: ask, serve and web read %s only with CORPUS_DIR=%s (e.g. CORPUS_DIR=%s mandatebot ask \"…\").", dir, dir, dir)
	case cfg.CorpusPoll > 0:
		return fmt.Sprintf("A running serve (or web) %s within %s (CORPUS_POLL), or at once with /reindex in Discord; %s", does, cfg.CorpusPoll, now)
	}
	return "CORPUS_POLL is off: run /reindex in Discord, or restart serve or web, for them to see it; " + now
}

// readFile reads one file, within MAX_PDF_MB, and converts it.
func readFile(ctx context.Context, env *environment, path, symbol string) (*intake.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	max := env.cfg.MaxPDFBytes
	if max <= 0 {
		max = undoc.DefaultMaxBytes
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s: larger than %d MB (MAX_PDF_MB)", path, max>>20)
	}
	file, err := intake.Read(ctx, path, b, symbol)
	if errors.Is(err, undoc.ErrNoSymbol) {
		return nil, fmt.Errorf("%w; give it with --symbol", err)
	}
	return file, err
}
