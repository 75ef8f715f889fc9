package compare

import (
	"container/list"
	"context"
	"sync"

	"mandatebot/corpus"
)

// cache keeps the latest comparisons, by the content of the two stored
// documents (their Hash: a reindex that changes either file, or the
// corpus version, makes a new key), so that the bot's button, its pages
// and the web page ask for a comparison once. It holds at most maxEntries
// comparisons and about maxBytes of their text; an error is never kept.
// Callers asking for a comparison being made wait for it rather than
// making it again.
type cache struct {
	mu       sync.Mutex
	entries  map[cacheKey]*list.Element
	order    *list.List // of *cached, most recent first
	bytes    int
	inflight map[cacheKey]*call
}

// cacheKey is a pair by content, and the limits it was compared within.
type cacheKey struct {
	old, new string
	lim      Limits
}

type cached struct {
	key   cacheKey
	c     *Comparison
	bytes int
}

type call struct {
	done chan struct{}
	c    *Comparison
	err  error
}

const (
	maxEntries = 32
	maxBytes   = 64 << 20
)

var defaultCache = &cache{entries: map[cacheKey]*list.Element{}, order: list.New(), inflight: map[cacheKey]*call{}}

// compare returns the comparison of old and new, from the cache when it
// holds it.
func (k *cache) compare(ctx context.Context, old, new *corpus.Document, lim Limits) (*Comparison, error) {
	if old.Hash == "" || new.Hash == "" {
		return Compare(ctx, old, new, lim)
	}
	key := cacheKey{old.ID + "\x00" + old.Hash, new.ID + "\x00" + new.Hash, lim}
	k.mu.Lock()
	if e, ok := k.entries[key]; ok {
		k.order.MoveToFront(e)
		k.mu.Unlock()
		return e.Value.(*cached).c, nil
	}
	if cl, ok := k.inflight[key]; ok {
		k.mu.Unlock()
		select {
		case <-cl.done:
			if cl.err == nil {
				return cl.c, nil
			}
			// The other caller's failure may be its own (its context
			// ended): try for ourselves.
			return Compare(ctx, old, new, lim)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	cl := &call{done: make(chan struct{})}
	k.inflight[key] = cl
	k.mu.Unlock()

	cl.c, cl.err = Compare(ctx, old, new, lim)

	k.mu.Lock()
	delete(k.inflight, key)
	if cl.err == nil {
		k.add(key, cl.c)
	}
	k.mu.Unlock()
	close(cl.done)
	return cl.c, cl.err
}

// add keeps c, dropping the least recently used comparisons beyond the
// cache's bounds. k.mu is held.
func (k *cache) add(key cacheKey, c *Comparison) {
	size := sizeOf(c)
	if size > maxBytes {
		return
	}
	k.entries[key] = k.order.PushFront(&cached{key: key, c: c, bytes: size})
	k.bytes += size
	for k.order.Len() > maxEntries || k.bytes > maxBytes {
		last := k.order.Back()
		e := last.Value.(*cached)
		k.order.Remove(last)
		delete(k.entries, e.key)
		k.bytes -= e.bytes
	}
}

// sizeOf estimates the memory a comparison holds: its texts, and a
// little for each entry.
func sizeOf(c *Comparison) int {
	n := 0
	side := func(s Side) int {
		return len(s.Text) + len(s.Citation) + len(s.Label) + len(s.Passage) + len(s.URL) + 128
	}
	for _, e := range c.Changes {
		n += 128
		for _, s := range e.Old {
			n += side(s)
		}
		for _, s := range e.New {
			n += side(s)
		}
		for _, s := range e.Diff {
			n += len(s.Text) + 32
		}
	}
	return n
}
