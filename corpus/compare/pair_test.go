package compare_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"mandatebot/corpus"
	"mandatebot/corpus/compare"
)

// fictionalResolution is a made-up resolution: the content is fictional.
func fictionalResolution(t *testing.T, number, year int) *corpus.Document {
	t.Helper()
	src := fmt.Sprintf("---\nid: s-res-%d-%d\ntitle: Fictional resolution %d\nkind: resolution\nsymbol: S/RES/%d (%d)\n---\n\n**op. 1** Decides that the zeppelins of Ruritania stay grounded;\n", number, year, number, number, year)
	d, err := corpus.Parse(fmt.Sprintf("r%d.md", number), []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestPair(t *testing.T) {
	// The later resolution has the smaller number, as the fictional pair
	// made with fpdf has: adoption orders by year first.
	a, b, c := fictionalResolution(t, 9998, 2031), fictionalResolution(t, 9999, 2032), fictionalResolution(t, 9996, 2033)
	held := corpus.New(a, b, c)
	tests := []struct {
		name     string
		c        *corpus.Corpus
		names    []string
		old, new *corpus.Document
		problem  compare.PairProblem
	}{
		{"in order", held, []string{"9998", "9999"}, a, b, 0},
		{"reversed", held, []string{"S/RES/9999 (2032)", "9998"}, a, b, 0},
		{"by year before number", held, []string{"9996", "9999"}, b, c, 0},
		{"none: the two latest", held, nil, b, c, 0},
		{"one", held, []string{"9998"}, nil, nil, compare.NotTwo},
		{"three", held, []string{"9998", "9999", "9996"}, nil, nil, compare.NotTwo},
		{"not held", held, []string{"9998", "2164"}, nil, nil, compare.NotFound},
		{"the same twice", held, []string{"9998", "S/RES/9998 (2031)"}, nil, nil, compare.Same},
		{"fewer than two held", corpus.New(a), nil, nil, nil, compare.TooFew},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old, new, err := compare.Pair(tt.c, tt.names)
			var pe *compare.PairError
			if tt.problem != 0 {
				if !errors.As(err, &pe) || pe.Problem != tt.problem {
					t.Fatalf("err = %v, want problem %d", err, tt.problem)
				}
				if !slices.Equal(pe.Held, compare.Held(tt.c)) {
					t.Errorf("held %v", pe.Held)
				}
				if tt.problem == compare.NotFound && pe.Name != "2164" {
					t.Errorf("not found: %q", pe.Name)
				}
				return
			}
			if err != nil || old != tt.old || new != tt.new {
				t.Errorf("Pair = %v, %v, %v", old, new, err)
			}
		})
	}
}

func TestNamesAndMatches(t *testing.T) {
	if got := compare.Names("S/RES/2100 (2013) → 2164"); !slices.Equal(got, []string{"2100 (2013)", "2164"}) {
		t.Errorf("Names = %q", got)
	}
	if !compare.Matches("S/RES/2100 (2013) → S/RES/2164 (2014)", "21 → 2164") || compare.Matches("S/RES/2100 (2013) → S/RES/2164 (2014)", "2227") {
		t.Error("Matches")
	}
}
