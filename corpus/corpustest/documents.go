package corpustest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// This file: documents of the corpus format in the shapes of the real
// ones, for benchmarks of a corpus of thousands: a report of sections of
// paragraphs, or a resolution of preambular and operative paragraphs
// with sub-paragraphs, each of about 6,000 words citing footnotes. Their
// text is FICTIONAL: words drawn from a list of the mandates' common words
// and from made-up words (the long tail of names and rare terms a real
// corpus has), in sentences, from a fixed seed.

// DocumentWords is about how many words a generated document holds.
const DocumentWords = 6000

// commonWords are the words of mandates and reports, most frequent first
// (drawn with Zipf's law over this order): function words, then the
// subject's. They are common English, not quotations.
var commonWords = strings.Fields(`the of and to in a for on its with by as that
	mission security support council civilians peace protection forces national
	including political the authorities armed groups state international further
	process human rights united nations peacekeeping personnel mandate north
	government efforts parties implementation situation requests calls urges
	regional stabilization assistance humanitarian dialogue reconciliation
	agreement troops police military civilian deployment deployed capacity
	capabilities elections electoral justice sector reform violence sexual
	children women gender prisoners displaced refugees return access aid
	ceasefire negotiations monitoring reporting verification strategy transition
	training equipment logistical infrastructure resources budget contributing
	countries member states secretary-general special representative coordination
	cooperation partners organizations community communities local population
	threats attacks risks terrorism extremist criminal trafficking border
	borders control areas regions centres lines communication presence patrols
	operations robust means necessary imminent physical threat authorized
	strength ceiling uniformed observers units battalions helicopters aircraft
	camps bases supplies fuel water medical evacuation casualties fatalities
	wounded injured killed attack convoy escort road roads bridge weapons
	ammunition explosive devices mines clearance disarmament demobilization
	reintegration combatants cantonment sites legislation constitution
	institutions governance administration services schools health food
	insecurity drought climate environmental economic development funding donors
	appeal plan programme programmes review assessment benchmarks indicators
	progress report reports briefing recommendations lessons practices guidance
	doctrine principles consent impartiality self-defence defence engagement
	rules conduct discipline exploitation abuse accountability impunity
	investigations courts tribunal sanctions committee panel experts measures
	travel ban assets freeze embargo resolution decision decides extends
	renews welcomes commends condemns expresses concern stresses underlines
	emphasizes encourages reaffirms recalls notes recognizes acknowledges
	considers determines demands requests invites authorizes approves
	period months year years date until review interim transitional roadmap
	inclusive credible transparent peaceful free fair timely full effective
	sustainable comprehensive durable lasting meaningful participation youth
	leaders civil society media journalists defenders observers staff
	headquarters sector east west south northern southern capital city town
	villages rural urban province district zone corridor`)

// syllables make the made-up words: names of places and people, rare
// terms.
var syllables = strings.Fields("ka lo ven dra mi sul tar bek ro an zu pel ori gam fen dis kal mor tev ush ira nob qua sel vin tob ark eli")

// longTail is how many distinct made-up words a corpus draws from.
const longTail = 60000

// madeUp returns made-up word n: two to four syllables, the same for the
// same n.
func madeUp(n int) string {
	r := rand.New(rand.NewPCG(uint64(n), 77))
	var b strings.Builder
	for range 2 + r.IntN(3) {
		b.WriteString(syllables[r.IntN(len(syllables))])
	}
	fmt.Fprintf(&b, "%c", 'a'+rune(n%26))
	return b.String()
}

// zipf draws ranks 0..n-1 with probability falling as 1/(rank+1).
func zipf(r *rand.Rand, n int) int {
	// Inverse of the continuous approximation of the harmonic sum.
	return min(n-1, int(math.Exp(r.Float64()*math.Log(float64(n+1))))-1)
}

// MarkerWord is a word that only generated document i holds, so that a
// search can tell whether it is indexed.
func MarkerWord(i int) string { return fmt.Sprintf("zorblat%d", i) }

// DocumentID is the id of generated document i.
func DocumentID(i int) string { return fmt.Sprintf("fictional-%05d", i) }

// writer writes the sentences of one document.
type writer struct {
	r     *rand.Rand
	b     strings.Builder
	notes int // footnotes cited so far
}

// word returns a word: a common one mostly, else a made-up one.
func (w *writer) word() string {
	if w.r.IntN(10) < 8 {
		return commonWords[zipf(w.r, len(commonWords))]
	}
	return madeUp(zipf(w.r, longTail))
}

