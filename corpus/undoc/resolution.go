package undoc

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"mandatebot/corpus"
)

// resolutionParser reads a resolution's body line by line. A resolution's
// structure comes from its numbering and its layout, not its fonts:
//
//   - operative paragraphs are numbered 1, 2, 3 in order;
//   - sub-paragraphs are lettered (a), (b) or numbered (i), (ii) — under a
//     lettered one, or as the paragraph's own list — a mark that fits
//     both ("(i)" after "(h)") decided by the mark that follows, else by
//     its indentation;
//   - a new paragraph starts only where the one before has ended: a line
//     ending with , ; : or . (or "; and"), or stopping well short of the
//     right edge (a group heading such as "(a) Security, stabilization and
//     protection of civilians", a name in a list), so a mark that a line
//     break puts at the start of a line inside a sentence ("(i)…(ii)"
//     lists written inline) stays in its sentence; where the layout is
//     not known, a lettered sub-paragraph that does not end like a
//     sentence is a group heading when (i) and (ii) start lines under it;
//   - a preambular paragraph starts, after one that ended with a comma,
//     with a capital letter where the layout says a paragraph starts (at
//     the first preambular paragraph's indentation, where the document
//     sets first lines apart); italics only hint, since the UN sets the
//     participles inside a paragraph ("…, welcoming …") in italics too;
//   - a heading is a short capitalised line that does not end like a
//     sentence, after a paragraph has ended: centred, or followed by the
//     next operative paragraph; centred lines that follow each other are
//     one heading. A heading inside a paragraph's list of sub-paragraphs
//     heads the sub-paragraphs that follow it.
type resolutionParser struct {
	body  []Line
	block textBlock
	// preX is where the first line of a preambular paragraph starts, and
	// indented whether that is right of the lines that continue one.
	preX     float64
	indented bool

	out      []*node
	warnings []string
	cur      *node // the paragraph lines go to
	op, sub  *node // the operative paragraph and its lettered sub-paragraph
	lastOp   int
	lastTop  string // the last mark of op's own list
	topRoman bool   // op's own list is numbered (i), (ii), not lettered
	lastSub  string // the last mark under sub
	topX     float64
	pp       int
	section  string // the heading over the paragraphs
	listHead string // a heading inside op's list, over the sub-paragraphs after it
	ended    bool   // the line before ended a paragraph
	headEnd  int    // the index of the line after the last heading
}

// parseResolution reads a resolution's body (the lines after "The
// Security Council,") into its paragraphs.
func parseResolution(body []Line) ([]*node, []string) {
	p := &resolutionParser{body: body, block: bodyBlock(body), ended: true}
	if len(body) > 0 {
		p.preX = body[0].X
		p.indented = p.preX-p.block.left > 0.5*math.Max(body[0].Size, 1) && body[0].XEnd > body[0].X
	}
	for i := range body {
		p.line(i)
	}
	return p.out, p.warnings
}

func (p *resolutionParser) line(i int) {
	if i < p.headEnd {
		return // a heading's line, read with its first
	}
	l := p.body[i]
	t := l.Text
	if p.ended {
		if end := p.headingAt(i); end > i {
			p.startHeading(i, end)
			return
		}
	}
	if m := opRE.FindStringSubmatch(t); m != nil && p.ended && atoi(m[1]) == p.lastOp+1 {
		if p.section == "" || p.section == "Preamble" {
			p.section = "Operative paragraphs"
		}
		p.lastOp = atoi(m[1])
		p.op = &node{label: corpus.Label(corpus.Operative, p.lastOp), text: []string{m[2]}, head: p.section}
		p.out = append(p.out, p.op)
		p.cur, p.sub, p.lastTop, p.topRoman, p.lastSub, p.listHead = p.op, nil, "", false, "", ""
		p.ended = ends(m[2]) || p.endsShort(l)
		return
	}
	if m := subRE.FindStringSubmatch(t); m != nil && p.op != nil && (p.ended || p.groupHeading(i, m[1])) {
		if p.subParagraph(i, m[1], t) {
			p.ended = ends(m[2]) || p.endsShort(l)
			return
		}
	}
	if p.ended && p.op == nil && p.startsPreambular(l) {
		p.pp++
		p.cur = &node{label: corpus.Label(corpus.Preambular, p.pp), text: []string{t}, head: p.sectionOr("Preamble")}
		p.out = append(p.out, p.cur)
		p.ended = ends(t) || p.endsShort(l)
		return
	}
	if p.cur == nil {
		p.warnings = append(p.warnings, fmt.Sprintf("text outside any paragraph dropped: %q", t))
		return
	}
	p.cur.text = append(p.cur.text, t)
	p.ended = ends(t) || p.endsShort(l)
}

// endsShort reports whether l stops well short of the text block's right
// edge: the line was broken because its paragraph ended (a heading, a
// name in a list), not because the next word did not fit.
func (p *resolutionParser) endsShort(l Line) bool {
	w := p.block.right - p.block.left
	return w > 0 && l.XEnd > l.X && l.XEnd < p.block.right-0.25*w
}

