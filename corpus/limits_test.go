package corpus_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"mandatebot/corpus"
	"mandatebot/corpus/corpustest"
)

// part is what a test looks at of a passage of a split paragraph.
type part struct {
	ID, Label   string
	Part, Parts int
	Footnotes   []int
}

func partsOf(d *corpus.Document) []part {
	var out []part
	for _, p := range d.Passages {
		out = append(out, part{p.ID, p.Label, p.Part, p.Parts, p.Footnotes})
	}
	return out
}

// TestLongParagraphsAreSplit: a paragraph over MaxPassageBytes is split
// into parts at sentence ends (else at spaces, else between characters),
// each at most MaxPassageBytes, with nothing lost or doubled, every
// footnote marker in the part where it stood, labels and ids that say
// which part each is, the first part keeping the paragraph's id; and the
// document says what was split. The text is fictional.
func TestLongParagraphsAreSplit(t *testing.T) {
	sentence := "The fictional mission of Ruritania patrols the northern provinces every week. "
	sentences := strings.Repeat(sentence, 2*corpus.MaxPassageBytes/len(sentence)+10) // about 2.1 bounds: 3 parts
	noSentence := strings.Repeat("the fictional mission patrols ", 2*corpus.MaxPassageBytes/30+10)
	oneWord := strings.Repeat("é", corpus.MaxPassageBytes) // 2 bytes each: 2 parts
	for _, tc := range []struct {
		name, body string
		text       string // the paragraph's text, as one passage would hold it
		cut        string // what joins two parts back into text
		want       []part
		split      string
	}{{
		name: "sentences, a marker in each part",
		body: "## Findings\n\nA short paragraph.\n\n" + after(sentences, len(sentence)-1, "[^1]", len(sentences)/2/len(sentence)*len(sentence)-1, "[^2]") + "[^3]\n\n[^1]: One.\n[^2]: Two.\n[^3]: Three.\n",
		text: strings.TrimSpace(sentences), cut: " ",
		want: []part{
			{ID: "t#findings-1", Label: "Findings ¶1"},
			{ID: "t#findings-2", Label: "Findings ¶2, part 1 of 3", Part: 1, Parts: 3, Footnotes: []int{1}},
			{ID: "t#findings-2-part-2", Label: "Findings ¶2, part 2 of 3", Part: 2, Parts: 3, Footnotes: []int{2}},
			{ID: "t#findings-2-part-3", Label: "Findings ¶2, part 3 of 3", Part: 3, Parts: 3, Footnotes: []int{3}},
		},
		split: "Findings ¶2 is 33 KB, over the 16 KB a passage may hold: split into 3 parts at sentence ends (Findings ¶2, part 1 of 3 … Findings ¶2, part 3 of 3)",
	}, {
		name: "a labelled paragraph with no sentence end",
		body: "**op. 3** " + noSentence + "\n",
		text: "" + strings.TrimSpace(noSentence), cut: " ",
		want: []part{
			{ID: "t#op-3", Label: "op. 3, part 1 of 3", Part: 1, Parts: 3},
			{ID: "t#op-3-part-2", Label: "op. 3, part 2 of 3", Part: 2, Parts: 3},
			{ID: "t#op-3-part-3", Label: "op. 3, part 3 of 3", Part: 3, Parts: 3},
		},
		split: "op. 3 is 32 KB, over the 16 KB a passage may hold: split into 3 parts at sentence ends and, within a sentence longer than that, between words (op. 3, part 1 of 3 … op. 3, part 3 of 3)",
	}, {
		name: "one word longer than a passage",
		body: oneWord + "\n",
		text: oneWord, cut: "",
		want: []part{
			{ID: "t#p-1", Label: "¶1, part 1 of 2", Part: 1, Parts: 2},
			{ID: "t#p-1-part-2", Label: "¶1, part 2 of 2", Part: 2, Parts: 2},
		},
		split: "¶1 is 32 KB, over the 16 KB a passage may hold: split into 2 parts at sentence ends, between words and, within a word longer than that, between characters (¶1, part 1 of 2 … ¶1, part 2 of 2)",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			src := "---\nid: t\ntitle: Fictional report\nkind: report\n---\n\n" + tc.body
			d, err := corpus.Parse("t.md", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, partsOf(d)); diff != "" {
				t.Errorf("passages (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{tc.split}, d.Splits); diff != "" {
				t.Errorf("splits (-want +got):\n%s", diff)
			}
			var texts []string
			for _, p := range d.Passages {
				if !p.IsPart() {
					continue
				}
				texts = append(texts, p.Text)
				if len(p.Text) > corpus.MaxPassageBytes || !utf8.ValidString(p.Text) {
					t.Errorf("%s: %d bytes, valid UTF-8 %v", p.Label, len(p.Text), utf8.ValidString(p.Text))
				}
				for _, c := range p.Citations {
					// Each marker stood after "week." in the whole paragraph.
					if !strings.HasSuffix(p.Text[:c.Offset], "week.") {
						t.Errorf("%s: marker %d at %d, after %q", p.Label, c.Footnote, c.Offset, p.Text[max(0, c.Offset-10):c.Offset])
					}
				}
			}
			if got := strings.Join(texts, tc.cut); got != tc.text {
				t.Errorf("the parts do not join back into the paragraph: %d bytes, want %d", len(got), len(tc.text))
			}
			if got := d.PassageByLabel(strings.TrimSuffix(tc.want[len(tc.want)-1].Label, ", part 3 of 3")); tc.want[0].Parts == 3 && (got == nil || got.Part != 1) {
				t.Errorf("PassageByLabel of the paragraph's label: %+v, want its first part", got)
			}
		})
	}
}