// sentence writes a sentence of about n words, which cites the next
// footnote now and then.
func (w *writer) sentence(n int) {
	for i := range n {
		word := w.word()
		if i == 0 {
			word = strings.ToUpper(word[:1]) + word[1:]
		} else {
			w.b.WriteByte(' ')
			if w.r.IntN(12) == 0 {
				word = strings.ToUpper(word[:1]) + word[1:] // a name
			}
		}
		w.b.WriteString(word)
		if i < n-1 && w.r.IntN(14) == 0 {
			w.b.WriteByte(',')
		}
	}
	w.b.WriteByte('.')
	if w.r.IntN(10) == 0 {
		w.notes++
		fmt.Fprintf(&w.b, "[^%d]", w.notes)
	}
}

// acronym writes a sentence spelling out a made-up name and its acronym,
// as texts define them: "the Kalo Venmi Office (KVO)".
func (w *writer) acronym() {
	var name, short []string
	for range 2 + w.r.IntN(3) {
		m := madeUp(zipf(w.r, longTail))
		name = append(name, strings.ToUpper(m[:1])+m[1:])
		short = append(short, strings.ToUpper(m[:1]))
	}
	fmt.Fprintf(&w.b, "It welcomes the work of the %s (%s).", strings.Join(name, " "), strings.Join(short, ""))
}

// paragraph writes about words words of sentences.
func (w *writer) paragraph(words int) {
	for n := 0; n < words; {
		if n > 0 {
			w.b.WriteByte(' ')
		}
		k := 12 + w.r.IntN(17)
		w.sentence(k)
		n += k
	}
}

// Document is the stored form of fictional document i of a generated
// corpus (seed fixes the corpus): an even i a report of four sections of
// paragraphs, an odd i a resolution of preambular and operative
// paragraphs, one of them with sub-paragraphs that repeat its lead-in as
// converted resolutions do; about DocumentWords words, citing footnotes,
// with one acronym spelled out and MarkerWord(i) in its first paragraph.
func Document(seed uint64, i int) []byte {
	w := &writer{r: rand.New(rand.NewPCG(seed, uint64(i)))}
	kind := "report"
	if i%2 == 1 {
		kind = "resolution"
	}
	place := madeUp(i)
	place = strings.ToUpper(place[:1]) + place[1:]
	fmt.Fprintf(&w.b, "---\nid: %s\ntitle: Fictional %s %d on the %s mission (generated)\nkind: %s\npublisher: Generated for benchmarks\ndate: \"2031\"\n---\n\n",
		DocumentID(i), kind, i, place, kind)
	const paragraphs = 25
	per := DocumentWords / paragraphs
	first := true
	para := func(prefix string) {
		w.b.WriteString(prefix)
		if first {
			fmt.Fprintf(&w.b, "This text holds the word %s. ", MarkerWord(i))
			w.acronym()
			w.b.WriteByte(' ')
			first = false
		}
		w.paragraph(per)
		w.b.WriteString("\n\n")
	}
	if kind == "report" {
		for s := range 4 {
			fmt.Fprintf(&w.b, "## %s %s\n\n", []string{"Background", "Findings", "Challenges", "Recommendations"}[s], place)
			for range paragraphs / 4 {
				para("")
			}
		}
	} else {
		w.b.WriteString("## Preamble\n\n")
		for n := 1; n <= 8; n++ {
			para(fmt.Sprintf("**pp. %d** ", n))
		}
		fmt.Fprintf(&w.b, "## The %s mission\n\n", place)
		op := 0
		for op < 12 {
			op++
			para(fmt.Sprintf("**op. %d** ", op))
		}
		op++
		lead := fmt.Sprintf("Decides that the mandate of the %s mission shall include the following tasks:", place)
		fmt.Fprintf(&w.b, "**op. %d** %s\n\n", op, lead)
		for _, sub := range []string{"a", "b", "c", "d"} {
			fmt.Fprintf(&w.b, "**op. %d(%s)** %s (%s) ", op, sub, lead, sub)
			w.paragraph(per)
			w.b.WriteString("\n\n")
		}
	}
	w.b.WriteString("\n")
	for n := 1; n <= w.notes; n++ {
		fmt.Fprintf(&w.b, "[^%d]: Fictional source %d of document %d, %s, https://example.org/fictional/%d/%d.\n\n", n, n, i, madeUp(i*100+n), i, n)
	}
	return []byte(w.b.String())
}
