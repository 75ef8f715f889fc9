package index

import (
	"bufio"
	"embed"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"mandatebot/corpus"
)

//go:embed glossary/en.txt glossary/fr.txt
var glossaryFiles embed.FS

// Weights of the alternatives a glossary adds to a question, relative to
// the question's own words.
const (
	weightAcronym = 0.8 // an acronym and its expansion, from the corpus or the curated list
	weightSynonym = 0.5 // a curated synonym
)

// Alternative is a phrase a glossary adds to a question.
type Alternative struct {
	Text    string
	Weight  float64
	Defined string // for an acronym the corpus spells out: the passage that does

	from    []string // the question's terms that called for it
	terms   []string // Text, analysed
	phrase  []string // Text as phrase terms, "" where a stop word was
	related bool     // a WordNet synonym (see related.go), not a glossary entry
}

// entry maps a term (as analysed terms) to its alternatives.
type entry struct {
	key      []string
	alts     []string
	altTerms [][]string // alts analysed, once
	phrases  [][]string // alts as phrase terms, "" where a stop word was
	weight   float64
	defined  string
}

// Glossary expands questions with acronyms, their expansions and domain
// synonyms. It is built from the corpus ("troop-contributing countries
// (TCCs)") and a small curated list.
type Glossary struct {
	byFirst  map[string][]*entry // first term of a key → entries
	heads    []string            // surface terms, for suggestions
	acronyms []string            // acronyms the corpus spells out, for suggestions
}

// newGlossary builds the glossary of a corpus from the acronyms it spells
// out (documentAcronyms of each document, in the corpus's order), then
// the curated list.
func newGlossary(analyze func(string) []token, acronyms []acronymDef) (*Glossary, error) {
	g := &Glossary{byFirst: map[string][]*entry{}}
	for _, a := range acronyms {
		g.addAcronym(analyze, a.Acronym, a.Long, a.Passage)
	}
	if err := g.loadCurated(analyze); err != nil {
		return nil, fmt.Errorf("glossary: %w", err)
	}
	return g, nil
}

func (g *Glossary) add(analyze func(string) []token, term string, alts []string, weight float64, defined string) {
	var key []string
	for _, t := range analyze(term) {
		key = append(key, t.term)
	}
	if len(key) == 0 || len(alts) == 0 {
		return
	}
	e := &entry{key: key, alts: alts, weight: weight, defined: defined}
	for _, a := range alts {
		var ts, phrase []string
		prev := 0
		for i, t := range analyze(a) {
			for gap := t.pos - prev - 1; i > 0 && gap > 0; gap-- {
				phrase = append(phrase, "")
			}
			prev = t.pos
			ts = append(ts, t.term)
			phrase = append(phrase, t.term)
		}
		e.altTerms = append(e.altTerms, ts)
		e.phrases = append(e.phrases, phrase)
	}
	g.byFirst[key[0]] = append(g.byFirst[key[0]], e)
	g.heads = append(g.heads, term)
}

// addGroup adds a group of equivalent terms: each maps to all the others.
func (g *Glossary) addGroup(analyze func(string) []token, terms []string, weight float64, defined string) {
	for i, t := range terms {
		var alts []string
		for j, u := range terms {
			if i != j {
				alts = append(alts, u)
			}
		}
		g.add(analyze, t, alts, weight, defined)
	}
}

// loadCurated reads the curated English list (see glossary/en.txt).
func (g *Glossary) loadCurated(analyze func(string) []token) error {
	f, err := glossaryFiles.Open("glossary/en.txt")
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if from, to, ok := strings.Cut(line, "=>"); ok {
			alts := splitList(to, ",")
			for _, t := range splitList(from, ",") {
				g.add(analyze, t, alts, weightSynonym, "")
			}
			continue
		}
		terms := splitList(line, "|")
		if len(terms) < 2 {
			return fmt.Errorf("glossary/en.txt:%d: a group needs two terms or more", n)
		}
		weight := weightSynonym
		if isAcronym(terms[0]) {
			weight = weightAcronym
		}
		g.addGroup(analyze, terms, weight, "")
	}
	return sc.Err()
}

