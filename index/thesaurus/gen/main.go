// Command gen writes the thesaurus's data file from WordNet 3.0's
// database files (Debian's wordnet-base installs them in
// /usr/share/wordnet):
//
//	go run ./index/thesaurus/gen /usr/share/wordnet > index/thesaurus/wordnet.txt
//
// Each line is a term as the index analyses it, a tab, and its synonyms
// separated by ";", each given as its analysed terms separated by spaces.
// Only a word's most frequent sense in each part of speech is taken (WordNet
// orders senses by frequency), so its rare meanings do not drown its usual
// one; broader terms (hypernyms) are left out. Both choices were measured
// on the evaluation sets (see the retrieval issue's closing note): more
// senses, or hypernyms, added more noise than bridges.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"mandatebot/index"
)

// senses is how many of a word's senses, the most frequent, are taken for
// each part of speech.
var senses = 1

type synset struct{ lemmas []string }

func main() {
	flag.IntVar(&senses, "senses", senses, "how many of a word's senses, the most frequent, to take for each part of speech")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: gen [-senses N] WORDNET_DIR > wordnet.txt")
		os.Exit(2)
	}
	w := bufio.NewWriter(os.Stdout)
	err := write(w, flag.Arg(0))
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// write writes the data file made from the WordNet files in dir to w.
func write(w io.Writer, dir string) error {
	out := map[string]map[string]bool{}
	add := func(key string, lemmas []string) {
		if out[key] == nil {
			out[key] = map[string]bool{}
		}
		for _, l := range lemmas {
			if ts := index.Terms(l); len(ts) > 0 && !slices.Equal(ts, []string{key}) {
				out[key][strings.Join(ts, " ")] = true
			}
		}
	}
	for _, pos := range []string{"noun", "verb", "adj", "adv"} {
		data, err := readData(filepath.Join(dir, "data."+pos))
		if err != nil {
			return err
		}
		words, err := readIndex(filepath.Join(dir, "index."+pos))
		if err != nil {
			return err
		}
		// Irregular forms ("women") stem apart from their base: give them
		// the base's entry.
		if exc, err := readExceptions(filepath.Join(dir, pos+".exc")); err == nil {
			// From the index's own entries only, so the result does not
			// depend on the order of the loop ("organums" → "organa",
			// itself an irregular form).
			own := maps.Clone(words)
			for form, base := range exc {
				if _, ok := own[form]; !ok && own[base] != nil {
					words[form] = own[base]
				}
			}
		}
		for word, offsets := range words {
			if strings.ContainsAny(word, "_-.'0123456789") {
				continue
			}
			key := index.Terms(word)
			if len(key) != 1 || len(key[0]) < 3 {
				continue
			}
			for _, off := range offsets[:min(len(offsets), senses)] {
				s, ok := data[off]
				if !ok {
					return fmt.Errorf("%s: %s: no synset %s", pos, word, off)
				}
				add(key[0], s.lemmas)
			}
		}
	}
	keys := make([]string, 0, len(out))
	for k, syn := range out {
		if len(syn) > 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if _, err := fmt.Fprintf(w, "%s\t%s\n", k, joinSorted(out[k])); err != nil {
			return err
		}
	}
	return nil
}

func joinSorted(m map[string]bool) string {
	s := make([]string, 0, len(m))
	for k := range m {
		s = append(s, k)
	}
	sort.Strings(s)
	return strings.Join(s, ";")
}

// readData reads a data.* file: synset offset → its lemmas.
func readData(path string) (map[string]synset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]synset{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "  ") {
			continue // the licence
		}
		body, _, _ := strings.Cut(line, " | ")
		fs := strings.Fields(body)
		if len(fs) < 4 {
			return nil, fmt.Errorf("%s: short line %q", path, line)
		}
		n, err := strconv.ParseInt(fs[3], 16, 32)
		if err != nil {
			return nil, fmt.Errorf("%s: word count %q: %w", path, fs[3], err)
		}
		var s synset
		i := 4
		for range n {
			l := fs[i]
			if p := strings.IndexByte(l, '('); p > 0 { // adjective markers: "big(a)"
				l = l[:p]
			}
			s.lemmas = append(s.lemmas, strings.ReplaceAll(l, "_", " "))
			i += 2
		}
		out[fs[0]] = s
	}
	return out, sc.Err()
}

// readIndex reads an index.* file: lemma → its synset offsets, the most
// frequent sense first.
func readIndex(path string) (map[string][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string][]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "  ") {
			continue
		}
		fs := strings.Fields(line)
		if len(fs) < 6 {
			return nil, fmt.Errorf("%s: short line %q", path, line)
		}
		n, err := strconv.Atoi(fs[2])
		if err != nil {
			return nil, fmt.Errorf("%s: synset count %q: %w", path, fs[2], err)
		}
		if len(fs) < n {
			return nil, fmt.Errorf("%s: short line %q", path, line)
		}
		out[fs[0]] = fs[len(fs)-n:]
	}
	return out, sc.Err()
}

// readExceptions reads a *.exc file: irregular form → base form.
func readExceptions(path string) (map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if fs := strings.Fields(line); len(fs) >= 2 {
			out[fs[0]] = fs[1]
		}
	}
	return out, nil
}
