package corpus_test

import (
	"testing"

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
