// This file: the mandate in force. When the corpus holds several
// resolutions on one mission, a paragraph of an earlier one that a later
// one holds too (word for word, reworded or moved) answers with the
// later's, citing the earlier; and a question naming a resolution ("in
// 2100", "resolution 2164", "the 2013 resolution") ranks its paragraphs
// first.

package index

import (
	"context"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"mandatebot/corpus"
	"mandatebot/corpus/compare"
)

// minSharedTasks is the share of an earlier resolution's operative
// paragraphs a later one that names it must hold too (as compare aligns
// them) to be a renewal of the same mission's mandate, not another
// resolution that recalls it.
const minSharedTasks = 0.25

// Scoring of the mandate in force.
const (
	namedBoost   = 0.4  // added coverage for a paragraph of a resolution the question names by its year
	mandateBoost = 0.15 // added coverage for a resolution's paragraph when the question asks what the mandate says
	renewedMalus = 0.1  // coverage taken from a paragraph of a resolution a later one renewed, when the question names neither
	changeBoost  = 0.3  // added coverage for a paragraph a renewal added, or dropped, when the question asks what it did
	// inForceFit is how well, relative to an earlier paragraph, the
	// paragraph in force must answer to take its place: less, and what
	// the question asks about is what the later resolution dropped.
	inForceFit = 0.6
)

// renewals is what the corpus's resolutions say of each other: which
// paragraph of an earlier resolution a later one on the same mission
// holds too (later: to the latest one's paragraph, the one in force), and
// which resolutions a later one renewed (renewed: by id).
type renewals struct {
	later   map[string]*corpus.Passage
	renewed map[string]bool
	// added holds the paragraphs a renewal added (its new tasks), dropped
	// those of a renewed resolution the renewal did not keep.
	added, dropped map[string]bool
	// renews holds, by id, the resolutions each renewal renewed.
	renews map[string][]string
}

// inForce finds, for the resolutions of c, which later ones renew which
// earlier ones: a later resolution that names an earlier one ("2100
// (2013)") and holds at least minSharedTasks of its operative paragraphs
// (compare.Resolutions aligns them by their words). Each paragraph of the
// earlier that the alignment pairs with one of the later then points to
// it, and through it to the latest resolution holding the task.
func inForce(c *corpus.Corpus) renewals {
	rs := c.Resolutions()
	next := map[string]*corpus.Passage{}
	renewed := map[string]bool{}
	renews := map[string][]string{}
	added, dropped := map[string]bool{}, map[string]bool{}
	// From the latest back, so that a paragraph's successor already
	// points to the latest holding it.
	for j := len(rs) - 1; j > 0; j-- {
		later := rs[j]
		for i := j - 1; i >= 0; i-- {
			earlier := rs[i]
			if !names(later, earlier) {
				continue
			}
			cmp, err := compare.Resolutions(context.Background(), earlier, later)
			if err != nil {
				continue // too large to compare: no renewal known
			}
			paired, operative := 0, 0
			for _, e := range cmp.Changes {
				for _, o := range e.Old {
					if strings.HasPrefix(o.Label, string(corpus.Operative)+". ") {
						operative++
						if len(e.New) > 0 {
							paired++
						}
					}
				}
			}
			if operative == 0 || float64(paired) < minSharedTasks*float64(operative) {
				continue
			}
			renewed[earlier.ID] = true
			renews[later.ID] = append(renews[later.ID], earlier.ID)
			for _, e := range cmp.Changes {
				switch {
				case len(e.Old) == 0:
					for _, n := range e.New {
						added[n.Passage] = true
					}
				case len(e.New) == 0:
					for _, o := range e.Old {
						dropped[o.Passage] = true
					}
				default:
					// Merged or split: each earlier paragraph is held by the
					// later one most like it.
					for _, o := range e.Old {
						if next[o.Passage] != nil {
							continue // a later renewal already claimed it
						}
						p := c.Passage(likest(o, e.New).Passage)
						if p == nil {
							continue
						}
						if q := next[p.ID]; q != nil {
							p = q
						}
						next[o.Passage] = p
					}
				}
			}
		}
	}
	return renewals{later: next, renewed: renewed, added: added, dropped: dropped, renews: renews}
}

// likest returns the side of sides whose words are most like old's (by
// their Dice coefficient), the first of equals.
func likest(old compare.Side, sides []compare.Side) compare.Side {
	words := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			m[w] = true
		}
		return m
	}
	ow := words(old.Text)
	best, bestDice := sides[0], -1.0
	for _, s := range sides {
		sw := words(s.Text)
		shared := 0
		for w := range sw {
			if ow[w] {
				shared++
			}
		}
		if d := 2 * float64(shared) / float64(max(len(ow)+len(sw), 1)); d > bestDice {
			best, bestDice = s, d
		}
	}
	return best
}

