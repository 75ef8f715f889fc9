// This file: how many chunks hold each term of the fields questions
// search — what a question weighs its words by, and BM25's statistics —
// read from bleve's dictionaries when an index is built, stored beside it
// and read back when it opens (reading them from the dictionaries pages
// the whole index into memory: 350 MB at 5,000 documents), and updated
// by analysing the chunks an update deletes and adds.

package index

import (
	"fmt"
	"maps"
	"path/filepath"

	"github.com/blevesearch/bleve/v2"

	"mandatebot/corpus"
)

// termCounts maps each analysed term of fieldText and of fieldContext to
// the number of chunks holding it.
type termCounts struct {
	text, context map[string]float64
}

// termsFile sits in each index folder beside metaFile, under its
// checksums: the index's termCounts.
const termsFile = "terms.gob"

// countTerms counts the terms of c's index b: those of fieldText as its
// dictionary has them; those of fieldContext by analysing each passage's
// (bleve's dictionary of that field, which most chunks lack, does not
// always count every chunk holding a term once its segments are merged;
// what is counted here is what updated changes).
func countTerms(b bleve.Index, c *corpus.Corpus) (*termCounts, error) {
	dict, err := b.FieldDict(fieldText)
	if err != nil {
		return nil, fmt.Errorf("read index dictionary: %w", err)
	}
	defer dict.Close()
	tc := &termCounts{text: make(map[string]float64, dict.Cardinality()), context: map[string]float64{}}
	for {
		e, err := dict.Next()
		if err != nil {
			return nil, fmt.Errorf("read index dictionary: %w", err)
		}
		if e == nil {
			break
		}
		tc.text[e.Term] = float64(e.Count)
	}
	for _, d := range c.Documents {
		for i := range d.Passages {
			p := &d.Passages[i]
			if ctx := contextOf(d, p); ctx != "" {
				count(tc.context, ctx, float64(len(chunksOf(d, p))))
			}
		}
	}
	return tc, nil
}

// updated returns the counts of the index that deletes the chunks of the
// documents gone and indexes those of the documents added: analysed as
// bleve analyses them. tc is left as it is (the index serving reads it).
func (tc *termCounts) updated(gone, added []*corpus.Document) *termCounts {
	nt := &termCounts{text: maps.Clone(tc.text), context: maps.Clone(tc.context)}
	for _, step := range []struct {
		docs []*corpus.Document
		by   float64
	}{{gone, -1}, {added, 1}} {
		for _, d := range step.docs {
			for i := range d.Passages {
				p := &d.Passages[i]
				themes := d.ThemesOf(p)
				chunks := chunksOf(d, p)
				for _, span := range chunks {
					count(nt.text, docFor(d, p, span, themes).Text, step.by)
				}
				count(nt.context, contextOf(d, p), step.by*float64(len(chunks)))
			}
		}
	}
	return nt
}

// count adds by to the count of each distinct term of text, removing the
// terms it brings to none.
func count(m map[string]float64, text string, by float64) {
	if text == "" {
		return
	}
	seen := map[string]bool{}
	for _, t := range analyzeEnglish(text) {
		if seen[t.term] {
			continue
		}
		seen[t.term] = true
		if n := m[t.term] + by; n > 0 {
			m[t.term] = n
		} else {
			delete(m, t.term)
		}
	}
}

// storedTerms is termCounts as termsFile holds them: slices, which decode
// faster than maps.
type storedTerms struct {
	Version                   int
	Text, Context             []string
	TextCounts, ContextCounts []uint32
}

func writeTerms(path string, tc *termCounts) error {
	st := storedTerms{Version: derivedVersion}
	for t, n := range tc.text {
		st.Text, st.TextCounts = append(st.Text, t), append(st.TextCounts, uint32(n))
	}
	for t, n := range tc.context {
		st.Context, st.ContextCounts = append(st.Context, t), append(st.ContextCounts, uint32(n))
	}
	return writeGob(path, &st)
}

func readTerms(path string) (*termCounts, error) {
	var st storedTerms
	if err := readGob(path, &st); err != nil {
		return nil, err
	}
	if st.Version != derivedVersion || len(st.TextCounts) != len(st.Text) || len(st.ContextCounts) != len(st.Context) {
		return nil, fmt.Errorf("%s is not a count of terms of this version", filepath.Base(path))
	}
	tc := &termCounts{text: make(map[string]float64, len(st.Text)), context: make(map[string]float64, len(st.Context))}
	for i, t := range st.Text {
		tc.text[t] = float64(st.TextCounts[i])
	}
	for i, t := range st.Context {
		tc.context[t] = float64(st.ContextCounts[i])
	}
	return tc, nil
}
