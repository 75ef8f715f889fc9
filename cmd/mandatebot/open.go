package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"mandatebot/corpus"
	"mandatebot/eval"
	"mandatebot/index"
	"mandatebot/index/embeddings"
)

// corpusLoader reads CORPUS_DIR within MAX_DOCUMENT_MB, keeping the
// parsed corpus beside the indexes so that a command run again with
// nothing changed does not parse every document again.
func corpusLoader(cfg config, log *slog.Logger) corpus.Loader {
	if cfg.CorpusDirDefault {
		// The default folder is made on first use; one set by hand that
		// is missing is most likely a typo, and the load says so.
		if err := os.MkdirAll(cfg.CorpusDir, 0o755); err != nil {
			log.Warn("cannot make the corpus folder; answering from the embedded documents", "dir", cfg.CorpusDir, "err", err)
			cfg.CorpusDir = ""
		}
	}
	l := corpus.Loader{Dir: cfg.CorpusDir, MaxDocumentBytes: cfg.MaxDocumentBytes, MaxCorpusBytes: cfg.MaxCorpusBytes}
	if cfg.IndexPath != "" {
		l.Cache = filepath.Join(cfg.IndexPath, "corpus.cache")
		l.CacheDamaged = func(path, why string) {
			log.Warn("corpus cache damaged; reading the documents again and rewriting it", "path", path, "why", why)
		}
	}
	return l
}

// loadCorpus loads the corpus, printing the files it skipped.
func loadCorpus(ctx context.Context, env *environment) (*corpus.Corpus, error) {
	c, err := corpusLoader(env.cfg, newLogger(env.cfg, env)).Load(ctx)
	if err != nil {
		return nil, fmt.Errorf("load corpus: %w", err)
	}
	for _, w := range c.Warnings {
		fmt.Fprintf(env.stderr, "mandatebot: warning: %s\n", w)
	}
	for _, s := range c.Splits() {
		fmt.Fprintf(env.stderr, "mandatebot: split: %s\n", s)
	}
	return c, nil
}

// indexStore is where indexes are kept, for every command and the bot,
// with semantic search when EMBEDDINGS_URL is set.
func indexStore(cfg config, log *slog.Logger) *index.Store {
	s := &index.Store{Root: cfg.IndexPath, Logger: log}
	if cfg.EmbeddingsURL != "" {
		s.Semantic = &index.Semantic{
			Embedder: &embeddings.Client{URL: cfg.EmbeddingsURL, Model: cfg.EmbeddingsModel, Key: cfg.EmbeddingsKey,
				HTTP: &http.Client{Timeout: time.Minute}},
			Timeout: cfg.EmbeddingsTimeout,
			Cache:   index.OpenVectorCache(filepath.Join(cfg.IndexPath, "vectors.gob")),
			Logger:  log,
			// Hybrid answers only where they measurably help: checked on
			// the shipped questions whenever an index is opened.
			Questions: eval.GuardQuestions(),
		}
		if cfg.unguarded {
			s.Semantic.Questions = nil
		}
	}
	return s
}

// openIndex loads the corpus and returns its index: the one at INDEX_PATH
// when it matches the corpus, else a fresh build installed there. If the
// index folder cannot be used at all, it says so and builds in memory.
func openIndex(ctx context.Context, env *environment) (*index.Index, error) {
	c, err := loadCorpus(ctx, env)
	if err != nil {
		return nil, err
	}
	if env.cfg.IndexPath != "" {
		ix, _, err := indexStore(env.cfg, newLogger(env.cfg, env)).Open(ctx, c, false)
		if err == nil || ctx.Err() != nil {
			return ix, err
		}
		fmt.Fprintf(env.stderr, "mandatebot: cannot use the index at %s (%v); building one in memory\n", env.cfg.IndexPath, err)
	}
	return index.Build(ctx, c, "")
}
