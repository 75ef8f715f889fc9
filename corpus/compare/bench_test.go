package compare_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"mandatebot/corpus"
	"mandatebot/corpus/compare"
	"mandatebot/corpus/undoc/undoctest"
)

// largeResolution is a fictional resolution whose stored form is about
// size bytes: one short operative paragraph repeated, the worst case for
// an alignment that weighs every paragraph against every other (280 KB
// makes 7,026 paragraphs).
func largeResolution(tb testing.TB, number, size int) *corpus.Document {
	tb.Helper()
	w, err := corpus.NewWriter(corpus.FrontMatter{ID: fmt.Sprintf("s-res-%d-2030", number), Title: fmt.Sprintf("Resolution %d (2030)", number),
		Kind: corpus.KindResolution, Symbol: fmt.Sprintf("S/RES/%d (2030)", number)})
	if err != nil {
		tb.Fatal(err)
	}
	for i := 1; len(w.Bytes()) < size; i++ {
		w.Paragraph(corpus.Label(corpus.Operative, i), "Decides to remain seized;", nil)
	}
	d, err := corpus.Parse("large.md", w.Bytes())
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// BenchmarkLarge compares two fictional resolutions of 280 KB of one
// paragraph repeated.
func BenchmarkLarge(b *testing.B) {
	old, new := largeResolution(b, 9990, 280_000), largeResolution(b, 9991, 280_000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := compare.Resolutions(old, new); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReal compares the structured copies of the real S/RES/2100
// (2013) and S/RES/2164 (2014) from the dataset of resolution texts
// (MANDATEBOT_SC_TEXTS; skipped without it).
func BenchmarkReal(b *testing.B) {
	dir := os.Getenv("MANDATEBOT_SC_TEXTS")
	if dir == "" {
		b.Skip("set MANDATEBOT_SC_TEXTS to the folder of the dataset's resolution texts to compare the real 2100 and 2164")
	}
	var docs []*corpus.Document
	for _, name := range []string{"S-RES-2100(2013).txt", "S-RES-2164(2014).txt"} {
		raw, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			b.Fatal(err)
		}
		src, err := undoctest.ReadText(raw)
		if err != nil {
			b.Fatal(err)
		}
		d, err := undoctest.StructuredDocument(src)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, d)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := compare.Resolutions(docs[0], docs[1]); err != nil {
			b.Fatal(err)
		}
	}
}
