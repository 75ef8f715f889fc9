package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"mandatebot/corpus"
)

// Limits on a query.
const (
	DefaultLimit = 5
	MaxLimit     = 50
	MaxQueryLen  = 1000 // characters
)

// Errors a user can cause; callers turn them into a message saying what
// to do.
var (
	ErrEmptyQuery    = errors.New("the question is empty: type what you want to know, e.g. \"What is MINUSMA's authorized strength?\"")
	ErrQueryTooLong  = fmt.Errorf("the question is too long: keep it under %d characters", MaxQueryLen)
	ErrUnknownSource = errors.New("no document has that id")
)

// Query is a question to the index.
type Query struct {
	Text   string // the user's words, taken as plain text, never as query syntax
	Source string // a document id to search in; "" for all
	Kind   corpus.Kind
	Limit  int // hits to return; DefaultLimit when 0
	Offset int // hits to skip, for the next page
}

// Span is a byte range of a passage's text.
type Span struct{ Start, End int }

// Hit is one ranked passage.
type Hit struct {
	Rank      int // 1-based, counting from the first page
	Score     float64
	Passage   *corpus.Passage
	Document  *corpus.Document
	Footnotes []corpus.Footnote // the footnotes the passage cites, in order
	Matches   []Span            // where the question's terms occur in Passage.Text
	Best      Span              // the sentence that best answers the question

	coverage float64 // how much of the question the best sentence covers
}

// BestSentence returns the text of the sentence that best answers the
// question.
func (h Hit) BestSentence() string { return h.Passage.Text[h.Best.Start:h.Best.End] }

// Result is the answer to a Query.
type Result struct {
	Query    string
	Language string // "en", or "fr" for a question taken as French
	Searched string // the words searched for, after translation
	Total    int    // passages found in all, beyond this page too
	Hits     []Hit
	// Weak is set when no passage matches the question well; Suggestions
	// then holds glossary terms to try instead.
	Weak        bool
	Suggestions []string
}

// Scoring constants, chosen on the development questions (see the
// closing notes of the retrieval issue for the measurements).
const (
	coverageWeight = 1.0  // how much the best sentence's coverage of the question adds
	definedBoost   = 0.5  // added coverage for the passage that spells out an asked-about acronym
	recommendBoost = 0.3  // added coverage for a recommendation when the question asks what should be done
	operativeBoost = 0.02 // breaks ties for an operative paragraph over a preambular one
	footnoteShare  = 0.6  // the weight of a question's term found in a sentence's footnote, not the sentence
	weakCoverage   = 0.15 // below this share of the question's weight, an answer is weak
	duplicateShare = 0.8  // passages sharing this share of their terms say the same thing
	candidates     = 20   // chunks fetched beyond the page, to group into passages
	rerankDepth    = 20   // passages reranked by their best sentence
)

// Search answers q with ranked passages.
func (ix *Index) Search(ctx context.Context, q Query) (*Result, error) {
	text := NormalizeQuestion(q.Text)
	if text == "" {
		return nil, ErrEmptyQuery
	}
	if utf8.RuneCountInString(text) > MaxQueryLen {
		return nil, ErrQueryTooLong
	}
	if q.Source != "" && ix.corpus.Document(q.Source) == nil {
		return nil, fmt.Errorf("%w: %q", ErrUnknownSource, q.Source)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	offset := max(q.Offset, 0)

	out := &Result{Query: text, Language: "en", Searched: text}
	if isFrench(text) {
		out.Language = "fr"
		out.Searched = ix.french.translate(text)
	}
	content, meta := splitMeta(out.Searched)
	terms := ix.analyze(content)
	alts := ix.expand(terms)
	metaTerms := ix.analyze(meta)
	weights, total := ix.termWeights(terms, metaTerms, alts)

	var hits []Hit
	if len(weights) > 0 {
		req := bleve.NewSearchRequestOptions(ix.query(terms, metaTerms, alts, q), offset+limit+candidates, 0, false)
		res, err := ix.bleve.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", text, err)
		}
		hits = ix.rank(res, rankContext{
			weights: weights, total: total,
			defined:   ix.definedFor(terms, alts, weights, total),
			recommend: asksForRecommendation(text + " " + out.Searched),
		}, offset+limit)
	}
	out.Total = len(hits)
	if len(hits) == 0 || hits[0].coverage < weakCoverage {
		out.Weak = true
		out.Suggestions = ix.glossary.Suggest(strings.Fields(out.Searched), 8)
	}
	if offset >= len(hits) {
		return out, nil
	}
	hits = hits[offset:min(len(hits), offset+limit)]
	for i := range hits {
		hits[i].Rank = offset + i + 1
	}
	out.Hits = hits
	return out, nil
}

