package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/google/go-cmp/cmp"

	"mandatebot/corpus"
	"mandatebot/corpus/corpustest"
)

// generated returns generated documents i of the benchmarks' corpus
// (fictional text), parsed.
func generated(t testing.TB, seed uint64, is ...int) []*corpus.Document {
	t.Helper()
	var out []*corpus.Document
	for _, i := range is {
		d, err := corpus.Parse(corpustest.DocumentID(i)+".md", corpustest.Document(seed, i))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

func wordsOf(text string) []string {
	var out []string
	eachWord(text, func(w string) { out = append(out, w) })
	return out
}

// TestEachWord checks the hand-written word scanner against the regular
// expression it replaces, on texts that probe its edges and on random
// ones.
func TestEachWord(t *testing.T) {
	texts := []string{
		"", "a", "1", "ab", "a1", "1a", "a-", "-a", "a-b", "a--b", "a-1", "a'b'", "l’État", "’a’",
		"troop-contributing countries (TCCs)", "12,640 uniformed personnel", "S/RES/2164 (2014)",
		"naïve café — Ünïcödé 東京 done", "x2y2 a1b", "it's the Council’s", "a\u0301b", "ǅa", "..a..b..",
	}
	alphabet := []rune("abZé東1٣'’- .,(\u0301\u00a0")
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		b := make([]rune, r.IntN(20))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		texts = append(texts, string(b))
	}
	for _, text := range texts {
		if diff := cmp.Diff(wordRE.FindAllString(text, -1), wordsOf(text)); diff != "" {
			t.Fatalf("words of %q (-regexp +eachWord):\n%s", text, diff)
		}
	}
}

func FuzzEachWord(f *testing.F) {
	for _, s := range []string{"troop-contributing countries (TCCs)", "l’État", "a-1b", "x'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if diff := cmp.Diff(wordRE.FindAllString(text, -1), wordsOf(text)); diff != "" {
			t.Fatalf("words of %q (-regexp +eachWord):\n%s", text, diff)
		}
	})
}

// vocabularyView is what a vocabulary holds, for comparing two.
type vocabularyView struct {
	Count  map[string]int
	Terms  map[string][]string
	Capped bool
	ByLen  map[int][]string
	ByTerm map[string]string
}

func viewOf(v *vocabulary) vocabularyView {
	return vocabularyView{v.count, v.terms, v.capped, v.byLen, v.byTerm}
}

// TestVocabularyUpdated checks that the vocabulary a reindex updates by
// counts is the one counting the new corpus afresh makes, whatever it
// adds, removes and changes.
func TestVocabularyUpdated(t *testing.T) {
	docs := generated(t, 36, 0, 1, 2, 3, 4, 5, 6, 7)
	changed := generated(t, 99, 3)[0] // another text under document 3's id
	changed.ID = docs[3].ID
	base := shipped(t).Documents
	old := corpus.New(append(base, docs[:6]...)...)
	tests := []struct {
		name string
		cur  *corpus.Corpus
	}{
		{"one added", corpus.New(append(base, docs[:7]...)...)},
		{"one removed", corpus.New(append(base, docs[1:6]...)...)},
		{"one changed", corpus.New(append(base, docs[0], docs[1], docs[2], changed, docs[4], docs[5])...)},
		{"added, removed and changed", corpus.New(append(base, docs[1], docs[2], changed, docs[4], docs[5], docs[6])...)},
		{"nothing", old},
	}
	v := newVocabulary(old, analyzeEnglish)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := v.updated(old, tt.cur, analyzeEnglish)
			if got == nil {
				t.Fatal("not updated")
			}
			if diff := cmp.Diff(viewOf(newVocabulary(tt.cur, analyzeEnglish)), viewOf(got)); diff != "" {
				t.Errorf("updated vocabulary (-counted afresh +updated):\n%s", diff)
			}
		})
	}
	t.Run("full", func(t *testing.T) {
		full := *v
		full.capped = true
		if full.updated(old, tests[0].cur, analyzeEnglish) != nil {
			t.Error("a vocabulary that left words out was updated: the words it left out would be missing")
		}
	})
	t.Run("most documents changed", func(t *testing.T) {
		if v.updated(old, corpus.New(docs[6:]...), analyzeEnglish) != nil {
			t.Error("updated when counting again costs less")
		}
	})
}

