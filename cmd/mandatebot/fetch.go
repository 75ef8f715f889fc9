package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"mandatebot/corpus/undoc"
)

func runFetch(ctx context.Context, env *environment, args []string) error {
	fs := newFlags("fetch", "[--force] [-v] [--dir DIR] [SYMBOL ...]   (default: the UN documents the corpus cites)", env.stderr)
	force := fs.Bool("force", false, "fetch documents again even if they are in the folder")
	dir := fs.String("dir", env.cfg.CorpusDir, "corpus folder to write to (default CORPUS_DIR)")
	verbose := fs.Bool("v", false, "after a failure, print the error as the server or network gave it, with the addresses tried")
	symbols, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *dir == "" {
		return usagef("say where to put the documents: CORPUS_DIR is off (or there is no home folder); set it to a folder (see .env.example) or give --dir")
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return fmt.Errorf("corpus folder: %w", err)
	}
	if len(symbols) == 0 {
		// What the corpus cites; those already in the folder are skipped
		// unless --force.
		c, err := loadCorpus(ctx, env)
		if err != nil {
			return err
		}
		symbols = c.Cited()
	}
	f := env.cfg.fetcher()
	counts := map[string][]string{}
	host := "the UN"
	if u, err := url.Parse(f.URL("S/1")); err == nil && u.Host != "" {
		host = u.Host
	}
	const addBy = "with mandatebot add FILE.pdf"
	undoc.FetchInto(ctx, f, *dir, symbols, *force, func(o undoc.Outcome, done bool) {
		switch {
		case !done:
			fmt.Fprintf(env.stdout, "%-20s fetching from %s … ", o.Symbol, host)
			return
		case o.Status == "skipped":
			fmt.Fprintf(env.stdout, "%-20s already in %s (--force to fetch again)\n", o.Symbol, o.Path)
		case o.Status == "failed" && o.Path == "":
			fmt.Fprintf(env.stdout, "%-20s %s\n", o.Symbol, o.Result(addBy))
		case o.Status == "failed":
			fmt.Fprintf(env.stdout, "failed: %s\n", o.Result(addBy))
		default:
			fmt.Fprintf(env.stdout, "%s → %s\n", o.Result(addBy), o.Path)
		}
		if o.Err != nil && *verbose {
			fmt.Fprintf(env.stdout, "%-20s detail: %v\n", "", o.Err)
		}
		counts[o.Status] = append(counts[o.Status], o.Symbol)
	})
	failed := counts["failed"]
	fmt.Fprintf(env.stdout, "\nfetched %d, skipped %d, failed %d", len(counts["fetched"]), len(counts["skipped"]), len(failed))
	if len(failed) > 0 {
		fmt.Fprintf(env.stdout, " (%s)", strings.Join(failed, ", "))
	}
	fmt.Fprintln(env.stdout)
	if len(counts["fetched"]) > 0 {
		fmt.Fprintln(env.stdout, whenServed(env.cfg, *dir, "picks them up"))
	}
	if len(failed) > 0 {
		return errors.New("some documents could not be fetched")
	}
	return nil
}