// NormalizeQuestion drops what is not text (control, zero-width and
// direction characters), collapses white space, and returns "" for a
// question with nothing left or that is not UTF-8.
func NormalizeQuestion(s string) string {
	if !utf8.ValidString(s) {
		return ""
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\u200b', r == '\u200c', r == '\u200d', r == '\u2060', r == '\ufeff':
			return -1
		case unicode.Is(unicode.Bidi_Control, r), unicode.IsControl(r) && !unicode.IsSpace(r):
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// Words by which a question refers to the document rather than to its
// subject ("according to the brief", "where's the line saying"). They are
// searched for, but weigh little.
var metaWords = wordSet("brief briefs document documents text passage passages paragraph paragraphs line lines sentence say saying says said mention mentions mentioned according source sources cite cites cited citing author authors report reports writer writers quote quoted find")

const metaWeight = 0.15

// splitMeta separates a question's meta words from its content words.
func splitMeta(q string) (content, meta string) {
	var c, m []string
	for _, w := range strings.Fields(q) {
		bare := strings.ToLower(strings.Trim(w, ".,;:!?¿¡'\"‘’“”()[]"))
		if metaWords[bare] {
			m = append(m, w)
		} else {
			c = append(c, w)
		}
	}
	if len(c) == 0 { // a question only of such words: search them as they are
		return q, ""
	}
	return strings.Join(c, " "), strings.Join(m, " ")
}

// Words that ask for what should be done: such a question prefers the
// recommendations.
var recommendWords = wordSet("should recommend recommends recommended recommendation recommendations suggest suggests suggested suggestion suggestions propose proposes proposed proposal proposals advise advice ought")

func asksForRecommendation(q string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if recommendWords[w] {
			return true
		}
	}
	return false
}

// minExpandIDF is the IDF a question's term needs for the glossary to
// expand it: a word found in most passages (MINUSMA, mission) would only
// add noise.
const minExpandIDF = 1.0

// minQueryIDF is the IDF below which a question's term is left out of the
// bleve query (it is in roughly more than a third of the chunks).
const minQueryIDF = 0.9

// maxQueryTerms is how many of a question's terms, the rarest, the bleve
// query looks for; the reranking still counts them all.
const maxQueryTerms = 6

// queryTerms picks the terms the bleve query searches for: the question's
// distinct terms, leaving out those found in most chunks (they find
// nothing by themselves but cost a walk through most of the index) unless
// nothing rarer is left, and at most maxQueryTerms of the rarest.
func queryTerms(terms []token, idf func(string) float64) []string {
	var out []string
	for _, t := range terms {
		if !slices.Contains(out, t.term) {
			out = append(out, t.term)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return idf(out[i]) > idf(out[j]) })
	n := 0
	for n < len(out) && idf(out[n]) >= minQueryIDF {
		n++
	}
	if n == 0 {
		n = len(out)
	}
	return out[:min(n, maxQueryTerms)]
}

// maxAlternatives bounds the glossary alternatives added to a question.
const maxAlternatives = 6

// expand returns the glossary's alternatives for the question's terms,
// leaving out those called for only by very common terms.
func (ix *Index) expand(terms []token) []Alternative {
	type scored struct {
		a     Alternative
		score float64
	}
	var all []scored
	for _, a := range ix.glossary.Expand(terms) {
		idf := 0.0
		for _, t := range a.from {
			idf = max(idf, ix.idf(t))
		}
		if idf >= minExpandIDF {
			all = append(all, scored{a, a.Weight * idf})
		}
	}
	// Each alternative is a clause of the search: keep the strongest, and
	// first those for the question's rarest words; a word the corpus does
	// not have at all needs its synonyms most.
	sort.SliceStable(all, func(i, j int) bool { return all[i].score > all[j].score })
	out := make([]Alternative, 0, min(len(all), maxAlternatives))
	for _, s := range all[:min(len(all), maxAlternatives)] {
		out = append(out, s.a)
	}
	return out
}

// termWeights gives each analysed term of the question its IDF (meta
// terms a fraction of it), and each term an alternative adds its IDF times
// the alternative's weight. total is the weight of the question's content
// terms.
func (ix *Index) termWeights(terms, meta []token, alts []Alternative) (map[string]float64, float64) {
	w := map[string]float64{}
	total := 0.0
	for _, t := range terms {
		if _, ok := w[t.term]; ok {
			continue
		}
		w[t.term] = ix.idf(t.term)
		total += w[t.term]
	}
	for _, t := range meta {
		if _, ok := w[t.term]; !ok {
			w[t.term] = metaWeight * ix.idf(t.term)
		}
	}
	for _, a := range alts {
		for _, t := range a.terms {
			if v := ix.idf(t) * a.Weight; v > w[t] {
				w[t] = v
			}
		}
	}
	return w, total
}

// definedFor returns the passage that spells out an acronym the question
// is mostly about ("what are PCCs?"), or "".
func (ix *Index) definedFor(terms []token, alts []Alternative, weights map[string]float64, total float64) string {
	for _, a := range alts {
		if a.Defined == "" {
			continue
		}
		// The acronym is the question's term that the alternative came from:
		// find a question term the alternative does not share.
		for _, t := range terms {
			if isAcronymTerm(t.term, a) && weights[t.term] >= total/2 {
				return a.Defined
			}
		}
	}
	return ""
}

func isAcronymTerm(term string, a Alternative) bool {
	return !slices.Contains(a.terms, term)
}

// query builds the bleve query from the analysed question, so nothing is
// analysed twice: each term of the question against the chunk's text, and
// more weakly its footnotes and titles; meta terms weakly; each glossary
// alternative as a term or phrase with its weight. The user's words never
// reach a query parser.
func (ix *Index) query(terms, meta []token, alts []Alternative, q Query) query.Query {
	term := func(t, field string, boost float64) query.Query {
		tq := bleve.NewTermQuery(t)
		tq.SetField(field)
		tq.SetBoost(boost)
		return tq
	}
	var clauses []query.Query
	seen := map[string]bool{}
	for _, t := range queryTerms(terms, ix.idf) {
		seen[t] = true
		clauses = append(clauses, term(t, fieldText, 1))
	}
	for _, t := range meta {
		if !seen[t.term] {
			seen[t.term] = true
			clauses = append(clauses, term(t.term, fieldText, metaWeight))
		}
	}
	for _, a := range alts {
		// Like the question's terms, an alternative made only of common
		// words is left to the reranking.
		rarest := 0.0
		for _, t := range a.terms {
			rarest = max(rarest, ix.idf(t))
		}
		if rarest < minQueryIDF {
			continue
		}
		if len(a.phrase) == 1 {
			if !seen[a.phrase[0]] {
				clauses = append(clauses, term(a.phrase[0], fieldText, a.Weight))
			}
			continue
		}
		pq := bleve.NewPhraseQuery(a.phrase, fieldText)
		pq.SetBoost(a.Weight)
		clauses = append(clauses, pq)
	}
	var root query.Query = bleve.NewDisjunctionQuery(clauses...)
	var filters []query.Query
	if q.Source != "" {
		filters = append(filters, term(q.Source, fieldDocID, 0))
	}
	if q.Kind != "" {
		filters = append(filters, term(string(q.Kind), fieldKind, 0))
	}
	if len(filters) > 0 {
		root = bleve.NewConjunctionQuery(append([]query.Query{root}, filters...)...)
	}
	return root
}

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
	total     float64            // weight of the question's content terms
	defined   string             // passage defining an acronym the question asks about
	recommend bool               // the question asks what should be done
}

