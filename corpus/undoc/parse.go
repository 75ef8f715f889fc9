package undoc

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"mandatebot/corpus"
	"mandatebot/corpus/internal/linejoin"
)

// Page furniture of UN documents: page numbers ("3/10"), job numbers
// ("14-12345 (E)"), bar codes ("*1412345*"), and the recycling note.
var (
	pageNumberRE = regexp.MustCompile(`^(\d{1,3}/\d{1,3}|\d{1,3}|Page \d+( of \d+)?)$`)
	jobNumberRE  = regexp.MustCompile(`^\d{2}-\d{5}\s*\([A-Z]\)`)
	barcodeRE    = regexp.MustCompile(`^\*\d{6,}\*$`)
	recycleRE    = regexp.MustCompile(`(?i)^please recycle`)
	dateRE       = regexp.MustCompile(`\b(\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4})\b`)
	// A paragraph number or mark followed by a space, a tab (which
	// extraction turns into a space) or nothing: "1. Decides", "1.Decides".
	opRE         = regexp.MustCompile(`^(\d{1,3})\.\s*(\S.*)$`)
	subRE        = regexp.MustCompile(`^\(([a-z]{1,5})\)\s*(.*)$`)
	reportHeadRE = regexp.MustCompile(`^([IVX]{1,5}|[A-H])\.\s+\S`)
	speakerRE    = regexp.MustCompile(`^((?:The (?:President|Secretary-General|Chair))|(?:(?:Mr|Mrs|Ms|Sir|Dame|Dr)\.? [^:]{1,80}?))(?: \(spoke in [A-Za-z]+\))?:\s*(.*)$`)
)

// Kind returns the kind of document a symbol names.
func Kind(symbol string) corpus.Kind {
	switch {
	case strings.HasPrefix(symbol, "S/RES/"):
		return corpus.KindResolution
	case strings.HasPrefix(symbol, "S/PV."):
		return corpus.KindRecord
	}
	return corpus.KindReport
}

// ID returns the corpus id of a document with a UN symbol:
// "S/RES/2164 (2014)" → "s-res-2164-2014".
func ID(symbol string) string { return corpus.Slug(strings.ReplaceAll(symbol, "/", " ")) }

// node is a paragraph of the document with its sub-paragraphs.
type node struct {
	heading bool
	label   string // "op. 13(a)(i)", "pp. 2", "para. 12", speaker
	text    []string
	kids    []*node
	head    string // the section it is under
}

// Convert turns the lines of a UN document into a stored corpus document
// (Markdown with front matter). Resolutions become preambular paragraphs
// (pp. 1 …) and operative paragraphs with their sub-paragraphs (op. 13(a)(i)),
// each sub-paragraph carrying its parents' lead-ins so it reads alone;
// reports become numbered paragraphs (para. 12) under their headings;
// meeting records become a passage per paragraph, labelled with the
// speaker.
func Convert(lines []Line, symbol, url string) ([]byte, []string, error) {
	symbol = strings.TrimSpace(symbol)
	norm := corpus.NormalizeSymbol(symbol)
	if norm == "" {
		norm = symbol
	}
	kind := Kind(norm)
	body, date, title := stripFurniture(lines, norm)
	if len(body) == 0 {
		return nil, nil, fmt.Errorf("%s: no text found in the PDF", symbol)
	}
	var texts []string
	for _, l := range body {
		texts = append(texts, l.Text)
	}
	j := linejoin.New(texts)
	var nodes []*node
	var warnings []string
	switch kind {
	case corpus.KindResolution:
		nodes, warnings = parseResolution(body)
	case corpus.KindRecord:
		nodes = parseRecord(body)
	default:
		nodes = parseReport(body)
	}
	if len(nodes) == 0 {
		return nil, warnings, fmt.Errorf("%s: found no paragraphs; is it a %s?", symbol, kind)
	}
	if title == "" {
		title = norm
	}
	fm := corpus.FrontMatter{
		ID: ID(norm), Title: title, Kind: kind, Publisher: "United Nations Security Council",
		Date: date, Symbol: norm, URL: url,
		Notes: []string{"Converted by mandatebot fetch from the official PDF. Running headers, page numbers and job numbers were dropped and hyphenation undone; each sub-paragraph repeats its parents' lead-ins so that it reads alone."},
	}
	md, err := render(fm, nodes, j)
	return md, warnings, err
}

