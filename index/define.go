package index

// This file: "what is X" questions, answered by the passage that spells X
// out, whatever X is, as long as the corpus defines it in one of the ways
// texts do: "Full Name In Capitals (X)" or "[X]", or "X is a …", "X, the
// …".

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"mandatebot/corpus"
)

var (
	// spelledOutRE is a name in capitals followed by its short form in
	// brackets: "Multidimensional Integrated Stabilization Mission in Mali
	// (MINUSMA)", "Norwegian Institute of International Affairs [NUPI]".
	spelledOutRE = regexp.MustCompile(`\p{Lu}[\p{L}’'-]*(?:\s+(?:(?:of|in|for|the|and|on|de|des|du|la|le|et|pour|au)\s+)*\p{Lu}[\p{L}’'-]*)+\s*[(\[]\s*(\p{Lu}[\p{L}]{1,11})\s*[)\]]`)
	// isDefinedRE is a sentence that opens by saying what a term is: "X
	// is a …", "X, the …".
	isDefinedRE = regexp.MustCompile(`(?:^|[.!?]\s+)(\p{Lu}[\p{L}]{1,11})(?: (?:is|are|was) (?:a|an|the)\b|, (?:a|an|the)\b)`)
)

// documentDefinitions returns the terms document d spells out (lower
// case), each with the first passage of d that does, in the order d
// spells them out: its passages first, then the footnotes they cite (a
// term spelled out in a footnote is defined by the passage citing it,
// with which the footnote is searched).
func documentDefinitions(d *corpus.Document) []definition {
	var out []definition
	seen := map[string]bool{}
	add := func(term, id string) {
		if k := strings.ToLower(term); !seen[k] {
			seen[k] = true
			out = append(out, definition{Term: k, Passage: id})
		}
	}
	scan := func(text, id string) {
		if mayBeSpelledOut(text) {
			for _, m := range spelledOutRE.FindAllStringSubmatch(text, -1) {
				add(m[1], id)
			}
		}
		if mayBeDefined(text) {
			for _, m := range isDefinedRE.FindAllStringSubmatch(text, -1) {
				add(m[1], id)
			}
		}
	}
	for i := range d.Passages {
		scan(d.Passages[i].Text, d.Passages[i].ID)
	}
	for i := range d.Passages {
		for _, f := range d.FootnotesOf(&d.Passages[i]) {
			scan(f.Text, d.Passages[i].ID)
		}
	}
	return out
}

// definitionAsked returns the passage defining the term a "what is X"
// question asks about, or "".
func (ix *Index) definitionAsked(words []string) string {
	term := definitionTerm(words)
	if term == "" {
		return ""
	}
	if id := ix.defines[term]; id != "" {
		return id
	}
	return ix.defines[strings.TrimSuffix(term, "s")] // "what are PCCs"
}

// The regular expressions above cost more than the rest of indexing a
// text, and most texts cannot match them: mayBeSpelledOut and
// mayBeDefined look, in one pass, for what any match must hold, so that
// they run only on the texts that have it.

// mayBeSpelledOut reports whether text holds what every match of
// spelledOutRE ends with: a bracket, a word of 2 to 12 letters starting
// with a capital (spaces around it allowed), and a closing bracket.
func mayBeSpelledOut(text string) bool {
	for i := 0; i < len(text); i++ {
		if text[i] != '(' && text[i] != '[' {
			continue
		}
		j := skipSpaces(text, i+1)
		r, n := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsUpper(r) {
			continue
		}
		j += n
		letters := 1
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r) {
				break
			}
			j += n
			letters++
		}
		if j = skipSpaces(text, j); letters >= 2 && letters <= 12 && j < len(text) && (text[j] == ')' || text[j] == ']') {
			return true
		}
	}
	return false
}

// mayBeDefined reports whether text holds what every match of isDefinedRE
// starts with: at the start of the text or after a sentence's end and
// spaces, a word of 2 to 12 letters starting with a capital, followed by
// " is ", " are ", " was " or ", " and an article.
func mayBeDefined(text string) bool {
	for i := 0; i < len(text); i++ {
		start := -1
		switch {
		case i == 0:
			start = 0
		case text[i] == '.' || text[i] == '!' || text[i] == '?':
			if j := skipSpaces(text, i+1); j > i+1 {
				start = j
			}
		}
		if start < 0 {
			continue
		}
		r, n := utf8.DecodeRuneInString(text[start:])
		if !unicode.IsUpper(r) {
			continue
		}
		j, letters := start+n, 1
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r) {
				break
			}
			j += n
			letters++
		}
		if letters < 2 || letters > 12 {
			continue
		}
		rest := text[j:]
		for _, verb := range []string{" is ", " are ", " was ", ", "} {
			if strings.HasPrefix(rest, verb) && startsWithArticle(rest[len(verb):]) {
				return true
			}
		}
	}
	return false
}

// startsWithArticle reports whether s starts with "a", "an" or "the" as a
// whole word (`\b`: followed by no ASCII letter, digit or underscore).
func startsWithArticle(s string) bool {
	for _, a := range []string{"a", "an", "the"} {
		if strings.HasPrefix(s, a) && (len(s) == len(a) || !isWordByte(s[len(a)])) {
			return true
		}
	}
	return false
}

func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// skipSpaces returns the index of the first byte of text from i on that
// is not a space as `\s` reads one (ASCII).
func skipSpaces(text string, i int) int {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r' || text[i] == '\f') {
		i++
	}
	return i
}
