// Package linejoin re-joins the lines of text extracted from a PDF into
// paragraphs: a line-end hyphen is kept or dropped by evidence — the
// document's own vocabulary, then the words and compounds UN texts write
// (vocabulary.txt) — and URLs and symbols broken after '/' are re-joined.
// Both importers of the corpus (pdftext for the brief, undoc for UN
// documents) use it, so a word is repaired the same way whichever PDF it
// came from.
package linejoin

import (
	"bufio"
	_ "embed"
	"strconv"
	"strings"
	"sync"
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

// closedPrefixes are prefixes written closed up (intercultural,
// redeploy) unless a compound says otherwise: "inter" is a word of UN
// texts only in "inter alia".
var closedPrefixes = map[string]bool{
	"inter": true, "intra": true, "re": true, "un": true, "dis": true, "trans": true,
	"mis": true, "over": true, "under": true, "out": true, "bi": true, "tri": true,
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
		switch j.vocab.hyphen(lastLetters(string(b[max(0, len(b)-65):len(b)-1])), l) {
		case dropHyphen:
			b = b[:len(b)-1]
		case suspendedHyphen:
			b = append(b, ' ')
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

// A line-end hyphen is one of three things.
type hyphenKind int

const (
	dropHyphen      hyphenKind = iota // it splits a word: "authori-" "ties"
	keepHyphen                        // it joins a compound: "Secretary-" "General"
	suspendedHyphen                   // it waits for a later word: "fixed-" "and rotary-winged"
)

// hyphen decides a hyphen at the end of a line between the letters
// before it and the next line, by evidence, first the document's own,
// then UN texts' (vocabulary.txt): a compound the document writes with
// its hyphen, a capitalised second part (Secretary-General, Al-Qaida,
// mid-August), a word the document writes whole; a compound UN texts
// write (in the spelling they use more often), a word they write whole;
// a prefix that keeps its hyphen, two words on either side. Without any,
// the hyphen split a word.
func (v *vocab) hyphen(before, next string) hyphenKind {
	after := firstLetters(next)
	lb, la := strings.ToLower(before), strings.ToLower(after)
	whole, pair := lb+la, lb+"-"+la
	switch {
	case before == "" || after == "":
		return keepHyphen
	case (la == "and" || la == "or") && len(next) > len(after) && next[len(after)] == ' ':
		return suspendedHyphen // "fixed- and rotary-winged"
	case v.hyphenated[pair]:
		return keepHyphen
	case isCapitalized(after), isAcronym(after) && !isAcronym(before):
		return keepHyphen // Secretary-General, al-Qaeda, mid-August, Palipehutu-FNL (but MINUS-MA is split)
	case isAcronym(before) && unicode.IsLower([]rune(after)[0]):
		return keepHyphen // WMD-related, UN-led (but MINUS-MA is a split word)
	case v.words[whole]:
		return dropHyphen // the document spells the word whole elsewhere
	}
	if h, w, ok := compound(pair); ok {
		if h >= w {
			return keepHyphen
		}
		return dropHyphen
	}
	isWord := func(w string) bool {
		if v.words[w] || unCount(w) > 0 {
			return true
		}
		for _, suffix := range []string{"ing", "ed", "s"} {
			if stem, ok := strings.CutSuffix(w, suffix); ok && len(stem) > 2 && (v.words[stem] || unCount(stem) > 0) {
				return true // murdering: murder
			}
		}
		return false
	}
	switch {
	case unCount(whole) > 0:
		return dropHyphen // UN texts write the word whole
	case hyphenPrefixes[lb]:
		return keepHyphen
	case lb == "re" && strings.HasPrefix(la, "e"):
		return keepHyphen // re-election, re-emphasize, as UN texts write them
	case closedPrefixes[lb]:
		return dropHyphen // intercultural, redeploy: the listed exceptions were found above
	case isWord(lb) && len(lb) > 1 && len(la) > 1:
		return keepHyphen // a word, then no known word whole: cost-reimbursable, better-integrated
	}
	return dropHyphen
}

// keepHyphen reports whether hyphen keeps a line-end hyphen between
// before and after.
func (v *vocab) keepHyphen(before, after string) bool { return v.hyphen(before, after) != dropHyphen }

//go:embed vocabulary.txt
var vocabularyTxt string

var (
	unOnce  sync.Once
	unWords map[string]int
)

// unCount returns how often UN texts write w (lower case): a word, or a
// pair of words joined by a hyphen ("secretary-general"); 0 for one the
// list leaves out (rarer than its thresholds, see gen).
func unCount(w string) int {
	unOnce.Do(func() {
		unWords = map[string]int{}
		sc := bufio.NewScanner(strings.NewReader(vocabularyTxt))
		for sc.Scan() {
			word, n, ok := strings.Cut(sc.Text(), " ")
			if !ok || strings.HasPrefix(word, "#") {
				continue
			}
			if c, err := strconv.Atoi(n); err == nil {
				unWords[word] = c
			}
		}
	})
	return unWords[w]
}

// compound returns how often UN texts write pair ("secretary-general")
// with its hyphen and as one word, and whether the list holds the pair.
func compound(pair string) (hyphenated, whole int, ok bool) {
	h := unCount(pair)
	return h, unCount(strings.ReplaceAll(pair, "-", "")), h > 0
}

// isAcronym reports whether s is two or more capital letters.
func isAcronym(s string) bool {
	if utf8.RuneCountInString(s) < 2 {
		return false
	}
	for _, r := range s {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// isCapitalized reports whether s starts with a capital followed by a
// lower-case letter ("Qaeda", not "MA").
func isCapitalized(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	r2, _ := utf8.DecodeRuneInString(s[size:])
	return unicode.IsUpper(r) && unicode.IsLower(r2)
}
