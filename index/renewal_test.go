package index

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/google/go-cmp/cmp"

	"mandatebot/corpus"
)

// renewal indexes the fictional renewal fixture (testdata/renewal: a
// resolution establishing a made-up mission, a later one renewing it —
// recalling it, keeping a paragraph word for word, rewording and
// renumbering tasks, adding one and dropping one — and a brief on the
// mission) with the embedded documents.
func renewal(t testing.TB) *Index {
	t.Helper()
	c, err := corpus.Load(context.Background(), "testdata/renewal")
	if err != nil {
		t.Fatal(err)
	}
	return indexOf(t, c)
}

// answer is what a member sees of a hit: its citation, the sentence in
// bold, the paragraphs it stands for, the footnotes listed first.
type answer struct {
	Top       string
	Best      string   // the start of the best sentence
	Earlier   []string // earlier resolutions' paragraphs holding its task in other words
	Same      []string // other documents' paragraphs with its very words
	Notes     []int    // its footnotes, in the order listed
	BestNotes int      // how many of them the best sentence cites
}

func answerOf(t *testing.T, ix *Index, q string) answer {
	t.Helper()
	res, err := ix.Search(context.Background(), Query{Text: q, Limit: 3})
	if err != nil {
		t.Fatalf("%q: %v", q, err)
	}
	if len(res.Hits) == 0 {
		t.Fatalf("%q: no hits", q)
	}
	h := res.Hits[0]
	cite := func(ps []*corpus.Passage) []string {
		var out []string
		for _, p := range ps {
			out = append(out, ix.Corpus().Document(p.DocID).Citation(p))
		}
		return out
	}
	a := answer{Top: h.Document.Citation(h.Passage), Earlier: cite(h.Earlier), Same: cite(h.Identical), BestNotes: h.BestNotes}
	a.Best = h.BestSentence()
	if n := 40; len(a.Best) > n {
		a.Best = a.Best[:n]
	}
	for _, f := range h.Footnotes {
		a.Notes = append(a.Notes, f.Number)
	}
	return a
}

