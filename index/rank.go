// This file: chunk hits grouped into passages and reranked.

package index

import (
	"context"
	"slices"
	"sort"
	"strings"

	"mandatebot/corpus"

	"github.com/blevesearch/bleve/v2"
)

// candidate is a passage found by the search, being ranked.
type candidate struct {
	p        *corpus.Passage
	bm25     float64 // the score of its best chunk
	coverage float64
	best     Span
	matches  []Span
	terms    []string // the passage's distinct terms, sorted
}

// rank groups chunk hits into passages (a passage scores as its best
// chunk, relative to the best of all), adds how well the passage's best
// sentence covers the question, and drops passages that repeat a better
// one.
// rankContext is what ranking knows of the question.
type rankContext struct {
	weights   map[string]float64 // analysed term → weight
	weighted  []weightedTerm     // the same, in a slice, for the loops over every candidate
	total     float64            // weight of the question's content terms
	defined   string             // passage defining an acronym the question asks about
	recommend bool               // the question asks what should be done
	// definition is set when the question asks what defined is ("what
	// is X"): that passage then comes first.
	definition bool
	want       answerKind // a number or a date, when the question asks for one
}

func (ix *Index) rank(ctx context.Context, res *bleve.SearchResult, rc rankContext, need int) ([]Hit, error) {
	cands := make([]*candidate, 0, len(res.Hits))
	byID := make(map[string]*candidate, len(res.Hits))
	maxBM := 0.0
	for _, h := range res.Hits {
		maxBM = max(maxBM, h.Score)
		id, _, _ := strings.Cut(h.ID, chunkSep)
		if c, ok := byID[id]; ok {
			c.bm25 = max(c.bm25, h.Score)
			continue
		}
		p := ix.corpus.Passage(id)
		if p == nil {
			continue // cannot happen: the index is built from this corpus
		}
		c := &candidate{p: p, bm25: h.Score}
		byID[id] = c
		cands = append(cands, c)
	}
	// Rerank the best by BM25; the rest keep their order behind them.
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].bm25 != cands[j].bm25 {
			return cands[i].bm25 > cands[j].bm25
		}
		return cands[i].p.ID < cands[j].p.ID // a stable key, whatever order bleve numbered them in
	})
	depth := min(len(cands), max(need, rerankDepth))
	// The passage defining what the question asks about is reranked
	// wherever BM25 put it (a name the corpus uses everywhere ranks its
	// definition low).
	if rc.defined != "" {
		if i := slices.IndexFunc(cands, func(c *candidate) bool { return c.p.ID == rc.defined }); i >= depth {
			c := cands[i]
			copy(cands[1:i+1], cands[:i])
			cands[0] = c
		}
	}
	for _, c := range cands[:depth] {
		// Each candidate is analysed, its best sentence found and its
		// matches marked: the ranking's work, stopped when ctx ends.
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		a := ix.analyzed(c.p)
		c.best, c.coverage, c.matches = bestSentence(a, rc)
		c.terms = a.terms
		if c.p.ID == rc.defined {
			c.coverage += definedBoost
		}
		if rc.recommend && c.p.IsRecommendation() {
			c.coverage += recommendBoost
		}
		if c.p.IsOperative() {
			c.coverage += operativeBoost // what the Council decides, before what it recalls
		}
	}
	score := func(c *candidate) float64 { return c.bm25/maxBM + coverageWeight*min(c.coverage, 1.5) }
	top := cands[:depth]
	sort.SliceStable(top, func(i, j int) bool {
		if rc.definition && (top[i].p.ID == rc.defined) != (top[j].p.ID == rc.defined) {
			return top[i].p.ID == rc.defined
		}
		if si, sj := score(top[i]), score(top[j]); si != sj {
			return si > sj
		}
		return top[i].p.ID < top[j].p.ID
	})

	hits := make([]Hit, 0, len(cands))
	kept := make([]*candidate, 0, need)
	sameAsKept := make(map[string]int, depth) // a kept passage's text → its index
	for i, c := range cands {
		if i < depth && len(kept) >= need {
			// Past what is shown, only a paragraph repeated word for word
			// in another document is folded in (cheaply, by its text).
			if j, ok := sameAsKept[c.p.Text]; ok && kept[j].p.DocID != c.p.DocID {
				ix.keepIdentical(&hits[j], &kept[j], c)
				continue
			}
		}
		if i < depth && len(kept) < need {
			if j := repeats(c, kept); j >= 0 {
				// The same paragraph in another document (a resolution
				// renewing it word for word): one hit, citing both.
				if k := kept[j]; k.p.DocID != c.p.DocID && sameText(k.p.Text, c.p.Text) {
					ix.keepIdentical(&hits[j], &kept[j], c)
				}
				continue
			}
		}
		if i >= depth && len(hits) < need { // shown, so it needs its best sentence
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			a := ix.analyzed(c.p)
			c.best, c.coverage, c.matches = bestSentence(a, rc)
		}
		if i < depth {
			sameAsKept[c.p.Text] = len(kept)
		}
		kept = append(kept, c)
		d := ix.corpus.Document(c.p.DocID)
		hits = append(hits, Hit{
			Score: score(c), Passage: c.p, Document: d,
			Matches: c.matches, Best: c.best, coverage: c.coverage,
		}) // Footnotes: Search looks them up for the page it returns
	}
	return hits, nil
}

// keepIdentical folds c, the same text as the kept hit h (from k), into
// h: the hit cites the later resolution's paragraph (the one in force),
// the earlier in Identical.
func (ix *Index) keepIdentical(h *Hit, k **candidate, c *candidate) {
	rs := ix.corpus.Resolutions()
	later := func(a, b *corpus.Passage) bool {
		ia := slices.IndexFunc(rs, func(d *corpus.Document) bool { return d.ID == a.DocID })
		ib := slices.IndexFunc(rs, func(d *corpus.Document) bool { return d.ID == b.DocID })
		return ia >= 0 && ib >= 0 && ia > ib
	}
	if !later(c.p, (*k).p) {
		h.Identical = append(h.Identical, c.p)
		return
	}
	h.Identical = append(h.Identical, (*k).p)
	h.Passage, h.Document, h.Matches, h.Best = c.p, ix.corpus.Document(c.p.DocID), c.matches, c.best
	*k = c
}

// sameText reports whether two passages' texts are the same, spacing
// aside.
func sameText(a, b string) bool { return collapse(a) == collapse(b) }

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// repeats returns the index of a passage already kept that c says the
// same as (most of the terms of the shorter of the two are in the other),
// or -1.
func repeats(c *candidate, kept []*candidate) int {
	for ki, k := range kept {
		small, big := c.terms, k.terms
		if len(small) > len(big) {
			small, big = big, small
		}
		if len(small) < 8 || float64(len(small)) < duplicateShare*float64(len(big))*duplicateShare {
			continue // too short to judge, or too different in length to repeat
		}
		// Both are sorted: count the shared terms in one pass.
		shared, i, j := 0, 0, 0
		for i < len(small) && j < len(big) {
			switch {
			case small[i] == big[j]:
				shared++
				i++
				j++
			case small[i] < big[j]:
				i++
			default:
				j++
			}
		}
		if float64(shared) >= duplicateShare*float64(len(small)) {
			return ki
		}
	}
	return -1
}
