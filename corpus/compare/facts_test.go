package compare_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"mandatebot/corpus"
	"mandatebot/corpus/compare"
)

// resolutionOf is a fictional resolution whose operative paragraphs are
// ops, in order; a paragraph "(a) …" or "(i) …" is a sub-paragraph of the
// one before at that depth. Its text is made up.
func resolutionOf(t testing.TB, number int, ops ...string) *corpus.Document {
	t.Helper()
	d, err := parseOps(number, ops)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func parseOps(number int, ops []string) (*corpus.Document, error) {
	w, err := corpus.NewWriter(corpus.FrontMatter{ID: fmt.Sprintf("s-res-%d-2040", number), Title: fmt.Sprintf("Resolution %d (2040)", number),
		Kind: corpus.KindResolution, Symbol: fmt.Sprintf("S/RES/%d (2040)", number)})
	if err != nil {
		return nil, err
	}
	w.Heading("Operative paragraphs")
	var n int
	var op, sub, opText, subText string
	for _, text := range ops {
		mark, _, _ := strings.Cut(strings.TrimPrefix(text, "("), ")")
		switch {
		case strings.HasPrefix(text, "(") && (mark == "i" || mark == "ii" || mark == "iii") && sub != "":
			w.Paragraph(corpus.SubLabel(sub, mark), subText+" "+text, nil)
		case strings.HasPrefix(text, "("):
			sub, subText = corpus.SubLabel(op, mark), opText+" "+text
			w.Paragraph(sub, subText, nil)
		default:
			n++
			op, opText, sub = corpus.Label(corpus.Operative, n), text, ""
			w.Paragraph(op, text, nil)
		}
	}
	return corpus.Parse("r.md", w.Bytes())
}

// TestFacts: the facts of a mandate are read by rule from the forms
// resolutions state them in, each value a stretch of its paragraph's
// words; the same fact of both resolutions is paired, and called
// unchanged only when its values are the same.
func TestFacts(t *testing.T) {
	old := resolutionOf(t, 9970,
		"Decides to extend the mandate of the United Nations Fictional Observer Mission in Zembla (UNFOMZ) for a further period of six months, ending on 31 March 2041;",
		"Decides that the authorized strength of UNFOMZ shall remain at up to 4,500 military personnel, including 120 military observers, and 800 police personnel, including 5 formed police units;",
		"Decides that the mandate of UNFOMZ shall be the following:",
		"(a) Protection of civilians",
		"(i) To protect civilians under threat of physical violence in the fictional valleys;",
		"(b) Support for the fictional peace process",
		"(i) To support the talks between the fictional parties;",
		"Authorizes UNFOMZ, within its capabilities and areas of deployment, to use all necessary measures to carry out its mandate as set out in paragraph 3 (a) above and requests the fictional parties to cooperate;",
		"Requests the Secretary-General to report to the Council on the fictional valleys every 90 days, and by 15 January 2041 on the fictional elections;",
		"Requests the fictional Panel to report to the Committee every six months;",
	)
	new := resolutionOf(t, 9971,
		"Decides to extend the mandate of UNFOMZ until 30 September 2041;",
		"Decides that the authorized strength of UNFOMZ shall remain at up to 4,500 military personnel, including 120 military observers, and 800 police personnel, including 5 formed police units;",
		"Decides that the mandate of UNFOMZ shall be the following:",
		"(a) Protection of civilians",
		"(i) To protect civilians under threat of physical violence in the fictional valleys;",
		"(b) Support for the fictional peace process",
		"(i) To support the talks between the fictional parties;",
		"(c) Support for cultural preservation To assist the fictional authorities in protecting the old town of Onhava;",
		"Authorizes UNFOMZ to use all necessary measures to carry out its mandate;",
		"Requests the Secretary-General to report to the Council every 90 days;",
	)
	c, err := compare.Resolutions(context.Background(), old, new)
	if err != nil {
		t.Fatal(err)
	}
	want := []factLine{
		{"mandate", "UNFOMZ", "changed", "a further period of six months, ending on 31 March 2041 (op. 1)", "until 30 September 2041 (op. 1)"},
		{"ceiling", "", "unchanged",
			"4,500 military personnel, 120 military observers, 800 police personnel, 5 formed police units (op. 2)",
			"4,500 military personnel, 120 military observers, 800 police personnel, 5 formed police units (op. 2)"},
		{"priorities", "", "changed",
			"Protection of civilians; Support for the fictional peace process (op. 3(a), op. 3(b))",
			"Protection of civilians; Support for the fictional peace process; Support for cultural preservation (op. 3(a), op. 3(b), op. 3(c))"},
		{"force", "UNFOMZ", "changed",
			"use all necessary measures, to carry out its mandate as set out in paragraph 3 (a) above (op. 4)",
			"use all necessary measures, to carry out its mandate (op. 4)"},
		// The Panel's reports are not the Secretary-General's.
		{"reporting", "", "changed", "every 90 days, by 15 January 2041 (op. 5)", "every 90 days (op. 5)"},
	}
	if diff := cmp.Diff(want, factLines(c)); diff != "" {
		t.Errorf("facts (-want +got):\n%s", diff)
	}
	for _, v := range check(c, old, new) {
		t.Error(v)
	}
	line := c.Facts[1].Line(func(s *compare.FactSide) string { return s.Value }, func(s *compare.FactSide) string { return s.Labels() })
	if want := "Ceiling: 4,500 military personnel, 120 military observers, 800 police personnel, 5 formed police units — unchanged (op. 2 → op. 2)"; line != want {
		t.Errorf("Line = %q, want %q", line, want)
	}
}

// TestCache: asking for the same comparison again, from any goroutine,
// returns the one comparison made; a failure is not kept.
func TestCache(t *testing.T) {
	old := resolutionOf(t, 9960, "Decides to extend the mandate of UNFOMZ until 31 March 2041;", "Decides to remain seized of the fictional matter.")
	new := resolutionOf(t, 9961, "Decides to extend the mandate of UNFOMZ until 30 September 2041;", "Decides to remain seized of the fictional matter.")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := compare.Resolutions(cancelled, old, new); err == nil {
		t.Fatal("a cancelled comparison succeeded")
	}
	var wg sync.WaitGroup
	got := make([]*compare.Comparison, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := compare.Resolutions(context.Background(), old, new)
			if err != nil {
				t.Error(err)
			}
			got[i] = c
		}()
	}
	wg.Wait()
	for _, c := range got[1:] {
		if c != got[0] {
			t.Fatal("the same pair compared twice")
		}
	}
	// Another version of a document (another Hash) is another comparison.
	again := resolutionOf(t, 9961, "Decides to extend the mandate of UNFOMZ until 31 December 2041;", "Decides to remain seized of the fictional matter.")
	c, err := compare.Resolutions(context.Background(), old, again)
	if err != nil || c == got[0] || !strings.Contains(c.Facts[0].New.Value, "31 December 2041") {
		t.Errorf("after the document changed: %v, %+v", err, c.Facts)
	}
}
