package main

import (
	"context"
	"fmt"
	"time"

	"mandatebot/internal/words"
)

func runIndex(ctx context.Context, env *environment, args []string) error {
	fs := newFlags("index", "[--force]", env.stderr)
	force := fs.Bool("force", false, "rebuild even if the index on disk matches the corpus")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("index takes no arguments (got %q)", pos[0])
	}
	if env.cfg.IndexPath == "" {
		return usagef("INDEX_PATH is not set and there is no user cache folder: set INDEX_PATH")
	}
	c, err := loadCorpus(ctx, env)
	if err != nil {
		return err
	}
	start := time.Now()
	ix, built, err := indexStore(env.cfg, newLogger(env.cfg, env)).Open(ctx, c, *force)
	if err != nil {
		return err
	}
	defer ix.Close()
	verb := "up to date"
	if built {
		verb = fmt.Sprintf("built in %s", time.Since(start).Round(time.Millisecond))
	}
	fmt.Fprintf(env.stdout, "index %s: %s from %s at %s\n", verb, words.Count(c.NumPassages(), "passage"), words.Count(len(c.Documents), "document"), ix.Path())
	return nil
}
