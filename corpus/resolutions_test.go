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
