// Package thesaurus gives the synonyms of an English word in WordNet 3.0
// (Princeton University; see LICENSE), from the word's most frequent sense
// in each part of speech, keyed by the terms the index makes of words. The
// index asks it only about a question's words that the corpus does not
// have ("cops", "takeover"), to find the corpus's own words for them
// ("police", "coup").
package thesaurus

import (
	_ "embed"
	"mandatebot/internal/sortedtsv"
	"strings"
	"sync"
)

//go:generate sh -c "go run ./gen /usr/share/wordnet > wordnet.txt"

// data holds, one per line and sorted, an analysed term, a tab, and its
// synonyms separated by ";", each given as its analysed terms separated by
// spaces. It is kept as text, not compressed: 1.4 MB in the binary, and
// nothing to unpack when a question first needs it.
//
//go:embed wordnet.txt
var data string

var (
	// table is the thesaurus, looked up by term; its lines are sorted by
	// their term.
	table = sortedtsv.New(data)

	// parsed holds the lines already split into synonyms, by line number:
	// it never holds more entries than the data has lines.
	mu     sync.Mutex
	parsed = map[int][][]string{}
)

// Synonyms returns the synonyms of the analysed term, each as its
// analysed terms ("coup d'etat" is [coup d'etat]); nil for a term WordNet
// does not have. The first call finds where the embedded data's lines
// start (about a millisecond); each call is then a binary search. The
// result is shared: callers must not change it.
func Synonyms(term string) [][]string {
	syn, i, ok := table.Lookup(term)
	if !ok {
		return nil
	}
	mu.Lock()
	defer mu.Unlock()
	out, ok := parsed[i]
	if !ok {
		for _, l := range strings.Split(syn, ";") {
			out = append(out, strings.Fields(l))
		}
		parsed[i] = out
	}
	return out
}
