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

// altGroup is a glossary alternative's terms that are not the question's
// own, and the weight of the question's terms it stands for.
type altGroup struct {
	terms []weightedTerm
	from  []string
	cap   float64
}

// altGroups returns the alternatives' groups of terms, and the terms only
// alternatives brought to the question.
func altGroups(alts []Alternative, weights map[string]float64, terms, meta []token) ([]altGroup, map[string]bool) {
	own := map[string]bool{}
	for _, t := range terms {
		own[t.term] = true
	}
	for _, t := range meta {
		own[t.term] = true
	}
	var out []altGroup
	var only map[string]bool
	// One group per set of the question's terms: the alternatives of
	// "troops" ("uniformed personnel", "military", "soldiers") together
	// stand for it once.
	at := map[string]int{}
	for _, a := range alts {
		from, key := a.from, ""
		if len(from) == 1 {
			key = from[0]
		} else {
			from = slices.Clone(from)
			sort.Strings(from)
			key = strings.Join(from, " ")
		}
		i, ok := at[key]
		if !ok {
			g := altGroup{from: from}
			for _, t := range from {
				g.cap += weights[t]
			}
			i = len(out)
			at[key] = i
			out = append(out, g)
		}
		g := &out[i]
		for _, t := range a.terms {
			if w := weights[t]; w > 0 && !own[t] && !slices.ContainsFunc(g.terms, func(x weightedTerm) bool { return x.term == t }) {
				g.terms = append(g.terms, weightedTerm{t, w})
				if only == nil {
					only = map[string]bool{}
				}
				only[t] = true
			}
		}
	}
	return out, only
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
	plain      string // text with its references to documents and paragraphs blanked out, for the kinds of answer it holds
	tokens     []token
	sentences  []Span
	sentenceOf []int            // token index → sentence index
	positions  map[string][]int // term → token indexes, in order
	terms      []string         // distinct terms, sorted
	notes      [][]string       // per sentence: distinct terms of the footnotes it cites, sorted
	context    []string         // distinct terms of a sub-paragraph's lead-ins, sorted
	holds      []answerKinds    // per sentence: does it hold a number, a date
	wordKinds  []answerKinds    // per token: what the word holds
	gapKinds   []answerKinds    // per token: what the words dropped before it hold
}

// answerKinds says which kinds of answer a sentence holds.
type answerKinds struct{ number, date, name bool }

var (
	numberRE = regexp.MustCompile(`\d|\bper ?cent\b|\bpercent\b|\b(hundreds?|thousands?|millions?|dozens?)\b|(?i)\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b`)
	dateRE   = regexp.MustCompile(`\b(1[89]|20)\d\d\b|\b(January|February|March|April|May|June|July|August|September|October|November|December)\b`)
	// nameRE is a name past a sentence's first word: a person, a body or
	// a place ("Hervé Ladsous", "the Special Representative", "in Gao").
	nameRE = regexp.MustCompile(`[^.!?]\s+\p{Lu}\p{L}`)
	// nameNearRE is a name among the words around a term.
	nameNearRE = regexp.MustCompile(`(?:^|[^.!?]\s+)\p{Lu}\p{L}`)
)

func kindsOf(s string) answerKinds {
	return answerKinds{number: numberRE.MatchString(s), date: dateRE.MatchString(s), name: nameRE.MatchString(s)}
}

func (k answerKinds) has(want answerKind) bool {
	switch want {
	case numberAnswer:
		return k.number
	case dateAnswer:
		return k.date
	case personAnswer, placeAnswer:
		return k.name
	case periodAnswer:
		return k.number || k.date
	}
	return false
}

// How much a sentence's score keeps when the question asks for a kind of
// answer and the sentence holds one only away from the question's terms,
// or none: a sentence without a figure does not answer "how many".
const kindElsewhere = 0.8

