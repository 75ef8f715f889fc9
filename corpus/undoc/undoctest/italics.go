package undoctest

import (
	"regexp"
	"strings"
)

// The words UN documents set in italics: the participle or adjective that
// opens a preambular paragraph and the verb that opens an operative one,
// with the adverb before it or the words that complete it ("Deeply
// concerned", "Taking note", "Further decides"), and the participles and
// verbs that open a clause inside a paragraph ("…, and welcoming …").
var (
	// adverbs come before the word they modify, which is set in italics
	// with them.
	adverbs = map[string]bool{"further": true, "also": true, "again": true, "deeply": true, "gravely": true,
		"seriously": true, "strongly": true, "firmly": true, "fully": true, "profoundly": true, "greatly": true,
		"sincerely": true, "particularly": true, "urgently": true, "once": true}
	// completions follow the word they complete.
	completions = map[string][]string{"taking": {"note"}, "bearing": {"in", "mind"}, "calls": {"upon"}, "takes": {"note"}}
	// innerWords open a clause inside a paragraph.
	innerWords = map[string]bool{}
	// innerRE finds a word after ", ", ", and " or " and ".
	innerRE = regexp.MustCompile(`(?:, (?:and )?| and )([a-z]+)\b`)
)

func init() {
	for _, w := range strings.Fields(`recalling reaffirming welcoming noting expressing recognizing stressing
		emphasizing underlining underscoring commending condemning encouraging urging calling acknowledging
		reiterating affirming deploring taking bearing considering highlighting supporting endorsing demanding
		reminding regretting appreciating applauding thanking determining
		decides requests urges calls welcomes encourages reaffirms expresses stresses emphasizes underlines
		underscores notes condemns demands authorizes invites recalls recognizes reiterates commends affirms
		takes endorses approves deplores acknowledges supports agrees appeals reminds directs renews extends`) {
		innerWords[w] = true
	}
}

// preambularRuns returns a preambular paragraph's text as a Source's
// runs, starting in italics.
func preambularRuns(t string) []string { return runsOf(t, true) }

// operativeRuns returns an operative paragraph's text (after its number)
// as a Source's runs after the mark, starting upright: "" then the verb.
func operativeRuns(t string) []string { return append([]string{""}, runsOf(t, false)...) }

// runsOf cuts t into alternating italic and upright runs, the first
// italic: its opening words, then each inner word that opens a clause (a
// participle in a preambular paragraph, a verb in an operative one). The
// runs joined are t.
func runsOf(t string, preamble bool) []string {
	spans := [][2]int{{0, openingWords(t)}}
	for _, loc := range innerRE.FindAllStringSubmatchIndex(t, -1) {
		w := t[loc[2]:loc[3]]
		if loc[2] < spans[len(spans)-1][1] || !innerWords[w] || strings.HasSuffix(w, "ing") != preamble {
			continue
		}
		spans = append(spans, [2]int{loc[2], loc[3] + completionLen(t[loc[3]:], w)})
	}
	var out []string
	pos := 0
	for i, s := range spans {
		if i > 0 {
			out = append(out, t[pos:s[0]])
		}
		out = append(out, t[s[0]:s[1]])
		pos = s[1]
	}
	return append(out, t[pos:])
}

// openingWords returns the length of t's opening words in italics.
func openingWords(t string) int {
	words := strings.Fields(t)
	if len(words) == 0 {
		return 0
	}
	n := 1
	first := strings.ToLower(strings.TrimRight(words[0], ","))
	if adverbs[first] && len(words) > 1 && !strings.HasSuffix(words[0], ",") {
		n = 2
		first = strings.ToLower(strings.TrimRight(words[1], ","))
	}
	n += completionWords(words[n:], first)
	if n < len(words) && (words[n-1] == strings.TrimRight(words[n-1], ",")) {
		switch strings.TrimRight(words[n], ",") {
		case "also", "further", "again":
			n++
		}
	}
	// The length of the first n words, without a comma after them.
	end := 0
	for i := 0; i < n && i < len(words); i++ {
		j := strings.Index(t[end:], words[i])
		end += j + len(words[i])
	}
	return len(strings.TrimRight(t[:end], ","))
}

// completionWords returns how many of words complete word ("note" after
// "taking").
func completionWords(words []string, word string) int {
	want := completions[word]
	if len(want) == 0 || len(words) < len(want) {
		return 0
	}
	for i, w := range want {
		if words[i] != w {
			return 0
		}
	}
	return len(want)
}

// completionLen returns the length of the words in rest (which starts
// after word) that complete word: " note" after "taking".
func completionLen(rest, word string) int {
	n := completionWords(strings.Fields(rest), word)
	if n == 0 {
		return 0
	}
	end := 0
	for _, w := range completions[word] {
		end += strings.Index(rest[end:], w) + len(w)
	}
	return end
}
