// Package thesaurus gives the synonyms of an English word in WordNet 3.0
// (Princeton University; see LICENSE), from the word's most frequent sense
// in each part of speech, keyed by the terms the index makes of words. The
// index asks it only about a question's words that the corpus does not
// have ("cops", "takeover"), to find the corpus's own words for them
// ("police", "coup").
package thesaurus

import (
	_ "embed"
	"sort"
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
	loadOnce sync.Once
	starts   []int32 // where each line of data starts; the lines are sorted by their term

	// parsed holds the lines already split into synonyms, by line number:
	// it never holds more entries than the data has lines.
	mu     sync.Mutex
	parsed = map[int][][]string{}
)

func load() {
	starts = make([]int32, 0, strings.Count(data, "\n")+1)
	for at := 0; at < len(data); {
		starts = append(starts, int32(at))
		n := strings.IndexByte(data[at:], '\n')
		if n < 0 {
			break
		}
		at += n + 1
	}
}

// line returns line i of data, without its newline.
func line(i int) string {
	l := data[starts[i]:]
	if n := strings.IndexByte(l, '\n'); n >= 0 {
		l = l[:n]
	}
	return l
}

// Synonyms returns the synonyms of the analysed term, each as its
// analysed terms ("coup d'etat" is [coup d'etat]); nil for a term WordNet
// does not have. The first call finds where the embedded data's lines
// start (about a millisecond); each call is then a binary search. The
// result is shared: callers must not change it.
func Synonyms(term string) [][]string {
	if term == "" {
		return nil
	}
	loadOnce.Do(load)
	i := sort.Search(len(starts), func(i int) bool {
		k, _, _ := strings.Cut(line(i), "\t")
		return k >= term
	})
	if i == len(starts) {
		return nil
	}
	k, syn, _ := strings.Cut(line(i), "\t")
	if k != term || syn == "" {
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
