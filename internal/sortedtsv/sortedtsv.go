// Package sortedtsv looks keys up in a sorted, tab-separated text held in
// memory, such as a data file embedded in the binary: one "key\tvalue"
// line per key, the lines sorted by key (byte order). It copies nothing:
// on first use it notes where each line starts, and each lookup is then a
// binary search.
package sortedtsv

import (
	"sort"
	"strings"
	"sync"
)

// Table is a sorted, tab-separated text, looked up by key.
type Table struct {
	data   string
	once   sync.Once
	starts []int32 // where each line of data starts
}

// New returns the table of data, whose lines are sorted by key.
func New(data string) *Table { return &Table{data: data} }

func (t *Table) index() {
	t.starts = make([]int32, 0, strings.Count(t.data, "\n")+1)
	for at := 0; at < len(t.data); {
		t.starts = append(t.starts, int32(at))
		n := strings.IndexByte(t.data[at:], '\n')
		if n < 0 {
			break
		}
		at += n + 1
	}
}

// line returns line i of the data, without its newline.
func (t *Table) line(i int) string {
	l := t.data[t.starts[i]:]
	if n := strings.IndexByte(l, '\n'); n >= 0 {
		l = l[:n]
	}
	return l
}

// Lookup returns the value of key and the number of its line (for a
// caller that keeps what it makes of a value, by line); ok is false for a
// key the table lacks, the empty key, or an empty value.
func (t *Table) Lookup(key string) (value string, line int, ok bool) {
	if key == "" {
		return "", 0, false
	}
	t.once.Do(t.index)
	i := sort.Search(len(t.starts), func(i int) bool {
		k, _, _ := strings.Cut(t.line(i), "\t")
		return k >= key
	})
	if i == len(t.starts) {
		return "", 0, false
	}
	k, v, _ := strings.Cut(t.line(i), "\t")
	if k != key || v == "" {
		return "", 0, false
	}
	return v, i, true
}
