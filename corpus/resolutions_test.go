package corpus_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"mandatebot/corpus"
)

func TestResolutionNamed(t *testing.T) {
	c := corpus.New(
		&corpus.Document{ID: "s-res-2164-2014", Kind: corpus.KindResolution, Symbol: "S/RES/2164 (2014)", Title: "Resolution 2164"},
		&corpus.Document{ID: "s-res-2100-2013", Kind: corpus.KindResolution, Symbol: "S/RES/2100 (2013)", Title: "Resolution 2100"},
		&corpus.Document{ID: "s-2014-1", Kind: corpus.KindReport, Symbol: "S/2014/1", Title: "A report"},
	)
	for _, tc := range []struct{ name, want string }{
		{"S/RES/2100 (2013)", "s-res-2100-2013"},
		{"s/res/2164", "s-res-2164-2014"},
		{"2164", "s-res-2164-2014"},
		{" 2100 (2013) ", "s-res-2100-2013"},
		{"resolution 2164", "s-res-2164-2014"},
		{"s-res-2164-2014", "s-res-2164-2014"},
		{"S/2014/1", ""}, // a report, not a resolution
		{"2200", ""},
		{"", ""},
		{"@everyone", ""},
	} {
		got := ""
		if d := c.ResolutionNamed(tc.name); d != nil {
			got = d.ID
		}
		if got != tc.want {
			t.Errorf("ResolutionNamed(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	rs := c.Resolutions()
	if len(rs) != 2 || rs[0].ID != "s-res-2100-2013" || c.LatestResolution().ID != "s-res-2164-2014" {
		t.Errorf("Resolutions() = %v, latest %v", rs, c.LatestResolution())
	}
}

// TestOwnStartAndAdoption: where a sub-paragraph's own words start in its
// text, after the lead-ins it repeats; and when a resolution was adopted,
// as its symbol says.
func TestOwnStartAndAdoption(t *testing.T) {
	// A fictional resolution.
	d, err := corpus.Parse("r.md", []byte("---\nid: s-res-9101-2031\ntitle: Fictional resolution\nkind: resolution\nsymbol: S/RES/9101 (2031)\n---\n\n"+
		"**op. 3** Decides that the mandate shall be the following:\n\n"+
		"**op. 3(a)** Decides that the mandate shall be the following: (a) Security\n\n"+
		"**op. 3(a)(i)** Decides that the mandate shall be the following: (a) Security (i) To guard the zeppelins;\n"))
	if err != nil {
		t.Fatal(err)
	}
	for label, want := range map[string]string{"op. 3": "Decides that the mandate shall be the following:", "op. 3(a)": "(a) Security", "op. 3(a)(i)": "(i) To guard the zeppelins;"} {
		p := d.PassageByLabel(label)
		if got := p.Text[d.OwnStart(p):]; got != want {
			t.Errorf("%s: own words %q, want %q", label, got, want)
		}
	}
	if y, n := d.Adoption(); y != 2031 || n != 9101 {
		t.Errorf("adopted %d, number %d", y, n)
	}
}

// The mandate of a resolution is what its headings say it is; without
// headings, the paragraph introducing the mandate's list and the
// sub-paragraphs under it, with the paragraphs that name it by number;
// without either, every operative paragraph.
// The resolutions are fictional.
func TestMandatePassages(t *testing.T) {
	labels := func(ps []*corpus.Passage) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Label)
		}
		return out
	}
	op := func(label, text string) corpus.Passage {
		return corpus.Passage{Label: label, Text: text, Section: "Operative paragraphs"}
	}
	noHeadings := &corpus.Document{ID: "s-res-9990-2030", Kind: corpus.KindResolution, Passages: []corpus.Passage{
		{Label: "pp. 1", Text: "Recalling the mandate of UNFIC in the fictional provinces:", Section: "Preamble"},
		op("op. 1", "Decides to extend the mandate of UNFIC until 30 June 2031;"),
		op("op. 2", "Decides that the mandate of UNFIC shall be the following:"),
		op("op. 2(a)", "Decides that the mandate of UNFIC shall be the following: (a) Security of the fictional provinces"),
		op("op. 2(a)(i)", "Decides that the mandate of UNFIC shall be the following: (a) Security of the fictional provinces (i) To patrol the river roads;"),
		op("op. 2(b)", "Decides that the mandate of UNFIC shall be the following: (b) To support the zeppelin census;"),
		op("op. 3", "Requests the Secretary-General to report on the following:"),
		op("op. 3(a)", "Requests the Secretary-General to report on the following: (a) the harbour;"),
		op("op. 4", "Requests UNFIC, in carrying out its mandate, to consider the following:"),
		op("op. 5", "Authorizes UNFIC to use all necessary means to carry out its mandate as set out in paragraphs 2 (a) (i) and 2 (b);"),
		op("op. 6", "Calls upon the fictional authorities, consistent with paragraph 2 above, to:"),
		op("op. 6(a)", "Calls upon the fictional authorities, consistent with paragraph 2 above, to: (a) open the harbour;"),
		op("op. 7", "Decides to remain seized of the matter, recalling paragraph 12 of resolution 9901 (2029)."),
	}}
	if diff := cmp.Diff([]string{"op. 2", "op. 2(a)", "op. 2(a)(i)", "op. 2(b)", "op. 5", "op. 6", "op. 6(a)"}, labels(noHeadings.MandatePassages())); diff != "" {
		t.Errorf("without headings (-want +got):\n%s", diff)
	}
	headed := &corpus.Document{ID: "s-res-9991-2031", Kind: corpus.KindResolution, Passages: []corpus.Passage{
		{Label: "op. 1", Text: "Decides to extend the mandate of UNFIC;", Section: "Framework"},
		{Label: "op. 2", Text: "Decides that the mandate of UNFIC shall be the following:", Section: "UNFIC mandate"},
		{Label: "op. 2(a)", Text: "Decides that the mandate of UNFIC shall be the following: (a) To patrol;", Section: "UNFIC mandate"},
		{Label: "op. 3", Text: "Authorizes UNFIC to use all necessary means;", Section: "UNFIC mandate"},
	}}
	if diff := cmp.Diff([]string{"op. 2", "op. 2(a)", "op. 3"}, labels(headed.MandatePassages())); diff != "" {
		t.Errorf("under a heading (-want +got):\n%s", diff)
	}
	plain := &corpus.Document{ID: "s-res-9992-2031", Kind: corpus.KindResolution, Passages: []corpus.Passage{
		op("op. 1", "Decides to extend the mandate of UNFIC;"), op("op. 2", "Decides to remain seized of the matter."),
	}}
	if diff := cmp.Diff([]string{"op. 1", "op. 2"}, labels(plain.MandatePassages())); diff != "" {
		t.Errorf("neither (-want +got):\n%s", diff)
	}
}
