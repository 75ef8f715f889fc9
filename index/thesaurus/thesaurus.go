// Package thesaurus gives the synonyms of an English word in WordNet 3.0
// (Princeton University; see LICENSE), from the word's most frequent sense
// in each part of speech, keyed by the terms the index makes of words. The index asks it
// only about a question's words that the corpus does not have ("cops",
// "takeover"), to find the corpus's own words for them ("police", "coup").
package thesaurus

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
	"sort"
	"strings"
	"sync"
)

//go:generate sh -c "go run ./gen /usr/share/wordnet | gzip -9n > wordnet.txt.gz"

// wordnetGz holds, one per line and sorted, an analysed term, a tab, and
// its synonyms separated by ";", each given as its analysed terms
// separated by spaces.
//
//go:embed wordnet.txt.gz
var wordnetGz []byte

var (
	loadOnce sync.Once
	lines    [][]byte // the data's lines, sorted by their term

	// parsed holds the lines already split into synonyms, by line number:
	// it never holds more entries than the data has lines.
	mu     sync.Mutex
	parsed = map[int][][]string{}
)

func load() {
	r, err := gzip.NewReader(bytes.NewReader(wordnetGz))
	if err != nil {
		panic("thesaurus: embedded data: " + err.Error()) // the build embedded a broken file
	}
	b, err := io.ReadAll(r)
	if err != nil {
		panic("thesaurus: embedded data: " + err.Error())
	}
	lines = bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n"))
}

// Synonyms returns the synonyms of the analysed term, each as its
// analysed terms ("coup d'etat" is [coup d'etat]); nil for a term WordNet
// does not have. The first call reads the embedded data (1.4 MB unpacked,
// some 10 ms); later calls are a binary search. The result is shared:
// callers must not change it.
func Synonyms(term string) [][]string {
	if term == "" {
		return nil
	}
	loadOnce.Do(load)
	i := sort.Search(len(lines), func(i int) bool {
		k, _, _ := bytes.Cut(lines[i], []byte("\t"))
		return string(k) >= term
	})
	if i == len(lines) {
		return nil
	}
	k, syn, _ := bytes.Cut(lines[i], []byte("\t"))
	if string(k) != term || len(syn) == 0 {
		return nil
	}
	mu.Lock()
	defer mu.Unlock()
	out, ok := parsed[i]
	if !ok {
		for _, l := range strings.Split(string(syn), ";") {
			out = append(out, strings.Fields(l))
		}
		parsed[i] = out
	}
	return out
}
