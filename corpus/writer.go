package corpus

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Writer writes a stored document, the form Parse reads: importers describe
// a document block by block, and Writer owns the Markdown (front matter,
// escaping, labels, footnote markers and definitions). What a block's text
// says, Parse gives back as a passage with the same text, label and
// citations.
type Writer struct {
	b     strings.Builder
	prev  block
	notes map[int]string
}

type block int

const (
	noBlock block = iota
	headingBlock
	paragraphBlock
	quoteBlock
	itemBlock
)

// NewWriter starts a document with front matter fm, which must be valid.
func NewWriter(fm FrontMatter) (*Writer, error) {
	if err := fm.Validate(); err != nil {
		return nil, fmt.Errorf("front matter: %w", err)
	}
	head, err := yaml.Marshal(fm)
	if err != nil {
		return nil, fmt.Errorf("front matter: %w", err)
	}
	w := &Writer{notes: map[int]string{}}
	w.b.WriteString("---\n")
	w.b.Write(head)
	w.b.WriteString("---\n")
	return w, nil
}

// start separates blocks by a blank line; list items follow each other.
func (w *Writer) start(k block) {
	if !(w.prev == itemBlock && k == itemBlock) {
		w.b.WriteByte('\n')
	}
	w.prev = k
}

// Heading starts a section.
func (w *Writer) Heading(title string) {
	w.start(headingBlock)
	w.b.WriteString("## " + escapeMarkdown(strings.TrimSpace(oneLine.Replace(title)), true) + "\n")
}

// Paragraph writes a passage whose text cites footnotes at the given
// offsets. A paragraph label (see Label) is written in bold before the
// text, where Parse reads it back as the passage's label; any other label
// is left out, since Parse labels such a passage by its section and place
// ("The President ¶2").
func (w *Writer) Paragraph(label, text string, cites []Citation) {
	w.start(paragraphBlock)
	if IsParagraphLabel(label) {
		w.b.WriteString("**" + escapeMarkdown(strings.TrimSpace(oneLine.Replace(label)), true) + "** ")
	}
	w.b.WriteString(withCitations(text, cites) + "\n")
}

// Quote writes a passage set off as a quotation.
func (w *Writer) Quote(text string, cites []Citation) {
	w.start(quoteBlock)
	w.b.WriteString("> " + withCitations(text, cites) + "\n")
}

// Item writes a passage as a list item; the items of a section about
// recommendations become numbered recommendations.
func (w *Writer) Item(text string, cites []Citation) {
	w.start(itemBlock)
	w.b.WriteString("- " + withCitations(text, cites) + "\n")
}

// Footnote defines footnote n. Definitions are written at the end, in
// number order.
func (w *Writer) Footnote(n int, text string) { w.notes[n] = text }

// Bytes returns the document written so far, with its footnotes.
func (w *Writer) Bytes() []byte {
	var b strings.Builder
	b.WriteString(w.b.String())
	nums := make([]int, 0, len(w.notes))
	for n := range w.notes {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	if len(nums) > 0 {
		b.WriteByte('\n')
	}
	for _, n := range nums {
		fmt.Fprintf(&b, "[^%d]: %s\n", n, escapeMarkdown(strings.TrimSpace(oneLine.Replace(w.notes[n])), true))
	}
	return []byte(b.String())
}

// oneLine turns line breaks into spaces: a block is written on one line,
// so nothing in its text can start a line (a heading, a list) when read
// back. Parse collapses white space, so the text reads back the same.
var oneLine = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")

// withCitations escapes text, on one line, and puts a footnote marker at
// each citation's offset.
func withCitations(text string, cites []Citation) string {
	// Offsets count bytes of text; the replacements keep them (one byte
	// for one) except "\r\n", so that pair becomes two spaces here.
	text = strings.ReplaceAll(text, "\r\n", "  ")
	text = oneLine.Replace(text)
	// Leading white space would let the first character start a block.
	lead := len(text) - len(strings.TrimLeft(text, " \t"))
	text = text[lead:]
	cites = append([]Citation(nil), cites...)
	for i := range cites {
		o := max(cites[i].Offset-lead, 0)
		for o < len(text) && !utf8.RuneStart(text[o]) {
			o++ // a marker goes between characters, never inside one
		}
		cites[i].Offset = o
	}
	var b strings.Builder
	at := 0
	segment := func(s string) {
		if at == 0 && b.Len() > 0 && strings.HasPrefix(s, ":") {
			b.WriteByte('\\') // "[^1]:" opening a line would define a footnote
		}
		b.WriteString(escapeMarkdown(s, at == 0))
	}
	for _, c := range cites {
		if c.Offset < at || c.Offset > len(text) {
			continue
		}
		segment(text[at:c.Offset])
		fmt.Fprintf(&b, "[^%d]", c.Footnote)
		at = c.Offset
	}
	segment(text[at:])
	return b.String()
}
