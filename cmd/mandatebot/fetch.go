package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"mandatebot/corpus/undoc"
)

func runFetch(ctx context.Context, env *environment, args []string) error {
	fs := newFlags("fetch", "[--force] [--dir DIR] [SYMBOL ...]   (default: the UN documents the corpus cites)", env.stderr)
	force := fs.Bool("force", false, "fetch documents again even if they are in the folder")
	dir := fs.String("dir", env.cfg.CorpusDir, "corpus folder to write to (default CORPUS_DIR)")
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
	undoc.FetchInto(ctx, f, *dir, symbols, *force, func(o undoc.Outcome, done bool) {
		switch {
		case !done:
			fmt.Fprintf(env.stdout, "%-20s fetching %s … ", o.Symbol, f.URL(o.Symbol))
			return
		case o.Status == "skipped":
			fmt.Fprintf(env.stdout, "%-20s skipped: already in %s (--force to fetch again)\n", o.Symbol, o.Path)
		case o.Status == "failed" && o.Path == "":
			fmt.Fprintf(env.stdout, "%-20s failed: %v\n", o.Symbol, o.Err)
		case o.Status == "failed":
			fmt.Fprintf(env.stdout, "failed: %v\n", o.Err)
		default:
			fmt.Fprintf(env.stdout, "ok: %d passages → %s\n", o.Passages, o.Path)
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
		fmt.Fprintln(env.stdout, "Run /reindex in Discord, or restart, to serve them; 'mandatebot ask' sees them at once.")
	}
	if len(failed) > 0 {
		return errors.New("some documents could not be fetched")
	}
	return nil
}
