// Package pdftext turns text extracted from a PDF (the brief's columns,
// footnotes and page furniture flattened into lines) into a stored corpus
// document.
//
// Extraction leaves a predictable mess: paragraphs wrapped at the column
// width and split by page breaks, words broken by a line-end hyphen, URLs
// broken across lines, footnote definitions dropped wherever the page put
// them (a number and a tab, in any order, sometimes continuing across
// blank lines, sometimes glued to the end of another note), footnote
// markers glued to the end of a clause ("elections’.4"), running headers,
// page numbers, and a publisher's box set into the page. Convert undoes
// it; the result is meant to be reviewed by hand before it is shipped.
package pdftext

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"mandatebot/corpus/internal/linejoin"
	"mandatebot/internal/fault"
)

// Kind says what a block of body text is.
type Kind int

// The kinds of block Convert finds.
const (
	Heading Kind = iota
	Paragraph
	Quote // a paragraph introduced by one that ends with a colon
	Item  // a bullet point
	Aside // a box set into the page, outside the flow of the text
)

// Block is a heading, paragraph, quotation, list item or aside, with its
// lines joined.
type Block struct {
	Kind    Kind
	Text    string   // plain text, footnote markers removed
	Markers []Marker // in order of Offset
}

// Marker is a footnote marker found in a block's text.
type Marker struct {
	Offset int // byte offset in Block.Text where the marker stood
	Number int
}

// Result is what Convert found.
type Result struct {
	Blocks    []Block        // the body, in reading order
	Asides    []Block        // boxes set into the page
	Footnotes map[int]string // footnote texts by number
	Warnings  []string       // what a reviewer should look at
}

// Options tunes Convert to a publisher's layout.
type Options struct {
	// Furniture holds extra patterns of whole lines to drop, such as a
	// running header. Page numbers and "19 · 2015"-style issue lines are
	// always dropped.
	Furniture []*regexp.Regexp
}

var (
	pageNumberRE = regexp.MustCompile(`^\d{1,3}$`)
	issueLineRE  = regexp.MustCompile(`^\d{1,3}\s*[·•|/]\s*\d{4}$`)
	footnoteRE   = regexp.MustCompile(`^(\d{1,3})\t\s*(.*)$`)
	bulletRE     = regexp.MustCompile(`^[•▪◦‣●■]\s*(.*)$`)
	terminalRE   = regexp.MustCompile(`[.!?:…]['’”"»)\]]*\d{0,3}$`)
	noteEndRE    = regexp.MustCompile(`[.!?]['’”"»)\]]*$`)
	gluedNoteRE  = regexp.MustCompile(`\.(\d{1,2}) (\p{Lu})`)
)

// ErrNotText is returned by CheckText for input that is not text
// extracted from a PDF: binary data, or another encoding than UTF-8.
var ErrNotText = fault.New(fault.Invalid, "not text")

// maxBadBytes is how many bytes of invalid UTF-8 CheckText lets through:
// extraction sometimes leaves a stray byte, never many.
const maxBadBytes = 8

// CheckText reports whether raw is text Convert should take: no NUL bytes
// and at most a few bytes that are not UTF-8.
func CheckText(raw []byte) error {
	if i := bytes.IndexByte(raw, 0); i >= 0 {
		return fmt.Errorf("%w: a NUL byte at offset %d (is it a PDF or another binary file? extract its text first, e.g. with pdftotext)", ErrNotText, i)
	}
	bad := 0
	for i := 0; i < len(raw); {
		r, size := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && size == 1 {
			if bad++; bad > maxBadBytes {
				return fmt.Errorf("%w: more than %d bytes are not UTF-8 (first at offset %d); convert it to UTF-8 first", ErrNotText, maxBadBytes, firstBad(raw))
			}
		}
		i += size
	}
	return nil
}

