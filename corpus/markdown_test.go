package corpus_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mandatebot/corpus"
	"mandatebot/internal/fault"
)

// The documents in these tests are fictional: they imitate the stored form,
// not any real text.
const fictional = `---
id: fictional-brief
title: A fictional brief about the Ruritania mission
kind: brief
publisher: Test Institute
date: "2031"
url: https://example.org/brief
---

## Background

The mission in Ruritania was set up in 2031.[^1] It has *twelve* bases and
a [website](https://example.org).[^2]

> A quoted paragraph from an interview.[^3]

## Recommendations

- First, do this.[^1]
- Second, do that.

## Other lists

- An item that is not a recommendation.

[^1]: Fictional Council, S/RES/9999 (2031). https://example.org/res.
[^2]: Ibid.
[^3]: Interview, 2031.
`

func TestParse(t *testing.T) {
	d, err := corpus.Parse("fictional.md", []byte(fictional))
	if err != nil {
		t.Fatal(err)
	}
	if d.ID != "fictional-brief" || d.Kind != corpus.KindBrief || d.URL != "https://example.org/brief" || d.Date != "2031" {
		t.Errorf("metadata = %+v", d)
	}
	type want struct {
		id, label, section, text string
		notes                    []int
	}
	wants := []want{
		{"fictional-brief#background-1", "Background ¶1", "Background", "The mission in Ruritania was set up in 2031. It has twelve bases and a website.", []int{1, 2}},
		{"fictional-brief#background-2", "Background ¶2", "Background", "A quoted paragraph from an interview.", []int{3}},
		{"fictional-brief#recommendation-1", "Recommendation 1", "Recommendations", "First, do this.", []int{1}},
		{"fictional-brief#recommendation-2", "Recommendation 2", "Recommendations", "Second, do that.", nil},
		{"fictional-brief#other-lists-1", "Other lists ¶1", "Other lists", "An item that is not a recommendation.", nil},
	}
	if len(d.Passages) != len(wants) {
		t.Fatalf("%d passages, want %d: %+v", len(d.Passages), len(wants), d.Passages)
	}
	for i, w := range wants {
		p := d.Passages[i]
		if p.ID != w.id || p.Label != w.label || p.Section != w.section || p.Text != w.text || !slices.Equal(p.Footnotes, w.notes) {
			t.Errorf("passage %d = %+v, want %+v", i, p, w)
		}
	}
	f1, _ := d.Footnote(1)
	if !slices.Equal(f1.Symbols, []string{"S/RES/9999 (2031)"}) || !slices.Equal(f1.URLs, []string{"https://example.org/res"}) {
		t.Errorf("footnote 1 = %+v", f1)
	}
	f2, _ := d.Footnote(2)
	if f2.IbidOf != 1 {
		t.Errorf("footnote 2 IbidOf = %d, want 1", f2.IbidOf)
	}
	if r, _ := d.Resolve(2); r.Number != 1 {
		t.Errorf("Resolve(2) = footnote %d, want 1", r.Number)
	}
	if got := d.CitedBy(1); len(got) != 2 {
		t.Errorf("CitedBy(1) = %d passages, want 2", len(got))
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"no front matter", "Just text.\n", "no front matter"},
		{"no id", "---\ntitle: T\nkind: brief\n---\nText.\n", "no id"},
		{"bad id", "---\nid: Has Spaces\ntitle: T\nkind: brief\n---\nText.\n", "lower-case"},
		{"no title", "---\nid: x\nkind: brief\n---\nText.\n", "no title"},
		{"bad kind", "---\nid: x\ntitle: T\nkind: novel\n---\nText.\n", "kind \"novel\""},
		{"bad yaml", "---\nid: [x\n---\nText.\n", "front matter"},
		{"label not a number", "---\nid: x\ntitle: T\nkind: brief\n---\nText.[^a]\n\n[^a]: Note.\n", "must be a number"},
		{"not utf-8", "---\nid: x\ntitle: T\nkind: brief\n---\n\xff\xfe\n", "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := corpus.Parse("bad.md", []byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, corpus.ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid mentioning %q", err, tt.want)
			}
			if err != nil && !strings.Contains(err.Error(), "bad.md") {
				t.Errorf("err = %v does not name the file", err)
			}
		})
	}
}

