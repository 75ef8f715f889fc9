package eval_test

import (
	"context"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"mandatebot/corpus"
	"mandatebot/corpus/undoc"
	"mandatebot/eval"
	"mandatebot/index"
	"mandatebot/index/indextest"
	goldenfile "mandatebot/internal/golden"
)

func TestRead(t *testing.T) {
	const in = `{"id":"a","q":"one?","expect":["x"]}

{"q":"two?","expect":["y"],"footnote":3}
{"q":"unanswerable?","none":true}
{"id":"r","q":"protect civilians?","passages":[{"doc":"s-res-9999-2032","label":"op. 4(a)(ii)"}],"superseded":[{"doc":"s-res-9998-2031","label":"op. 6(c)(i)"}]}
`
	want := []eval.Question{
		{ID: "a", Q: "one?", Expect: []string{"x"}},
		{ID: "line-3", Q: "two?", Expect: []string{"y"}, Footnote: 3},
		{ID: "line-4", Q: "unanswerable?", None: true},
		{ID: "r", Q: "protect civilians?",
			Passages:   []index.PassageRef{{Doc: "s-res-9999-2032", Label: "op. 4(a)(ii)"}},
			Superseded: []index.PassageRef{{Doc: "s-res-9998-2031", Label: "op. 6(c)(i)"}}},
	}
	got, err := eval.Read(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Read (-want +got):\n%s", diff)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"q":"no expect"}`, `line 1: a question needs "expect" or "passages"`},
		{`not json`, "line 1: invalid character"},
		{`{"expect":["x"]}`, `line 1: a question needs "q"`},
		{`{"q":"both?","expect":["x"],"none":true}`, `line 1: a "none" question expects nothing`},
		{`{"q":"both?","passages":[{"doc":"d","label":"op. 1"}],"none":true}`, `line 1: a "none" question expects nothing`},
		{`{"q":"earlier alone?","expect":["x"],"superseded":[{"doc":"d","label":"op. 1"}]}`, `line 1: "superseded" needs "passages"`},
		{`{"q":"no label?","passages":[{"doc":"d"}]}`, `line 1: a passage needs "doc" and "label"`},
		{`{"q":"no doc?","passages":[{"doc":"d","label":"op. 1"}],"superseded":[{"label":"op. 1"}]}`, `line 1: a passage needs "doc" and "label"`},
		{"\n" + `{"q":"typo?","passages":[{"doc":"d","label":"op. 1"}],"supersede":[]}`, `line 2: json: unknown field "supersede"`},
		{`{"q":"typo?","passages":[{"doc":"d","lable":"op. 1"}]}`, `line 1: json: unknown field "lable"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := eval.Read(strings.NewReader(tt.in))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("Read(%q) err = %v, want %q…", tt.in, err, tt.want)
			}
		})
	}
}

// fakeSearcher answers every question with the same fictional passages,
// or with those answers holds for it, weakly for the questions in weak.
type fakeSearcher struct {
	hits    []index.Hit
	answers map[string][]index.Hit
	weak    map[string]bool
	corpus  *corpus.Corpus
}

func (f fakeSearcher) Search(ctx context.Context, q index.Query) (*index.Result, error) {
	hits, ok := f.answers[q.Text]
	if !ok {
		hits = f.hits
	}
	return &index.Result{Query: q.Text, Hits: hits, Weak: f.weak[q.Text]}, nil
}

func (f fakeSearcher) Corpus() *corpus.Corpus {
	if f.corpus == nil {
		return corpus.New()
	}
	return f.corpus
}

func TestNoneAndWeak(t *testing.T) {
	hit := index.Hit{Rank: 1, Passage: &corpus.Passage{Text: "alpha", Label: "L"}}
	s := fakeSearcher{hits: []index.Hit{hit}, weak: map[string]bool{"weak none": true, "weak answerable": true}}
	qs := []eval.Question{
		{ID: "1", Q: "confident", Expect: []string{"alpha"}},
		{ID: "2", Q: "weak answerable", Expect: []string{"alpha"}}, // the user sees no passage: a miss
		{ID: "3", Q: "weak none", None: true},                      // right
		{ID: "4", Q: "confident none", None: true},                 // false-confident
	}
	rep, err := eval.Run(context.Background(), s, qs)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Hit1 != 0.5 || rep.WeakAnswerable != 1 || rep.NoneQs != 2 || rep.FalseConfident != 1 || rep.FalseConfidentPct != 0.5 {
		t.Errorf("report = %+v", rep)
	}
	var b strings.Builder
	rep.Print(&b)
	if !strings.Contains(b.String(), "2 questions without an answer in the corpus: false-confident 1 (50%)") {
		t.Errorf("report:\n%s", b.String())
	}
}

func TestScores(t *testing.T) {
	mk := func(rank int, text string, notes ...int) index.Hit {
		return index.Hit{Rank: rank, Passage: &corpus.Passage{Text: text, Label: "L", Footnotes: notes}}
	}
	s := fakeSearcher{hits: []index.Hit{mk(1, "alpha  beta"), mk(2, "gamma", 7), mk(3, "delta")}}
	qs := []eval.Question{
		{ID: "1", Q: "q", Expect: []string{"alpha beta"}}, // rank 1, white space collapsed
		{ID: "2", Q: "q", Expect: []string{"gamma"}, Footnote: 7},
		{ID: "3", Q: "q", Expect: []string{"nowhere", "delta"}},
		{ID: "4", Q: "q", Expect: []string{"missing"}, Footnote: 2},
	}
	rep, err := eval.Run(context.Background(), s, qs)
	if err != nil {
		t.Fatal(err)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if !near(rep.Hit1, 0.25) || !near(rep.Hit3, 0.75) || !near(rep.MRR10, (1+0.5+1.0/3)/4) {
		t.Errorf("Hit@1 %v Hit@3 %v MRR %v", rep.Hit1, rep.Hit3, rep.MRR10)
	}
	if rep.FootnoteQs != 2 || rep.FootnoteHits != 1 {
		t.Errorf("footnotes %d/%d, want 1/2", rep.FootnoteHits, rep.FootnoteQs)
	}
	var b strings.Builder
	rep.Print(&b)
	if !strings.Contains(b.String(), "Hit@1 0.250") {
		t.Errorf("report:\n%s", b.String())
	}
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// passageCorpus is a fictional mission's two resolutions, the later
// holding tasks of the earlier, and a fictional brief.
func passageCorpus() *corpus.Corpus {
	doc := func(id, symbol string, labels ...string) *corpus.Document {
		d := &corpus.Document{ID: id, Symbol: symbol}
		for _, l := range labels {
			d.Passages = append(d.Passages, corpus.Passage{ID: id + "#" + l, DocID: id, Label: l, Text: "fictional text of " + l})
		}
		return d
	}
	brief := doc("fictional-brief", "", "Findings ¶1", "Findings ¶2")
	brief.Passages[1].Footnotes = []int{7}
	return corpus.New(
		doc("s-res-9998-2031", "S/RES/9998 (2031)", "op. 6", "op. 6(c)", "op. 6(c)(i)", "op. 6(f)", "op. 8"),
		doc("s-res-9999-2032", "S/RES/9999 (2032)", "op. 3", "op. 4", "op. 4(a)", "op. 4(a)(ii)", "op. 5", "op. 5(b)"),
		brief,
	)
}

// TestPassages scores questions that name their right passages by
// document and label: skipped when a document is missing, a label the
// document lacks reported, the paragraph in force checked against the
// superseded one.
func TestPassages(t *testing.T) {
	c := passageCorpus()
	hit := func(rank int, doc, label string, identical ...string) index.Hit {
		d := c.Document(doc)
		h := index.Hit{Rank: rank, Document: d, Passage: d.PassageByLabel(label)}
		for i := 0; i < len(identical); i += 2 {
			h.Identical = append(h.Identical, c.Document(identical[i]).PassageByLabel(identical[i+1]))
		}
		return h
	}
	const earlier, later, brief = "s-res-9998-2031", "s-res-9999-2032", "fictional-brief"
	ref := func(doc, label string) []index.PassageRef { return []index.PassageRef{{Doc: doc, Label: label}} }
	protect, cultural, ceiling := ref(later, "op. 4(a)(ii)"), ref(later, "op. 5(b)"), ref(later, "op. 3")
	qs := []eval.Question{
		{ID: "c1", Q: "in force first", Passages: protect, Superseded: ref(earlier, "op. 6(c)(i)")},
		{ID: "c2", Q: "superseded first", Passages: protect, Superseded: ref(earlier, "op. 6(c)(i)")},
		{ID: "c3", Q: "in force cited with the same words", Passages: cultural, Superseded: ref(earlier, "op. 6(f)")},
		{ID: "c4", Q: "superseded cited with the same words", Passages: cultural, Superseded: ref(earlier, "op. 6(f)")},
		{ID: "c5", Q: "only the superseded", Passages: ceiling, Superseded: ref(earlier, "op. 8")},
		{ID: "c6", Q: "a missing document", Passages: ref("s-res-9997-2030", "op. 1")},
		{ID: "c7", Q: "one of two documents missing", Passages: append(ref("s-res-9990-2029", "op. 2"), ref(later, "op. 3")...)},
		{ID: "c7b", Q: "both documents missing", Passages: append(ref("s-res-9990-2029", "op. 2"), ref("s-res-9997-2030", "op. 3")...)},
		{ID: "c8", Q: "a label the document lacks", Passages: ref(later, "op. 4(a)(ix)")},
		{ID: "c8b", Q: "a label whose parent the document lacks", Passages: ref(later, "op. 5(c)(i)")},
		{ID: "c9", Q: "superseded in a missing document", Passages: ceiling, Superseded: ref("s-res-9990-2029", "op. 9")},
		{ID: "c10", Q: "the brief by label", Passages: ref(brief, "Findings ¶2"), Footnote: 7},
	}
	s := fakeSearcher{corpus: c, answers: map[string][]index.Hit{
		"in force first":                          {hit(1, later, "op. 4(a)(ii)"), hit(2, earlier, "op. 6(c)(i)")},
		"superseded first":                        {hit(1, earlier, "op. 6(c)(i)"), hit(2, later, "op. 4(a)(ii)")},
		"in force cited with the same words":      {hit(1, later, "op. 5(b)", earlier, "op. 6(f)")},
		"superseded cited with the same words":    {hit(1, earlier, "op. 6(f)", later, "op. 5(b)")},
		"only the superseded":                     {hit(1, earlier, "op. 8"), hit(2, brief, "Findings ¶1")},
		"a label the document lacks":              {hit(1, later, "op. 4(a)(ii)")},
		"a label whose parent the document lacks": {hit(1, later, "op. 4(a)(ii)")},
		"superseded in a missing document":        {hit(1, later, "op. 3")},
		"one of two documents missing":            {hit(1, brief, "Findings ¶1"), hit(2, later, "op. 3")},
		"the brief by label":                      {hit(1, brief, "Findings ¶1"), hit(2, brief, "Findings ¶2")},
	}}
	rep, err := eval.Run(context.Background(), s, qs)
	if err != nil {
		t.Fatal(err)
	}
	yes, no := true, false
	want := &eval.Report{
		Rows: []eval.Row{
			{ID: "c1", Q: "in force first", Rank: 1, Hit: "S/RES/9999 (2032), op. 4(a)(ii)", Top: "S/RES/9999 (2032), op. 4(a)(ii)", Earlier: 2, InForceFirst: &yes},
			{ID: "c2", Q: "superseded first", Rank: 2, Hit: "S/RES/9999 (2032), op. 4(a)(ii)", Top: "S/RES/9998 (2031), op. 6(c)(i)", Earlier: 1, InForceFirst: &no},
			{ID: "c3", Q: "in force cited with the same words", Rank: 1, Hit: "S/RES/9999 (2032), op. 5(b)", Top: "S/RES/9999 (2032), op. 5(b)", InForceFirst: &yes},
			{ID: "c4", Q: "superseded cited with the same words", Rank: 1, Hit: "S/RES/9998 (2031), op. 6(f)", Top: "S/RES/9998 (2031), op. 6(f)", Earlier: 1, InForceFirst: &no},
			{ID: "c5", Q: "only the superseded", Top: "S/RES/9998 (2031), op. 8", Earlier: 1, InForceFirst: &no},
			{ID: "c7", Q: "one of two documents missing", Rank: 2, Hit: "S/RES/9999 (2032), op. 3", Top: "Findings ¶1"},
			{ID: "c8", Q: "a label the document lacks", Top: "S/RES/9999 (2032), op. 4(a)(ii)"},
			{ID: "c8b", Q: "a label whose parent the document lacks", Top: "S/RES/9999 (2032), op. 4(a)(ii)"},
			{ID: "c9", Q: "superseded in a missing document", Rank: 1, Hit: "S/RES/9999 (2032), op. 3", Top: "S/RES/9999 (2032), op. 3"},
			{ID: "c10", Q: "the brief by label", Rank: 2, Hit: "Findings ¶2", Top: "Findings ¶1", Footnote: 7, Cites: &yes},
		},
		Skipped: []eval.Skip{
			{ID: "c6", Q: "a missing document", Missing: []string{"s-res-9997-2030"}},
			{ID: "c7b", Q: "both documents missing", Missing: []string{"s-res-9990-2029", "s-res-9997-2030"}},
		},
		Missing: []string{"s-res-9990-2029", "s-res-9997-2030"},
		Unknown: []string{
			`c8: s-res-9999-2032 has no "op. 4(a)(ix)" (near: op. 4(a), op. 4(a)(ii))`,
			`c8b: s-res-9999-2032 has no "op. 5(c)(i)" (near: op. 5, op. 5(b))`,
		},
		Hit1: 4.0 / 10, Hit3: 7.0 / 10, MRR10: (1 + 0.5 + 1 + 1 + 0 + 0.5 + 0 + 0 + 1 + 0.5) / 10,
		FootnoteQs: 1, FootnoteAcc: 1, FootnoteHits: 1,
		InForceQs: 5, InForceFirst: 2,
	}
	if diff := cmp.Diff(want, rep); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	var b strings.Builder
	rep.Print(&b)
	golden(t, "testdata/passages.golden", b.String())
}

// TestAllSkipped: a report with every question skipped says so, with no
// scores.
func TestAllSkipped(t *testing.T) {
	qs := []eval.Question{{ID: "r1", Q: "ceiling?", Passages: []index.PassageRef{{Doc: "s-res-9998-2031", Label: "op. 8"}}}}
	rep, err := eval.Run(context.Background(), fakeSearcher{}, qs)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	rep.Print(&b)
	want := "no question asked\n1 question skipped, not counted: the corpus has no s-res-9998-2031\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
}

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	goldenfile.Text(t, path, got, *update)
}

// TestRetrievalTargets guards the retrieval issue's targets on the
// development questions (../shared/eval/dev.jsonl, or its copy in
// testdata when the shared folder is not beside the repository) and on the
// held-out questions written for this repository. It fails when a change
// makes ranking worse; a missing question set is a failure, never a skip.
func TestRetrievalTargets(t *testing.T) {
	ix := indextest.Load(t, "")
	sets := []struct {
		path              string
		hit1, hit3, mrr10 float64
	}{
		{"dev.jsonl", 0.85, 0.95, 0.90},
		{"heldout.jsonl", 0.80, 0.90, 0.85},
		// Chat-style questions, never tuned on: a floor one question below
		// what ranking scores now (.655 / .836 / .768), so a change that
		// loses ground fails. The retrieval issue's target (Hit@1 0.80,
		// MRR@10 0.85) is not met by lexical search; see its notes.
		{"chat.jsonl", 0.63, 0.81, 0.75},
		// The mandate set's questions on the brief (those on the
		// resolutions are skipped: the embedded corpus lacks them), written
		// before any ranking change for issue #33 and never tuned on: a
		// floor one question below what ranking scores now (.857 / 1.000 /
		// .923 on 28; .821 / 1.000 / .899 before #33).
		{"mandate.jsonl", 0.82, 0.96, 0.89},
	}
	for _, set := range sets {
		t.Run(set.path, func(t *testing.T) {
			f, err := os.Open(filepath.Join("../../shared/eval", set.path))
			if err != nil {
				f, err = os.Open(filepath.Join("testdata", set.path))
			}
			if err != nil {
				t.Fatalf("no question set: %v", err)
			}
			defer f.Close()
			qs, err := eval.Read(f)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := eval.Run(context.Background(), ix, qs)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Unknown) > 0 {
				t.Errorf("passages the corpus does not have: %q", rep.Unknown)
			}
			if rep.Hit1 < set.hit1 || rep.Hit3 < set.hit3 || rep.MRR10 < set.mrr10 || rep.FootnoteHits != rep.FootnoteQs {
				var b strings.Builder
				rep.Print(&b)
				t.Errorf("below target (Hit@1 %.2f, Hit@3 %.2f, MRR@10 %.2f, all footnotes):\n%s", set.hit1, set.hit3, set.mrr10, b.String())
			}
		})
	}
}

// readSet reads a question set of testdata.
func readSet(t *testing.T, name string) []eval.Question {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	qs, err := eval.Read(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return qs
}

// TestMandateSet checks the mandate questions as written (issue #33): at
// least 40 on the resolutions the brief cites and 20 on the brief; every
// passage of the brief named by a label it has; every resolution
// paragraph by a label as corpus.Label makes them; a superseded paragraph
// in another document than the one in force.
func TestMandateSet(t *testing.T) {
	c, err := corpus.Load(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	resolutions := map[string]bool{}
	for _, sym := range c.Cited() {
		if strings.HasPrefix(sym, "S/RES/") {
			resolutions[undoc.ID(sym)] = true
		}
	}
	onResolutions, onBrief := 0, 0
	for _, q := range readSet(t, "mandate.jsonl") {
		docs := map[string]bool{}
		for _, r := range q.Passages {
			docs[r.Doc] = true
			switch d := c.Document(r.Doc); {
			case d != nil && d.PassageByLabel(r.Label) == nil:
				t.Errorf("%s: %s has no %q", q.ID, r.Doc, r.Label)
			case d == nil && !resolutions[r.Doc]:
				t.Errorf("%s: %q is neither a document of the corpus nor a resolution it cites", q.ID, r.Doc)
			case d == nil && !corpus.IsParagraphLabel(r.Label):
				t.Errorf("%s: %q is not a paragraph label", q.ID, r.Label)
			}
		}
		for _, r := range q.Superseded {
			if !resolutions[r.Doc] || !corpus.IsParagraphLabel(r.Label) || docs[r.Doc] {
				t.Errorf("%s: superseded %+v is not another resolution's paragraph", q.ID, r)
			}
		}
		switch {
		case len(q.Expect) > 0:
			t.Errorf("%s: quotes its passage; name it by document and label", q.ID)
		case docs["nupi-policy-brief-19-2015"]:
			onBrief++
		default:
			onResolutions++
		}
	}
	if onResolutions < 40 || onBrief < 20 {
		t.Errorf("%d questions on the resolutions, %d on the brief; want at least 40 and 20", onResolutions, onBrief)
	}
}

// TestMandateSetOnRealTexts asks the mandate questions of a corpus folder
// holding the real resolutions, converted (CORPUS_DIR, opt-in: their text
// is not in the repository). Every passage a question names must be in
// it: a label missing is a wrong label in the set or a paragraph parsed
// wrongly. It prints the scores and fails below issue #33's targets:
// Hit@1 0.80, Hit@3 0.95, and the paragraph in force first for every
// question naming a superseded one.
func TestMandateSetOnRealTexts(t *testing.T) {
	dir := os.Getenv("CORPUS_DIR")
	if dir == "" {
		t.Skip("set CORPUS_DIR to a folder holding S/RES/2100 (2013) and S/RES/2164 (2014), converted, to ask the mandate questions of them")
	}
	c, err := corpus.Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"s-res-2100-2013", "s-res-2164-2014"} {
		if c.Document(id) == nil {
			t.Skipf("CORPUS_DIR=%s has no %s: convert it there (mandatebot fetch, or add its PDF)", dir, id)
		}
	}
	rep, err := eval.Run(context.Background(), indextest.Build(t, c), readSet(t, "mandate.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	rep.Print(&b)
	t.Log("\n" + b.String())
	if len(rep.Skipped) > 0 || len(rep.Unknown) > 0 {
		t.Errorf("%d questions skipped, %d expected passages not in the corpus (listed above)", len(rep.Skipped), len(rep.Unknown))
	}
	if rep.Hit1 < 0.80 || rep.Hit3 < 0.95 || rep.InForceFirst < rep.InForceQs {
		t.Errorf("below target: Hit@1 %.3f (want 0.80), Hit@3 %.3f (want 0.95), in force first %d of %d (want all)", rep.Hit1, rep.Hit3, rep.InForceFirst, rep.InForceQs)
	}
}

// TestDevCopyIsCurrent keeps the testdata copy of the development
// questions equal to the shared file whenever the shared folder is here.
func TestDevCopyIsCurrent(t *testing.T) {
	shared, err := os.ReadFile("../../shared/eval/dev.jsonl")
	if err != nil {
		t.Skip("../shared is not beside the repository; the copy is what there is")
	}
	copied, err := os.ReadFile("testdata/dev.jsonl")
	if err != nil || string(copied) != string(shared) {
		t.Errorf("eval/testdata/dev.jsonl differs from ../shared/eval/dev.jsonl: copy it again (err %v)", err)
	}
}
