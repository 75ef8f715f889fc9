// Command gen writes the French–English dictionary's data file from
// FreeDict's dictd files (Debian's dict-freedict-fra-eng installs them in
// /usr/share/dictd):
//
//	go run ./index/frdict/gen /usr/share/dictd > index/frdict/fra-eng.txt
//
// Each line is a French headword's stem as the index's French analysis
// makes it, a tab, and the English translations of the headword's first
// sense (FreeDict numbers a word's senses; its first is the usual one)
// separated by ";". Only headwords of one stem and translations of one
// word are kept: a question's word is looked up alone, and each
// translation is searched as a term.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"mandatebot/index"
)

// maxTranslations bounds the translations kept for a stem.
const maxTranslations = 6

func main() {
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: gen DICTD_DIR > fra-eng.txt")
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

// write writes the data file made from the dictd files in dir to w.
func write(w io.Writer, dir string) error {
	idx, err := os.ReadFile(filepath.Join(dir, "freedict-fra-eng.index"))
	if err != nil {
		return err
	}
	f, err := os.Open(filepath.Join(dir, "freedict-fra-eng.dict.dz"))
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f) // dictzip is gzip with an index of its chunks
	if err != nil {
		return err
	}
	dict, err := io.ReadAll(io.LimitReader(zr, 64<<20))
	if err != nil {
		return err
	}
	out := map[string][]string{}
	var keys []string
	for _, l := range strings.Split(string(idx), "\n") {
		fields := strings.Split(l, "\t")
		if len(fields) != 3 || strings.HasPrefix(fields[0], "00database") || strings.HasPrefix(fields[0], "00-database") {
			continue
		}
		off, err1 := decode(fields[1])
		n, err2 := decode(fields[2])
		if err1 != nil || err2 != nil || off+n > len(dict) {
			return fmt.Errorf("index line %q: bad offset or length", l)
		}
		stem := index.FrenchTerms(fields[0])
		if len(stem) != 1 {
			continue
		}
		key := stem[0]
		for _, t := range firstSense(dict[off : off+n]) {
			if len(out[key]) < maxTranslations && !slices.Contains(out[key], t) {
				if out[key] == nil {
					keys = append(keys, key)
				}
				out[key] = append(out[key], t)
			}
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		if _, err := fmt.Fprintf(w, "%s\t%s\n", k, strings.Join(out[k], ";")); err != nil {
			return err
		}
	}
	return nil
}

// firstSense returns the one-word translations of an entry's first
// sense: the line after the headword's ("abet, aid, assist, help" of
// "1. abet, aid, assist, help").
func firstSense(entry []byte) []string {
	lines := bytes.Split(bytes.TrimSpace(entry), []byte("\n"))
	if len(lines) < 2 {
		return nil
	}
	sense := strings.TrimSpace(string(lines[1]))
	sense = strings.TrimPrefix(sense, "1. ")
	var out []string
	for _, t := range strings.Split(sense, ",") {
		t = strings.TrimSpace(t)
		if t == "" || strings.ContainsAny(t, " ()[]/;.-'\"") {
			continue // a phrase, a note, or a fragment ("farm-")
		}
		out = append(out, t)
	}
	return out
}

// decode reads a number written in dictd's base64 digits.
func decode(s string) (int, error) {
	const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	n := 0
	for _, r := range s {
		d := strings.IndexRune(digits, r)
		if d < 0 {
			return 0, fmt.Errorf("%q is not a dictd number", s)
		}
		n = n*64 + d
	}
	return n, nil
}
