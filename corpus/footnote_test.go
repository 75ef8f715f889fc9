package corpus

import (
	"context"
	"slices"
	"testing"
)

func TestFootnotesOf(t *testing.T) {
	// A fictional document: passage 2 cites 3 before 1, and a note that
	// does not exist.
	d := &Document{
		ID:        "fictional",
		Footnotes: []Footnote{{Number: 1, Text: "One."}, {Number: 2, Text: "Two."}, {Number: 3, Text: "Ibid.", IbidOf: 2}},
		Passages:  []Passage{{ID: "fictional#p1"}, {ID: "fictional#p2", Footnotes: []int{3, 1, 9}}},
	}
	var got []int
	for _, f := range d.FootnotesOf(&d.Passages[1]) {
		got = append(got, f.Number)
	}
	if !slices.Equal(got, []int{3, 1}) {
		t.Errorf("FootnotesOf = %v, want [3 1]: as cited, the missing 9 left out", got)
	}
	if fs := d.FootnotesOf(&d.Passages[0]); len(fs) != 0 {
		t.Errorf("a passage citing nothing has %v", fs)
	}

	// Every passage of the shipped brief gets each note it cites.
	c, err := Load(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range c.Documents {
		for i := range doc.Passages {
			p := &doc.Passages[i]
			if fs := doc.FootnotesOf(p); len(fs) != len(p.Footnotes) {
				t.Errorf("%s: %d footnotes of %d cited", p.ID, len(fs), len(p.Footnotes))
			}
		}
	}
}

// TestFootnotesFirst: the notes whose markers stand in a sentence come
// first, in the order cited, then the passage's others; a marker after a
// sentence's full stop is the sentence's, not the next one's.
func TestFootnotesFirst(t *testing.T) {
	// A fictional passage: "First.[^2] Second[^3] says so.[^1] Third."
	text := "First. Second says so. Third."
	d := &Document{
		ID:        "fictional",
		Footnotes: []Footnote{{Number: 1, Text: "One."}, {Number: 2, Text: "Two."}, {Number: 3, Text: "Three."}},
		Passages: []Passage{{ID: "fictional#p1", Text: text, Footnotes: []int{2, 3, 1},
			Citations: []Citation{{Footnote: 2, Offset: 6}, {Footnote: 3, Offset: 13}, {Footnote: 1, Offset: 22}}}},
	}
	p := &d.Passages[0]
	for _, tt := range []struct {
		sentence   string
		start, end int
		want       []int
		inPart     int
	}{
		{"First.", 0, 6, []int{2, 3, 1}, 1},
		{"Second says so.", 7, 22, []int{3, 1, 2}, 2},
		{"Third.", 23, 29, []int{2, 3, 1}, 0},
	} {
		if text[tt.start:tt.end] != tt.sentence {
			t.Fatalf("%q is not at %d-%d", tt.sentence, tt.start, tt.end)
		}
		notes, in := d.FootnotesFirst(p, tt.start, tt.end)
		var got []int
		for _, f := range notes {
			got = append(got, f.Number)
		}
		if !slices.Equal(got, tt.want) || in != tt.inPart {
			t.Errorf("%q: %v, %d of the sentence; want %v, %d", tt.sentence, got, in, tt.want, tt.inPart)
		}
	}
}