var kindMissing = map[answerKind]float64{numberAnswer: 0.4, dateAnswer: 0.4, periodAnswer: 0.4, personAnswer: 0.85, placeAnswer: 0.85}

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
	d := ix.corpus.Document(p.DocID)
	// Only a passage's own words are its sentences: a sub-paragraph's
	// lead-ins are its context, weighed apart.
	start := d.OwnStart(p)
	a = &analyzedText{text: p.Text, tokens: ix.analyze(p.Text[start:]), sentences: sentences(p.Text[start:])}
	for i := range a.tokens {
		a.tokens[i].start += start
		a.tokens[i].end += start
	}
	for i := range a.sentences {
		a.sentences[i].Start += start
		a.sentences[i].End += start
	}
	for _, t := range ix.analyze(strings.Join(d.LeadIn(p), " ")) {
		a.context = append(a.context, t.term)
	}
	sort.Strings(a.context)
	a.context = slices.Compact(a.context)
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
	a.plain = withoutReferences(p.Text, d.OwnLabelKind())
	a.holds = make([]answerKinds, len(a.sentences))
	for i, s := range a.sentences {
		a.holds[i] = kindsOf(a.plain[s.Start:s.End])
	}
	// What each word, and the words the analyzer dropped before it ("1
	// May 2014": "may" is a stop word), hold, for kindNear.
	a.wordKinds = make([]answerKinds, len(a.tokens))
	a.gapKinds = make([]answerKinds, len(a.tokens))
	for i, t := range a.tokens {
		word := a.plain[t.start:t.end]
		a.wordKinds[i] = answerKinds{number: numberRE.MatchString(word), date: dateRE.MatchString(word)}
		gapStart := a.sentences[a.sentenceOf[i]].Start
		if i > 0 && a.sentenceOf[i-1] == a.sentenceOf[i] {
			gapStart = a.tokens[i-1].end
			// A capital past its sentence's first word is a name.
			a.wordKinds[i].name = nameNearRE.MatchString(a.plain[gapStart:t.end])
		}
		if gap := a.plain[gapStart:t.start]; strings.TrimSpace(gap) != "" {
			a.gapKinds[i] = answerKinds{number: strings.ContainsAny(gap, "0123456789"), date: dateRE.MatchString(gap)}
		}
	}
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
// When the question asks for a kind of answer (a number, a date, a person
// or a place), a sentence holding one of that kind next to one of the
// question's terms ("1,440 police") answers it, one holding it elsewhere
// less, and one without it much less: the figure of the thing asked, not
// any figure. It returns that sentence, its coverage (its matched weight
// over the weight of the question's own terms), and every match in the
// passage. It looks up only the question's terms in the passage's term
// index, so its cost does not grow with the passage's length.
func bestSentence(a *analyzedText, rc rankContext) (best Span, cov float64, matches []Span) {
	best, cov, matches, _ = bestSentenceKind(a, rc)
	return best, cov, matches
}

