package index

import (
	"context"
	"slices"
	"strings"
	"testing"

	"mandatebot/corpus"
)

// filler is made-up text (no real document says this) that gives a
// fictional corpus enough passages for its words' rarity to count.
var filler = []string{
	"The council met twice in the spring to discuss the water supply.",
	"Teachers asked for more books and for repairs to the school roof.",
	"A new bridge over the river shortened the journey to the coast.",
	"Fishermen reported smaller catches after the dry season.",
	"The radio station broadcast the results of the local elections.",
	"Doctors at the clinic treated patients from three villages.",
}

// fictional is a small corpus of made-up passages (no real document says
// this), for behaviour that needs words the shipped brief lacks.
func fictional(t *testing.T, texts ...string) *Index {
	t.Helper()
	d := &corpus.Document{ID: "fictional", Title: "A fictional report", Kind: corpus.KindReport, Hash: "1"}
	for i, text := range append(texts, filler...) {
		d.Passages = append(d.Passages, corpus.Passage{
			ID: d.ID + "#" + string(rune('a'+i)), DocID: d.ID, Label: "¶" + string(rune('1'+i)), Text: text,
		})
	}
	return indexOf(t, corpus.New(d))
}

func TestSynonymsBridgeWordsTheCorpusLacks(t *testing.T) {
	ix := fictional(t,
		"Officers seized power in a coup in the capital in March.",
		"The harvest was poor this year because the rains came late.",
		"Grain prices rose in the markets of the northern towns.",
	)
	tests := []struct{ q, want string }{
		{"was there a takeover?", "coup"},               // takeover → coup d'état
		{"how pricey is food up north", "Grain prices"}, // no synonym needed: "north" is there
		{"was the crop bad", "harvest"},                 // crop → harvest
	}
	for _, tt := range tests {
		if h := top(t, ix, tt.q); !strings.Contains(h.Passage.Text, tt.want) {
			t.Errorf("%q: top hit %q, want the passage with %q", tt.q, h.Passage.Text, tt.want)
		}
	}
}

func TestSynonymsOnlyForMissingWords(t *testing.T) {
	ix := fictional(t,
		"The takeover of the grain markets by traders was resented.",
		"Officers seized power in a coup in the capital in March.",
	)
	// The corpus has "takeover": its own word is the evidence, and the
	// coup passage must not be offered for it.
	for _, a := range ix.expand(ix.analyze("takeover")) {
		if slices.Contains(a.terms, "coup") {
			t.Errorf("a word the corpus has was expanded: %+v", a)
		}
	}
	if h := top(t, ix, "takeover"); !strings.Contains(h.Passage.Text, "takeover") {
		t.Errorf("top hit %q", h.Passage.Text)
	}
	res, err := ix.Search(context.Background(), Query{Text: "takeover", Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || res.Weak {
		t.Errorf("%d hits (weak %v) for a word one passage holds; the synonym of a word the corpus has was searched", len(res.Hits), res.Weak)
	}
}