// TestOpenReadsWhatBuildDerived checks that an index opened from disk
// knows what the one built in memory found: the same definitions,
// acronyms and vocabulary, so that it answers alike without scanning its
// corpus again.
func TestOpenReadsWhatBuildDerived(t *testing.T) {
	// The fictional renewal (testdata/renewal) with generated documents.
	withRenewal, err := corpus.Load(context.Background(), "testdata/renewal")
	if err != nil {
		t.Fatal(err)
	}
	c := corpus.New(append(withRenewal.Documents, generated(t, 36, 0, 1, 2)...)...)
	mem := indexOf(t, c)
	store, _ := newStore(t)
	dir := installed(t, store, c)
	disk, err := store.openDir(context.Background(), c, dir, false)
	if err != nil {
		t.Fatal(err)
	}
	defer disk.Close()
	if len(mem.defines) < 4 || len(mem.glossary.acronyms) < 4 {
		t.Fatalf("the corpus defines %d terms and %d acronyms: too few to tell", len(mem.defines), len(mem.glossary.acronyms))
	}
	if diff := cmp.Diff(mem.defines, disk.defines); diff != "" {
		t.Errorf("definitions (-built +opened):\n%s", diff)
	}
	if diff := cmp.Diff(mem.glossary.acronyms, disk.glossary.acronyms); diff != "" {
		t.Errorf("acronyms (-built +opened):\n%s", diff)
	}
	if diff := cmp.Diff(mem.glossary.heads, disk.glossary.heads); diff != "" {
		t.Errorf("glossary (-built +opened):\n%s", diff)
	}
	if r := storeRenewals(mem.renewals); len(r.Later) == 0 || len(r.Renewed) == 0 {
		t.Errorf("the renewal was not found: %+v", r)
	}
	// Every field, so that one added to renewals but not stored fails.
	if diff := cmp.Diff(mem.renewals, disk.renewals, cmp.AllowUnexported(renewals{})); diff != "" {
		t.Errorf("renewals (-built +opened):\n%s", diff)
	}
	if diff := cmp.Diff(mem.terms, disk.terms, cmp.AllowUnexported(termCounts{})); diff != "" {
		t.Errorf("term counts (-built +opened):\n%s", diff)
	}
	if diff := cmp.Diff(mem.bm25, disk.bm25); diff != "" {
		t.Errorf("BM25 statistics (-built +opened):\n%s", diff)
	}
	if diff := cmp.Diff(mem.leadIns, disk.leadIns); diff != "" {
		t.Errorf("lead-ins (-built +opened):\n%s", diff)
	}
	if disk.vocabulary != nil {
		t.Error("the vocabulary was read at open; it is read when a suggestion first needs it")
	}
	voc, ok := disk.vocab(context.Background())
	if !ok {
		t.Fatal("no vocabulary")
	}
	if diff := cmp.Diff(viewOf(mem.vocabulary), viewOf(voc)); diff != "" {
		t.Errorf("vocabulary (-built +read):\n%s", diff)
	}
	for _, q := range []string{"what is MINUSMA?", "what are TCCs", "reconcilation", fmt.Sprintf("what is %s", corpustest.MarkerWord(1)), "Is MINUFIC a Chapter VII mission?", "what did the renewal drop?"} {
		a, err := mem.Search(context.Background(), Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		b, err := disk.Search(context.Background(), Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(resultView(a), resultView(b)); diff != "" {
			t.Errorf("%q (-built +opened):\n%s", q, diff)
		}
	}
}

// resultView is what a search answered, for comparing two: the hits by
// score, passages of the same score in id order, less those tied with the
// last (which of the tied makes the page, and in what order, is not the
// index's to keep).
func resultView(r *Result) []string {
	var hits []string
	for _, h := range r.Hits {
		if h.Score > r.Hits[len(r.Hits)-1].Score {
			hits = append(hits, fmt.Sprintf("%.4f %s", h.Score, h.Passage.ID))
		}
	}
	slices.Sort(hits)
	return append([]string{fmt.Sprint(r.Weak, r.Suggestions, r.Absent)}, hits...)
}

// TestDefinitionPrefilters checks that mayBeSpelledOut and mayBeDefined
// never turn away a text their regular expression matches, on random
// texts made of the pieces such matches are made of.
func TestDefinitionPrefilters(t *testing.T) {
	pieces := []string{"Alpha", "Beta", "Ωmega", "of", "the", "and", "de", "x-Ray", "O’Neil", "(", ")", "[", "]", "(AB)", "[NUPI]", "( AB )", "MINUSMA", "Abcdefghijklm",
		"is", "are", "was", "a", "an", "the", "1", "é", "Éire", "lowercase", "is a", "are the", "was an"}
	seps := []string{" ", " ", " ", "", "  ", ", ", ". ", "! ", "?\n", "\n", "\t", "."}
	r := rand.New(rand.NewPCG(3, 4))
	matched := [2]int{}
	for range 100000 {
		var b []byte
		for range 1 + r.IntN(8) {
			b = append(b, pieces[r.IntN(len(pieces))]...)
			b = append(b, seps[r.IntN(len(seps))]...)
		}
		text := string(b)
		if spelledOutRE.MatchString(text) {
			matched[0]++
			if !mayBeSpelledOut(text) {
				t.Fatalf("mayBeSpelledOut(%q) is false; spelledOutRE matches it", text)
			}
		}
		if isDefinedRE.MatchString(text) {
			matched[1]++
			if !mayBeDefined(text) {
				t.Fatalf("mayBeDefined(%q) is false; isDefinedRE matches it", text)
			}
		}
	}
	t.Logf("matched %v", matched)
	if matched[0] < 100 || matched[1] < 100 {
		t.Fatalf("only %v random texts matched: the test tells nothing", matched)
	}
}

// TestTopChunks checks that the best chunks by score then id, found by
// sorting twice as many by score alone, are those bleve gives sorting by
// "-_score" then "_id", whether ties reach past the chunks fetched (a
// corpus of the same paragraph many times over) or not.
func TestTopChunks(t *testing.T) {
	docs := generated(t, 36, 0, 1, 2, 3)
	var same []*corpus.Document
	for i := range 3 { // the same fictional paragraph in three documents: ties
		d := &corpus.Document{ID: fmt.Sprintf("same-%d", i), Title: "Same", Kind: corpus.KindReport, Hash: fmt.Sprint(i)}
		for j := range 8 {
			d.Passages = append(d.Passages, corpus.Passage{ID: fmt.Sprintf("%s#p-%d", d.ID, j), DocID: d.ID, Label: fmt.Sprint("¶", j+1),
				Text: "The zeppelins of Ruritania stay grounded while the harbour is closed."})
		}
		same = append(same, d)
	}
	ix := indexOf(t, corpus.New(append(append(shipped(t).Documents, docs...), same...)...))
	for _, q := range []string{"zeppelins Ruritania", "protection of civilians", "mission mandate", "authorized strength", "reconciliation", corpustest.MarkerWord(2)} {
		terms := ix.analyze(q)
		bq := ix.query(terms, nil, nil, Query{})
		for _, n := range []int{1, 3, 10, 25, 60} {
			got, err := ix.topChunks(context.Background(), bq, n)
			if err != nil {
				t.Fatal(err)
			}
			req := bleve.NewSearchRequestOptions(bq, n, 0, false)
			req.PreSearchData = map[string]interface{}{search.BM25PreSearchDataKey: ix.bm25}
			req.SortBy([]string{"-_score", "_id"})
			res, err := ix.bleve.Search(req)
			if err != nil {
				t.Fatal(err)
			}
			ids := func(hs search.DocumentMatchCollection) []string {
				var out []string
				for _, h := range hs {
					out = append(out, fmt.Sprintf("%s %.6f", h.ID, h.Score))
				}
				return out
			}
			if diff := cmp.Diff(ids(res.Hits), ids(got)); diff != "" {
				t.Errorf("%q, %d chunks (-bleve sorted +topChunks):\n%s", q, n, diff)
			}
		}
	}
}

// TestPhraseAsConjunction checks what query relies on when a phrase is in
// as many chunks as its rarest word: the conjunction of its words finds
// the very chunks the phrase does, with the very same scores; and that a
// phrase rarer than its words is searched as a phrase.
func TestPhraseAsConjunction(t *testing.T) {
	ix := indexOf(t, corpus.New(append(shipped(t).Documents, generated(t, 36, 0, 1, 2, 3, 4, 5)...)...))
	checked, rarer := 0, 0
	for _, q := range []string{"troop contributing countries", "TCCs", "peace deal", "blue helmets killed", "aid workers", "who are the PCCs",
		"what is MINUSMA", "coup", "jihadists", "northern Mali", "peace agreement", "humanitarian community", "NGO staff"} {
		for _, a := range ix.expand(ix.analyze(q)) {
			if len(a.phrase) < 2 {
				continue
			}
			isRarer, rarest := ix.phraseRarer(a.phrase)
			if rarest == "" {
				continue
			}
			if isRarer {
				rarer++
				continue
			}
			checked++
			pq := bleve.NewPhraseQuery(a.phrase, fieldText)
			pq.SetBoost(a.Weight)
			var words []query.Query
			for _, w := range a.phrase {
				if w != "" {
					tq := bleve.NewTermQuery(w)
					tq.SetField(fieldText)
					tq.SetBoost(a.Weight)
					words = append(words, tq)
				}
			}
			hits := func(q query.Query) []string {
				req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(q), 1000, 0, false)
				req.PreSearchData = map[string]interface{}{search.BM25PreSearchDataKey: ix.bm25}
				req.SortBy([]string{"-_score", "_id"})
				res, err := ix.bleve.Search(req)
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, h := range res.Hits {
					out = append(out, fmt.Sprintf("%s %v", h.ID, h.Score))
				}
				return out
			}
			if diff := cmp.Diff(hits(pq), hits(bleve.NewConjunctionQuery(words...))); diff != "" {
				t.Errorf("%q (-phrase +conjunction):\n%s", a.Text, diff)
			}
		}
	}
	t.Logf("%d phrases as common as their words, %d rarer", checked, rarer)
	if checked < 3 || rarer < 3 {
		t.Fatalf("%d phrases as common as their words, %d rarer: too few to tell", checked, rarer)
	}
}
