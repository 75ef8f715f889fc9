package corpus_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"mandatebot/corpus"
)

// citeCorpus is a fictional resolution with a sub-paragraph list and a
// fictional brief, in the stored form.
func citeCorpus(t *testing.T) *corpus.Corpus {
	t.Helper()
	res := mustParse(t, "s-res-9999-2031.md", `---
id: s-res-9999-2031
title: Resolution 9999 (2031)
kind: resolution
publisher: United Nations Security Council
symbol: S/RES/9999 (2031)
---

## Mandate

**op. 1** Decides that the fictional mission shall:

**op. 1(a)** Decides that the fictional mission shall: (a) Security and protection of civilians

**op. 1(a)(i)** Decides that the fictional mission shall: (a) Security and protection of civilians (i) To protect civilians;

**op. 1(b)** Decides that the fictional mission shall: (b) Support for elections;

**op. 2** Decides to remain seized of the matter.
`)
	brief := mustParse(t, "brief.md", `---
id: brief
title: A fictional brief
kind: brief
publisher: A fictional institute
---

## Introduction

The first fictional paragraph.

The second fictional paragraph.

## The Mission’s Challenges

A fictional challenge.

## Recommendations

1. Recommend the first fictional thing.
2. Recommend the second fictional thing.
`)
	return corpus.New(res, brief)
}

func mustParse(t *testing.T, name, md string) *corpus.Document {
	t.Helper()
	d, err := corpus.Parse(name, []byte(md))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCite(t *testing.T) {
	c := citeCorpus(t)
	tests := []struct {
		ref   string
		label string
		under []string
		title string
	}{
		{"9999 op 1(a)(i)", "op. 1(a)(i)", nil, "S/RES/9999 (2031), op. 1(a)(i)"},
		{"S/RES/9999 (2031) 1", "op. 1", []string{"op. 1(a)", "op. 1(a)(i)", "op. 1(b)"}, "S/RES/9999 (2031), op. 1 and its 3 sub-paragraphs"},
		{"resolution 9999 op. 1 (a)", "op. 1(a)", []string{"op. 1(a)(i)"}, "S/RES/9999 (2031), op. 1(a) and its sub-paragraph"},
		{"Introduction ¶2", "Introduction ¶2", nil, "Introduction ¶2"},
		{"introduction para 2", "Introduction ¶2", nil, "Introduction ¶2"},
		{"The Mission's Challenges paragraph 1", "The Mission’s Challenges ¶1", nil, "The Mission’s Challenges ¶1"},
		{"Recommendation 2", "Recommendation 2", nil, "Recommendation 2"},
		{"rec 1", "Recommendation 1", nil, "Recommendation 1"},
	}
	for _, tt := range tests {
		got, err := c.Cite(tt.ref)
		if err != nil {
			t.Errorf("Cite(%q): %v", tt.ref, err)
			continue
		}
		var under []string
		for _, p := range got.Under {
			under = append(under, p.Label)
		}
		if diff := cmp.Diff([]string{tt.label, tt.title}, []string{got.Passage.Label, got.Title()}); diff != "" {
			t.Errorf("Cite(%q) (-want +got):\n%s", tt.ref, diff)
		}
		if diff := cmp.Diff(tt.under, under); diff != "" {
			t.Errorf("Cite(%q) sub-paragraphs (-want +got):\n%s", tt.ref, diff)
		}
	}
}

func TestCiteErrors(t *testing.T) {
	c := citeCorpus(t)
	tests := []struct {
		ref  string
		want error
		near []string
	}{
		{"", corpus.ErrNoReference, nil},
		{"the mandate", corpus.ErrUnknownDocument, nil},
		{"S/RES/2164 (2014) op 13", corpus.ErrNotHeld, nil},
		{"9999 op 1(c)", corpus.ErrNoSuchParagraph, []string{"op. 1", "op. 1(a)", "op. 1(a)(i)", "op. 1(b)"}},
		{"Introduction ¶9", corpus.ErrNoSuchParagraph, []string{"Introduction ¶1", "Introduction ¶2"}},
		{"Recommendation 7", corpus.ErrNoSuchParagraph, []string{"Recommendation 1", "Recommendation 2"}},
	}
	for _, tt := range tests {
		_, err := c.Cite(tt.ref)
		if !errors.Is(err, tt.want) {
			t.Errorf("Cite(%q): %v, want %v", tt.ref, err, tt.want)
			continue
		}
		var ce *corpus.CiteError
		if errors.As(err, &ce) {
			if diff := cmp.Diff(tt.near, ce.Near); diff != "" {
				t.Errorf("Cite(%q) near (-want +got):\n%s", tt.ref, diff)
			}
		}
	}
}

func TestTrail(t *testing.T) {
	c := citeCorpus(t)
	d := c.Document("s-res-9999-2031")
	if diff := cmp.Diff([]string{"op. 1", "(a) Security and protection of civilians"}, d.Trail(d.PassageByLabel("op. 1(a)(i)"))); diff != "" {
		t.Errorf("Trail (-want +got):\n%s", diff)
	}
	if got := d.Trail(d.PassageByLabel("op. 2")); got != nil {
		t.Errorf("Trail(op. 2) = %q, want none", got)
	}
}

// TestReference: the reference a reply suggests for a paragraph cites
// that paragraph, for every passage of a resolution and of a brief.
func TestReference(t *testing.T) {
	c := citeCorpus(t)
	var got []string
	for _, d := range c.Documents {
		for i := range d.Passages {
			p := &d.Passages[i]
			ref := d.Reference(p)
			got = append(got, ref)
			cited, err := c.Cite(ref)
			if err != nil || cited.Passage.ID != p.ID {
				t.Errorf("Cite(%q) = %v, %v; want %s", ref, cited, err, p.ID)
			}
		}
	}
	want := []string{"Introduction ¶1", "Introduction ¶2", "The Mission’s Challenges ¶1", "Recommendation 1", "Recommendation 2",
		"9999 op. 1", "9999 op. 1(a)", "9999 op. 1(a)(i)", "9999 op. 1(b)", "9999 op. 2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("references (-want +got):\n%s", diff)
	}
}
