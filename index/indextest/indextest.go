// Package indextest builds real in-memory indexes for tests in other
// packages: a fake made of the real thing, closed when the test ends.
package indextest

import (
	"context"
	"testing"

	"mandatebot/corpus"
	"mandatebot/corpus/undoc"
	"mandatebot/corpus/undoc/undoctest"
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

// WithResolutions returns the embedded documents, the two fictional
// resolutions of undoctest (S/RES/9999 (2031), about a fictional mission,
// and its renewal S/RES/9996 (2032)), converted from PDF as fetched ones
// are, and extra.
func WithResolutions(t testing.TB, extra ...*corpus.Document) *corpus.Corpus {
	t.Helper()
	shipped, err := corpus.Load(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	docs := append([]*corpus.Document(nil), shipped.Documents...)
	for _, r := range []struct {
		pdf []byte
		sym string
	}{{undoctest.ResolutionPDF(), "S/RES/9999 (2031)"}, {undoctest.LaterResolutionPDF(), "S/RES/9996 (2032)"}} {
		d, _, err := undoc.ConvertPDF(context.Background(), r.pdf, r.sym, "")
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	return corpus.New(append(docs, extra...)...)
}
