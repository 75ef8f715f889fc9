package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"mandatebot/corpus"
	"mandatebot/corpus/undoc"
)

func runFetch(ctx context.Context, env *environment, args []string) error {
	fs := newFlags("fetch", "[--force] [--dir DIR] [SYMBOL ...]   (default: the UN documents the brief cites)", env.stderr)
	force := fs.Bool("force", false, "fetch documents again even if they are in the folder")
	dir := fs.String("dir", env.cfg.CorpusDir, "corpus folder to write to (default CORPUS_DIR)")
	symbols, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *dir == "" {
		return usagef("say where to put the documents: set CORPUS_DIR (see .env.example) or give --dir")
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return fmt.Errorf("corpus folder: %w", err)
	}
	if len(symbols) == 0 {
		symbols = undoc.CitedByBrief
	}
	f := &undoc.Fetcher{BaseURL: env.cfg.UNDocsURL, Retries: 3, Timeout: env.cfg.FetchTimeout, Backoff: env.cfg.FetchBackoff}
	var fetched, skipped, failed []string
	for _, raw := range symbols {
		sym := corpus.NormalizeSymbol(raw)
		if sym == "" {
			fmt.Fprintf(env.stdout, "%-20s failed: not a UN symbol (e.g. S/RES/2164 (2014), S/2014/692, S/PV.7274)\n", raw)
			failed = append(failed, raw)
			continue
		}
		id := undoc.ID(sym)
		mdPath := filepath.Join(*dir, id+".md")
		if _, err := os.Stat(mdPath); err == nil && !*force {
			fmt.Fprintf(env.stdout, "%-20s skipped: already in %s (--force to fetch again)\n", sym, mdPath)
			skipped = append(skipped, sym)
			continue
		}
		fmt.Fprintf(env.stdout, "%-20s fetching %s … ", sym, f.URL(sym))
		n, err := fetchOne(ctx, f, sym, *dir, id)
		if err != nil {
			fmt.Fprintf(env.stdout, "failed: %v\n", err)
			failed = append(failed, sym)
			continue
		}
		fmt.Fprintf(env.stdout, "ok: %d passages → %s\n", n, mdPath)
		fetched = append(fetched, sym)
	}
	fmt.Fprintf(env.stdout, "\nfetched %d, skipped %d, failed %d", len(fetched), len(skipped), len(failed))
	if len(failed) > 0 {
		fmt.Fprintf(env.stdout, " (%s)", strings.Join(failed, ", "))
	}
	fmt.Fprintln(env.stdout)
	if len(fetched) > 0 {
		fmt.Fprintln(env.stdout, "Run /reindex in Discord, or restart, to serve them; 'mandatebot ask' sees them at once.")
	}
	if len(failed) > 0 {
		return errors.New("some documents could not be fetched")
	}
	return nil
}

// fetchOne downloads, converts and checks one document, then writes the
// PDF and the Markdown, each atomically.
func fetchOne(ctx context.Context, f *undoc.Fetcher, sym, dir, id string) (int, error) {
	pdf, err := f.Fetch(ctx, sym)
	if err != nil {
		return 0, err
	}
	lines, err := undoc.Lines(pdf)
	if err != nil {
		return 0, err
	}
	md, _, err := undoc.Convert(lines, sym, f.URL(sym))
	if err != nil {
		return 0, err
	}
	d, err := corpus.Parse(id+".md", md)
	if err != nil {
		return 0, fmt.Errorf("converted document does not load: %w", err)
	}
	if err := undoc.WriteFile(filepath.Join(dir, id+".pdf"), pdf); err != nil {
		return 0, err
	}
	if err := undoc.WriteFile(filepath.Join(dir, id+".md"), md); err != nil {
		return 0, err
	}
	return len(d.Passages), nil
}