func (p *resolutionParser) sectionOr(def string) string {
	if p.section == "" {
		return def
	}
	return p.section
}

// headingAt returns the index of the line after the heading that starts
// at line i, or i when none does. A heading is a capitalised line that
// does not end like a sentence — centred, with the centred lines that
// follow it, or short — followed by what starts a paragraph: the next
// operative paragraph, the next mark of the current paragraph's list (a
// heading inside the list), or in the preamble a preambular paragraph.
func (p *resolutionParser) headingAt(i int) int {
	l := p.body[i]
	centred := p.block.centred(l)
	if !headingShaped(l.Text, centred) {
		return i
	}
	// A heading's next line is centred on the same middle.
	end := i + 1
	for centred && end < len(p.body) && end < i+3 && sameMiddle(l, p.body[end]) && headingShaped(p.body[end].Text, true) {
		end++
	}
	if end >= len(p.body) {
		return i
	}
	next := p.body[end]
	switch m := opRE.FindStringSubmatch(next.Text); {
	case m != nil:
		if atoi(m[1]) == p.lastOp+1 {
			return end
		}
	case p.op != nil && p.continuesList(end):
		return end
	case p.op == nil && p.lastOp == 0 && p.startsPreambular(next):
		return end
	}
	return i
}

// sameMiddle reports whether two lines are centred on the same point, as
// the lines of one heading are.
func sameMiddle(a, b Line) bool {
	return b.XEnd > b.X && math.Abs((a.X+a.XEnd)/2-(b.X+b.XEnd)/2) < 0.15*math.Max(a.Size, 1)
}

// headingShaped reports whether t reads as a heading: capitalised, not
// ending like a sentence, no paragraph's number or mark; a centred line
// up to a line long, another short.
func headingShaped(t string, centred bool) bool {
	if !centred {
		return isHeading(t)
	}
	if t == "" || utf8.RuneCountInString(t) > 150 || opRE.MatchString(t) || subRE.MatchString(t) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(r) && !ends(t) && !strings.HasSuffix(t, "-")
}

// startHeading starts a section of lines i to end-1. Inside an operative
// paragraph's list, where the next line goes on with the list, the
// heading heads the sub-paragraphs that follow; elsewhere it ends the
// paragraph before it.
func (p *resolutionParser) startHeading(i, end int) {
	var lines []string
	for _, l := range p.body[i:end] {
		lines = append(lines, l.Text)
	}
	t := strings.Join(lines, " ")
	p.headEnd = end
	if p.op != nil && p.continuesList(end) {
		p.listHead, p.cur = t, nil
		return
	}
	p.out = append(p.out, &node{heading: true, text: []string{t}})
	p.section, p.listHead = t, ""
	p.op, p.sub, p.cur = nil, nil, nil
}

// continuesList reports whether line i goes on with the current
// operative paragraph's list of sub-paragraphs.
func (p *resolutionParser) continuesList(i int) bool {
	if i >= len(p.body) {
		return false
	}
	m := subRE.FindStringSubmatch(p.body[i].Text)
	return m != nil && (m[1] == nextLetter(p.lastTop) && !p.topRoman || p.topRoman && m[1] == nextRoman(p.lastTop))
}

// groupHeading reports whether mark, at the start of line i that follows
// one not ending a paragraph, ends a group heading: the first numeral
// under a lettered sub-paragraph whose text so far reads as a heading,
// with (ii) starting a line after it (a list written inside a sentence
// goes on inside the lines).
func (p *resolutionParser) groupHeading(i int, mark string) bool {
	if p.sub == nil || p.cur != p.sub || mark != "i" || p.lastSub != "" || p.nextMark(i+1) != "ii" {
		return false
	}
	own := strings.Join(p.sub.text, " ")
	if m := subRE.FindStringSubmatch(own); m != nil {
		own = m[2]
	}
	return isGroupHeading(own)
}

// isGroupHeading reports whether a lettered sub-paragraph's text (after
// its mark) reads as the heading of a group: capitalised, not ending like
// a sentence.
func isGroupHeading(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(r) && !ends(t) && !strings.HasSuffix(t, "-")
}

