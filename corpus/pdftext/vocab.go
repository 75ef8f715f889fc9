package pdftext

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
	case hyphenPrefixe[lb]:
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
