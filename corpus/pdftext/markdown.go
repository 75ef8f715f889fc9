package pdftext

import (
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"mandatebot/corpus"
)

// Markdown renders r as a stored corpus document with the given front
// matter: each block on one line, headings as "##", quotations as ">",
// items as "-", asides in an "About …" section at the end, then the
// footnote definitions in number order.
func (r *Result) Markdown(fm corpus.FrontMatter) ([]byte, error) {
	var b strings.Builder
	head, err := yaml.Marshal(fm)
	if err != nil {
		return nil, fmt.Errorf("front matter: %w", err)
	}
	b.WriteString("---\n")
	b.Write(head)
	b.WriteString("---\n\n")
	prev := Heading
	for i, blk := range r.Blocks {
		if i > 0 && !(prev == Item && blk.Kind == Item) {
			b.WriteString("\n")
		}
		switch blk.Kind {
		case Heading:
			b.WriteString("## ")
		case Quote:
			b.WriteString("> ")
		case Item:
			b.WriteString("- ")
		}
		b.WriteString(withMarkers(blk))
		b.WriteString("\n")
		prev = blk.Kind
	}
	if len(r.Asides) > 0 {
		about := "About the publisher"
		if fm.Publisher != "" {
			about = "About " + fm.Publisher
		}
		fmt.Fprintf(&b, "\n## %s\n", escape(about))
		for _, a := range r.Asides {
			fmt.Fprintf(&b, "\n%s\n", escape(a.Text))
		}
	}
	var nums []int
	for n := range r.Footnotes {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	if len(nums) > 0 {
		b.WriteString("\n")
	}
	for _, n := range nums {
		fmt.Fprintf(&b, "[^%d]: %s\n", n, escape(r.Footnotes[n]))
	}
	return []byte(b.String()), nil
}

func withMarkers(blk Block) string {
	var b strings.Builder
	at := 0
	for _, m := range blk.Markers {
		b.WriteString(escapeFrom(blk.Text[at:m.Offset], at == 0))
		fmt.Fprintf(&b, "[^%d]", m.Number)
		at = m.Offset
	}
	b.WriteString(escapeFrom(blk.Text[at:], at == 0))
	return b.String()
}

func escape(s string) string { return corpus.EscapeMarkdown(s, true) }

func escapeFrom(s string, lineStart bool) string { return corpus.EscapeMarkdown(s, lineStart) }
