// This file: what to suggest when nothing answers a question well.

package index

import (
	"cmp"
	"context"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"mandatebot/corpus"
)

// vocabulary is the corpus's words as written, for suggestions: each
// lower-case word with how often it occurs, the same words by length in
// bytes (a typo is looked for among words of about its length), and the
// most frequent word of each analysed term.
type vocabulary struct {
	count  map[string]int
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

// vocab returns the corpus's vocabulary, or false if ctx ends first. It
// is made once, on first use, in the background: a search that cannot
// wait for it goes without suggestions, and the next one has them.
func (ix *Index) vocab(ctx context.Context) (*vocabulary, bool) {
	ix.vocabOnce.Do(func() {
		ix.vocabReady = make(chan struct{})
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

func newVocabulary(c *corpus.Corpus, analyze func(string) []token) *vocabulary {
	v := &vocabulary{count: map[string]int{}, byLen: map[int][]string{}, byTerm: map[string]string{}}
	docs := slices.Clone(c.Documents)
	slices.SortStableFunc(docs, func(a, b *corpus.Document) int { return cmp.Compare(a.TextBytes(), b.TextBytes()) })
	for _, d := range docs {
		for i := range d.Passages {
			for _, w := range wordRE.FindAllString(d.Passages[i].Text, -1) {
				w = strings.ToLower(w)
				if _, ok := v.count[w]; ok || len(v.count) < maxVocabulary {
					v.count[w]++
				}
			}
		}
	}
	for w, n := range v.count {
		v.byLen[len(w)] = append(v.byLen[len(w)], w)
		for _, t := range analyze(w) {
			if best, ok := v.byTerm[t.term]; !ok || n > v.count[best] || n == v.count[best] && w < best {
				v.byTerm[t.term] = w
			}
		}
	}
	for _, ws := range v.byLen {
		slices.Sort(ws)
	}
	return v
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
