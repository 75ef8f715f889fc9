// This file: passages analysed once and cached, and the sentence of a
// passage that best answers a question, with the words to set in bold.

package index

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"mandatebot/corpus"
)

// weightedTerm is a term of a question with its weight.
type weightedTerm struct {
	term   string
	weight float64
}

// weightedTerms returns the terms of weights that weigh anything, sorted
// by term, so that sums over them are the same from one search to the
// next.
func weightedTerms(weights map[string]float64) []weightedTerm {
	out := make([]weightedTerm, 0, len(weights))
	for t, w := range weights {
		if w > 0 {
			out = append(out, weightedTerm{t, w})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].term < out[j].term })
	return out
}

// analyzedText is a passage's text analysed once: its terms with their places,
// and its sentences.
type analyzedText struct {
	text       string
	tokens     []token
	sentences  []Span
	sentenceOf []int            // token index → sentence index
	positions  map[string][]int // term → token indexes, in order
	terms      []string         // distinct terms, sorted
	notes      [][]string       // per sentence: distinct terms of the footnotes it cites, sorted
	holds      []answerKinds    // per sentence: does it hold a number, a date
}

// answerKinds says which kinds of answer a sentence holds.
type answerKinds struct{ number, date bool }

var (
	numberRE = regexp.MustCompile(`\d|\bper ?cent\b|\bpercent\b|\b(hundreds?|thousands?|millions?|dozens?)\b`)
	dateRE   = regexp.MustCompile(`\b(1[89]|20)\d\d\b|\b(January|February|March|April|May|June|July|August|September|October|November|December)\b`)
)

func kindsOf(s string) answerKinds {
	return answerKinds{number: numberRE.MatchString(s), date: dateRE.MatchString(s)}
}

func (k answerKinds) has(want answerKind) bool {
	switch want {
	case numberAnswer:
		return k.number
	case dateAnswer:
		return k.date
	}
	return false
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
	a.holds = make([]answerKinds, len(a.sentences))
	for i, s := range a.sentences {
		a.holds[i] = kindsOf(p.Text[s.Start:s.End])
	}
	d := ix.corpus.Document(p.DocID)
	a.notes = make([][]string, len(a.sentences))
	for i, s := range a.sentences {
		for _, c := range p.Citations {
			if c.Offset < s.Start || c.Offset > s.End+1 {
				continue
			}
			f, ok := d.Resolve(c.Footnote)
			if !ok {
				continue
			}
			for _, t := range ix.analyze(f.Text) {
				a.notes[i] = append(a.notes[i], t.term)
			}
		}
		// Sorted, so that the sentence's score sums the same terms in the
		// same order from one search to the next.
		sort.Strings(a.notes[i])
		a.notes[i] = slices.Compact(a.notes[i])
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
// When the question asks for a number or a date, holding one counts as
// one more of its terms, of their mean weight. It returns that sentence,
// its coverage (its matched weight over the weight of the question's own
// terms), and every match in the passage. It looks up only the question's
// terms in the passage's term index, so its cost does not grow with the
// passage's length.
func bestSentence(a *analyzedText, rc rankContext) (best Span, cov float64, matches []Span) {
	weights, total := rc.weights, rc.total
	typeWeight := 0.0
	if rc.want != anyAnswer && total > 0 {
		typeWeight = total / float64(max(len(rc.weighted), 1))
		total += typeWeight
	}
	if len(a.sentences) == 0 {
		return Span{}, 0, nil
	}
	type acc struct {
		score       float64
		n           int  // distinct terms matched
		first, last int  // token indexes
		nearNumber  bool // a figure stands within a few words of a matched term
	}
	sent := make([]acc, len(a.sentences))
	for i := range sent {
		sent[i].first = -1
	}
	var hit []int // token indexes of matches
	for _, tw := range rc.weighted {
		occ := a.positions[tw.term]
		if len(occ) == 0 {
			continue
		}
		w := tw.weight
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
			if rc.want == numberAnswer && !s.nearNumber {
				s.nearNumber = a.figureNear(ti, si)
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
		if typeWeight > 0 && s.n > 0 && a.holds[si].has(rc.want) {
			score += typeWeight
			if s.nearNumber {
				// "How many police": 1,440 police, not police and,
				// elsewhere in the sentence, a number of something else.
				score += typeWeight
			}
		}
		// What the sentence's footnotes say counts too, for less.
		for _, t := range a.notes[si] {
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
		matches = append(matches, Span{Start: t.start, End: t.end})
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

// figureWindow is how many words either side of a term a figure may
// stand to count as the figure of that term ("1,440 police", "police
// numbered 1,440").
const figureWindow = 3

// figureNear reports whether a token within figureWindow of token ti, in
// sentence si, is a figure (it holds a digit).
func (a *analyzedText) figureNear(ti, si int) bool {
	for j := max(ti-figureWindow, 0); j <= min(ti+figureWindow, len(a.tokens)-1); j++ {
		if j == ti || a.sentenceOf[j] != si {
			continue
		}
		t := a.tokens[j]
		if strings.ContainsAny(a.text[t.start:t.end], "0123456789") {
			return true
		}
	}
	return false
}
