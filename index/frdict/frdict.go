// Package frdict gives the English translations of a French word in the
// FreeDict French–English dictionary (see LICENSE), from the first sense
// of each headword, keyed by the French stem the index makes of the word.
// The index asks it about a French question's words, so that a word the
// curated glossary (index/glossary/fr.txt) lacks ("aider", "janvier")
// still finds the corpus's English; its translations weigh less than the
// question's own words.
//
// The dictionary is licensed under the GPL (version 2 or later), so a
// binary that embeds it is one its distributor must offer under the GPL's
// terms. Building with -tags nofrdict leaves it out: Translations then
// finds nothing, and French questions rely on the curated glossary alone.
package frdict

import (
	"sort"
	"strings"
	"sync"
)

//go:generate sh -c "go run ./gen /usr/share/dictd > fra-eng.txt"

var (
	loadOnce sync.Once
	starts   []int32 // where each line of data starts
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

// Translations returns the English translations of the French stem
// (as index's French analysis makes it: "aid" for "aider"), nil for a
// stem the dictionary lacks. The first call finds where the embedded
// data's lines start; each call is then a binary search. The result is
// new: callers may keep it.
func Translations(stem string) []string {
	if stem == "" {
		return nil
	}
	loadOnce.Do(load)
	i := sort.Search(len(starts), func(i int) bool {
		k, _, _ := strings.Cut(line(i), "\t")
		return k >= stem
	})
	if i == len(starts) {
		return nil
	}
	k, en, _ := strings.Cut(line(i), "\t")
	if k != stem || en == "" {
		return nil
	}
	return strings.Split(en, ";")
}
