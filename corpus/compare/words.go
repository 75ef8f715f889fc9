package compare

import (
	"regexp"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// tokenRE splits text into words, each with the spaces after it, and
// runs of punctuation, so that a difference is marked word by word.
var tokenRE = regexp.MustCompile(`[\p{L}\p{N}’'-]+\s*|[^\p{L}\p{N}\s]+\s*|\s+`)

// Words returns the word-level difference between a and b, computed by
// diffmatchpatch over words rather than characters (each distinct word
// stands for one rune) and merged into whole-word spans.
func Words(a, b string) []Span {
	index := map[string]rune{}
	var tokens []string
	encode := func(s string) []rune {
		var rs []rune
		for _, t := range tokenRE.FindAllString(s, -1) {
			r, ok := index[t]
			if !ok {
				r = tokenRune(len(tokens))
				index[t] = r
				tokens = append(tokens, t)
			}
			rs = append(rs, r)
		}
		return rs
	}
	ra, rb := encode(a), encode(b)
	dmp := diffmatchpatch.New()
	diffs := dmp.DiffMainRunes(ra, rb, false)
	decode := make(map[rune]string, len(tokens))
	for t, r := range index {
		decode[r] = t
	}
	var spans []Span
	for _, d := range diffs {
		var sb strings.Builder
		for _, r := range d.Text {
			sb.WriteString(decode[r])
		}
		op := "="
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			op = "+"
		case diffmatchpatch.DiffDelete:
			op = "-"
		}
		if n := len(spans); n > 0 && spans[n-1].Op == op {
			spans[n-1].Text += sb.String()
			continue
		}
		spans = append(spans, Span{Op: op, Text: sb.String()})
	}
	return spans
}

// tokenRune is the rune that stands for the n'th distinct token: valid
// Unicode, skipping the surrogates diffmatchpatch would replace.
func tokenRune(n int) rune {
	r := rune(0xE000 + n)
	if r > 0xF8FF {
		r = rune(0xF0000 + n - (0xF8FF - 0xE000 + 1))
	}
	return r
}
