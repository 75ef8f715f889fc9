// Command gen writes the vocabulary of UN texts that linejoin consults
// when a line ends with a hyphen and the document itself says nothing of
// the word: how often a corpus of UN texts writes each word, and each
// pair of words joined by a hyphen ("secretary-general", against
// "secretarygeneral" written whole). It reads the public dataset of
// Security Council resolution texts
// (github.com/felixhaass/pvs_securitycouncil, "S-RES-<n>(<year>).txt",
// Latin-1) and keeps word counts only, never sentences:
//
//	go run ./corpus/internal/linejoin/gen /work/data/sc > corpus/internal/linejoin/vocabulary.txt
//
// A word is kept when the corpus writes it at least -min-word times (3),
// a pair when it writes it with its hyphen at least -min-pair times (2).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

func main() {
	minPair := flag.Int("min-pair", 2, "keep pairs written with a hyphen at least this often")
	minWord := flag.Int("min-word", 3, "keep words written at least this often")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: gen [-min-pair N] [-min-word N] DATASET_DIR > vocabulary.txt")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *minPair, *minWord, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// wordRE is a word of letters, with the hyphens inside it.
var wordRE = regexp.MustCompile(`\pL+(?:-\pL+)*`)

func run(dir string, minPair, minWord int, out io.Writer) error {
	files, err := filepath.Glob(filepath.Join(dir, "S-RES-*.txt"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("%s holds no S-RES-*.txt", dir)
	}
	words := map[string]int{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		for _, w := range wordRE.FindAllString(latin1(b), -1) {
			words[strings.ToLower(w)]++
		}
	}
	pairs := map[string]int{}
	for w, n := range words {
		parts := strings.Split(w, "-")
		for i := 1; i < len(parts); i++ {
			pairs[parts[i-1]+"-"+parts[i]] += n
		}
	}
	counts := map[string]int{}
	for w, n := range words {
		if !strings.Contains(w, "-") && n >= minWord {
			counts[w] = n
		}
	}
	for p, n := range pairs {
		if n >= minPair {
			counts[p] = n
			counts[strings.ReplaceAll(p, "-", "")] = words[strings.ReplaceAll(p, "-", "")]
		}
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	w := bufio.NewWriter(out)
	fmt.Fprintf(w, "# How often %d Security Council resolutions write each word (at least %d times), and each\n", len(files), minWord)
	fmt.Fprintf(w, "# pair of words joined by a hyphen (at least %d times; then also the pair written whole).\n", minPair)
	fmt.Fprintln(w, "# Written by go run ./corpus/internal/linejoin/gen; word counts only.")
	for _, k := range keys {
		fmt.Fprintf(w, "%s %d\n", k, counts[k])
	}
	return w.Flush()
}

// latin1 decodes Latin-1 text.
func latin1(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}