func firstBad(raw []byte) int {
	for i := 0; i < len(raw); {
		r, size := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// Convert turns PDF-extracted text into blocks and footnotes.
func Convert(raw string, opts Options) *Result {
	lines := strings.Split(strings.ReplaceAll(raw, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(strings.ToValidUTF8(l, "\uFFFD")), " ")
		if m := footnoteRE.FindStringSubmatch(strings.TrimLeft(l, " ")); m != nil {
			// Keep the tab that marks a footnote definition.
			lines[i] = m[1] + "\t" + strings.Join(strings.Fields(m[2]), " ")
		}
	}
	c := &converter{opts: opts, joiner: linejoin.New(lines), notes: map[int]*note{}}
	for _, l := range lines {
		c.line(l)
	}
	c.finish()
	return c.result()
}

type rawBlock struct {
	kind  Kind
	lines []string
}

func (b *rawBlock) last() string { return b.lines[len(b.lines)-1] }

// complete reports whether the block ends a sentence, so that what follows
// a break starts a new block.
func (b *rawBlock) complete() bool { return terminalRE.MatchString(b.last()) }

type note struct {
	number int
	text   []byte // the lines so far, joined
}

type converter struct {
	opts   Options
	joiner linejoin.Joiner

	blocks    []*rawBlock
	cur       *rawBlock // the open body block
	suspended *rawBlock // a body block interrupted by an aside
	aside     *rawBlock
	asides    []*rawBlock
	gap       bool // a blank line, page furniture or footnote since the last body line

	note     *note // the open footnote definition
	notes    map[int]*note
	warnings []string
}

func (c *converter) line(l string) {
	switch {
	case l == "":
		c.gap = true
		return
	case c.isFurniture(l):
		// A page ends here: footnotes sit above the page number, so an
		// open footnote ends too.
		c.closeNote()
		c.gap = true
		return
	}
	if m := footnoteRE.FindStringSubmatch(l); m != nil {
		c.closeNote()
		n, _ := strconv.Atoi(m[1])
		c.note = &note{number: n, text: []byte(m[2])}
		c.gap = true
		return
	}
	if c.note != nil {
		if c.noteOpen() {
			c.note.text = c.joiner.Append(c.note.text, l)
			return
		}
		c.closeNote()
	}
	c.body(l)
	c.gap = false
}

func (c *converter) isFurniture(l string) bool {
	if pageNumberRE.MatchString(l) || issueLineRE.MatchString(l) {
		return true
	}
	for _, re := range c.opts.Furniture {
		if re.MatchString(l) {
			return true
		}
	}
	return false
}

// noteOpen reports whether the open footnote's text is unfinished, so the
// next line, even after a blank one, continues it.
func (c *converter) noteOpen() bool {
	// Only the end of the text matters; looking at no more keeps a long
	// note linear.
	t := string(c.note.text[max(0, len(c.note.text)-300):])
	last := t
	if i := strings.LastIndexByte(t, ' '); i >= 0 {
		last = t[i+1:]
	}
	switch {
	case strings.HasSuffix(t, "-"), strings.HasSuffix(t, "/"), strings.HasSuffix(t, "www."):
		return true
	case strings.Contains(last, "://"):
		return false // a note that ends with an address is finished
	}
	return !noteEndRE.MatchString(t)
}

func (c *converter) closeNote() {
	if c.note == nil {
		return
	}
	if old, dup := c.notes[c.note.number]; dup {
		c.warn("footnote %d is defined twice; kept the first: %q", c.note.number, old.text)
	} else {
		c.notes[c.note.number] = c.note
	}
	c.note = nil
}

func (c *converter) body(l string) {
	if c.aside != nil {
		if c.aside.complete() && startsLower(l) && c.suspended != nil {
			// The interrupted paragraph resumes after the box.
			c.asides = append(c.asides, c.aside)
			c.aside = nil
			c.cur, c.suspended = c.suspended, nil
			c.cur.lines = append(c.cur.lines, l)
			return
		}
		c.aside.lines = append(c.aside.lines, l)
		return
	}
	if m := bulletRE.FindStringSubmatch(l); m != nil {
		c.closeBlock()
		c.cur = &rawBlock{kind: Item, lines: []string{m[1]}}
		return
	}
	if c.cur != nil {
		if !c.gap {
			c.cur.lines = append(c.cur.lines, l)
			return
		}
		if !c.cur.complete() {
			switch {
			case startsLower(l):
				c.cur.lines = append(c.cur.lines, l)
				return
			case strings.HasSuffix(c.cur.last(), "-"):
				// A word broken at a page break cannot go on with a
				// capital: this is a box set into the page.
				c.suspended, c.cur = c.cur, nil
				c.aside = &rawBlock{kind: Aside, lines: []string{l}}
				return
			case !isHeading(l):
				c.cur.lines = append(c.cur.lines, l)
				return
			}
		}
	}
	c.closeBlock()
	if isHeading(l) {
		c.blocks = append(c.blocks, &rawBlock{kind: Heading, lines: []string{l}})
		return
	}
	kind := Paragraph
	if n := len(c.blocks); n > 0 && c.blocks[n-1].kind == Paragraph && strings.HasSuffix(c.blocks[n-1].last(), ":") {
		kind = Quote
	}
	c.cur = &rawBlock{kind: kind, lines: []string{l}}
}

func (c *converter) closeBlock() {
	if c.cur != nil {
		c.blocks = append(c.blocks, c.cur)
		c.cur = nil
	}
}

func (c *converter) finish() {
	c.closeNote()
	if c.aside != nil {
		c.asides = append(c.asides, c.aside)
		c.aside = nil
	}
	if c.suspended != nil {
		c.warnings = append(c.warnings, "a paragraph interrupted by a box never resumed")
		c.blocks = append(c.blocks, c.suspended)
	}
	c.closeBlock()
}

// isHeading reports whether a line at the start of a block is a section
// heading: short, in title case, and not ending a sentence.
func isHeading(l string) bool {
	if utf8.RuneCountInString(l) > 60 || l == "" || strings.ContainsAny(l[len(l)-1:], ".,;:!?-") {
		return false
	}
	words := strings.Fields(l)
	if len(words) > 8 {
		return false
	}
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if i == 0 && !unicode.IsUpper(r) {
			return false
		}
		if utf8.RuneCountInString(w) >= 4 && unicode.IsLetter(r) && !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

func startsLower(l string) bool {
	r, _ := utf8.DecodeRuneInString(l)
	return unicode.IsLower(r)
}

// join joins a block's lines.
func (c *converter) join(lines []string) string { return c.joiner.Join(lines) }

func (c *converter) result() *Result {
	r := &Result{Footnotes: map[int]string{}, Warnings: c.warnings}

	// Footnote texts, with notes glued to the end of another split off.
	var nums []int
	for n := range c.notes {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	glued := map[int]string{}
	for _, n := range nums {
		t := string(c.notes[n].text)
		for {
			m := gluedNoteRE.FindStringSubmatchIndex(t)
			if m == nil {
				break
			}
			g, _ := strconv.Atoi(t[m[2]:m[3]])
			if g <= n || g > n+5 {
				break
			}
			glued[g] = strings.TrimSpace(t[m[4]:])
			t = t[:m[2]]
			c.warn("footnote %d's text was glued to the end of footnote %d; split it off", g, n)
		}
		r.Footnotes[n] = t
	}
	for g, t := range glued {
		if _, ok := r.Footnotes[g]; !ok {
			r.Footnotes[g] = t
		}
	}

	last := 0
	for _, b := range c.blocks {
		blk := Block{Kind: b.kind, Text: c.join(b.lines)}
		if b.kind != Heading {
			blk.Text, blk.Markers, last = findMarkers(blk.Text, r.Footnotes, last)
		}
		r.Blocks = append(r.Blocks, blk)
	}
	for _, b := range c.asides {
		r.Asides = append(r.Asides, Block{Kind: Aside, Text: c.join(b.lines)})
	}

	cited := map[int]bool{}
	for _, b := range r.Blocks {
		for _, m := range b.Markers {
			cited[m.Number] = true
		}
	}
	nums = nums[:0]
	for n := range r.Footnotes {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	for _, n := range nums {
		if !cited[n] {
			c.warn("footnote %d has no marker in the text: add [^%d] where it belongs", n, n)
		}
	}
	r.Warnings = c.warnings
	return r
}

func (c *converter) warn(format string, args ...any) {
	c.warnings = append(c.warnings, fmt.Sprintf(format, args...))
}

// findMarkers finds footnote markers glued to the end of a clause: one or
// two digits right after closing punctuation ("elections’.4", "Mali.9",
// "deployment.’8", "fragmentation,16") and followed by a space or the end.
// Numbers in prose ("2014 as part of", "12,640") and in symbols
// ("S/2014/692") are not preceded by punctuation that follows a letter, so
// they are left alone. A marker must name a defined footnote and come after
// the previous marker of the document.
func findMarkers(t string, notes map[int]string, last int) (string, []Marker, int) {
	var b strings.Builder
	var ms []Marker
	i := 0
	for i < len(t) {
		if t[i] < '0' || t[i] > '9' {
			b.WriteByte(t[i])
			i++
			continue
		}
		j := i
		for j < len(t) && t[j] >= '0' && t[j] <= '9' {
			j++
		}
		n, _ := strconv.Atoi(t[i:j])
		_, defined := notes[n]
		if j-i <= 2 && defined && n > last && (j == len(t) || t[j] == ' ') && gluedToClause(t[:i], n == last+1) {
			ms = append(ms, Marker{Offset: b.Len(), Number: n})
			last = n
		} else {
			b.WriteString(t[i:j])
		}
		i = j
	}
	return b.String(), ms, last
}

// gluedToClause reports whether text before a number ends with closing
// punctuation that follows a word: the place of a footnote marker. When
// the number is the next one expected, a sentence ending in a year
// ("in March 2015.9") counts too.
func gluedToClause(before string, next bool) bool {
	punct, stop := 0, false
	for before != "" {
		r, size := utf8.DecodeLastRuneInString(before)
		switch {
		case strings.ContainsRune(".,;:!?’'”\")]", r) && punct < 3:
			punct++
			stop = stop || r == '.'
			before = before[:len(before)-size]
			continue
		case unicode.IsLetter(r) || r == ')':
			return punct > 0
		case next && stop && isYear(before):
			return true
		}
		return false
	}
	return false
}

// isYear reports whether s ends with a free-standing four-digit number.
func isYear(s string) bool {
	if len(s) < 4 || !isDigits(s[len(s)-4:]) {
		return false
	}
	return len(s) == 4 || s[len(s)-5] == ' '
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
