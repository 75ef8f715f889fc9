// Package indextest builds real in-memory indexes for tests in other
// packages: a fake made of the real thing, closed when the test ends.
package indextest

import (
	"context"
	"testing"

	"mandatebot/corpus"
	"mandatebot/index"
)

// Build indexes c in memory.
func Build(t testing.TB, c *corpus.Corpus) *index.Index {
	t.Helper()
	ix, err := index.Build(context.Background(), c, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// Load indexes the embedded documents plus those in dir ("" for none).
func Load(t testing.TB, dir string) *index.Index {
	t.Helper()
	c, err := corpus.Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	return Build(t, c)
}