func splitList(s, sep string) []string {
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Expand returns the alternatives the glossary adds to a question whose
// analysed terms are q. Alternatives made only of terms the question
// already has are left out.
func (g *Glossary) Expand(q []token) []Alternative {
	have := map[string]bool{}
	for _, t := range q {
		have[t.term] = true
	}
	seen := map[string]bool{}
	var out []Alternative
	for i := range q {
		for _, e := range g.byFirst[q[i].term] {
			if !matchesAt(q, i, e.key) {
				continue
			}
			for j, alt := range e.alts {
				k := strings.Join(e.altTerms[j], " ")
				if seen[k] || k == "" {
					continue
				}
				seen[k] = true
				novel := false
				for _, t := range e.altTerms[j] {
					if !have[t] {
						novel = true
					}
				}
				if novel {
					out = append(out, Alternative{Text: alt, Weight: e.weight, Defined: e.defined, from: e.key, terms: e.altTerms[j], phrase: e.phrases[j]})
				}
			}
		}
	}
	return out
}

func matchesAt(q []token, i int, key []string) bool {
	if i+len(key) > len(q) {
		return false
	}
	for j, k := range key {
		if q[i+j].term != k {
			return false
		}
	}
	return true
}

// Acronyms written out in a text: "troop-contributing countries (TCCs)",
// "al-Qaida in the Islamic Maghreb (AQIM)", and the coordinated form
// "Troop- and Police Contributing Countries (TCCs and PCCs)".
var (
	acronymRE     = regexp.MustCompile(`\(([A-Z][A-Za-z]*[A-Z])(s?)\)`)
	twoAcronymsRE = regexp.MustCompile(`(\p{L}+)- and (\p{L}+) ((?:\p{L}+ ){0,3}\p{L}+) \(([A-Z]+)(s?) and ([A-Z]+)(s?)\)`)
	smallWords    = map[string]bool{"of": true, "for": true, "and": true, "the": true, "in": true, "to": true, "on": true, "de": true, "du": true, "des": true, "la": true, "le": true}
)

// documentAcronyms returns the acronyms document d spells out, each with
// its expansion and the passage giving both, in the order d gives them.
func documentAcronyms(d *corpus.Document) []acronymDef {
	var out []acronymDef
	for _, p := range d.Passages {
		if !strings.Contains(p.Text, "(") {
			continue // both forms are in brackets
		}
		for _, m := range twoAcronymsRE.FindAllStringSubmatch(p.Text, -1) {
			rest := m[3]
			for _, pair := range [][2]string{{m[1], m[4]}, {m[2], m[6]}} {
				out = append(out, acronymDef{Acronym: pair[1], Long: pair[0] + " " + rest, Passage: p.ID})
			}
		}
		for _, m := range acronymRE.FindAllStringSubmatchIndex(p.Text, -1) {
			acr := p.Text[m[2]:m[3]]
			if long := expansionBefore(p.Text[:m[0]], acr); long != "" {
				out = append(out, acronymDef{Acronym: acr, Long: long, Passage: p.ID})
			}
		}
	}
	return out
}

func (g *Glossary) addAcronym(analyze func(string) []token, acr, long, passage string) {
	if !slices.Contains(g.acronyms, acr) {
		g.acronyms = append(g.acronyms, acr)
	}
	plural := acr + "s"
	g.addGroup(analyze, []string{acr, plural, long}, weightAcronym, passage)
}

// expansionBefore returns the words before an acronym whose initials spell
// it (allowing one letter out, for acronyms of another language such as
// MUJAO), or "".
func expansionBefore(before, acr string) string {
	letters := []rune(strings.ToUpper(acr))
	words := strings.FieldsFunc(before, func(r rune) bool { return unicode.IsSpace(r) })
	var picked []string // content words, from the last backwards
	start := len(words)
	for i := len(words) - 1; i >= 0 && len(picked) < len(letters); i-- {
		w := strings.Trim(words[i], ",;:‘’“”\"'")
		if w == "" || (len(picked) > 0 && strings.ContainsAny(words[i], ",;:.")) {
			break
		}
		if smallWords[strings.ToLower(w)] {
			continue
		}
		parts := strings.Split(w, "-")
		for j := len(parts) - 1; j >= 0; j-- {
			if parts[j] != "" {
				picked = append(picked, parts[j])
			}
		}
		start = i
	}
	if len(picked) < len(letters)-1 || start == len(words) {
		return ""
	}
	var initials []rune
	for i := len(picked) - 1; i >= 0; i-- {
		r, _ := utf8.DecodeRuneInString(picked[i])
		initials = append(initials, unicode.ToUpper(r))
	}
	if initials[0] != letters[0] || lcs(initials, letters) < len(letters)-1 {
		return ""
	}
	return strings.Trim(strings.Join(words[start:], " "), ",;:‘’“”\"'")
}

func lcs(a, b []rune) int {
	prev := make([]int, len(b)+1)
	for i := range a {
		cur := make([]int, len(b)+1)
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(cur[j], prev[j+1])
			}
		}
		prev = cur
	}
	return prev[len(b)]
}

func isAcronym(s string) bool {
	upper := 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			upper++
		} else if r != 's' && r != 'o' {
			return false
		}
	}
	return upper >= 2
}
