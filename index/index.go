package index

import (
	"errors"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"mandatebot/corpus"
)

// Index is a bleve index over the passages of a corpus, together with the
// corpus it was built from, so hits come back as passages with their
// documents and footnotes.
type Index struct {
	corpus  *corpus.Corpus
	bleve   bleve.Index
	builtAt time.Time
	path    string // "" for an index in memory
}

// Corpus returns the corpus the index was built from.
func (ix *Index) Corpus() *corpus.Corpus { return ix.corpus }

// BuiltAt returns when the index was built.
func (ix *Index) BuiltAt() time.Time { return ix.builtAt }

// Path returns the folder of an index on disk, or "" for one in memory.
func (ix *Index) Path() string { return ix.path }

// Close releases the bleve index.
func (ix *Index) Close() error {
	if ix == nil || ix.bleve == nil {
		return nil
	}
	return ix.bleve.Close()
}

// Build indexes every passage of c. With dir empty the index lives in
// memory; otherwise it is written to dir, which must not exist yet.
func Build(c *corpus.Corpus, dir string) (*Index, error) {
	b, err := bleve.NewUsing(dir, newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	ix := &Index{corpus: c, bleve: b, builtAt: time.Now(), path: dir}
	if err := ix.add(c); err != nil {
		return nil, errors.Join(err, b.Close())
	}
	return ix, nil
}

func (ix *Index) add(c *corpus.Corpus) error {
	batch := ix.bleve.NewBatch()
	for _, d := range c.Documents {
		for i := range d.Passages {
			p := &d.Passages[i]
			if err := batch.Index(p.ID, docFor(d, p)); err != nil {
				return fmt.Errorf("index passage %s: %w", p.ID, err)
			}
			if batch.Size() >= 500 {
				if err := ix.bleve.Batch(batch); err != nil {
					return fmt.Errorf("index batch: %w", err)
				}
				batch.Reset()
			}
		}
	}
	if err := ix.bleve.Batch(batch); err != nil {
		return fmt.Errorf("index batch: %w", err)
	}
	return nil
}

// check verifies that the index answers for every passage of its corpus.
func (ix *Index) check() error {
	n, err := ix.bleve.DocCount()
	if err != nil {
		return fmt.Errorf("check index: %w", err)
	}
	if want := uint64(ix.corpus.NumPassages()); n != want {
		return fmt.Errorf("check index: holds %d passages, corpus has %d", n, want)
	}
	return nil
}