// TestMandateInForce: when a later resolution renews an earlier one, the
// paragraph in force answers, citing the earlier that held its task; a
// sub-paragraph is found by its lead-in's words, not its group heading; a
// paragraph kept word for word is one hit citing both; a task the renewal
// dropped is the earlier's; a question naming the earlier resolution gets
// its paragraph.
func TestMandateInForce(t *testing.T) {
	ix := renewal(t)
	const (
		earlier = "S/RES/9101 (2031), "
		later   = "S/RES/9150 (2032), "
	)
	tests := []struct {
		q    string
		want answer
	}{
		// The item, found by its heading's words ("zeppelin registry")
		// with its own ("up to date"), before the heading and the brief.
		{"Does MINUFIC keep the zeppelin registry up to date?", answer{Top: later + "op. 3(b)(i)", Best: "(i) To keep the list of airships of Ruri"}},
		// The item, found by its heading's words ("protection of
		// civilians") with its own ("shelter … people"); not the heading.
		{"Does MINUFIC have a mandate to protect civilians?", answer{Top: later + "op. 2(a)(i)", Best: "(i) To protect, without prejudice to the", Earlier: []string{earlier + "op. 3(a)(ii)"}}},
		// An item's own word and its heading's.
		{"zeppelin registry clerks", answer{Top: later + "op. 3(b)(ii)", Best: "(ii) To train the clerks of the Ruritani"}},
		// Reworded and renumbered: 3(b) became 3(a).
		{"Is the mission supposed to protect cultural and historical sites?", answer{Top: later + "op. 3(a)", Best: "(a) Support for cultural preservation To", Earlier: []string{earlier + "op. 3(b)"}}},
		// The earlier's words match the question better ("every three
		// months"): still the paragraph in force, citing it.
		{"Must the Secretary-General report every three months?", answer{Top: later + "op. 4", Best: "Requests the Secretary-General to report", Earlier: []string{earlier + "op. 4"}}},
		// Word for word, and short.
		{"Is MINUFIC a Chapter VII mission?", answer{Top: later + "pp. 3", Best: "Acting under Chapter VII of the Charter ", Same: []string{earlier + "pp. 3"}}},
		// Dropped by the renewal: only the earlier holds it.
		{"human rights observers", answer{Top: earlier + "op. 3(c)(i)", Best: "(i) To support the full deployment of MI"}},
		// Named: that resolution's paragraph, not the one in force, even
		// where the one in force matches better.
		{"in resolution 9101, what about cultural sites?", answer{Top: earlier + "op. 3(b)", Best: "(b) Support for cultural preservation To"}},
		{"how many soldiers did resolution 9101 authorize?", answer{Top: earlier + "op. 2", Best: "Decides that MINUFIC will comprise up to"}},
		// What the mandate says: the resolution, before the brief saying
		// the mission was asked to do it.
		{"Is MINUFIC supposed to stabilize the key population centres?", answer{Top: later + "op. 2(a)(ii)", Best: "(ii) In support of the Ruritanian author", Earlier: []string{earlier + "op. 3(a)(i)"}}},
		// What the mandate says of police officers (their ceiling), before
		// the fictional brief's recommendation that they be trained, which
		// holds more of the question's words: the resolution's operative
		// paragraph answers, if not as well, and comes first.
		{"Is MINUFIC supposed to train police officers?", answer{Top: later + "op. 1", Best: "Decides to extend the mandate of MINUFIC", Earlier: []string{earlier + "op. 2"}}},
		// Unless it answers much less: the (embedded) brief's "the use of
		// all necessary means to protect civilians" covers twice what the
		// fictional task to protect civilians does.
		{"Can MINUFIC use force to protect civilians?", answer{Top: "MINUSMA’s Mandate and Capacity ¶2", Best: "Thus, MINUSMA’s mandate allows for the", Notes: []int{8, 9}, BestNotes: 1}},
		// What a renewal dropped, asked naming the renewal by its year: in
		// the resolution it renewed.
		{"Did the 2032 mandate drop the human rights observers?", answer{Top: earlier + "op. 3(c)(i)", Best: "(i) To support the full deployment of MI"}},
		// The first mandate is the resolution the others renewed.
		{"How long was MINUFIC's very first mandate meant to last?", answer{Top: earlier + "op. 1", Best: "Decides to establish the United Nations "}},
		// A number of what is asked, from the resolution, before the
		// brief's recommendation on police officers without a figure.
		{"How many police officers can MINUFIC deploy?", answer{Top: later + "op. 1", Best: "Decides to extend the mandate of MINUFIC", Earlier: []string{earlier + "op. 2"}}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, answerOf(t, ix, tt.q)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

// TestTheRightSentence: a question asking for a number, a date, a person
// or a place leads with the sentence that holds one next to its words,
// and the footnotes that sentence cites are listed first.
func TestTheRightSentence(t *testing.T) {
	ix := renewal(t)
	const capacity = "The mission's capacity ¶1"
	tests := []struct {
		q    string
		want answer
	}{
		// Not "an authorized strength of 10,700": the deployed figure.
		{"How many troops had been deployed by early 2033?", answer{Top: capacity, Best: "However, by early 2033 only 7,100 milita", Notes: []int{2, 1, 3, 4}, BestNotes: 1}},
		{"When did MINUFIC take over from the Zeppelin Brigade?", answer{Top: capacity, Best: "MINUFIC took over from the Zeppelin Brig", Notes: []int{1, 2, 3, 4}}},
		{"Who called MINUFIC the slowest mission?", answer{Top: capacity, Best: "Lieutenant Anna Berg, a fictional staff ", Notes: []int{3, 1, 2, 4}, BestNotes: 1}},
		{"Where are the mission's headquarters?", answer{Top: capacity, Best: "The mission's headquarters stand in Stre", Notes: []int{4, 1, 2, 3}, BestNotes: 1}},
		// A paragraph two documents hold word for word: one hit, citing
		// the other.
		{"when was the zeppelin registry last updated", answer{Top: "Background ¶1", Best: "The zeppelin registry was last updated i", Same: []string{"The mission's capacity ¶3"}}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, answerOf(t, ix, tt.q)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

// TestSameCorpusSameAnswers builds the fixture's index several times (a
// build numbers chunks in the order a map gives them) and asks questions
// whose answers tie: every build answers alike.
func TestSameCorpusSameAnswers(t *testing.T) {
	qs := []string{"Is MINUFIC a Chapter VII mission?", "MINUFIC", "mandate", "Decides that the mandate of MINUFIC"}
	var first []string
	for i := 0; i < 4; i++ {
		ix := renewal(t)
		var got []string
		for _, q := range qs {
			res, err := ix.Search(context.Background(), Query{Text: q, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				got = append(got, h.Passage.ID)
			}
			got = append(got, "|")
		}
		if i == 0 {
			first = got
		} else if diff := cmp.Diff(first, got); diff != "" {
			t.Fatalf("build %d answers differently (-first +this):\n%s", i+1, diff)
		}
	}
}

// TestLeadInsAreContext: a sub-paragraph's chunks hold its own words
// only, its parents' in the context field; the text shown stays the
// passage's (with its lead-ins, as the corpus stores it).
func TestLeadInsAreContext(t *testing.T) {
	ix := renewal(t)
	d := ix.Corpus().Document("s-res-9150-2032")
	p := d.PassageByLabel("op. 2(a)(i)")
	spans := chunksOf(d, p)
	if len(spans) != 1 || p.Text[spans[0].Start:spans[0].End] != d.OwnText(p) {
		t.Errorf("chunks %v of %q", spans, p.Text)
	}
	doc := docFor(d, p, spans[0], d.ThemesOf(p))
	if strings.Contains(doc.Text, "priority tasks") || !strings.Contains(doc.Context, "priority tasks") || !strings.Contains(doc.Context, "(a) Security, stabilization") {
		t.Errorf("indexed %+v", doc)
	}
	if !ix.leadIns[d.PassageByLabel("op. 2(a)").ID] || ix.leadIns[p.ID] {
		t.Error("op. 2(a) is the lead-in of its items, op. 2(a)(i) of none")
	}
}

// TestRenewals: which paragraphs a renewal holds, added and dropped, and
// how questions name resolutions.
func TestRenewals(t *testing.T) {
	ix := renewal(t)
	r := ix.renewals
	later := func(id string) string {
		if p := r.later[id]; p != nil {
			return p.ID
		}
		return ""
	}
	got := map[string]string{}
	for _, id := range []string{"s-res-9101-2031#op-3-a-ii", "s-res-9101-2031#op-3-b", "s-res-9101-2031#op-3-c-i", "s-res-9101-2031#pp-3"} {
		got[id] = later(id)
	}
	want := map[string]string{
		"s-res-9101-2031#op-3-a-ii": "s-res-9150-2032#op-2-a-i",
		"s-res-9101-2031#op-3-b":    "s-res-9150-2032#op-3-a",
		"s-res-9101-2031#op-3-c-i":  "", // dropped
		"s-res-9101-2031#pp-3":      "s-res-9150-2032#pp-3",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("later (-want +got)\n%s", diff)
	}
	if !r.renewed["s-res-9101-2031"] || r.renewed["s-res-9150-2032"] {
		t.Errorf("renewed %v", r.renewed)
	}
	if !r.added["s-res-9150-2032#op-3-b-i"] || !r.dropped["s-res-9101-2031#op-3-c-i"] || r.added["s-res-9150-2032#op-2-a-i"] {
		t.Errorf("added %v, dropped %v", r.added, r.dropped)
	}
	for _, tt := range []struct {
		q    string
		want map[string]naming
	}{
		{"How long was the mission's very first mandate meant to last?", map[string]naming{"s-res-9101-2031": byNumber}},
		{"the original resolution", map[string]naming{"s-res-9101-2031": byNumber}},
		{"Que dit le mandat initial ?", map[string]naming{"s-res-9101-2031": byNumber}},
		{"what does the new mandate add", map[string]naming{"s-res-9150-2032": byNumber}},
		{"the current resolution", map[string]naming{"s-res-9150-2032": byNumber}},
		{"when was the first report due", nil},
		{"new tasks", nil},
	} {
		if diff := cmp.Diff(tt.want, r.namedByOrder(questionWords(tt.q), nil)); diff != "" {
			t.Errorf("%q: namedByOrder (-want +got)\n%s", tt.q, diff)
		}
	}
	// What the 2032 renewal dropped is in what it renewed: 9101.
	if diff := cmp.Diff(map[string]naming{"s-res-9150-2032": byYear, "s-res-9101-2031": byYear}, r.droppedBy(map[string]naming{"s-res-9150-2032": byYear})); diff != "" {
		t.Errorf("droppedBy (-want +got)\n%s", diff)
	}
	if diff := cmp.Diff(map[string]naming{"s-res-9101-2031": byNumber}, r.droppedBy(map[string]naming{"s-res-9101-2031": byNumber})); diff != "" {
		t.Errorf("droppedBy of a resolution that renewed none (-want +got)\n%s", diff)
	}

	for _, tt := range []struct {
		q     string
		named map[string]naming
		rest  string
	}{
		{"in 9101, what about cultural sites", map[string]naming{"s-res-9101-2031": byNumber}, "in , what about cultural sites"},
		{"what did resolution 9150 add", map[string]naming{"s-res-9150-2032": byNumber}, "what did add"},
		{"S/RES/9101 (2031) and the 2032 mandate", map[string]naming{"s-res-9101-2031": byNumber, "s-res-9150-2032": byYear}, "and the mandate"},
		{"what happened on 1 July 2031 and in May 2032", nil, "what happened on 1 July 2031 and in May 2032"},
		{"how many police, 1200?", nil, "how many police, 1200?"},
	} {
		named, rest := ix.names.named(tt.q)
		if diff := cmp.Diff(tt.named, named); diff != "" || rest != tt.rest {
			t.Errorf("%q: named (-want +got)\n%s; rest %q, want %q", tt.q, diff, rest, tt.rest)
		}
	}
}

// TestWhatTheMandateSaysComesFromTheResolutions: a question about what
// the mandate allows prefers a resolution's operative paragraph to a
// brief saying the same; one about the brief does not.
func TestWhatTheMandateSaysComesFromTheResolutions(t *testing.T) {
	for q, want := range map[string]bool{
		"Can MINUFIC use force?": true, "troop ceiling?": true, "is the mission supposed to protect sites": true,
		"what is MINUFIC's role in the ceasefire": true, "Quel rôle pour MINUFIC ?": true,
		"May MINUFIC use force?": true, "what happened in Strelsau in May 2032": false, "the talks of 17 may": false,
		"How can MINUFIC win back trust?": false, "what does the brief say about the mandate": false, "why did the zeppelins leave": false,
	} {
		if got := asksWhatMandateSays(q); got != want {
			t.Errorf("%q: about the mandate %v, want %v", q, got, want)
		}
	}
	ix := renewal(t)
	if a := answerOf(t, ix, "Is MINUFIC supposed to stabilize the key population centres?"); !slices.Contains([]string{"S/RES/9150 (2032), op. 2(a)(ii)"}, a.Top) {
		t.Errorf("answered by %s", a.Top)
	}
}

// TestAssess: what each rule adds to a passage's coverage of a question,
// measured against the same passage without the rule.
func TestAssess(t *testing.T) {
	ix := renewal(t)
	pass := func(doc, label string) *corpus.Passage {
		t.Helper()
		p := ix.Corpus().Document(doc).PassageByLabel(label)
		if p == nil {
			t.Fatalf("%s has no %s", doc, label)
		}
		return p
	}
	ctx := func(terms ...string) rankContext {
		rc := rankContext{weights: map[string]float64{}}
		for _, term := range terms {
			rc.weights[term] = 1
			rc.total++
		}
		rc.weighted = weightedTerms(rc.weights)
		rc.asked = rc.weighted
		return rc
	}
	coverage := func(p *corpus.Passage, rc rankContext) float64 {
		c := &candidate{p: p, kind: 1}
		ix.assess(c, rc)
		return c.coverage
	}
	const later, earlier = "s-res-9150-2032", "s-res-9101-2031"
	item, heading := pass(later, "op. 3(b)(ii)"), pass(later, "op. 3(b)")
	rc := ctx("zeppelin", "registri")

	// The heading's words count in the item as its context, for
	// contextShare of their weight: here they are all it matches.
	a := ix.analyzed(item)
	_, withContext, _ := bestSentence(a, rc)
	if want := contextShare * 2 / 2; withContext != want {
		t.Errorf("item's coverage by its lead-in's words: %v, want %v", withContext, want)
	}
	// A lead-in keeps leadInShare of its coverage.
	_, own, _ := bestSentence(ix.analyzed(heading), rc)
	if got, want := coverage(heading, rc), (own+operativeBoost)*leadInShare; !near(got, want) {
		t.Errorf("heading's coverage %v, want %v", got, want)
	}

	base := coverage(item, rc)
	named := rc
	named.named = map[string]naming{later: byYear}
	mandate := rc
	mandate.mandate = true
	added := rc
	added.change = 1
	for _, tt := range []struct {
		name string
		got  float64
		want float64
	}{
		{"named by its year", coverage(item, named), base + namedBoost},
		{"what the mandate says, an operative paragraph", coverage(item, mandate), base + mandateBoost},
		{"what the mandate says, a preambular one", coverage(pass(later, "pp. 2"), mandate), coverage(pass(later, "pp. 2"), rc)},
		{"what a renewal added", coverage(item, added), base + changeBoost},
		{"what a renewal added, a kept paragraph", coverage(pass(later, "op. 4"), added), coverage(pass(later, "op. 4"), rc)},
	} {
		if !near(tt.got, tt.want) {
			t.Errorf("%s: coverage %v, want %v", tt.name, tt.got, tt.want)
		}
	}

	// The renewed resolution's paragraphs weigh renewedMalus less, unless
	// the question names a resolution.
	alone, err := corpus.Load(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	ixAlone := indexOf(t, corpus.New(append(alone.Documents, ix.Corpus().Document(earlier))...))
	p := pass(earlier, "op. 3(c)(i)")
	rc = ctx("human", "right", "observ")
	c := &candidate{p: ixAlone.Corpus().Passage(p.ID), kind: 1}
	ixAlone.assess(c, rc)
	if got, want := coverage(p, rc), c.coverage-renewedMalus; !near(got, want) {
		t.Errorf("renewed: coverage %v, want %v", got, want)
	}
	numbered := rc
	numbered.named = map[string]naming{earlier: byNumber}
	if got := coverage(p, numbered); !near(got, c.coverage) {
		t.Errorf("renewed but named: coverage %v, want %v", got, c.coverage)
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

// TestBestSentenceOnTheBrief: on the embedded brief, the sentence shown
// in bold is the one that answers, and its footnote is listed first: a
// spelled-out acronym ("African-led International Support Mission …") or
// the glossary's words for "troops" count once, not one per word.
func TestBestSentenceOnTheBrief(t *testing.T) {
	ix := memIndex(t)
	for _, tt := range []struct {
		q, best   string
		firstNote int
	}{
		{"How many troops had actually been deployed by early 2015?", "However, on 28 February 2015 the mission had not yet reached full deployment, with only 8,831", 9},
		{"When did MINUSMA replace AFISMA?", "Then, on 1 July 2013, AFISMA was replaced", 0},
		{"Who called MINUSMA the deadliest UN mission?", "According to UN Under-Secretary-General for Peacekeeping Operations Hervé Ladsous", 13},
	} {
		res, err := ix.Search(context.Background(), Query{Text: tt.q, Limit: 1})
		if err != nil || len(res.Hits) == 0 {
			t.Fatalf("%q: %v", tt.q, err)
		}
		h := res.Hits[0]
		if !strings.HasPrefix(h.BestSentence(), tt.best) {
			t.Errorf("%q: bold %q, want %q…", tt.q, h.BestSentence(), tt.best)
		}
		first := 0
		if h.BestNotes > 0 {
			first = h.Footnotes[0].Number
		}
		if first != tt.firstNote {
			t.Errorf("%q: the bold sentence's first footnote is %d, want %d", tt.q, first, tt.firstNote)
		}
	}
}

// TestWhatARenewalChanged: a question asking what a renewal added ranks
// the paragraphs it added, even where they hold none of the question's
// words ("what is new …"); one asking what it dropped, those it dropped.
func TestWhatARenewalChanged(t *testing.T) {
	ix := renewal(t)
	for _, tt := range []struct {
		q    string
		want []string // what the first five hits must include
	}{
		{"What is new in the 2032 resolution?", []string{"S/RES/9150 (2032), op. 3(b)(i)"}},
		{"which tasks were dropped?", []string{"S/RES/9101 (2031), op. 3(c)(i)"}},
	} {
		res, err := ix.Search(context.Background(), Query{Text: tt.q, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.Document.Citation(h.Passage))
		}
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("%q: first hits %q, want %s among them", tt.q, got, w)
			}
		}
	}
}

// TestNamedResolutionSearchedApart: the chunks of a resolution a question
// names by number are searched apart, so that its paragraphs are among
// the candidates even where other documents hold the question's words
// more.
func TestNamedResolutionSearchedApart(t *testing.T) {
	ix := renewal(t)
	q := "report every three months"
	terms := ix.analyze(q)
	bq := ix.query(terms, nil, nil, Query{Text: q})
	hits, err := ix.topChunks(context.Background(), bq, 1)
	if err != nil {
		t.Fatal(err)
	}
	has := func(id string) bool {
		return slices.ContainsFunc(hits, func(h *search.DocumentMatch) bool { return strings.HasPrefix(h.ID, id+chunkSep) })
	}
	const want = "s-res-9150-2032#op-4"
	if has(want) {
		t.Fatalf("the first chunk is already %s: the test shows nothing", want)
	}
	if hits, err = ix.searchNamed(context.Background(), hits, terms, nil, nil, Query{Text: q}, map[string]naming{"s-res-9150-2032": byNumber}, 1); err != nil {
		t.Fatal(err)
	}
	if !has(want) {
		t.Errorf("after the named search, chunks %v lack %s", hits, want)
	}
	for i := 1; i < len(hits); i++ {
		if hits[i].Score > hits[i-1].Score {
			t.Fatalf("hits out of order at %d", i)
		}
	}
}

// TestInForceFitCountsAlternatives: how much of the question a paragraph
// holds counts the glossary's alternatives, each group at most as the
// words it stands for, so that a renewal's rewording ("civilians" for
// "people") still answers for the earlier paragraph.
func TestInForceFitCountsAlternatives(t *testing.T) {
	ix := renewal(t)
	p := ix.Corpus().Document("s-res-9150-2032").PassageByLabel("op. 2(a)(i)") // "To protect … civilians under imminent threat"
	weights := map[string]float64{"peopl": 2, "threat": 1, "civilian": 1.5, "popul": 1}
	rc := rankContext{weights: weights, asked: []weightedTerm{{"peopl", 2}, {"threat", 1}}}
	rc.alts, rc.altOnly = altGroups([]Alternative{
		{from: []string{"peopl"}, terms: []string{"civilian"}},
		{from: []string{"peopl"}, terms: []string{"popul"}},
	}, weights, []token{{term: "peopl"}, {term: "threat"}}, nil)
	c := &candidate{p: p, kind: 1}
	ix.assess(c, rc)
	if want := 1 + 1.5; !near(c.fit, want) { // threat, and civilians for people
		t.Errorf("fit %v, want %v", c.fit, want)
	}
	weights["civilian"] = 5 // an alternative weighing more than its word counts as its word
	rc.alts, rc.altOnly = altGroups([]Alternative{{from: []string{"peopl"}, terms: []string{"civilian"}}}, weights, []token{{term: "peopl"}, {term: "threat"}}, nil)
	ix.assess(c, rc)
	if want := 1 + 2.0; !near(c.fit, want) {
		t.Errorf("fit %v, want %v", c.fit, want)
	}
}

// TestWholePassageCounts: how much of the question the whole passage
// holds counts besides its best sentence and best chunk: the brief's
// paragraph on the mission's opportunities is among the first two (it was
// fifth, behind passages whose one sentence held as much).
func TestWholePassageCounts(t *testing.T) {
	ix := memIndex(t)
	res, err := ix.Search(context.Background(), Query{Text: "where are the biggest opportunities for the mission", Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range res.Hits {
		got = append(got, h.Passage.Label)
	}
	if !slices.Contains(got, "Opportunities and Recommendations ¶1") {
		t.Errorf("first hits %q, want the paragraph on opportunities among them", got)
	}
}
