// Package linejoin re-joins the lines of text extracted from a PDF into
// paragraphs: a line-end hyphen is kept or dropped as the document's own
// vocabulary says, and URLs and symbols broken after '/' are re-joined. Both
// importers of the corpus (pdftext for the brief, undoc for UN documents)
// use it, so a word is repaired the same way whichever PDF it came from.
package linejoin

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// vocab is the document's own vocabulary, read from every line except the
// word pieces around line-end hyphens. It decides whether a line-end hyphen
// is a real one (cross-cultural, al-Qaeda) or only breaks a word
// (authori-ties): the document usually spells the word elsewhere.
type vocab struct {
	words      map[string]bool // lower-case words, hyphenated ones also split
	hyphenated map[string]bool // lower-case hyphenated compounds, whole
}

func newVocab(lines []string) *vocab {
	v := &vocab{words: map[string]bool{}, hyphenated: map[string]bool{}}
	skipFirst := false
	for _, l := range lines {
		if l == "" {
			continue
		}
		if i := strings.IndexByte(l, '\t'); i >= 0 {
			l = l[i+1:] // a footnote's number
		}
		fields := strings.Fields(l)
		if skipFirst && len(fields) > 0 {
			fields = fields[1:]
		}
		skipFirst = strings.HasSuffix(l, "-")
		if skipFirst && len(fields) > 0 {
			fields = fields[:len(fields)-1]
		}
		for _, f := range fields {
			v.add(f)
		}
	}
	return v
}

func (v *vocab) add(field string) {
	word := strings.TrimFunc(strings.ToLower(field), func(r rune) bool { return !unicode.IsLetter(r) })
	var parts []string
	start := -1
	for i, r := range word {
		if unicode.IsLetter(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			parts = append(parts, word[start:i])
			start = -1
		}
	}
	if start >= 0 {
		parts = append(parts, word[start:])
	}
	for _, p := range parts {
		v.words[p] = true
	}
	if len(parts) > 1 && strings.Count(word, "-") == len(parts)-1 && !strings.ContainsAny(word, "/.:") {
		v.hyphenated[word] = true
	}
}

// hyphenPrefixes are prefixes that keep their hyphen before any word.
var hyphenPrefixes = map[string]bool{
	"anti": true, "co": true, "counter": true, "cross": true, "ex": true,
	"multi": true, "non": true, "post": true, "pre": true, "self": true,
	"well": true, "semi": true, "sub": true,
}

// Joiner joins the lines of a text extracted from a PDF, deciding each
// line-end hyphen by the document's own vocabulary.
type Joiner struct{ vocab *vocab }

// New returns a Joiner for a document whose lines are all given.
func New(lines []string) Joiner { return Joiner{newVocab(lines)} }

// Append appends line l to the text joined so far: a line-end hyphen is
// kept or dropped as the vocabulary says, a URL or symbol broken after '/'
// or "www." is re-joined without a space, and other lines are joined with
// one space.
func (j Joiner) Append(b []byte, l string) []byte {
	if len(b) == 0 {
		return append(b, l...)
	}
	switch {
	case b[len(b)-1] == '-' && !(len(b) > 1 && b[len(b)-2] == ' '):
		if !j.vocab.keepHyphen(lastLetters(string(b[max(0, len(b)-65):len(b)-1])), firstLetters(l)) {
			b = b[:len(b)-1]
		}
	case b[len(b)-1] == '/', len(b) >= 4 && string(b[len(b)-4:]) == "www.":
	default:
		b = append(b, ' ')
	}
	return append(b, l...)
}

// Join joins lines with Append.
func (j Joiner) Join(lines []string) string {
	var b []byte
	for _, l := range lines {
		b = j.Append(b, l)
	}
	return string(b)
}

func lastLetters(s string) string {
	i := len(s)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !unicode.IsLetter(r) {
			break
		}
		i -= size
	}
	return s[i:]
}

func firstLetters(s string) string {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			break
		}
		i += size
	}
	return s[:i]
}

// keepHyphen decides a hyphen at the end of a line between the letters
// before it and the letters after it.
func (v *vocab) keepHyphen(before, after string) bool {
	lb, la := strings.ToLower(before), strings.ToLower(after)
	switch {
	case before == "" || after == "":
		return true
	case v.words[lb+la]:
		return false // the document spells the word whole elsewhere
	case v.hyphenated[lb+"-"+la]:
		return true // ... or with the hyphen
	case hyphenPrefixes[lb]:
		return true
	case isCapitalized(after) && !isCapitalized(before) && len(lb) <= 3:
		return true // al-Qaeda, el-Hadj
	case v.words[lb] && v.words[la] && len(lb) > 1 && len(la) > 1:
		return true // two words of the document: us-mali, minusma-mandate
	}
	return false
}

// isCapitalized reports whether s starts with a capital followed by a
// lower-case letter ("Qaeda", not "MA").
func isCapitalized(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	r2, _ := utf8.DecodeRuneInString(s[size:])
	return unicode.IsUpper(r) && unicode.IsLower(r2)
}
