package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"mandatebot/corpus/undoc"
	"mandatebot/corpus/undoc/undoctest"

	"mandatebot/corpus"
	"mandatebot/index"
	"mandatebot/web/permalink"
)

// joined is the text of pieces, footnote markers left out.
func joined(ps []piece) string {
	var b strings.Builder
	for _, p := range ps {
		if p.Note == 0 {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

// readerCorpus is the shipped brief and fictional UN documents made by
// two producers: go-pdf/fpdf (undoctest) and LibreOffice (the committed
// PDFs of corpus/undoc/testdata/libreoffice), converted as fetched ones are.
func readerCorpus(t *testing.T) *corpus.Corpus {
	t.Helper()
	shipped, err := corpus.Load(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	pdfs := [][]byte{undoctest.ResolutionPDF(), undoctest.LaterResolutionPDF()}
	los, _ := filepath.Glob(filepath.Join("..", "corpus", "undoc", "testdata", "libreoffice", "*.pdf"))
	if len(los) < 3 {
		t.Fatalf("the LibreOffice fixtures are missing: %v", los)
	}
	for _, f := range los {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pdfs = append(pdfs, b)
	}
	docs := shipped.Documents
	for i, pdf := range pdfs {
		d, _, err := undoc.ConvertPDF(context.Background(), pdf, "", "")
		if err != nil {
			t.Fatalf("fixture %d: %v", i, err)
		}
		docs = append(docs, d)
	}
	return corpus.New(docs...)
}

// longDocument is a fictional report long enough to be paged: sections
// of many paragraphs citing notes, one longer than a page, notes cited
// across pages, and one paragraph too long to index whole, split into
// parts.
func longDocument(t testing.TB) *corpus.Document {
	t.Helper()
	var b strings.Builder
	b.WriteString("---\nid: long-fictional-report\ntitle: A long fictional report\nkind: report\n---\n\n")
	for s := 1; s <= 12; s++ {
		fmt.Fprintf(&b, "## Fictional section %d\n\n", s)
		n := 40
		if s == 7 {
			n = 260 // longer than a page: continued on the next
		}
		for p := 1; p <= n; p++ {
			fmt.Fprintf(&b, "Paragraph %d of section %d says that the fictional mission patrols the north.[^%d] It says little else.\n\n", p, s, 1+(s*p)%7)
		}
	}
	b.WriteString("## A long section\n\n" + strings.Repeat("The fictional mission of Ruritania patrols the northern provinces every week. ", 600) + "[^1]\n\n")
	for n := 1; n <= 7; n++ {
		fmt.Fprintf(&b, "[^%d]: Fictional note %d, cited across pages.\n", n, n)
	}
	d, err := corpus.Parse("long.md", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestReaderKeepsEveryWord checks the reader on the shipped brief, on
// fictional UN documents of two PDF producers and on a long fictional
// report it pages: over all the pages of each, every paragraph is shown
// once with exactly its own words (nothing lost, doubled or glued at a
// marker or a link), every marker links to a note its page has, every
// note links back to each marker citing it on its page, and to another
// page's only where that page holds the marker; no page holds more than
// the bounds.
func TestReaderKeepsEveryWord(t *testing.T) {
	c := readerCorpus(t)
	c = corpus.New(append(c.Documents, longDocument(t))...)
	if len(c.Documents) < 7 {
		t.Fatalf("%d documents", len(c.Documents))
	}
	paged := false
	for _, d := range c.Documents {
		anchors := map[string]bool{}
		ps := pagesOf(d)
		paged = paged || ps.count() > 1
		for n := 1; n <= ps.count(); n++ {
			page := readerOf(d, c, ps, n)
			markers := map[string]bool{}
			notes := map[string]bool{}
			for _, nv := range page.Notes {
				notes["#"+nv.ID] = true
			}
			shown, size := 0, 0
			for _, s := range page.Sections {
				for _, pv := range s.Passages {
					p := c.Passage(d.ID + "#" + pv.Anchor)
					shown++
					size += passageCost(d, p)
					if anchors[pv.Anchor] || strings.ContainsAny(pv.Anchor, ". ") {
						t.Errorf("%s: anchor %q is repeated or could collide with a note's", d.ID, pv.Anchor)
					}
					anchors[pv.Anchor] = true
					if got, want := joined(pv.Pieces), d.OwnText(p); got != want {
						t.Errorf("%s shows\n%q\nnot its words\n%q", p.ID, got, want)
					}
					if got, ok := ps.find(d, pv.Anchor); got != n || !ok {
						t.Errorf("%s: its permalink finds page %d (%v), but it is on page %d", p.ID, got, ok, n)
					}
					for _, pc := range pv.Pieces {
						if pc.Note == 0 {
							continue
						}
						markers["#"+pc.ID] = true
						if !notes[pc.Href] {
							t.Errorf("%s: marker %d links to %s, which the page lacks", p.ID, pc.Note, pc.Href)
						}
					}
				}
			}
			if shown > pagePassages || (shown > 1 && size > pageBytes) {
				t.Errorf("%s page %d: %d passages, %d bytes", d.ID, n, shown, size)
			}
			backs := 0
			for _, nv := range page.Notes {
				for _, b := range nv.Back {
					if strings.HasPrefix(b.Href, "#") {
						backs++
						if !markers[b.Href] {
							t.Errorf("%s page %d: note %d links back to %s, which the page lacks", d.ID, n, nv.Number, b.Href)
						}
						continue
					}
					anchor := strings.TrimPrefix(b.Href[strings.Index(b.Href, "#"):], "#")
					if other, ok := ps.find(d, anchor); !ok || other == n || b.Href != (permalink.Site{}).At(d.ID, anchor) {
						t.Errorf("%s page %d: note %d links back to %s, on page %d (%v)", d.ID, n, nv.Number, b.Href, other, ok)
					}
				}
			}
			if backs != len(markers) {
				t.Errorf("%s page %d: %d markers, %d links back to them", d.ID, n, len(markers), backs)
			}
			if d.Kind == corpus.KindBrief && len(markers) < 24 {
				t.Errorf("%s: only %d footnote markers shown; the brief cites 24 notes", d.ID, len(markers))
			}
		}
		if len(anchors) != len(d.Passages) {
			t.Errorf("%s: %d paragraphs shown of %d", d.ID, len(anchors), len(d.Passages))
		}
	}
	if !paged {
		t.Error("no document was paged")
	}
}

// FuzzPieces: whatever a document's text, citations and the question's
// spans, cutting them for a page loses, doubles and invents no text, and
// never panics.
func FuzzPieces(f *testing.F) {
	f.Add("See S/RES/2164 (2014) and https://example.org/a_(b). Then S/2014/692.", 5, 12, 3, 9)
	f.Add("Recalling https://undocs.org/S/RES/2100(2013), op. 4", 0, 60, 0, 1)
	f.Add("ünïcødé words ‘quoted’ — dash", 2, 7, 1, 30)
	f.Add("as set out in paragraphs 16 (a) (i) and (ii) above and paragraph 1 of resolution 2083 (2012)", 20, 40, 3, 50)
	f.Fuzz(func(t *testing.T, text string, off1, off2, m1, m2 int) {
		d := &corpus.Document{ID: "d", Kind: corpus.KindResolution}
		p := corpus.Passage{ID: "d#s-1", DocID: "d", Label: "S ¶1", Text: text,
			Citations: []corpus.Citation{{Footnote: 1, Offset: off1}, {Footnote: 2, Offset: off2}}}
		d.Passages = []corpus.Passage{p}
		c := corpus.New(d)
		ps := passagePieces(d, &d.Passages[0], c, permalink.Site{})
		if got := joined(ps); got != text {
			t.Fatalf("pieces of %q join to %q", text, got)
		}
		if got := joined(linkText(text, d, c, permalink.Site{})); got != text {
			t.Fatalf("linkText of %q joins to %q", text, got)
		}
		if len(text) == 0 {
			return
		}
		// Spans fall between characters, as the index's do.
		clamp := func(n int) int {
			n = min(max(n, 0), len(text))
			for n > 0 && n < len(text) && !utf8.RuneStart(text[n]) {
				n--
			}
			return n
		}
		a, b := clamp(m1), clamp(m2)
		if a > b {
			a, b = b, a
		}
		h := index.Hit{Passage: &d.Passages[0], Best: index.Span{Start: a, End: b}, Matches: []index.Span{{Start: a, End: b}}}
		runs, _, _ := excerpt(h)
		var all []piece
		for _, r := range runs {
			all = append(all, r.Pieces...)
		}
		if got := joined(all); utf8.ValidString(text) && !strings.Contains(text, got) {
			t.Fatalf("the excerpt of %q is %q, not a part of it", text, got)
		}
	})
}

// TestCrossReferences: a resolution's references to its own paragraphs
// link to them on the reader, where each sub-paragraph has the anchor its
// permalink (and /cite) uses; a resolution named by number links to its
// reader when the corpus holds it, else to the UN; a paragraph of another
// resolution to that paragraph. The documents are fictional.
func TestCrossReferences(t *testing.T) {
	parse := func(name, md string) *corpus.Document {
		d, err := corpus.Parse(name, []byte(md))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	old := parse("old.md", "---\nid: s-res-9998-2031\ntitle: Resolution 9998 (2031)\nkind: resolution\npublisher: United Nations Security Council\nsymbol: S/RES/9998 (2031)\n---\n\n**op. 4** Decides that the fictional mission shall report.\n")
	d := parse("new.md", `---
id: s-res-9999-2032
title: Resolution 9999 (2032)
kind: resolution
publisher: United Nations Security Council
symbol: S/RES/9999 (2032)
---

**op. 1** Decides that the mandate shall be the following:

**op. 1(a)** Decides that the mandate shall be the following: (a) Protection of civilians

**op. 1(a)(i)** Decides that the mandate shall be the following: (a) Protection of civilians (i) To protect civilians;

**op. 1(a)(ii)** Decides that the mandate shall be the following: (a) Protection of civilians (ii) To deter threats;

**op. 2** Authorizes the fictional mission to carry out its mandate as set out in paragraph 1 (a) (i) and (ii) above and in paragraph 4 of resolution 9998 (2031), recalling resolution 9990 (2030) and paragraph 9 above.
`)
	c := corpus.New(old, d)
	var links [][2]string
	for _, pc := range passagePieces(d, d.PassageByLabel("op. 2"), c, siteRelative) {
		if pc.Href != "" {
			links = append(links, [2]string{pc.Text, pc.Href})
		}
	}
	want := [][2]string{
		{"1 (a) (i)", siteRelative.Passage(d.PassageByLabel("op. 1(a)(i)"))},
		{"(ii)", siteRelative.Passage(d.PassageByLabel("op. 1(a)(ii)"))},
		{"4", siteRelative.Passage(old.PassageByLabel("op. 4"))},
		{"9998 (2031)", siteRelative.Document("s-res-9998-2031")},
		{"9990 (2030)", "https://undocs.org/S/RES/9990(2030)"},
	}
	if diff := cmp.Diff(want, links); diff != "" {
		t.Errorf("links (-want +got):\n%s", diff)
	}
	// Every link to a paragraph lands on an anchor of its reader.
	page := readerOf(d, c, pagesOf(d), 1)
	anchors := map[string]bool{}
	for _, s := range page.Sections {
		for _, pv := range s.Passages {
			anchors[pv.Anchor] = true
		}
	}
	for _, l := range []string{"op. 1(a)(i)", "op. 1(a)(ii)"} {
		p := d.PassageByLabel(l)
		_, frag, _ := strings.Cut(siteRelative.Passage(p), "#")
		if !anchors[frag] {
			t.Errorf("%s: permalink fragment %q is no anchor of the reader", l, frag)
		}
	}
}
