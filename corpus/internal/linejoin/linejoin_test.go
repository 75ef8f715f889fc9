package linejoin

import "testing"

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
