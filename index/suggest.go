// This file: what to suggest when nothing answers a question well.

package index

import (
	"context"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"mandatebot/corpus"
)

// vocabulary is the corpus's words as written, for suggestions: each
// lower-case word with how often it occurs and its analysed terms, the
// same words by length in bytes (a typo is looked for among words of
// about its length), and the most frequent word of each analysed term.
// It is made when the index is built (derive) and stored with it.
type vocabulary struct {
	count  map[string]int
	terms  map[string][]string // word → its analysed terms
	capped bool                // a word was left out: the vocabulary was full
	byLen  map[int][]string
	byTerm map[string]string
}

var wordRE = regexp.MustCompile(`\p{L}[\p{L}\p{N}’'-]*\p{L}|\p{L}`)

// Bounds on suggesting. The vocabulary grows with the corpus, and a
// typo's search reads every word of about its length, so both are
// bounded: the vocabulary keeps the first maxVocabulary words met,
// reading the smaller documents first (one huge document cannot crowd
// out the rest), and at most maxTypoWords of a question's words are
// looked up as typos.
const (
	maxVocabulary = 100_000
	maxTypoWords  = 8
	checkEvery    = 256 // words compared between two looks at the context
)

// vocab returns the corpus's vocabulary, or false if ctx ends first. An
// index built in this process has it; one opened from disk reads it
// from there on first use (milliseconds), or, if that fails, counts it
// again in the background: a search that cannot wait for that goes
// without suggestions, and the next one has them.
func (ix *Index) vocab(ctx context.Context) (*vocabulary, bool) {
	ix.vocabOnce.Do(func() {
		ix.vocabReady = make(chan struct{})
		if ix.vocabulary != nil {
			close(ix.vocabReady)
			return
		}
		if ix.path != "" {
			v, err := readVocabulary(filepath.Join(ix.path, vocabularyFile))
			if err == nil {
				ix.vocabulary = v
				close(ix.vocabReady)
				return
			}
		}
		go func() {
			ix.vocabulary = newVocabulary(ix.corpus, ix.analyze)
			close(ix.vocabReady)
		}()
	})
	select {
	case <-ix.vocabReady:
		return ix.vocabulary, true
	case <-ctx.Done():
		return nil, false
	}
}

// newVocabulary counts the words of c.
func newVocabulary(c *corpus.Corpus, analyze func(string) []token) *vocabulary {
	v := &vocabulary{count: map[string]int{}, terms: map[string][]string{}}
	for _, d := range sortedBySize(c) {
		v.countWords(d, 1)
	}
	for w := range v.count {
		v.terms[w] = termsOf(analyze, w)
	}
	v.index()
	return v
}

// countWords adds the words of d's passages times n (-1 to take them
// away), refusing new words once the vocabulary is full.
func (v *vocabulary) countWords(d *corpus.Document, n int) {
	var lower []byte
	for i := range d.Passages {
		eachWord(d.Passages[i].Text, func(w string) {
			lower = appendLower(lower[:0], w)
			if c, ok := v.count[string(lower)]; ok {
				if c+n == 0 {
					delete(v.count, string(lower))
				} else {
					v.count[string(lower)] = c + n
				}
				return
			}
			switch {
			case n < 0:
			case len(v.count) < maxVocabulary:
				v.count[string(lower)] = n
			default:
				v.capped = true
			}
		})
	}
}

// appendLower appends w in lower case to b, as strings.ToLower would.
func appendLower(b []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return append(b, strings.ToLower(w)...)
		}
	}
	return append(b, w...)
}

func termsOf(analyze func(string) []token, w string) []string {
	ts := analyze(w)
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.term
	}
	return out
}

// index makes byLen and byTerm from count and terms.
func (v *vocabulary) index() {
	v.byLen = map[int][]string{}
	v.byTerm = map[string]string{}
	for w, n := range v.count {
		v.byLen[len(w)] = append(v.byLen[len(w)], w)
		for _, t := range v.terms[w] {
			if best, ok := v.byTerm[t]; !ok || n > v.count[best] || n == v.count[best] && w < best {
				v.byTerm[t] = w
			}
		}
	}
	for _, ws := range v.byLen {
		slices.Sort(ws)
	}
}

