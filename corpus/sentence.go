package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a byte range of a passage's text.
type Span struct{ Start, End int }

// Sentences returns the byte spans of the sentences of text. A sentence
// ends at '.', '!' or '?' (with any closing quotes) followed by a space and
// a capital, digit or opening quote; abbreviations such as "U.N." and
// initials do not end one. The index chunks and ranks passages by these
// sentences, and Parse splits a passage too long to index whole at them.
func Sentences(text string) []Span {
	var out []Span
	start := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		end := i
		for end < len(text) {
			q, qs := utf8.DecodeRuneInString(text[end:])
			if !strings.ContainsRune("’'”\")]", q) {
				break
			}
			end += qs
		}
		if end >= len(text) || text[end] != ' ' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(text[end+1:])
		if !(unicode.IsUpper(next) || unicode.IsDigit(next) || strings.ContainsRune("‘“\"'(…", next)) {
			continue
		}
		if r == '.' && isAbbreviation(text[start:i-1]) {
			continue
		}
		out = append(out, Span{start, end})
		start = end + 1
		i = end + 1
	}
	if start < len(text) && strings.TrimSpace(text[start:]) != "" {
		out = append(out, Span{start, len(text)})
	}
	return out
}

var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "no": true,
	"e.g": true, "i.e": true, "etc": true, "vol": true, "p": true, "pp": true, "para": true,
	"art": true, "op": true, "cf": true, "u.n": true, "u.s": true, "fig": true, "gen": true,
	"lt": true, "col": true, "maj": true, "sgt": true, "capt": true, "vs": true,
}

// isAbbreviation reports whether the text before a full stop ends with an
// abbreviation or an initial.
func isAbbreviation(before string) bool {
	i := strings.LastIndexAny(before, " (‘“")
	word := strings.ToLower(before[i+1:])
	if abbreviations[word] {
		return true
	}
	r, size := utf8.DecodeRuneInString(word)
	return size == len(word) && unicode.IsLetter(r) // an initial: "J. Smith"
}