// stripFurniture drops running headers and footers and returns the body
// (from "The Security Council," for a resolution), the date and the title.
func stripFurniture(lines []Line, symbol string) (body []Line, date, title string) {
	started := false
	edge := pageEdges(lines)
	for i, l := range lines {
		t := strings.TrimSpace(l.Text)
		sym := corpus.NormalizeSymbol(t)
		switch {
		case t == "", pageNumberRE.MatchString(t), jobNumberRE.MatchString(t), barcodeRE.MatchString(t), recycleRE.MatchString(t):
			continue
		case sym != "" && sym == symbol && len(t) <= len(symbol)+4:
			continue // the running header
		case edge[i] && isFurniture(t, symbol):
			continue
		}
		if !started {
			if m := dateRE.FindStringSubmatch(t); m != nil && date == "" {
				date = m[1]
			}
			if strings.HasPrefix(t, "Adopted by the Security Council") {
				if m := dateRE.FindStringSubmatch(t); m != nil {
					date = m[1]
				}
			}
			if title == "" && (strings.HasPrefix(t, "Resolution ") || strings.HasPrefix(t, "Report of the Secretary-General")) {
				title = t
			}
			switch Kind(symbol) {
			case corpus.KindResolution:
				started = strings.HasPrefix(t, "The Security Council")
				continue
			case corpus.KindRecord:
				started = speakerRE.MatchString(t) || strings.HasPrefix(t, "The meeting was called to order")
			default:
				started = reportHeadRE.MatchString(t) || opRE.MatchString(t)
			}
			if !started {
				continue
			}
		}
		l.Text = t
		body = append(body, l)
	}
	return body, date, title
}

// furnitureTokenRE is a word of a page's header or footer: a job number
// ("31-01234"), its language mark ("(E)"), a date stamp ("300614"), a
// bar code ("*3101234*"), a page number ("2/18", "- 3 -", "Page 2 of 3"),
// "Please recycle" and its sign.
var furnitureTokenRE = regexp.MustCompile(`(?i)^(\d{2}-\d{5}|\([A-Z]\)|\d{6}|\*\d{6,}\*|\d{1,3}/\d{1,3}|\d{1,3}|[-–—]|page|of|please|recycle|♲)$`)

// isFurniture reports whether a line is made only of page furniture (and
// the document's own symbol, as running headers set it), by form: every
// word a furniture word. Whatever the producer, this is how the Official
// Document System's footers and headers read once extracted.
func isFurniture(t, symbol string) bool {
	if sym, rest, ok := corpus.CutSymbol(t); ok && sym == symbol {
		t = rest
	}
	words := strings.Fields(t)
	for _, w := range words {
		if !furnitureTokenRE.MatchString(w) {
			return false
		}
	}
	return len(words) > 0
}

// pageEdges marks the lines at the top and bottom of their page — the
// first three and the last three — where headers and footers stand; a
// line of the body made of numbers alone is left alone.
func pageEdges(lines []Line) []bool {
	edge := make([]bool, len(lines))
	for start := 0; start < len(lines); {
		end := start
		for end < len(lines) && lines[end].Page == lines[start].Page {
			end++
		}
		for i := start; i < end; i++ {
			edge[i] = i-start < 3 || end-i <= 3
		}
		start = end
	}
	return edge
}

// ends reports whether text ends a paragraph, or a list's item.
// A list's last but one item may end "…; and", "…, or".
func ends(s string) bool {
	s = strings.TrimRight(s, " ’”\"")
	for _, conj := range []string{"; and", "; or", ", and", ", or"} {
		if strings.HasSuffix(s, conj) {
			return true
		}
	}
	return strings.HasSuffix(s, ";") || strings.HasSuffix(s, ".") || strings.HasSuffix(s, ":") || strings.HasSuffix(s, ",")
}

// isHeading reports whether a line between paragraphs is a heading: short,
// capitalised, not ending a sentence.
func isHeading(t string) bool {
	if utf8.RuneCountInString(t) > 80 || len(strings.Fields(t)) > 12 || opRE.MatchString(t) || subRE.MatchString(t) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t)
	last := t[len(t)-1]
	return unicode.IsUpper(r) && !strings.ContainsRune(".,;:", rune(last))
}

