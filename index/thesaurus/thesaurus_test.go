package thesaurus

import (
	"slices"
	"strings"
	"testing"
)

func TestSynonyms(t *testing.T) {
	tests := []struct {
		term string
		want []string // lemmas, as space-joined terms, that must be among the synonyms
	}{
		{"takeov", []string{"coup", "coup d'etat", "putsch"}}, // "takeover", analysed
		{"cop", []string{"copper"}},
		{"hurt", []string{"harm", "wound"}},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range Synonyms(tt.term) {
			got = append(got, strings.Join(s, " "))
		}
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("Synonyms(%q) = %q, want %q among them", tt.term, got, w)
			}
		}
	}
	for _, none := range []string{"", "zzzz", "minusma", "\x00", "takeover"} { // "takeover" is not an analysed term
		if got := Synonyms(none); got != nil {
			t.Errorf("Synonyms(%q) = %q, want none", none, got)
		}
	}
}

// TestDataWellFormed checks properties of every line of the embedded data:
// sorted, unique keys (Synonyms searches it by bisection), and synonyms that
// are non-empty, never the key itself, and made of analysed terms (lower
// case, no spaces inside a term).
func TestDataWellFormed(t *testing.T) {
	lines := strings.Split(strings.TrimSuffix(data, "\n"), "\n")
	if len(lines) < 10000 || !strings.HasSuffix(data, "\n") {
		t.Fatalf("%d lines: the data is missing or cut", len(lines))
	}
	prev := ""
	for i, l := range lines {
		key, syn, ok := strings.Cut(l, "\t")
		if !ok || key == "" || syn == "" {
			t.Fatalf("line %d %q: want term, tab, synonyms", i+1, l)
		}
		if key <= prev {
			t.Fatalf("line %d: %q after %q: not sorted", i+1, key, prev)
		}
		prev = key
		for _, s := range strings.Split(syn, ";") {
			terms := strings.Fields(s)
			if len(terms) == 0 || s != strings.Join(terms, " ") || s != strings.ToLower(s) {
				t.Fatalf("line %d: synonym %q of %q is not analysed terms", i+1, s, key)
			}
			if s == key {
				t.Fatalf("line %d: %q is its own synonym", i+1, key)
			}
		}
	}
}

func BenchmarkSynonyms(b *testing.B) {
	Synonyms("takeov") // the table's lines found once
	for b.Loop() {
		Synonyms("takeov")
	}
}

// FuzzSynonyms: any term a question can make, however odd, is looked up
// without a panic, and what comes back is well formed.
func FuzzSynonyms(f *testing.F) {
	for _, s := range []string{"takeov", "", "zzzz", "\t", "\n", "a\tb", "coup d'etat", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, term string) {
		for _, syn := range Synonyms(term) {
			if len(syn) == 0 {
				t.Fatalf("Synonyms(%q) holds an empty synonym", term)
			}
		}
	})
}
