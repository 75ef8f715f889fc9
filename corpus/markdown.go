package corpus

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"go.abhg.dev/goldmark/frontmatter"

	"mandatebot/internal/fault"
)

// ErrInvalid is wrapped by every error Parse returns for a file that is not
// a valid corpus document, so callers can tell a bad document from an I/O
// failure.
var ErrInvalid = fault.New(fault.Invalid, "invalid document")

// FrontMatter is the YAML header of a stored document.
type FrontMatter struct {
	ID        string   `yaml:"id"`
	Title     string   `yaml:"title"`
	Kind      Kind     `yaml:"kind"`
	Publisher string   `yaml:"publisher,omitempty"`
	Date      string   `yaml:"date,omitempty"`
	Symbol    string   `yaml:"symbol,omitempty"`
	URL       string   `yaml:"url,omitempty"`
	Notes     []string `yaml:"notes,omitempty"`
}

var validID = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,99}$`)

// Validate reports the first thing wrong with the front matter, if any.
func (fm FrontMatter) Validate() error {
	switch {
	case fm.ID == "":
		return fmt.Errorf("front matter has no id")
	case !validID.MatchString(fm.ID):
		return fmt.Errorf("id %q must be lower-case letters, digits, '.', '_' or '-' (at most 100)", fm.ID)
	case strings.TrimSpace(fm.Title) == "":
		return fmt.Errorf("front matter has no title")
	case !fm.Kind.Valid():
		return fmt.Errorf("kind %q must be one of brief, resolution, report, record", fm.Kind)
	}
	return nil
}

var markdown = goldmark.New(goldmark.WithExtensions(
	&frontmatter.Extender{},
	extension.Footnote,
))

// Parse reads one stored document: YAML front matter, then Markdown in
// which headings start sections, each paragraph, block quote paragraph and
// list item is a passage, and footnotes use the [^n] syntax with numeric
// labels. source names the file in errors and in Document.Source.
func Parse(source string, src []byte) (doc *Document, err error) {
	defer func() {
		// goldmark is robust, but a document must never take the program
		// down: a panic on some input is reported as that file's problem.
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("%s: %w: markdown parser failed: %v", source, ErrInvalid, r)
		}
	}()
	if !utf8Valid(src) {
		return nil, fmt.Errorf("%s: %w: not UTF-8 text", source, ErrInvalid)
	}
	if err := checkStructure(src); err != nil {
		return nil, fmt.Errorf("%s: %w: %w", source, ErrInvalid, err)
	}
	ctx := parser.NewContext()
	root := markdown.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))

	fmData := frontmatter.Get(ctx)
	if fmData == nil {
		return nil, fmt.Errorf("%s: %w: no front matter (the file must start with a '---' YAML block)", source, ErrInvalid)
	}
	var fm FrontMatter
	if err := fmData.Decode(&fm); err != nil {
		return nil, fmt.Errorf("%s: %w: front matter: %v", source, ErrInvalid, err)
	}
	if err := fm.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w: %v", source, ErrInvalid, err)
	}
	for _, t := range [][2]string{{"the title", clean(fm.Title)}, {"the symbol", fm.Symbol}} {
		if err := checkTitle(t[0], t[1]); err != nil {
			return nil, fmt.Errorf("%s: %w: %w", source, ErrInvalid, err)
		}
	}
	sum := sha256.Sum256(src)
	doc = &Document{
		ID: fm.ID, Title: clean(fm.Title), Kind: fm.Kind, Publisher: fm.Publisher,
		Date: fm.Date, Symbol: fm.Symbol, URL: fm.URL, Notes: fm.Notes,
		Source: source, Hash: hex.EncodeToString(sum[:]),
	}

	w := &walker{src: src, doc: doc, numberOf: map[int]int{}}
	if err := w.footnotes(root); err != nil {
		return nil, fmt.Errorf("%s: %w: %w", source, ErrInvalid, err)
	}
	for n := root.FirstChild(); n != nil && w.err == nil; n = n.NextSibling() {
		w.block(n)
	}
	if w.err != nil {
		return nil, fmt.Errorf("%s: %w: %w", source, ErrInvalid, w.err)
	}
	w.warnUncited()
	if err := checkPassages(doc); err != nil {
		return nil, fmt.Errorf("%s: %w: %w", source, ErrInvalid, err)
	}
	uniquePassageIDs(doc)
	doc.indexLabels()
	return doc, nil
}

// uniquePassageIDs gives a passage whose id an earlier passage of d
// already has (a section "Findings 3" after a section "Findings", say)
// an id of its own, with a warning: two passages with one id would make
// a citation or a link land on the wrong one.
func uniquePassageIDs(d *Document) {
	seen := make(map[string]bool, len(d.Passages))
	for i := range d.Passages {
		p := &d.Passages[i]
		id := p.ID
		for n := 2; seen[id]; n++ {
			id = fmt.Sprintf("%s-%d", p.ID, n)
		}
		if id != p.ID {
			d.Warnings = append(d.Warnings, fmt.Sprintf("%s has the id %q of an earlier passage; it is %q instead", p.Label, p.ID, id))
			p.ID = id
		}
		seen[id] = true
	}
}

func utf8Valid(b []byte) bool { return utf8.Valid(b) }

// Structural limits of a document, checked in one pass before the
// Markdown parser runs: its time grows with the square of the nesting
// depth and of the number of footnotes, so a hostile file could otherwise
// hold a load for minutes. Stored documents nest at most two deep, have no
// indented lines and fewer than a hundred footnotes.
const (
	MaxNesting       = 16    // block quotes and list markers opening one line
	MaxIndent        = 64    // columns of white space before a line's text
	MaxFootnoteMarks = 20000 // footnote markers and definitions, together
	// goldmark's link parser takes time growing with the square of the
	// brackets opened in one paragraph ("[a](" repeated: 16,000 take 2 s);
	// stored documents open at most 24 in a paragraph.
	MaxBracketsInParagraph = 256
	MaxBrackets            = 40000
)

// checkStructure enforces the structural limits in time linear in src.
func checkStructure(src []byte) error {
	if n := bytes.Count(src, []byte("[^")); n > MaxFootnoteMarks {
		return fmt.Errorf("%d footnote markers and definitions; at most %d are allowed", n, MaxFootnoteMarks)
	}
	if n := bytes.Count(src, []byte("[")); n > MaxBrackets {
		return fmt.Errorf("%d square brackets; at most %d are allowed", n, MaxBrackets)
	}
	line, paraStart, brackets, blocks := 1, 1, 0, 0
	front := bytes.HasPrefix(src, []byte("---")) // in the front matter: no blocks
	for rest := src; len(rest) > 0; line++ {
		l := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			l, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		blank := len(bytes.TrimSpace(l)) == 0
		if blank {
			paraStart, brackets = line+1, 0
		} else if brackets += bytes.Count(l, []byte("[")); brackets > MaxBracketsInParagraph {
			return fmt.Errorf("the paragraph at line %d opens more than %d square brackets", paraStart, MaxBracketsInParagraph)
		}
		depth, col := nesting(l)
		switch {
		case depth > MaxNesting:
			return fmt.Errorf("line %d nests quotes or lists %d deep; at most %d are allowed", line, depth, MaxNesting)
		case col > MaxIndent:
			return fmt.Errorf("line %d is indented %d columns; at most %d are allowed", line, col, MaxIndent)
		}
		switch {
		case front:
			front = line == 1 || !bytes.Equal(bytes.TrimSpace(l), []byte("---"))
		case !blank && (paraStart == line || depth > 0):
			blocks++ // a paragraph, list item or quotation starts here
		}
	}
	// Each block is at most one passage, but headings and footnote
	// definitions are blocks too: the exact count is checked once parsed
	// (checkPassages); this one stops a document far over it before the
	// parser spends memory on it.
	if blocks > maxBlocks {
		return fmt.Errorf("%w: %d paragraphs, list items and headings, over twice the limit of %d passages a document may hold; split it into several documents", ErrTooLarge, blocks, MaxPassages)
	}
	return nil
}

// maxBlocks bounds the blocks checkStructure counts: twice MaxPassages,
// room for a heading or a footnote beside every passage.
const maxBlocks = 2 * MaxPassages

// nesting counts the block quote and list markers that open a line, and
// the columns of white space among them.
func nesting(l []byte) (depth, col int) {
	for i := 0; i < len(l); {
		switch c := l[i]; {
		case c == ' ':
			col++
			i++
		case c == '\t':
			col += 4
			i++
		case c == '>':
			depth++
			i++
		case (c == '-' || c == '*' || c == '+') && i+1 < len(l) && (l[i+1] == ' ' || l[i+1] == '\t'):
			depth++
			i += 2
		case c >= '0' && c <= '9':
			j := i
			for j < len(l) && j-i < 9 && l[j] >= '0' && l[j] <= '9' {
				j++
			}
			if j+1 < len(l) && (l[j] == '.' || l[j] == ')') && (l[j+1] == ' ' || l[j+1] == '\t') {
				depth++
				i = j + 2
				continue
			}
			return depth, col
		default:
			return depth, col
		}
	}
	return depth, col
}

// walker turns goldmark's tree into passages and footnotes.
type walker struct {
	src      []byte
	doc      *Document
	numberOf map[int]int // goldmark's footnote index → the footnote's number

	section   string
	slug      string
	paragraph int            // paragraphs so far in the section
	recs      int            // recommendations so far in the document
	slugs     map[string]int // section slugs used so far, for unique passage ids
	err       error          // the first limit the document broke
}

// uniqueSlug returns base, or base with a number when an earlier section
// (or the reserved "p" and "recommendation" prefixes) already took it.
func (w *walker) uniqueSlug(base string) string {
	if w.slugs == nil {
		w.slugs = map[string]int{"p": 1, "recommendation": 1}
	}
	if base == "" {
		base = "section"
	}
	w.slugs[base]++
	if n := w.slugs[base]; n > 1 {
		return fmt.Sprintf("%s-%d", base, n)
	}
	return base
}

func (w *walker) footnotes(root gast.Node) error {
	var list *east.FootnoteList
	for n := root.LastChild(); n != nil; n = n.PreviousSibling() {
		if l, ok := n.(*east.FootnoteList); ok {
			list = l
			break
		}
	}
	if list == nil {
		return nil
	}
	seen := map[int]bool{}
	for n := list.FirstChild(); n != nil; n = n.NextSibling() {
		fn, ok := n.(*east.Footnote)
		if !ok {
			continue
		}
		num, err := strconv.Atoi(string(fn.Ref))
		if err != nil || num <= 0 || num > 9999 {
			return fmt.Errorf("footnote label [^%s] must be a number from 1 to 9999", fn.Ref)
		}
		if seen[num] {
			return fmt.Errorf("footnote %d is defined twice", num)
		}
		seen[num] = true
		w.numberOf[fn.Index] = num
		var b strings.Builder
		for c := fn.FirstChild(); c != nil; c = c.NextSibling() {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			w.inline(c, &b, nil)
		}
		t := clean(b.String())
		if len(t) > MaxFootnoteBytes {
			return fmt.Errorf("%w: footnote %d is %s, over the %s a footnote may hold", ErrTooLarge, num, sizeOf(int64(len(t))), sizeOf(MaxFootnoteBytes))
		}
		w.doc.Footnotes = append(w.doc.Footnotes, Footnote{
			Number: num, Text: t, URLs: URLs(t), Symbols: Symbols(t),
		})
	}
	sortFootnotes(w.doc.Footnotes)
	for i := range w.doc.Footnotes {
		if i > 0 && isIbid(w.doc.Footnotes[i].Text) {
			w.doc.Footnotes[i].IbidOf = w.doc.Footnotes[i-1].Number
		}
	}
	return nil
}

func (w *walker) block(n gast.Node) {
	switch n := n.(type) {
	case *gast.Heading:
		var b strings.Builder
		w.inline(n, &b, nil)
		w.section = clean(b.String())
		if err := checkTitle(fmt.Sprintf("heading %d", len(w.doc.Sections)+1), w.section); err != nil {
			w.err = err
			return
		}
		w.slug = w.uniqueSlug(Slug(w.section))
		w.paragraph = 0
		w.doc.Sections = append(w.doc.Sections, w.section)
	case *gast.Paragraph, *gast.TextBlock:
		w.passage(n, false)
	case *gast.Blockquote:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			w.block(c)
		}
	case *gast.List:
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			w.passage(item, true)
		}
	}
}

// ownLabel returns a paragraph's own label, removing it from the tree.
func (w *walker) ownLabel(n gast.Node) string {
	p, ok := n.(*gast.Paragraph)
	if !ok {
		return ""
	}
	em, ok := p.FirstChild().(*gast.Emphasis)
	if !ok || em.Level != 2 {
		return ""
	}
	var b strings.Builder
	w.inline(em, &b, nil)
	label := clean(b.String())
	if !IsParagraphLabel(label) {
		return ""
	}
	p.RemoveChild(p, em)
	return label
}

// passage adds the text under n as one passage.
func (w *walker) passage(n gast.Node, listItem bool) {
	label := w.ownLabel(n)
	var b strings.Builder
	var cites []int
	w.inline(n, &b, &cites)
	t, citations := placeCitations(clean(b.String()), cites)
	if t == "" {
		return
	}
	var numbers []int
	for _, c := range citations {
		if !containsInt(numbers, c.Footnote) {
			numbers = append(numbers, c.Footnote)
		}
	}
	p := Passage{DocID: w.doc.ID, Section: w.section, Text: t, Footnotes: numbers, Citations: citations}
	if label != "" {
		p.Label = label
		p.ID = w.doc.ID + "#" + w.uniqueSlug(Slug(label))
	} else if listItem && strings.Contains(strings.ToLower(w.section), "recommendation") {
		w.recs++
		p.ID = fmt.Sprintf("%s#recommendation-%d", w.doc.ID, w.recs)
		p.Label = RecommendationLabel(w.recs)
	} else {
		w.paragraph++
		slug := w.slug
		if slug == "" {
			slug = "p"
		}
		p.ID = fmt.Sprintf("%s#%s-%d", w.doc.ID, slug, w.paragraph)
		p.Label = strings.TrimSpace(fmt.Sprintf("%s ¶%d", w.section, w.paragraph))
	}
	if strings.Contains(t, "[^") {
		w.doc.Warnings = append(w.doc.Warnings, fmt.Sprintf("%s cites a footnote that is not defined: %q", p.Label, excerptAround(t, "[^")))
	}
	parts, note := splitPassage(p)
	if note != "" {
		w.doc.Splits = append(w.doc.Splits, note)
	}
	w.doc.Passages = append(w.doc.Passages, parts...)
}

// inline appends the plain text under n to b, and the numbers of the
// footnotes it cites to cites.
func (w *walker) inline(n gast.Node, b *strings.Builder, cites *[]int) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *gast.Text:
			v := c.Value(w.src)
			if !c.IsRaw() {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			b.Write(bytes.ReplaceAll(v, []byte(string(citationMark)), nil))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *gast.String:
			b.Write(c.Value)
		case *gast.CodeSpan:
			w.inline(c, b, nil)
		case *gast.AutoLink:
			b.Write(c.URL(w.src))
		case *gast.RawHTML, *east.FootnoteBacklink:
			// Inline HTML (comments, mostly) is not text of the document.
		case *east.FootnoteLink:
			if cites != nil {
				*cites = append(*cites, w.numberOf[c.Index])
				b.WriteRune(citationMark)
			}
		case *gast.Paragraph, *gast.TextBlock, *gast.List, *gast.ListItem, *gast.Blockquote:
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			w.inline(c, b, cites)
		default:
			w.inline(c, b, cites)
		}
	}
}

// warnUncited notes footnote definitions that goldmark dropped because no
// passage cites them. Only lines that start a definition are looked at.
func (w *walker) warnUncited() {
	for _, line := range bytes.Split(w.src, []byte("\n")) {
		if !bytes.HasPrefix(line, []byte("[^")) {
			continue
		}
		end := bytes.Index(line, []byte("]:"))
		if end < 0 {
			continue
		}
		label := string(line[2:end])
		num, err := strconv.Atoi(label)
		if err != nil {
			continue
		}
		if _, ok := w.doc.Footnote(num); !ok {
			w.doc.Warnings = append(w.doc.Warnings, fmt.Sprintf("footnote %d is defined but no passage cites it, so it is left out", num))
		}
	}
}

// citationMark stands in the text for a footnote marker until the text's
// white space is collapsed; then its offset is known.
const citationMark = '\uE000'

// placeCitations removes the citation marks from t and returns where they
// stood, paired in order with the footnote numbers cites.
func placeCitations(t string, cites []int) (string, []Citation) {
	if !strings.ContainsRune(t, citationMark) {
		return t, nil
	}
	var b strings.Builder
	var out []Citation
	skipSpace := false // a marker stood between two spaces: keep one
	lastSpace := false
	for _, r := range t {
		if r != citationMark {
			if !(skipSpace && r == ' ') {
				b.WriteRune(r)
				lastSpace = r == ' '
			}
			skipSpace = false
			continue
		}
		skipSpace = skipSpace || lastSpace
		if i := len(out); i < len(cites) {
			out = append(out, Citation{Footnote: cites[i], Offset: b.Len()})
		}
	}
	s := b.String()
	// A marker may have been followed by a space that clean kept ("text.[^1]
	// Next" → "text. Next"): offsets stay valid, but the ends are trimmed.
	trimmed := strings.TrimLeft(s, " ")
	shift := len(s) - len(trimmed)
	trimmed = strings.TrimRight(trimmed, " ")
	for i := range out {
		out[i].Offset = min(max(out[i].Offset-shift, 0), len(trimmed))
	}
	return trimmed, out
}

var ibidRE = regexp.MustCompile(`(?i)^ibid\b\.?`)

func isIbid(s string) bool { return ibidRE.MatchString(strings.TrimSpace(s)) }

// clean collapses runs of white space to one space and trims the ends.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// Slug makes a lower-case, dash-separated id from a title or file name.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case r == '’' || r == '\'':
			// "MINUSMA’s" → "minusmas"
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func excerptAround(s, sub string) string {
	i := strings.Index(s, sub)
	lo, hi := max(0, i-20), min(len(s), i+20)
	return strings.ToValidUTF8(s[lo:hi], "")
}