// textBlock is where a document's body text runs: the left edge of its
// lines and the right edge of the widest.
type textBlock struct{ left, right float64 }

func bodyBlock(body []Line) textBlock {
	b := textBlock{left: math.Inf(1)}
	for _, l := range body {
		b.left = math.Min(b.left, l.X)
		b.right = math.Max(b.right, l.XEnd)
	}
	return b
}

// centred reports whether l is set in the middle of the text block, as
// headings are: as far from the block's left edge as from its right (a
// justified line reaches the right edge; a paragraph's first line is
// indented on the left only). Lines extracted without their width are
// never centred.
func (b textBlock) centred(l Line) bool {
	w := b.right - b.left
	if w <= 0 || l.XEnd <= l.X {
		return false
	}
	em := math.Max(l.Size, 1)
	left, right := l.X-b.left, b.right-l.XEnd
	return left >= em && right >= em && math.Abs(left-right) < math.Max(2*em, 0.05*w)
}

func parseReport(body []Line) []*node {
	var out []*node
	var cur *node
	section := ""
	prevEnded := true
	for _, l := range body {
		t := l.Text
		prevEnded = prevEnded || cur == nil
		switch m := opRE.FindStringSubmatch(t); {
		case m != nil && prevEnded:
			cur = &node{label: corpus.Label(corpus.Paragraph, atoi(m[1])), text: []string{m[2]}, head: section}
			out = append(out, cur)
		case prevEnded && (reportHeadRE.MatchString(t) || isHeading(t)):
			section = t
			out = append(out, &node{heading: true, text: []string{t}, head: t})
			cur = nil
			prevEnded = true
			continue
		case cur == nil || prevEnded && startsParagraph(t) && l.X > 0:
			cur = &node{text: []string{t}, head: section}
			out = append(out, cur)
		default:
			cur.text = append(cur.text, t)
		}
		prevEnded = ends(t)
	}
	return out
}

func parseRecord(body []Line) []*node {
	var out []*node
	var cur *node
	speaker := ""
	n := 0
	prevEnded := true
	for _, l := range body {
		t := l.Text
		if m := speakerRE.FindStringSubmatch(t); m != nil && prevEnded {
			speaker, n = m[1], 1
			cur = &node{label: fmt.Sprintf("%s ¶%d", speaker, n), text: []string{m[2]}, head: speaker}
			out = append(out, cur)
		} else if cur == nil || (prevEnded && l.X > 0 && startsParagraph(t)) {
			n++
			cur = &node{label: fmt.Sprintf("%s ¶%d", orDash(speaker), n), text: []string{t}, head: speaker}
			out = append(out, cur)
		} else {
			cur.text = append(cur.text, t)
		}
		prevEnded = strings.HasSuffix(strings.TrimRight(t, " ’”\""), ".")
	}
	return out
}

func startsParagraph(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(r)
}

func orDash(s string) string {
	if s == "" {
		return "Record"
	}
	return s
}

// render writes the stored form: sections, and labelled passages, each
// sub-paragraph carrying its parents' lead-ins.
func render(fm corpus.FrontMatter, nodes []*node, j linejoin.Joiner) ([]byte, error) {
	w, err := corpus.NewWriter(fm)
	if err != nil {
		return nil, err
	}
	section := "\x00"
	heading := func(h string) {
		if h != section && h != "" {
			section = h
			w.Heading(h)
		}
	}
	for _, n := range nodes {
		if n.heading {
			section = strings.Join(n.text, " ")
			w.Heading(section)
			continue
		}
		heading(n.head)
		own := j.Join(n.text)
		w.Paragraph(n.label, own, nil)
		for _, a := range n.kids {
			heading(a.head)
			at := j.Join(a.text)
			w.Paragraph(a.label, own+" "+at, nil)
			for _, r := range a.kids {
				heading(r.head)
				w.Paragraph(r.label, own+" "+at+" "+j.Join(r.text), nil)
			}
		}
	}
	return w.Bytes(), nil
}

// atoi reads a paragraph number the regexps matched as digits.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
