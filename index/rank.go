// This file: chunk hits grouped into passages and reranked.

package index

import (
	"context"
	"slices"
	"sort"
	"strings"

	"mandatebot/corpus"

	"github.com/blevesearch/bleve/v2/search"
)

// candidate is a passage found by the search, being ranked.
type candidate struct {
	p        *corpus.Passage
	bm25     float64 // the score of its best chunk
	coverage float64
	fit      float64 // the weight of the question's own terms it holds, in its words or its lead-ins
	kind     float64 // the share of its score it keeps for the kind of answer its best sentence holds, or lacks (bestSentenceKind)
	best     Span
	matches  []Span
	terms    []string // the passage's distinct terms, sorted
	// earlier are paragraphs of earlier resolutions on the same mission
	// that held its task, folded into it (the one in force).
	earlier []*corpus.Passage
	// identical are those that held it word for word.
	identical []*corpus.Passage
	folded    bool // folded into the paragraph in force
	moved     bool // moved up to the reranked from behind them: not shown again among the rest
	named     bool // of a resolution the question names, and answering
	decides   bool // an operative paragraph answering a question about what the mandate says
}

// rankContext is what ranking knows of the question.
type rankContext struct {
	weights   map[string]float64 // analysed term → weight
	weighted  []weightedTerm     // the same, in a slice, for the loops over every candidate
	alts      []altGroup         // the glossary's alternatives: which terms stand for which of the question's
	altOnly   map[string]bool    // the terms only alternatives brought
	total     float64            // weight of the question's content terms
	defined   string             // passage defining an acronym the question asks about
	recommend bool               // the question asks what should be done
	// definition is set when the question asks what defined is ("what
	// is X"): that passage then comes first.
	definition bool
	want       answerKind        // a number or a date, when the question asks for one
	asked      []weightedTerm    // the question's own content terms, without the glossary's
	named      map[string]naming // ids of the resolutions the question names, and how
	mandate    bool              // the question asks what the mandate says or allows
	change     int               // the question asks what a renewal added (1) or dropped (-1)
	// changeTerms are the terms of the word asking it ("new", "dropped"):
	// a paragraph the renewal added, or dropped, holds what they ask.
	changeTerms []weightedTerm
}