// after puts marker a after byte i of s, and marker b after byte j > i.
func after(s string, i int, a string, j int, b string) string {
	return s[:i] + a + s[i:j] + b + s[j:]
}

// TestDocumentLimits: a document with more passages than a document may
// hold is refused, naming the file and the limit, before the Markdown
// parser spends memory on it when it is far over (the 1,000,000-paragraph
// document of issue #34), as is one whose title, a heading or a footnote
// (which the index holds with every chunk they belong to) is too long;
// the 19.9 MB one-line document is split, each part within the bound.
func TestDocumentLimits(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		src        []byte
	}{
		{"just over", "many.md: invalid document: document is too large: 10001 passages (paragraphs, list items and the parts of long paragraphs), over the limit of 10000 a document may hold; split it into several documents", corpustest.Paragraphs("many", corpus.MaxPassages+1)},
		{"a long title", "many.md: invalid document: document is too large: the title is 2 KB, over the 1000 bytes a title or heading may hold",
			[]byte("---\nid: many\ntitle: " + strings.Repeat("Fictional ", 200) + "\nkind: report\n---\n\nText.\n")},
		{"a long heading", "many.md: invalid document: document is too large: heading 2 is 2 KB, over the 1000 bytes a title or heading may hold",
			[]byte("---\nid: many\ntitle: T\nkind: report\n---\n\n## One\n\nText.\n\n## " + strings.Repeat("Fictional ", 200) + "\n\nText.\n")},
		{"a long footnote", "many.md: invalid document: document is too large: footnote 1 is 20 KB, over the 16 KB a footnote may hold",
			[]byte("---\nid: many\ntitle: T\nkind: report\n---\n\nText.[^1]\n\n[^1]: " + strings.Repeat("Fictional ", 2000) + "\n")},
		{"a million paragraphs", "many.md: invalid document: document is too large: 1000000 paragraphs, list items and headings, over twice the limit of 10000 passages a document may hold; split it into several documents", corpustest.Paragraphs("many", 1_000_000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := corpus.Parse("many.md", tc.src)
			if !errors.Is(err, corpus.ErrTooLarge) || !errors.Is(err, corpus.ErrInvalid) || err.Error() != tc.want {
				t.Errorf("Parse: %v\nwant %s", err, tc.want)
			}
		})
	}
	d, err := corpus.Parse("one-line.md", corpustest.OneLine("one-line", 19_900_000))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Splits) != 1 || len(d.Passages) < 19_900_000/corpus.MaxPassageBytes {
		t.Errorf("one line of 19.9 MB: %d passages, splits %q", len(d.Passages), d.Splits)
	}
	for _, p := range d.Passages {
		if len(p.Text) > corpus.MaxPassageBytes {
			t.Fatalf("%s holds %d bytes", p.Label, len(p.Text))
		}
	}
}

// TestCorpusSizeLimit: a corpus folder whose documents hold more passage
// text together than MaxCorpusBytes does not load, naming the largest.
func TestCorpusSizeLimit(t *testing.T) {
	dir := t.TempDir()
	for id, size := range map[string]int{"big": 300 << 10, "small": 100 << 10} {
		if err := os.WriteFile(filepath.Join(dir, id+".md"), corpustest.Sentences(id, size), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := corpus.Loader{Dir: dir, MaxCorpusBytes: 256 << 10}.Load(context.Background())
	want := "the corpus holds too much text: its documents make the index hold 424 KB of text, 168 KB over the limit of 256 KB (MAX_CORPUS_MB); the largest are " +
		filepath.Join(dir, "big.md") + " (300 KB), " + filepath.Join(dir, "small.md") + " (100 KB), embedded/nupi-policy-brief-19-2015.md (24 KB): remove one, or raise MAX_CORPUS_MB if this machine has the memory to index them"
	if !errors.Is(err, corpus.ErrCorpusTooLarge) || err.Error() != want {
		t.Errorf("Load: %v\nwant %s", err, want)
	}
	if _, err := (corpus.Loader{Dir: dir, MaxCorpusBytes: 1 << 20}).Load(context.Background()); err != nil {
		t.Errorf("within the limit: %v", err)
	}
}

// FuzzSplit: whatever the paragraph, its parts are within the bound,
// valid UTF-8 where it is, and join back into it.
func FuzzSplit(f *testing.F) {
	f.Add("One. Two words here. Three", 8)
	f.Add("ééééé éé", 3)
	f.Add("a", 1)
	f.Fuzz(func(t *testing.T, text string, max int) {
		if max < 4 || max > 1000 {
			return
		}
		text = strings.Join(strings.Fields(text), " ") // as Parse leaves it
		if text == "" {
			return // Parse makes no passage of it
		}
		spans := corpus.SplitSpans(text, max)
		var b strings.Builder
		at := 0
		for _, s := range spans {
			if s.End-s.Start > max || s.Start < at || s.End <= s.Start {
				t.Fatalf("%q, %d: span %+v after %d", text, max, s, at)
			}
			if strings.Trim(text[at:s.Start], " ") != "" {
				t.Fatalf("%q, %d: %q lost between spans", text, max, text[at:s.Start])
			}
			if utf8.ValidString(text) && !utf8.ValidString(text[s.Start:s.End]) {
				t.Fatalf("%q, %d: span %+v cuts a character", text, max, s)
			}
			b.WriteString(text[at:s.End])
			at = s.End
		}
		if b.WriteString(text[at:]); b.String() != text || at != len(text) {
			t.Fatalf("%q, %d: spans %+v do not cover it", text, max, spans)
		}
	})
}
