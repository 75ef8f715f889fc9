package linejoin

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestKeepHyphen(t *testing.T) {
	v := newVocab([]string{"the authorities of the leadership, a cross check", "short-term us and mali and minusma mandate", "al-Qaida"})
	tests := []struct {
		before, after string
		keep          bool
	}{
		{"authori", "ties", false},
		{"leader", "ship", false},
		{"short", "term", true},
		{"cross", "cultural", true},
		{"counter", "insurgency", true},
		{"al", "Qaeda", true},
		{"us", "mali", true},
		{"minusma", "mandate", true},
		{"under", "mining", false},
		{"MINUS", "MA", false},
	}
	for _, tt := range tests {
		if got := v.keepHyphen(tt.before, tt.after); got != tt.keep {
			t.Errorf("keepHyphen(%q, %q) = %v, want %v", tt.before, tt.after, got, tt.keep)
		}
	}
}

// TestHyphenEvidence: a compound a document writes once, broken at its
// hyphen, keeps it by the evidence of the list of UN compounds or its
// capitalised second part; a word split by a hyphen is joined; a hyphen
// before "and" waits for a later word.
func TestHyphenEvidence(t *testing.T) {
	// A document that says nothing of the words below elsewhere (its
	// text is fictional).
	j := New([]string{"The fictional mission reports to the Council on its tasks in the provinces."})
	tests := []struct {
		lines []string
		want  string
	}{
		{[]string{"the Secretary-", "General reports"}, "the Secretary-General reports"},
		{[]string{"listed by the Al-", "Qaida committee"}, "listed by the Al-Qaida committee"},
		{[]string{"to ensure inter-", "mission cooperation"}, "to ensure inter-mission cooperation"},
		{[]string{"its State-", "controlled media"}, "its State-controlled media"},
		{[]string{"troop-", "contributing countries"}, "troop-contributing countries"},
		{[]string{"a follow-", "up mechanism"}, "a follow-up mechanism"},
		{[]string{"to re-", "establish State authority"}, "to re-establish State authority"},
		{[]string{"in mid-", "August"}, "in mid-August"},
		{[]string{"fixed-", "and rotary-winged aircraft"}, "fixed- and rotary-winged aircraft"},
		{[]string{"the peace-", "keeping operation"}, "the peacekeeping operation"}, // UN texts write it whole more often
		{[]string{"the fictional authori-", "ties"}, "the fictional authorities"},
		{[]string{"the pro-", "vinces"}, "the provinces"},                                // the document writes it whole
		{[]string{"the better-", "integrated mission"}, "the better-integrated mission"}, // two words, not one
		{[]string{"WMD-", "related items"}, "WMD-related items"},
		{[]string{"the Palipehutu-", "FNL movement"}, "the Palipehutu-FNL movement"},
		{[]string{"the MINUS-", "MA mandate"}, "the MINUSMA mandate"}, // an acronym split
		{[]string{"cost-", "reimbursable items"}, "cost-reimbursable items"},
		{[]string{"their re-", "election"}, "their re-election"},
		{[]string{"an inter-", "cultural dialogue"}, "an intercultural dialogue"},
	}
	for _, tt := range tests {
		if got := j.Join(tt.lines); got != tt.want {
			t.Errorf("Join(%q) = %q, want %q", tt.lines, got, tt.want)
		}
	}
}

// TestCompounds: the committed list reads, and holds the compounds UN
// texts write most.
func TestCompounds(t *testing.T) {
	for _, pair := range []string{"secretary-general", "al-qaida", "troop-contributing", "inter-mission", "long-term"} {
		h, w, ok := compound(pair)
		if !ok || h < w {
			t.Errorf("compound(%q) = %d, %d, %v; want it listed, written with the hyphen more often", pair, h, w, ok)
		}
	}
	if _, _, ok := compound("authori-ties"); ok {
		t.Error("a split word is listed as a compound")
	}
}

func TestJoin(t *testing.T) {
	j := New([]string{"the authorities of the leadership", "a short-term fix", "see https://example.org/", "al-Qaida"})
	tests := []struct {
		lines []string
		want  string
	}{
		{[]string{"the authori-", "ties"}, "the authorities"},
		{[]string{"a short-", "term plan"}, "a short-term plan"},
		{[]string{"see https://example.org/", "path"}, "see https://example.org/path"},
		{[]string{"www.", "example.org"}, "www.example.org"},
		{[]string{"one", "two"}, "one two"},
		{[]string{"a dash -", "here"}, "a dash - here"},
	}
	for _, tt := range tests {
		if got := j.Join(tt.lines); got != tt.want {
			t.Errorf("Join(%q) = %q, want %q", tt.lines, got, tt.want)
		}
	}
}

// FuzzJoin: joining lines keeps every letter and digit of them in order;
// only spaces at the joins and line-end hyphens may go.
func FuzzJoin(f *testing.F) {
	f.Add("the Secretary-\nGeneral and the authori-\nties", "Secretary-General")
	f.Add("fixed-\nand rotary-winged; www.\nexample.org/\npath", "")
	f.Add("MINUS-\nMA’s WMD-\nrelated", "inter-mission")
	f.Fuzz(func(t *testing.T, text, doc string) {
		if !utf8.ValidString(text) {
			return // PDF text is decoded to UTF-8 before it is joined
		}
		lines := strings.Split(text, "\n")
		j := New(append(strings.Split(doc, "\n"), lines...))
		got := j.Join(lines)
		keep := func(s string) string {
			return strings.Map(func(r rune) rune {
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					return r
				}
				return -1
			}, s)
		}
		if keep(got) != keep(strings.Join(lines, "")) {
			t.Fatalf("Join(%q) = %q: letters lost, added or moved", lines, got)
		}
	})
}

// TestCommonCompounds: thirty compounds common in UN texts, each broken
// once at its hyphen in a document that says nothing else of them, keep
// their hyphen (the test found 23 of them glued: SecretaryGeneral,
// AlQaida, intermission).
func TestCommonCompounds(t *testing.T) {
	compounds := strings.Fields(`Secretary-General Al-Qaida inter-mission troop-contributing police-contributing
		follow-up long-term short-term self-defence non-use re-establish co-location capacity-building
		decision-making hostage-taking State-controlled cross-border anti-personnel counter-terrorism
		non-proliferation post-conflict gender-based above-mentioned confidence-building fact-finding
		high-level so-called socio-economic African-led well-being`)
	if len(compounds) != 30 {
		t.Fatalf("%d compounds, want 30", len(compounds))
	}
	j := New([]string{"The fictional mission reports to the Council on its tasks."})
	for _, c := range compounds {
		before, after, _ := strings.Cut(c, "-")
		if got := j.Join([]string{"the " + before + "-", after + " plan"}); got != "the "+c+" plan" {
			t.Errorf("%s broken at its hyphen joins as %q", c, got)
		}
	}
}