// updated returns the vocabulary of cur, a corpus that differs from old
// (this vocabulary's) by a few documents: this one's counts less the
// words of the documents removed or changed, plus those of the documents
// added or changed. It returns nil when that would not be the vocabulary
// counting cur afresh makes (a word was left out of this one, or would be
// of the new one) or would cost as much: counting again is then the way.
func (v *vocabulary) updated(old, cur *corpus.Corpus, analyze func(string) []token) *vocabulary {
	if v.capped {
		return nil
	}
	var gone, added []*corpus.Document
	for _, d := range old.Documents {
		if n := cur.Document(d.ID); n == nil || n.Hash != d.Hash {
			gone = append(gone, d)
		}
	}
	for _, d := range cur.Documents {
		if o := old.Document(d.ID); o == nil || o.Hash != d.Hash {
			added = append(added, d)
		}
	}
	if len(gone)+len(added) > len(cur.Documents) {
		return nil
	}
	// The index serving reads v meanwhile: the new one is a copy.
	nv := &vocabulary{count: maps.Clone(v.count), terms: maps.Clone(v.terms)}
	for _, d := range gone {
		nv.countWords(d, -1)
	}
	for _, d := range added {
		nv.countWords(d, 1)
	}
	if nv.capped || len(nv.count) > maxVocabulary {
		return nil
	}
	for w := range nv.terms {
		if _, ok := nv.count[w]; !ok {
			delete(nv.terms, w)
		}
	}
	for w := range nv.count {
		if _, ok := nv.terms[w]; !ok {
			nv.terms[w] = termsOf(analyze, w)
		}
	}
	nv.index()
	return nv
}

// suggest returns up to n words or phrases of the corpus near the
// question's words: a typo's correction (edit distance), another form of
// the same stem, a glossary neighbour the corpus uses. It never suggests
// a word of the question itself, and returns nothing rather than a fixed
// list when nothing is near. When ctx ends it stops, returning what it
// has found.
func (ix *Index) suggest(ctx context.Context, question string, n int) []string {
	v, ok := ix.vocab(ctx)
	if !ok {
		return nil
	}
	asked := map[string]bool{}
	var words []string
	for _, w := range wordRE.FindAllString(question, -1) {
		lw := strings.ToLower(w)
		if !asked[lw] {
			asked[lw] = true
			words = append(words, lw)
		}
	}
	type suggestion struct {
		text string
		rank int // 0 typo, 1 same stem, 2 glossary
		freq int
	}
	var out []suggestion
	seen := map[string]bool{}
	add := func(text string, rank int) {
		lt := strings.ToLower(text)
		if asked[lt] || seen[lt] {
			return
		}
		seen[lt] = true
		out = append(out, suggestion{text, rank, v.count[lt]})
	}
	typos := 0
	compared := 0
words:
	for _, w := range words {
		terms := ix.analyze(w)
		if len(terms) == 0 || utf8.RuneCountInString(w) < 3 {
			continue // a function word
		}
		if v.count[w] == 0 && typos < maxTypoWords {
			// Not in the corpus as written: a typo? Suggest the nearest
			// words, one edit away (two for longer words).
			typos++
			limit := 1
			if utf8.RuneCountInString(w) >= 7 {
				limit = 2
			}
			for l := len(w) - limit; l <= len(w)+limit; l++ {
				for _, cw := range v.byLen[l] {
					if compared++; compared%checkEvery == 0 && ctx.Err() != nil {
						break words
					}
					if editDistance(w, cw, limit) <= limit {
						add(cw, 0)
					}
				}
			}
		}
		for _, t := range terms {
			if cw, ok := v.byTerm[t.term]; ok && cw != w {
				add(cw, 1)
			}
		}
	}
	if ctx.Err() == nil {
		for _, a := range ix.expand(ix.analyze(question)) {
			// A WordNet synonym is searched, but not suggested: it may be of
			// another sense than the question's ("form" for "patterns").
			if !a.related && (a.Defined != "" || ix.glossaryTextInCorpus(a)) {
				add(a.Text, 2)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].rank != out[j].rank {
			return out[i].rank < out[j].rank
		}
		return out[i].freq > out[j].freq
	})
	var texts []string
	for _, s := range out[:min(len(out), n)] {
		texts = append(texts, s.text)
	}
	return texts
}

// glossaryTextInCorpus reports whether every term of an alternative occurs
// in the corpus, so suggesting it can find something.
func (ix *Index) glossaryTextInCorpus(a Alternative) bool {
	for _, t := range a.terms {
		if !ix.has(t) {
			return false
		}
	}
	return len(a.terms) > 0
}

// editDistance is the Levenshtein distance between a and b, or limit+1
// as soon as it is over limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