// bestSentenceKind is bestSentence, also returning the share of its score
// the best sentence keeps for the kind of answer the question asks (1
// when it holds one next to the question's terms, or none is asked).
func bestSentenceKind(a *analyzedText, rc rankContext) (best Span, cov float64, matches []Span, kind float64) {
	weights, total := rc.weights, rc.total
	kind = 1
	// Holding the kind of answer asked counts as one more of the
	// question's terms, of their mean weight, and twice that next to one
	// of them.
	typeWeight := 0.0
	if rc.want != anyAnswer && total > 0 {
		typeWeight = total / float64(max(len(rc.weighted), 1))
		total += typeWeight
	}
	if len(a.sentences) == 0 {
		return Span{}, 0, nil, kind
	}
	type acc struct {
		score       float64
		own         float64 // score, counting each alternative at most as the question's terms it stands for
		n           int     // distinct terms matched
		first, last int     // token indexes
		near        bool    // an answer of the kind asked stands within a few words of a matched term
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
		alt := rc.altOnly[tw.term]
		lastSentence := -1
		for _, ti := range occ {
			si := a.sentenceOf[ti]
			s := &sent[si]
			if si != lastSentence { // count a term once per sentence
				s.score += w
				if !alt {
					s.own += w
				}
				s.n++
				lastSentence = si
			}
			if rc.want != anyAnswer && !s.near && a.holds[si].has(rc.want) {
				s.near = a.kindNear(ti, si, rc.want)
			}
			if s.first < 0 {
				s.first, s.last = ti, ti
			}
			s.first, s.last = min(s.first, ti), max(s.last, ti)
		}
	}
	// Which sentence answers best is judged with each alternative counted
	// at most as the question's terms it stands for: "African-led
	// International Support Mission" is AFISMA once, not six words of the
	// question, and "uniformed … military personnel" is "troops" once.
	if len(rc.alts) > 0 {
		buf := make([]float64, 2*len(sent))
		altW, fromW := buf[:len(sent)], buf[len(sent):] // per sentence: the group's alternatives' weight there, and that of the question's terms it stands for
		for _, g := range rc.alts {
			clear(altW)
			clear(fromW)
			found := false
			for _, tw := range g.terms {
				found = a.addOnce(altW, tw.term, tw.weight) || found
			}
			if !found {
				continue
			}
			for _, f := range g.from {
				a.addOnce(fromW, f, rc.weights[f])
			}
			for si := range sent {
				if altW[si] > 0 {
					sent[si].own += max(0, min(altW[si], g.cap-fromW[si]))
				}
			}
		}
	}
	bestScore, covScore := -1.0, -1.0
	best = a.sentences[0]
	for si := range sent {
		s := sent[si]
		score, own := s.score, s.own
		if s.n > 0 {
			near := 1 + 0.25*float64(s.n)/float64(s.last-s.first+1)
			score *= near
			own *= near
		}
		extra := 0.0 // what the footnotes, the lead-ins and the kind of answer add
		// What the sentence's footnotes say counts too, for less, and so
		// does what a sub-paragraph's lead-ins say.
		for _, t := range a.notes[si] {
			if w := weights[t]; w > 0 && !a.sentenceHas(si, t) {
				extra += footnoteShare * w
			}
		}
		for _, t := range a.context {
			if w := weights[t]; w > 0 && !a.sentenceHas(si, t) && !slices.Contains(a.notes[si], t) {
				extra += contextShare * w
			}
		}
		factor := 1.0
		if rc.want != anyAnswer {
			switch {
			case s.near:
				extra += 2 * typeWeight
			case a.holds[si].has(rc.want):
				extra += typeWeight
				factor = kindElsewhere
			default:
				factor = kindMissing[rc.want]
			}
		}
		// The coverage is the best any sentence gets, as it counts
		// words: how much of the question the passage answers.
		if total > 0 && (score+extra)*factor > covScore {
			covScore, cov = (score+extra)*factor, (score+extra)/total
		}
		if choice := (own + extra) * factor; choice > bestScore {
			best, bestScore, kind = a.sentences[si], choice, factor
		}
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
	return best, cov, matches, kind
}

// addOnce adds w to per[si] for each sentence si holding term t, once a
// sentence, and reports whether any does.
func (a *analyzedText) addOnce(per []float64, t string, w float64) bool {
	last := -1
	for _, ti := range a.positions[t] {
		if si := a.sentenceOf[ti]; si != last {
			per[si] += w
			last = si
		}
	}
	return last >= 0
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

// figureWindow is how many words either side of a term an answer may
// stand to count as the answer about that term ("1,440 police", "police
// numbered 1,440", "transferred … on 1 July 2013").
const figureWindow = 3

// kindNear reports whether the words within figureWindow of token ti, in
// sentence si, hold an answer of kind want: a figure, a date, a name.
func (a *analyzedText) kindNear(ti, si int, want answerKind) bool {
	lo, hi := ti, ti
	for lo > 0 && ti-lo < figureWindow && a.sentenceOf[lo-1] == si {
		lo--
	}
	for hi < len(a.tokens)-1 && hi-ti < figureWindow && a.sentenceOf[hi+1] == si {
		hi++
	}
	if a.gapKinds[ti].has(want) {
		return true
	}
	for i := lo; i <= hi; i++ {
		if i != ti && (a.wordKinds[i].has(want) || i > lo && a.gapKinds[i].has(want)) {
			return true
		}
	}
	return false
}

// askedTerms returns the question's own content terms with their
// weights, sorted by term.
func askedTerms(terms []token, weights map[string]float64) []weightedTerm {
	var out []weightedTerm
	for _, t := range terms {
		if w := weights[t.term]; w > 0 && !slices.ContainsFunc(out, func(x weightedTerm) bool { return x.term == t.term }) {
			out = append(out, weightedTerm{t.term, w})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].term < out[j].term })
	return out
}

// holdsWeight returns the weight of the terms the passage holds, in its
// own words or its lead-ins.
func (a *analyzedText) holdsWeight(terms []weightedTerm) float64 {
	sum := 0.0
	for _, t := range terms {
		if len(a.positions[t.term]) > 0 {
			sum += t.weight
		} else if _, ok := slices.BinarySearch(a.context, t.term); ok {
			sum += contextShare * t.weight
		}
	}
	return sum
}

// holdsAlternatives returns the weight the glossary's alternatives add to
// what the passage holds (holdsWeight), each group counted at most as the
// question's terms it stands for and that the passage lacks: "take all
// necessary means" holds "use force" once.
func (a *analyzedText) holdsAlternatives(groups []altGroup, weights map[string]float64) float64 {
	held := func(t string) bool {
		if len(a.positions[t]) > 0 {
			return true
		}
		_, ok := slices.BinarySearch(a.context, t)
		return ok
	}
	sum := 0.0
	for _, g := range groups {
		alt, from := 0.0, 0.0
		for _, t := range g.terms {
			if held(t.term) {
				alt += t.weight
			}
		}
		if alt == 0 {
			continue
		}
		for _, t := range g.from {
			if held(t) {
				from += weights[t]
			}
		}
		sum += max(0, min(alt, g.cap-from))
	}
	return sum
}

// withoutReferences returns text with the references it makes to
// documents and paragraphs ("resolution 2085 (2012)", "paragraphs 16 and
// 17", "S/2013/189") blanked out, byte for byte: their numbers and years
// are not figures or dates the text gives.
func withoutReferences(text string, own corpus.LabelKind) string {
	ms := corpus.Mentions(text, own)
	if len(ms) == 0 {
		return text
	}
	b := []byte(text)
	for _, m := range ms {
		for i := m.Start; i < m.End; i++ {
			b[i] = ' '
		}
	}
	return string(b)
}
