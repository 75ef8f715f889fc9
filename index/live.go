package index

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"mandatebot/corpus"
)

// Live is the index a long-running program serves from. Reindex builds a
// new index beside it and swaps it in atomically: searches that started
// on the old index finish on it, and every later search sees the new one.
// The corpus and its bleve index are swapped together, as one pointer, so
// a search never pairs one corpus with another's index (a bleve IndexAlias
// swap would change the bleve side alone).
type Live struct {
	store *Store // where Reindex installs new indexes; nil: in memory
	log   *slog.Logger

	mu      sync.Mutex // guards swapping cur against Close
	cur     atomic.Pointer[served]
	done    atomic.Bool
	closing sync.WaitGroup // goroutines closing swapped-out indexes

	reindexing chan struct{} // holds a token while a reindex runs
}

// served is an index with a count of the searches using it, so that a
// swapped-out index is closed only when the last of them is done.
type served struct {
	ix     *Index
	mu     sync.RWMutex // searches hold it for reading; closing for writing
	closed bool
}

// NewLive serves ix. Reindex installs new indexes in store, or builds
// them in memory when store is nil.
func NewLive(ix *Index, store *Store) *Live {
	l := &Live{store: store, log: slog.Default(), reindexing: make(chan struct{}, 1)}
	if store != nil {
		l.log = store.log()
	}
	l.cur.Store(&served{ix: ix})
	return l
}

// acquire returns the current index, held until release is called.
func (l *Live) acquire() (*served, func(), error) {
	for {
		s := l.cur.Load()
		s.mu.RLock()
		if !s.closed {
			return s, s.mu.RUnlock, nil
		}
		s.mu.RUnlock()
		if l.done.Load() {
			return nil, nil, ErrClosed
		}
		// Swapped out and closed meanwhile: take the new one.
	}
}

// Search answers q from the current index.
func (l *Live) Search(ctx context.Context, q Query) (*Result, error) {
	s, release, err := l.acquire()
	if err != nil {
		return nil, err
	}
	defer release()
	return s.ix.Search(ctx, q)
}

// Corpus returns the corpus of the current index.
func (l *Live) Corpus() *corpus.Corpus { return l.cur.Load().ix.Corpus() }

// SemanticCheck returns what the semantic-search guard measured for the
// current index, or nil.
func (l *Live) SemanticCheck() *SemanticCheck { return l.cur.Load().ix.SemanticCheck() }

// BuiltAt returns when the current index was built.
func (l *Live) BuiltAt() time.Time { return l.cur.Load().ix.BuiltAt() }

// Close closes the current index, waits for swapped-out ones to close, and
// makes later searches and reindexes fail with ErrClosed. A reindex that
// is running closes the index it built instead of swapping it in.
func (l *Live) Close() error {
	l.mu.Lock()
	if l.done.Swap(true) {
		l.mu.Unlock()
		l.closing.Wait()
		return nil
	}
	s := l.cur.Load()
	l.mu.Unlock()
	s.mu.Lock()
	s.closed = true
	err := s.ix.Close()
	s.mu.Unlock()
	l.closing.Wait()
	return err
}

// Change counts what a reindex changed.
type Change struct {
	DocumentsAdded, DocumentsRemoved, DocumentsChanged []string // ids
	PassagesAdded, PassagesRemoved, PassagesChanged    int
	Documents, Passages                                int // in the new index
	Took                                               time.Duration
}

// Reindex loads a corpus with load, builds and checks an index of it, and
// swaps it in. If load or the build fails, the current index stays and the
// error says why. Only one reindex runs at a time; another gets
// ErrReindexRunning at once. ctx cancels loading and building.
func (l *Live) Reindex(ctx context.Context, load func(context.Context) (*corpus.Corpus, error)) (*Change, error) {
	select {
	case l.reindexing <- struct{}{}:
	default:
		return nil, ErrReindexRunning
	}
	return l.reindex(ctx, load)
}

// ReindexAfter is Reindex for a caller that has just changed what load
// reads (an admin's added file): a reindex under way may have read the
// folder before the change, so it waits for that one to finish (or ctx)
// and then builds again, instead of returning ErrReindexRunning.
func (l *Live) ReindexAfter(ctx context.Context, load func(context.Context) (*corpus.Corpus, error)) (*Change, error) {
	select {
	case l.reindexing <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return l.reindex(ctx, load)
}

// reindex is Reindex's work, for a caller holding the reindexing token.
func (l *Live) reindex(ctx context.Context, load func(context.Context) (*corpus.Corpus, error)) (*Change, error) {
	defer func() { <-l.reindexing }()
	if l.done.Load() {
		return nil, ErrClosed
	}
	start := time.Now()
	c, err := load(ctx)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ix, err := l.build(ctx, c)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	if l.done.Load() {
		l.mu.Unlock()
		return nil, errors.Join(ErrClosed, ix.Close())
	}
	old := l.cur.Swap(&served{ix: ix})
	l.closing.Add(1)
	l.mu.Unlock()
	go func() {
		defer l.closing.Done()
		old.mu.Lock() // waits for the searches still on it
		old.closed = true
		err := old.ix.Close()
		old.mu.Unlock()
		if err != nil {
			l.log.Error("closing the previous index failed", "err", err)
		}
	}()
	change := diff(old.ix.Corpus(), c)
	change.Took = time.Since(start)
	return change, nil
}

// build makes the index of c: in the store, or in memory.
func (l *Live) build(ctx context.Context, c *corpus.Corpus) (*Index, error) {
	if l.store != nil {
		// From the index serving, changing only the documents that
		// differ; it serves untouched meanwhile.
		ix, _, err := l.store.Update(ctx, l.cur.Load().ix, c)
		return ix, err
	}
	ix, err := Build(ctx, c, "")
	if err != nil {
		return nil, fmt.Errorf("build index: %w", err)
	}
	if err := ix.check(ctx); err != nil {
		return nil, errors.Join(err, ix.Close())
	}
	return ix, nil
}

// diff compares two corpora by document hash and passage text.
func diff(old, cur *corpus.Corpus) *Change {
	ch := &Change{Documents: len(cur.Documents), Passages: cur.NumPassages()}
	for _, d := range cur.Documents {
		o := old.Document(d.ID)
		switch {
		case o == nil:
			ch.DocumentsAdded = append(ch.DocumentsAdded, d.ID)
		case o.Hash != d.Hash:
			ch.DocumentsChanged = append(ch.DocumentsChanged, d.ID)
		}
		for _, p := range d.Passages {
			op := old.Passage(p.ID)
			switch {
			case op == nil:
				ch.PassagesAdded++
			case op.Text != p.Text:
				ch.PassagesChanged++
			}
		}
	}
	for _, d := range old.Documents {
		if cur.Document(d.ID) == nil {
			ch.DocumentsRemoved = append(ch.DocumentsRemoved, d.ID)
		}
		for _, p := range d.Passages {
			if cur.Passage(p.ID) == nil {
				ch.PassagesRemoved++
			}
		}
	}
	return ch
}