// subParagraph starts the sub-paragraph that mark opens at line i, and
// reports whether mark continues a list.
func (p *resolutionParser) subParagraph(i int, mark, t string) bool {
	l := p.body[i]
	top := !p.topRoman && mark == nextLetter(p.lastTop) || p.topRoman && mark == nextRoman(p.lastTop) || p.lastTop == "" && mark == "i"
	inner := p.sub != nil && !p.topRoman && mark == nextRoman(p.lastSub)
	if top && inner {
		// "(i)" after "(h)": the next mark says which; without one, a
		// numeral is set deeper than the letters.
		switch p.nextMark(i + 1) {
		case nextLetter(mark):
			inner = false
		case nextRoman(mark):
			top = false
		default:
			top = l.X <= p.topX+0.5*math.Max(l.Size, 1)
			inner = !top
		}
	}
	if top && p.lastTop == "" && p.inline(i, mark) {
		return false // a list written inside the paragraph's sentence
	}
	switch {
	case top:
		p.topRoman = p.topRoman || p.lastTop == "" && mark == "i"
		p.sub = &node{label: corpus.SubLabel(p.op.label, mark), text: []string{t}}
		p.op.kids = append(p.op.kids, p.sub)
		p.cur, p.lastTop, p.lastSub, p.topX = p.sub, mark, "", l.X
		if p.topRoman {
			p.sub = nil // no list under a numeral
		}
		p.cur.head = p.listSection()
		return true
	case inner:
		n := &node{label: corpus.SubLabel(p.sub.label, mark), text: []string{t}, head: p.listSection()}
		p.sub.kids = append(p.sub.kids, n)
		p.cur, p.lastSub = n, mark
		return true
	}
	if p.ended {
		p.warnings = append(p.warnings, fmt.Sprintf("(%s) does not continue the numbering of %s; read as part of its text", mark, p.op.label))
	}
	return false
}

// inline reports whether the list that mark opens at line i is written
// inside its paragraph's sentence ("…missions to: (a) assist …; (b) help
// …; and (c) implement …"), where a line break put mark at the start of a
// line: one of the marks after it in the same paragraph is inside a line,
// after a comma, semicolon, colon, "and" or "or", where a list written as
// sub-paragraphs starts each item on a line of its own.
func (p *resolutionParser) inline(i int, mark string) bool {
	next := func(m string) string {
		if mark == "i" {
			return nextRoman(m)
		}
		return nextLetter(m)
	}
	m := next(mark)
	for j := i; j < len(p.body) && m != ""; j++ {
		t := p.body[j].Text
		if j > i && opRE.MatchString(t) {
			return false
		}
		if j > i && strings.HasPrefix(t, "("+m+")") {
			m = next(m)
			continue
		}
		for _, found := range inlineMarkRE.FindAllStringSubmatch(t, -1) {
			if found[1] == m && !referenceWords[found[2]] {
				return true
			}
		}
	}
	return false
}

// inlineMarkRE finds a list's mark inside a line, after what separates
// the items of a list written in a sentence, and the word after it.
var inlineMarkRE = regexp.MustCompile(`(?:[;,:]|\band|\bor) \(([a-z]{1,5})\) ([A-Za-z]+)`)

// referenceWords follow a mark that names a sub-paragraph rather than
// opens one: "subparagraphs (b), (c), (d) and (e) of resolution …".
var referenceWords = map[string]bool{"and": true, "or": true, "to": true, "of": true, "above": true, "below": true, "in": true}

// listSection is the section a sub-paragraph is in when a heading inside
// its paragraph's list heads it, else "" (its paragraph's).
func (p *resolutionParser) listSection() string { return p.listHead }

// nextMark returns the mark of the next line from i that starts with one,
// "" when an operative paragraph comes first.
func (p *resolutionParser) nextMark(i int) string {
	for ; i < len(p.body); i++ {
		if opRE.MatchString(p.body[i].Text) {
			return ""
		}
		if m := subRE.FindStringSubmatch(p.body[i].Text); m != nil {
			return m[1]
		}
	}
	return ""
}

// startsPreambular reports whether a line, after a paragraph that ended,
// starts a preambular paragraph: capitalised, and where the layout sets a
// paragraph's first line apart, set there; else opening as the Council's
// preambular paragraphs do (in italics, or with a participle).
func (p *resolutionParser) startsPreambular(l Line) bool {
	if p.cur != nil && !strings.HasSuffix(strings.TrimRight(p.cur.text[len(p.cur.text)-1], " ’”\"'"), ",") {
		return false
	}
	w := strings.Fields(l.Text)
	if len(w) == 0 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(w[0])
	if !unicode.IsUpper(r) {
		return false
	}
	if p.indented && l.XEnd > l.X {
		return math.Abs(l.X-p.preX) < 0.5*math.Max(l.Size, 1)
	}
	if l.Italic {
		return true
	}
	first := strings.Trim(w[0], ",")
	switch first {
	case "Mindful", "Aware", "Deeply", "Gravely", "Acting", "Convinced", "Conscious", "Cognizant", "Determined", "Alarmed", "Concerned", "Seriously", "Further", "Bearing", "Having":
		return true
	}
	return strings.HasSuffix(first, "ing")
}

// romans are the sub-sub-paragraph marks, in order.
var romans = strings.Fields("i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx xxi xxii xxiii xxiv xxv")

// nextRoman returns the mark after r ("i" after none).
func nextRoman(r string) string {
	if r == "" {
		return "i"
	}
	for i, x := range romans {
		if x == r && i+1 < len(romans) {
			return romans[i+1]
		}
	}
	return ""
}

// nextLetter returns the mark after l ("a" after none; "aa" after "z").
func nextLetter(l string) string {
	switch {
	case l == "":
		return "a"
	case len(l) == 1 && l < "z":
		return string(l[0] + 1)
	case l == "z":
		return "aa"
	}
	return ""
}