// names reports whether resolution later's text names resolution earlier
// by number and year, as resolutions cite each other: "2100 (2013)".
func names(later, earlier *corpus.Document) bool {
	year, number := earlier.Adoption()
	if number < 0 || year == 0 {
		return false
	}
	re := regexp.MustCompile(`\b` + strconv.Itoa(number) + `\s*\(` + strconv.Itoa(year) + `\)`)
	for i := range later.Passages {
		if re.MatchString(later.Passages[i].Text) {
			return true
		}
	}
	return false
}

// naming is how a question names a resolution.
type naming int

const (
	byYear   naming = iota + 1 // "in 2013", "the 2014 resolution": its paragraphs are preferred
	byNumber                   // "2100", "resolution 2164": its paragraphs come first, where they answer
)

// resolutionNames are the numbers and years of adoption of a corpus's
// resolutions, by which questions name them.
type resolutionNames struct {
	years   map[int][]string // year → ids of the resolutions adopted in it
	numbers map[int]string   // number → id
}

// namesOf returns the names of c's resolutions.
func namesOf(c *corpus.Corpus) resolutionNames {
	rn := resolutionNames{years: map[int][]string{}, numbers: map[int]string{}}
	for _, d := range c.Resolutions() {
		y, n := d.Adoption()
		if n < 0 {
			continue
		}
		rn.years[y] = append(rn.years[y], d.ID)
		rn.numbers[n] = d.ID
	}
	return rn
}

// named returns the resolutions the question names, by id,
// and the question with those names taken out (they say where to look,
// not what to look for): by number with or without "resolution" or
// "S/RES/" ("2100", "resolution 2164", "S/RES/2100 (2013)"), or by the
// year it was adopted in ("in 2013", "the 2014 resolution"), but not a
// year that is part of a date ("May 2014", "1 July 2013"). A number that
// is also a year some resolution of c was adopted in is taken as the year.
func (rn resolutionNames) named(question string) (named map[string]naming, rest string) {
	if len(rn.numbers) == 0 {
		return nil, question
	}
	years, numbers := rn.years, rn.numbers
	var b strings.Builder
	at := 0
	for _, m := range namedRE.FindAllStringSubmatchIndex(question, -1) {
		n, _ := strconv.Atoi(question[m[4]:m[5]])
		var ids []string
		how := byNumber
		prefixed := m[2] >= 0
		switch {
		case years[n] != nil && !prefixed:
			if isDatePart(question[:m[0]]) {
				continue
			}
			ids, how = years[n], byYear
		case numbers[n] != "":
			ids = []string{numbers[n]}
		default:
			continue
		}
		if named == nil {
			named = map[string]naming{}
		}
		for _, id := range ids {
			named[id] = max(named[id], how)
		}
		b.WriteString(question[at:m[0]])
		b.WriteByte(' ')
		at = m[1]
	}
	b.WriteString(question[at:])
	return named, strings.Join(strings.Fields(b.String()), " ")
}

// unheld returns the UN symbols of the resolutions the question names as
// resolutions ("resolution 2227", "res. 2295 (2016)", "S/RES/2227") that
// the corpus does not hold, so that an answer can say so, and how to add
// them, instead of passing over the name. A bare number is not taken as a
// resolution's: it may be a figure.
func (rn resolutionNames) unheld(question string) []string {
	if lower := strings.ToLower(question); !strings.Contains(lower, "res") && !strings.Contains(lower, "rés") {
		return nil // no word that says a number is a resolution's
	}
	var out []string
	for _, m := range namedRE.FindAllStringSubmatchIndex(question, -1) {
		if m[2] < 0 {
			continue
		}
		n, _ := strconv.Atoi(question[m[4]:m[5]])
		if rn.numbers[n] != "" {
			continue
		}
		year := ""
		if y := yearAfterRE.FindStringSubmatch(question[m[5]:m[1]]); y != nil {
			year = " (" + y[1] + ")"
		}
		if sym := corpus.NormalizeSymbol("S/RES/" + strconv.Itoa(n) + year); sym != "" && !slices.Contains(out, sym) {
			out = append(out, sym)
		}
	}
	return out
}

// yearAfterRE is the year of adoption written after a resolution's number.
var yearAfterRE = regexp.MustCompile(`\((\d{4})\)`)

// namedRE is a number that may name a resolution, with the words that
// say it does: "resolution 2100", "res. 2164", "S/RES/2100 (2013)", "2164".
var namedRE = regexp.MustCompile(`(?i)(\b(?:resolutions?|r[ée]solutions?|res\.?)\s+|S/RES/)?\b(\d{3,4})\b(?:\s*\(\d{4}\))?`)

// monthWords are the months, in English and French, that make a year
// after them part of a date.
var monthWords = wordSet("january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre")

// isDatePart reports whether a year written after before is part of a
// date: a month or a day stands just before it.
func isDatePart(before string) bool {
	words := strings.FieldsFunc(strings.ToLower(before), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) == 0 {
		return false
	}
	last := words[len(words)-1]
	return monthWords[last]
}