// rank groups chunk hits into passages (a passage scores as its best
// chunk, relative to the best of all), adds how well the passage's best
// sentence covers the question, puts the paragraph in force in place of
// the earlier ones that held its task, and drops passages that repeat a
// better one. It stops when ctx ends.
func (ix *Index) rank(ctx context.Context, chunks search.DocumentMatchCollection, rc rankContext, need int) ([]Hit, error) {
	cands := make([]*candidate, 0, len(chunks))
	byID := make(map[string]*candidate, len(chunks))
	maxBM := 0.0
	for _, h := range chunks {
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
		c := &candidate{p: p, bm25: h.Score, kind: 1}
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
	top := slices.Clone(cands[:depth])
	// The paragraphs of a resolution the question names by number come
	// first where they answer: each found is reranked, wherever BM25 put it.
	for _, c := range cands[depth:] {
		if rc.named[c.p.DocID] == byNumber {
			c.moved = true
			top = append(top, c)
		}
	}
	if rc.change != 0 {
		top = ix.withChanged(top, rc, byID)
	}
	for _, c := range top {
		// Each candidate is analysed, its best sentence found and its
		// matches marked: the ranking's work, stopped when ctx ends.
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ix.assess(c, rc)
	}
	top = ix.inForceFirst(top, rc, byID)
	// A passage whose best sentence lacks the kind of answer asked (no
	// figure for "how many") loses that share of its words' score too.
	score := func(c *candidate) float64 {
		return c.kind * (c.bm25/maxBM + coverageWeight*min(c.coverage, maxCoverage) + passageShare*c.fit/max(rc.total, 1e-9))
	}
	if rc.mandate {
		// What the mandate says is in what the Council decides: a
		// resolution's operative paragraph answering nearly as well as the
		// best passage comes before the brief's account of it and the
		// preamble's; of the resolutions the question names, if it names
		// some ("in 2013").
		best := 0.0
		for _, c := range top {
			best = max(best, min(c.coverage, maxCoverage))
		}
		for _, c := range top {
			c.decides = c.p.IsOperative() && (len(rc.named) == 0 || rc.named[c.p.DocID] != 0) &&
				min(c.coverage, maxCoverage) >= max(weakCoverage, inForceFit*best)
		}
	}
	sort.SliceStable(top, func(i, j int) bool {
		if rc.definition && (top[i].p.ID == rc.defined) != (top[j].p.ID == rc.defined) {
			return top[i].p.ID == rc.defined
		}
		// A resolution the question names comes first, where it answers.
		if ni, nj := top[i].named, top[j].named; ni != nj {
			return ni
		}
		if di, dj := top[i].decides, top[j].decides; di != dj {
			return di
		}
		if si, sj := score(top[i]), score(top[j]); si != sj {
			return si > sj
		}
		return top[i].p.ID < top[j].p.ID
	})

	hits := make([]Hit, 0, len(cands))
	kept := make([]*candidate, 0, need)
	sameAsKept := make(map[string]int, depth) // a kept passage's text → its index
	for i, c := range append(top, cands[depth:]...) {
		if (c.folded || c.moved) && i >= len(top) {
			continue // moved up among the reranked, or folded into the paragraph in force
		}
		if i < len(top) {
			// The same paragraph in another document (a resolution
			// renewing it word for word): one hit, citing both.
			if j, ok := sameAsKept[c.p.Text]; ok && kept[j].p.DocID != c.p.DocID {
				ix.keepIdentical(&hits[j], &kept[j], c)
				continue
			}
			if len(kept) < need && repeats(c, kept) >= 0 {
				continue // says what a better passage said
			}
		}
		if i >= len(top) && len(hits) < need { // shown, so it needs its best sentence
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			a := ix.analyzed(c.p)
			c.best, c.coverage, c.matches = bestSentence(a, rc)
		}
		if i < len(top) {
			sameAsKept[c.p.Text] = len(kept)
		}
		kept = append(kept, c)
		d := ix.corpus.Document(c.p.DocID)
		hits = append(hits, Hit{
			Score: score(c), Passage: c.p, Document: d,
			Matches: c.matches, Best: c.best, coverage: c.coverage,
			Identical: c.identical, Earlier: c.earlier,
		}) // Footnotes: Search looks them up for the page it returns
	}
	return hits, nil
}

// assess finds c's best sentence and its coverage of the question, with
// what the question's form adds to it.
func (ix *Index) assess(c *candidate, rc rankContext) {
	a := ix.analyzed(c.p)
	c.best, c.coverage, c.matches, c.kind = bestSentenceKind(a, rc)
	c.fit = a.holdsWeight(rc.asked) + a.holdsAlternatives(rc.alts, rc.weights)
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
	switch rc.named[c.p.DocID] {
	case byNumber:
		c.named = c.coverage >= weakCoverage
	case byYear:
		c.coverage += namedBoost
	}
	if rc.mandate && c.p.IsOperative() {
		c.coverage += mandateBoost
	}
	if ix.leadIns[c.p.ID] {
		c.coverage *= leadInShare // its words are its sub-paragraphs' context: they answer with it
	}
	if rc.change > 0 && ix.renewals.added[c.p.ID] || rc.change < 0 && ix.renewals.dropped[c.p.ID] {
		c.coverage += changeBoost
		// It is what "new" (or "dropped") says, whether or not it says
		// the word.
		for _, t := range rc.changeTerms {
			if len(a.positions[t.term]) == 0 && rc.total > 0 {
				c.coverage += t.weight / rc.total
			}
		}
	}
	if len(rc.named) == 0 && ix.renewals.renewed[c.p.DocID] {
		c.coverage -= renewedMalus // the mandate that ended
	}
}

// withChanged adds to the reranked candidates the paragraphs a renewal
// added (or, for a question asking what it dropped, those it dropped)
// that the search did not rank among them: they are what such a question
// asks about, even where its words ("what new tasks …") are not theirs.
func (ix *Index) withChanged(top []*candidate, rc rankContext, byID map[string]*candidate) []*candidate {
	changed := ix.renewals.added
	if rc.change < 0 {
		changed = ix.renewals.dropped
	}
	ids := make([]string, 0, len(changed))
	for id := range changed {
		ids = append(ids, id)
	}
	sort.Strings(ids) // the same order from one search to the next
	for _, id := range ids {
		c := byID[id]
		if slices.Contains(top, c) {
			continue
		}
		if c == nil {
			p := ix.corpus.Passage(id)
			if p == nil {
				continue
			}
			c = &candidate{p: p, kind: 1}
			byID[id] = c
		} else {
			c.moved = true
		}
		top = append(top, c)
	}
	return top
}

// inForceFirst puts in place of each candidate of an earlier resolution
// whose task a later resolution on the same mission holds (ix.later) the
// later's paragraph, scoring as the better of the two and citing the
// earlier; unless the question names the earlier resolution. A
// paragraph kept word for word is cited as the same text, by Rank.
func (ix *Index) inForceFirst(top []*candidate, rc rankContext, byID map[string]*candidate) []*candidate {
	if len(ix.renewals.later) == 0 {
		return top
	}
	inTop := make(map[*candidate]bool, len(top))
	for _, c := range top {
		inTop[c] = true
	}
	out := top[:0:0]
	for _, c := range top {
		s := ix.renewals.later[c.p.ID]
		if s == nil || rc.named[c.p.DocID] != 0 {
			continue
		}
		t := byID[s.ID]
		if t == nil {
			t = &candidate{p: s, bm25: c.bm25, kind: 1}
			byID[s.ID] = t
		}
		if !inTop[t] {
			ix.assess(t, rc)
		}
		if t.fit < inForceFit*c.fit {
			// The later paragraph does not say what the question found in
			// the earlier: the part it asks about was dropped.
			continue
		}
		if !inTop[t] {
			t.folded = true // shown here, not again among the rest
			inTop[t] = true
			out = append(out, t)
		}
		t.bm25 = max(t.bm25, c.bm25)
		t.coverage = max(t.coverage, c.coverage)
		// Its own words the same (a task kept word for word, renumbered
		// under a reworded lead-in): the same text, not another wording.
		if sameText(ix.ownWords(s), ix.ownWords(c.p)) {
			t.identical = append(t.identical, c.p)
		} else {
			t.earlier = append(t.earlier, c.p)
		}
		t.identical = append(t.identical, c.identical...)
		t.earlier = append(t.earlier, c.earlier...)
		c.folded = true
	}
	for _, c := range top {
		if !c.folded && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
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
	h.Earlier = append(h.Earlier, c.earlier...)
	if !later(c.p, (*k).p) {
		h.Identical = append(append(h.Identical, c.p), c.identical...)
		return
	}
	h.Identical = append(append(h.Identical, (*k).p), c.identical...)
	h.Passage, h.Document, h.Matches, h.Best = c.p, ix.corpus.Document(c.p.DocID), c.matches, c.best
	*k = c
}

// ownWords is p's own text without its sub-paragraph mark: "To monitor
// …" for "(iii) To monitor …".
func (ix *Index) ownWords(p *corpus.Passage) string {
	own := ix.corpus.Document(p.DocID).OwnText(p)
	if strings.HasPrefix(own, "(") {
		if i := strings.IndexByte(own, ')'); i > 0 && i <= 6 && corpus.IsParagraphLabel("op. 1"+own[:i+1]) {
			return strings.TrimSpace(own[i+1:])
		}
	}
	return own
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

// maxCoverage is the most a passage's coverage of the question counts for:
// the glossary's alternatives can make a sentence's words weigh more than
// the question's (DDR, disarmament, demobilization and reintegration).
const maxCoverage = 1.5

// leadInShare is what a lead-in keeps of its coverage: a paragraph whose
// sub-paragraphs continue it ("Decides that the mandate shall be the
// following:", "(a) Security, stabilization and protection of civilians")
// says what they are about, and they answer with its words as their
// context; it comes after them.
const leadInShare = 0.7