func TestParseWarns(t *testing.T) {
	src := "---\nid: x\ntitle: T\nkind: brief\n---\nCites a missing note.[^9]\n\n[^3]: Never cited.\n"
	d, err := corpus.Parse("w.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	w := strings.Join(d.Warnings, "\n")
	if !strings.Contains(w, "not defined") || !strings.Contains(w, "footnote 3 is defined but no passage cites it") {
		t.Errorf("warnings = %q", d.Warnings)
	}
}

func TestSymbols(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"see United Nations S/RES/2100.", []string{"S/RES/2100 (2013)"}},
		{"S/RES/2164 (2014) and S/RES/2164", []string{"S/RES/2164 (2014)"}},
		{"United Nations, S/2014/692.", []string{"S/2014/692"}},
		{"United Nations, S/PV.7274.", []string{"S/PV.7274"}},
		{"S/PRST/2014/8", []string{"S/PRST/2014/8"}},
		{"S/RES/1234", []string{"S/RES/1234"}},
		{"no symbol, 12,640 and 7(4): 1-7", nil},
	}
	for _, tt := range tests {
		if got := corpus.Symbols(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Symbols(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := corpus.NormalizeSymbol(" s/res/2164 "); got != "S/RES/2164 (2014)" {
		t.Errorf("NormalizeSymbol = %q", got)
	}
}

func TestLoadAddsAndReplaces(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("fictional.md", fictional)
	write("README.md", "notes for admins, not a document")
	write("_draft.md", "not yet")
	write("original.pdf", "%PDF-1.4")
	c, err := corpus.Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.Document("fictional-brief") == nil || c.Document("nupi-policy-brief-19-2015") == nil || len(c.Documents) != 2 {
		t.Fatalf("documents = %d", len(c.Documents))
	}
	before := c.Fingerprint()

	// A document with the shipped brief's id replaces it.
	write("brief.md", "---\nid: nupi-policy-brief-19-2015\ntitle: Replaced (fictional)\nkind: brief\n---\nOne paragraph.\n")
	c, err = corpus.Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Document("nupi-policy-brief-19-2015"); got.Title != "Replaced (fictional)" || len(got.Passages) != 1 {
		t.Errorf("brief not replaced: %q", got.Title)
	}
	if c.Fingerprint() == before {
		t.Error("fingerprint did not change")
	}

	// Two bad files are both reported, by name.
	write("bad1.md", "no front matter")
	write("bad2.md", "---\nid: x\ntitle: T\nkind: novel\n---\n")
	_, err = corpus.Load(context.Background(), dir)
	if err == nil || !strings.Contains(err.Error(), "bad1.md") || !strings.Contains(err.Error(), "bad2.md") {
		t.Errorf("err = %v, want both bad files named", err)
	}

	missing := filepath.Join(dir, "missing")
	if _, err := corpus.Load(context.Background(), missing); err == nil || err.Error() != "the corpus folder "+missing+" does not exist: check the folder named (CORPUS_DIR, or --dir), or create it" || fault.Of(err) != fault.NotFound {
		t.Errorf("a missing corpus folder: %v, want it named, as not found", err)
	}
}

func TestLoadRejectsDuplicateIDs(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a.md", "b.md"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(fictional), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := corpus.Load(context.Background(), dir)
	if err == nil || !strings.Contains(err.Error(), "already used by") {
		t.Errorf("err = %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(fictional))
	seed, _ := os.ReadFile("documents/nupi-policy-brief-19-2015.md")
	f.Add(seed)
	f.Add([]byte("---\nid: x\ntitle: T\nkind: brief\n---\n[^1]: a\n[^1]: b\ntext[^1]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		d, err := corpus.Parse("fuzz.md", src)
		if err != nil {
			if !errors.Is(err, corpus.ErrInvalid) {
				t.Fatalf("error is not ErrInvalid: %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, p := range d.Passages {
			if seen[p.ID] {
				t.Fatalf("duplicate passage id %s", p.ID)
			}
			seen[p.ID] = true
			for _, n := range p.Footnotes {
				if _, ok := d.Footnote(n); !ok {
					t.Fatalf("passage cites undefined footnote %d", n)
				}
			}
		}
	})
}

func TestPassageKindsAndSymbols(t *testing.T) {
	d, err := corpus.Parse("fictional.md", []byte(fictional))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range d.Passages {
		if got, want := p.IsRecommendation(), p.Section == "Recommendations"; got != want {
			t.Errorf("%s: IsRecommendation = %v", p.Label, got)
		}
	}
	// A fictional resolution.
	res := "---\nid: fictional-res\ntitle: Fictional resolution\nkind: resolution\nsymbol: S/RES/9999 (2031)\n---\n\n**pp. 1** Recalling,\n\n**op. 1** Decides;\n"
	r, err := corpus.Parse("r.md", []byte(res))
	if err != nil {
		t.Fatal(err)
	}
	if r.Passages[0].IsOperative() || !r.Passages[1].IsOperative() {
		t.Errorf("IsOperative: %q %v, %q %v", r.Passages[0].Label, r.Passages[0].IsOperative(), r.Passages[1].Label, r.Passages[1].IsOperative())
	}
	c := corpus.New(d, r)
	for _, sym := range []string{"S/RES/9999 (2031)", "s/res/9999 (2031)"} {
		if got := c.DocumentBySymbol(sym); got != r {
			t.Errorf("DocumentBySymbol(%q) = %v", sym, got)
		}
	}
	if c.DocumentBySymbol("S/RES/1 (1946)") != nil || c.DocumentBySymbol("") != nil {
		t.Error("DocumentBySymbol found a document that is not there")
	}
}

func TestDocumentBySymbolWithoutYear(t *testing.T) {
	// Fictional resolutions.
	doc := func(id, sym string) *corpus.Document {
		d, err := corpus.Parse(id+".md", []byte("---\nid: "+id+"\ntitle: T\nkind: resolution\nsymbol: "+sym+"\n---\n\n**op. 1** Decides.\n"))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	c := corpus.New(doc("a", "S/RES/9998 (2031)"), doc("b", "S/RES/9997 (2031)"), doc("c", "S/RES/9997 (2030)"))
	tests := map[string]string{"S/RES/9998": "a", "s/res/9998 (2031)": "a", "S/RES/9997 (2030)": "c", "S/RES/9997": "", "S/RES/9996": ""}
	for in, want := range tests {
		got := ""
		if d := c.DocumentBySymbol(in); d != nil {
			got = d.ID
		}
		if got != want {
			t.Errorf("DocumentBySymbol(%q) = %q, want %q", in, got, want)
		}
	}
}
