package corpustest_test

import (
	"bytes"
	"strings"
	"testing"

	"mandatebot/corpus"
	"mandatebot/corpus/corpustest"
)

// TestDocument checks that generated documents are what the benchmarks
// take them for: valid stored documents of about DocumentWords words in
// passages of a real document's length, citing footnotes, each with its
// marker word, and the same for the same seed.
func TestDocument(t *testing.T) {
	for _, i := range []int{0, 1, 2, 3, 998, 4999} {
		src := corpustest.Document(7, i)
		if !bytes.Equal(src, corpustest.Document(7, i)) {
			t.Fatalf("document %d differs from one call to the next", i)
		}
		d, err := corpus.Parse(corpustest.DocumentID(i)+".md", src)
		if err != nil {
			t.Fatalf("document %d does not parse: %v", i, err)
		}
		words, notes := 0, 0
		for _, p := range d.Passages {
			words += len(strings.Fields(d.OwnText(&p)))
			notes += len(p.Footnotes)
		}
		if words < corpustest.DocumentWords*9/10 || words > corpustest.DocumentWords*12/10 {
			t.Errorf("document %d holds %d words, want about %d", i, words, corpustest.DocumentWords)
		}
		if n := len(d.Passages); n < 20 || n > 35 {
			t.Errorf("document %d has %d passages, want about 25", i, n)
		}
		if notes == 0 || len(d.Footnotes) == 0 || len(d.Warnings) > 0 {
			t.Errorf("document %d cites %d footnotes of %d, warnings %q", i, notes, len(d.Footnotes), d.Warnings)
		}
		if !strings.Contains(d.Passages[0].Text, corpustest.MarkerWord(i)) {
			t.Errorf("document %d's first passage lacks its marker word", i)
		}
		wantKind := corpus.KindReport
		if i%2 == 1 {
			wantKind = corpus.KindResolution
			if d.PassageByLabel("op. 13(b)") == nil {
				t.Errorf("resolution %d has no op. 13(b)", i)
			}
		}
		if d.Kind != wantKind {
			t.Errorf("document %d is a %s, want a %s", i, d.Kind, wantKind)
		}
	}
}