// mandateWords ask what a mandate says or allows: a question holding one
// is about the resolutions, when they answer, before what others wrote
// of them.
var mandateWords = wordSet("mandate mandated mandates mandating role roles job jobs duty duties rôle authorize authorized authorizes authorise authorised authorises authorization authorisation authority task tasks tasked ceiling ceilings supposed allowed permitted required obliged must shall entitled deadline renewal renew renewed extend extended decide decided decides decision request requested requests can may mandat autorisé autorisée autorise autorisation doit doivent peut peuvent tâche tâches plafond")

// changeWords ask what a renewal added (new tasks) or dropped: such a
// question prefers the paragraphs that changed so.
var (
	addedWords   = wordSet("new newly added adds add introduced introduces introduce gave give gives nouveau nouvelle nouveaux nouvelles ajouté ajoutée ajoutés")
	droppedWords = wordSet("drop dropped drops removed remove removes deleted ended dropping longer anymore supprimé supprimée abandonné abandonnée")
)

// askedChange says whether a question asks what a renewal added (1),
// dropped (-1), or neither (0), and the word that asks it ("new",
// "dropped").
func askedChange(words []string) (int, string) {
	for _, w := range words {
		switch {
		case droppedWords[w]:
			return -1, w
		case addedWords[w]:
			return 1, w
		}
	}
	return 0, ""
}

// droppedBy adds to named the resolutions that those it names renewed:
// what a renewal dropped ("did the 2014 mandate drop …") is in the
// resolutions it renewed.
func (r renewals) droppedBy(named map[string]naming) map[string]naming {
	out := maps.Clone(named)
	for id, how := range named {
		for _, e := range r.renews[id] {
			out[e] = max(out[e], how)
		}
	}
	return out
}

// Words that name a mandate by its place among the renewals: "the first
// mandate", "the original resolution", "le mandat initial"; "the new
// mandate", "the current resolution".
var (
	firstWords      = wordSet("first initial original earliest premier première initiale originel originelle")
	latestWords     = wordSet("latest current new newest present nouveau nouvelle actuel actuelle")
	resolutionWords = wordSet("mandate mandates resolution resolutions mandat mandats résolution résolutions")
)

// namedByOrder adds to named the resolutions a question names by their
// place among the renewals, as it would by number: the first mandate is
// each resolution that a later one renewed and that renewed none itself,
// the latest each renewal that none renewed since.
func (r renewals) namedByOrder(words []string, named map[string]naming) map[string]naming {
	if len(r.renews) == 0 {
		return named
	}
	var first, latest bool
	for i, w := range words {
		if !resolutionWords[w] {
			continue
		}
		for _, j := range []int{i - 1, i + 1} { // "the first mandate", "le mandat initial"
			if j >= 0 && j < len(words) {
				first = first || firstWords[words[j]]
				latest = latest || latestWords[words[j]]
			}
		}
	}
	if !first && !latest {
		return named
	}
	out := maps.Clone(named)
	if out == nil {
		out = map[string]naming{}
	}
	if first {
		for id := range r.renewed {
			if len(r.renews[id]) == 0 {
				out[id] = byNumber
			}
		}
	}
	if latest {
		for id := range r.renews {
			if !r.renewed[id] {
				out[id] = byNumber
			}
		}
	}
	return out
}

// otherDocumentWords name documents other than resolutions, or their
// writers.
var otherDocumentWords = wordSet("brief briefs author authors writer writers study article paper researchers")

// asksWhatMandateSays reports whether a question asks what the mandate
// says or allows ("can MINUSMA use force", "is the mission supposed to",
// "troop ceiling?"), not for advice ("how can MINUSMA win back …") nor
// about another document ("does the brief say …").
func asksWhatMandateSays(q string) bool {
	words := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	found := false
	for i, w := range words {
		if otherDocumentWords[w] {
			return false // "does the brief say": a document other than the resolutions
		}
		if (w == "can" || w == "could") && i > 0 && (words[i-1] == "how" || words[i-1] == "what") {
			return false // advice
		}
		if mandateWords[w] && !(w == "may" && isMonth(words, i)) {
			found = true
		}
	}
	return found
}

// isMonth reports whether "may" at words[i] is the month: a number (a
// day or a year) stands next to it ("in May 2014", "on 17 May").
func isMonth(words []string, i int) bool {
	number := func(j int) bool {
		return j >= 0 && j < len(words) && strings.IndexFunc(words[j], func(r rune) bool { return !unicode.IsDigit(r) }) < 0
	}
	return number(i-1) || number(i+1)
}

// removedWords returns the words of full that rest, made from it by
// taking some out, lacks.
func removedWords(full, rest string) string {
	left := map[string]int{}
	for _, w := range strings.Fields(rest) {
		left[w]++
	}
	var out []string
	for _, w := range strings.Fields(full) {
		if left[w] > 0 {
			left[w]--
			continue
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}
