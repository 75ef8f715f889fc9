package pdftext

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

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

func escape(s string) string { return escapeFrom(s, true) }

// escapeFrom escapes what Markdown would read as markup. Where s starts a
// line, a leading character that would open a heading, quote, list or
// thematic break is escaped too. An underscore inside a word (mali_14.php)
// is not emphasis in Markdown and is left as it is, for readability.
func escapeFrom(s string, lineStart bool) string {
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '\\', '*', '`', '[', ']', '<', '&':
			b.WriteByte('\\')
		case '_':
			before, _ := utf8.DecodeLastRuneInString(s[:i])
			after, _ := utf8.DecodeRuneInString(s[i+1:])
			if !(isAlnum(before) && isAlnum(after)) {
				b.WriteByte('\\')
			}
		case '#', '>', '-', '+', '=', '|', '~':
			if lineStart && i == 0 {
				b.WriteByte('\\')
			}
		case '.', ')':
			if lineStart && i > 0 && isDigits(s[:i]) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
