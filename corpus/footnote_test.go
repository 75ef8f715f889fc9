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
