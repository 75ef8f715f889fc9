package undoc

import (
	"math"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A paragraph number or mark followed by a space, a tab (which extraction
// turns into a space) or nothing: "1. Decides", "1.Decides", "(a) To".
var (
	opRE  = regexp.MustCompile(`^(\d{1,3})\.\s*(\S.*)$`)
	subRE = regexp.MustCompile(`^\(([a-z]{1,5})\)\s*(.*)$`)
)

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
