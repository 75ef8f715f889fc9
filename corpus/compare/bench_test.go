package compare_test

import (
	"context"
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
	return repeated(tb, number, size, "Decides to remain seized;")
}

// repeated is a fictional resolution of about size bytes, text its every
// operative paragraph.
func repeated(tb testing.TB, number, size int, text string) *corpus.Document {
	tb.Helper()
	w, err := corpus.NewWriter(corpus.FrontMatter{ID: fmt.Sprintf("s-res-%d-2030", number), Title: fmt.Sprintf("Resolution %d (2030)", number),
		Kind: corpus.KindResolution, Symbol: fmt.Sprintf("S/RES/%d (2030)", number)})
	if err != nil {
		tb.Fatal(err)
	}
	for i, n := 1, 0; n < size; i++ {
		w.Paragraph(corpus.Label(corpus.Operative, i), text, nil)
		if i%500 == 0 || n > size-5000 {
			n = len(w.Bytes())
		}
	}
	d, err := corpus.Parse("large.md", w.Bytes())
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// BenchmarkLarge compares two fictional resolutions of 280 KB of one
// paragraph repeated: the same paragraph on both sides (every paragraph
// matched word for word), and a paragraph reworded by one word (every
// paragraph weighed against its candidates, all sharing all their words).
func BenchmarkLarge(b *testing.B) {
	for _, tc := range []struct{ name, old, new string }{
		{"identical", "Decides to remain seized;", "Decides to remain seized;"},
		{"reworded", "Decides to remain seized;", "Decides to remain actively seized;"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			old, new := repeated(b, 9990, 280_000, tc.old), repeated(b, 9991, 280_000, tc.new)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := compare.Compare(context.Background(), old, new, compare.DefaultLimits); err != nil {
					b.Fatal(err)
				}
			}
		})
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
		if _, err := compare.Compare(context.Background(), docs[0], docs[1], compare.DefaultLimits); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResolutions compares the fictional LibreOffice pair.
func BenchmarkResolutions(b *testing.B) {
	t := &testing.T{}
	old, new := libreOffice(t, "lo-resolution-9998"), libreOffice(t, "lo-resolution-9999")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := compare.Compare(context.Background(), old, new, compare.DefaultLimits); err != nil {
			b.Fatal(err)
		}
	}
}
