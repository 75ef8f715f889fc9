package corpus_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"mandatebot/corpus"
)

func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// writeOne writes a document of one labelled paragraph citing footnote 1
// at cite, and parses it back.
func writeOne(t *testing.T, label, text string, cite int) (*corpus.Document, []byte) {
	t.Helper()
	w, err := corpus.NewWriter(corpus.FrontMatter{ID: "fictional", Title: "Fictional", Kind: corpus.KindReport})
	if err != nil {
		t.Fatal(err)
	}
	w.Heading("A section")
	var cites []corpus.Citation
	if cite >= 0 {
		cites = []corpus.Citation{{Footnote: 1, Offset: cite}}
		w.Footnote(1, "A fictional note, https://example.org/a_b.")
	}
	w.Paragraph(label, text, cites)
	md := w.Bytes()
	d, err := corpus.Parse("fictional.md", md)
	if err != nil {
		t.Fatalf("what Writer wrote does not parse: %v\n%s", err, md)
	}
	return d, md
}

func TestWriterRoundTrip(t *testing.T) {
	tests := []struct {
		label, text string
		cite        int
	}{
		{"", "Plain text.", -1},
		{"op. 13(a)(i)", "Requests the fictional mission to *protect* [civilians] <now>.", 10},
		{"pp. 2", "# not a heading, > not a quote, 1. not a list, a_b and _c_ & \\ `code`", 0},
		{"para. 12", "- not an item\n# nor a heading on a new line", 5},
		{"", "1) not a list either; ***, ---, === and | pipes |", -1},
	}
	for _, tt := range tests {
		d, md := writeOne(t, tt.label, tt.text, tt.cite)
		if len(d.Passages) != 1 {
			t.Fatalf("%d passages from\n%s", len(d.Passages), md)
		}
		p := d.Passages[0]
		if p.Text != collapseSpace(tt.text) {
			t.Errorf("text = %q, want %q\n%s", p.Text, collapseSpace(tt.text), md)
		}
		if tt.label != "" && p.Label != tt.label {
			t.Errorf("label = %q, want %q", p.Label, tt.label)
		}
		if tt.cite >= 0 && (len(p.Footnotes) != 1 || p.Footnotes[0] != 1) {
			t.Errorf("footnotes = %v, want [1]\n%s", p.Footnotes, md)
		}
		if p.Section != "A section" {
			t.Errorf("section = %q", p.Section)
		}
	}
}

// FuzzWriter checks that Parse reads back any text Writer writes: one
// writer, one reader, inverse of each other.
func FuzzWriter(f *testing.F) {
	f.Add("Requests the mission to *protect* civilians;", 5)
	f.Add("# [x](y) <b>&amp; `c` \\ _d_", 0)
	f.Add("1. a\n- b\n> c", 3)
	f.Fuzz(func(t *testing.T, text string, cite int) {
		if !utf8.ValidString(text) || strings.ContainsRune(text, '\uE000') || len(text) > 2000 {
			t.Skip()
		}
		for _, r := range text {
			if r < ' ' && r != '\n' && r != '\t' || r == 0x7f {
				t.Skip() // control characters are not text of a document
			}
		}
		if cite < 0 || cite > len(text) {
			cite = -1
		}
		d, md := writeOne(t, "", text, cite)
		want := collapseSpace(text)
		var got []string
		for _, p := range d.Passages {
			got = append(got, p.Text)
		}
		if want == "" {
			return
		}
		if len(got) != 1 || got[0] != want {
			t.Fatalf("wrote %q, read back %q\n%s", want, got, md)
		}
	})
}