func (ix *Index) rank(res *bleve.SearchResult, rc rankContext, need int) []Hit {
	var cands []*candidate
	byID := map[string]*candidate{}
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
		c.best, c.coverage, c.matches = bestSentence(a, rc.weights, rc.total)
		c.terms = a.terms
		if c.p.ID == rc.defined {
			c.coverage += definedBoost
		}
		if rc.recommend && strings.HasPrefix(c.p.Label, "Recommendation ") {
			c.coverage += recommendBoost
		}
		if strings.HasPrefix(c.p.Label, "op. ") {
			c.coverage += operativeBoost // what the Council decides, before what it recalls
		}
	}
	score := func(c *candidate) float64 { return c.bm25/maxBM + coverageWeight*min(c.coverage, 1.5) }
	top := cands[:depth]
	sort.SliceStable(top, func(i, j int) bool { return score(top[i]) > score(top[j]) })

	var hits []Hit
	var kept []*candidate
	for i, c := range cands {
		if i < depth && len(kept) < need && repeats(c, kept) {
			continue
		}
		if i >= depth && len(hits) < need { // shown, so it needs its best sentence
			a := ix.analyzed(c.p)
			c.best, c.coverage, c.matches = bestSentence(a, rc.weights, rc.total)
		}
		kept = append(kept, c)
		d := ix.corpus.Document(c.p.DocID)
		hits = append(hits, Hit{
			Score: score(c), Passage: c.p, Document: d, Footnotes: footnotesOf(d, c.p),
			Matches: c.matches, Best: c.best, coverage: c.coverage,
		})
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

func footnotesOf(d *corpus.Document, p *corpus.Passage) []corpus.Footnote {
	var out []corpus.Footnote
	for _, n := range p.Footnotes {
		if f, ok := d.Footnote(n); ok {
			out = append(out, f)
		}
	}
	return out
}

// analysis is a passage's text analysed once: its terms with their places,
// and its sentences.
type analyzedText struct {
	text       string
	tokens     []token
	sentences  []Span
	sentenceOf []int             // token index → sentence index
	positions  map[string][]int  // term → token indexes, in order
	terms      []string          // distinct terms, sorted
	notes      []map[string]bool // per sentence: terms of the footnotes it cites
}

// analysisCache keeps analysed passages. It is bounded: when full it is
// emptied, so memory does not grow with the corpus.
type analysisCache struct {
	mu sync.Mutex
	m  map[string]*analyzedText
}

const analysisCacheSize = 4096

func (ix *Index) analyzed(p *corpus.Passage) *analyzedText {
	ix.analyses.mu.Lock()
	a, ok := ix.analyses.m[p.ID]
	ix.analyses.mu.Unlock()
	if ok {
		return a
	}
	a = &analyzedText{text: p.Text, tokens: ix.analyze(p.Text), sentences: sentences(p.Text)}
	a.positions = map[string][]int{}
	a.sentenceOf = make([]int, len(a.tokens))
	si := 0
	for i, t := range a.tokens {
		if a.positions[t.term] == nil {
			a.terms = append(a.terms, t.term)
		}
		a.positions[t.term] = append(a.positions[t.term], i)
		for si < len(a.sentences)-1 && t.start >= a.sentences[si].End {
			si++
		}
		a.sentenceOf[i] = si
	}
	sort.Strings(a.terms)
	d := ix.corpus.Document(p.DocID)
	a.notes = make([]map[string]bool, len(a.sentences))
	for i, s := range a.sentences {
		for _, c := range p.Citations {
			if c.Offset < s.Start || c.Offset > s.End+1 {
				continue
			}
			f, ok := d.Resolve(c.Footnote)
			if !ok {
				continue
			}
			if a.notes[i] == nil {
				a.notes[i] = map[string]bool{}
			}
			for _, t := range ix.analyze(f.Text) {
				a.notes[i][t.term] = true
			}
		}
	}
	ix.analyses.mu.Lock()
	if ix.analyses.m == nil || len(ix.analyses.m) >= analysisCacheSize {
		ix.analyses.m = map[string]*analyzedText{}
	}
	ix.analyses.m[p.ID] = a
	ix.analyses.mu.Unlock()
	return a
}

// bestSentence finds the sentence that best answers the question: the one
// whose matched terms weigh most, with terms close together breaking ties.
// It returns that sentence, its coverage (its matched weight over the
// weight of the question's own terms), and every match in the passage.
// It looks up only the question's terms in the passage's term index, so
// its cost does not grow with the passage's length.
func bestSentence(a *analyzedText, weights map[string]float64, total float64) (best Span, cov float64, matches []Span) {
	if len(a.sentences) == 0 {
		return Span{}, 0, nil
	}
	type acc struct {
		score       float64
		n           int // distinct terms matched
		first, last int // token indexes
	}
	sent := make([]acc, len(a.sentences))
	for i := range sent {
		sent[i].first = -1
	}
	var hit []int // token indexes of matches
	for term, w := range weights {
		occ := a.positions[term]
		if w == 0 || len(occ) == 0 {
			continue
		}
		hit = append(hit, occ...)
		lastSentence := -1
		for _, ti := range occ {
			si := a.sentenceOf[ti]
			s := &sent[si]
			if si != lastSentence { // count a term once per sentence
				s.score += w
				s.n++
				lastSentence = si
			}
			if s.first < 0 {
				s.first, s.last = ti, ti
			}
			s.first, s.last = min(s.first, ti), max(s.last, ti)
		}
	}
	bestScore := -1.0
	best = a.sentences[0]
	for si := range sent {
		s := sent[si]
		score := s.score
		if s.n > 0 {
			score *= 1 + 0.25*float64(s.n)/float64(s.last-s.first+1)
		}
		// What the sentence's footnotes say counts too, for less.
		for t := range a.notes[si] {
			if w := weights[t]; w > 0 && !a.sentenceHas(si, t) {
				score += footnoteShare * w
			}
		}
		if score > bestScore {
			best, bestScore = a.sentences[si], score
		}
	}
	if total > 0 {
		cov = bestScore / total
	}
	sort.Ints(hit)
	for _, ti := range hit {
		t := a.tokens[ti]
		// Words matched one after the other are one span: "authorized
		// strength", not "authorized" and "strength".
		if n := len(matches); n > 0 && strings.TrimSpace(a.text[matches[n-1].End:t.start]) == "" {
			matches[n-1].End = t.end
			continue
		}
		matches = append(matches, Span{t.start, t.end})
	}
	return best, cov, matches
}

// sentenceHas reports whether sentence si holds term t.
func (a *analyzedText) sentenceHas(si int, t string) bool {
	for _, ti := range a.positions[t] {
		if a.sentenceOf[ti] == si {
			return true
		}
	}
	return false
}
