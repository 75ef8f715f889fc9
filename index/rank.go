// This file: chunk hits grouped into passages and reranked.

package index

import (
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
	want      answerKind         // a number or a date, when the question asks for one
}

func (ix *Index) rank(res *bleve.SearchResult, rc rankContext, need int) []Hit {
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
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].bm25 > cands[j].bm25 })
	depth := min(len(cands), max(need, rerankDepth))
	for _, c := range cands[:depth] {
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
	sort.SliceStable(top, func(i, j int) bool { return score(top[i]) > score(top[j]) })

	hits := make([]Hit, 0, len(cands))
	kept := make([]*candidate, 0, need)
	for i, c := range cands {
		if i < depth && len(kept) < need && repeats(c, kept) {
			continue
		}
		if i >= depth && len(hits) < need { // shown, so it needs its best sentence
			a := ix.analyzed(c.p)
			c.best, c.coverage, c.matches = bestSentence(a, rc)
		}
		kept = append(kept, c)
		d := ix.corpus.Document(c.p.DocID)
		hits = append(hits, Hit{
			Score: score(c), Passage: c.p, Document: d,
			Matches: c.matches, Best: c.best, coverage: c.coverage,
		}) // Footnotes: Search looks them up for the page it returns
	}
	return hits
}

// repeats reports whether c says the same as a passage already kept: most
// of the terms of the shorter of the two are in the other.
func repeats(c *candidate, kept []*candidate) bool {
	for _, k := range kept {
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
			return true
		}
	}
	return false
}
