package undoc

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"

	"github.com/ledongthuc/pdf"
)

// Limits on a PDF's structure, checked before the PDF reader walks it:
// the reader follows page trees and cross-reference chains without
// remembering where it has been, and sizes its buffers from numbers in
// the file.
const (
	maxTreeDepth  = 32 // a page tree is a few levels deep; a loop is endless
	maxTreeNodes  = 4 * maxPages
	maxXrefChain  = 1024    // cross-reference sections: one per incremental save
	maxPNGColumns = 1 << 16 // a predictor's row width, in samples
)

var (
	startxrefRE = regexp.MustCompile(`startxref\s+(\d{1,12})`)
	prevRE      = regexp.MustCompile(`/Prev\s+(\d{1,12})`)
	columnsRE   = regexp.MustCompile(`/Columns\s+(\d{1,20})`)
)

// checkStructure refuses, from the bytes alone, the PDFs that make the
// reader loop or allocate without bound before it gets to a page: a
// cross-reference chain whose /Prev leads back to a section already read
// (the reader would read it again forever), and a predictor row wider
// than any image (the reader allocates a row before reading one).
func checkStructure(b []byte) error {
	for _, m := range columnsRE.FindAllSubmatch(b, -1) {
		if n, err := strconv.ParseUint(string(m[1]), 10, 64); err != nil || n > maxPNGColumns {
			return fmt.Errorf("%w: a stream's predictor rows are %s samples wide (at most %d)", ErrTooComplex, m[1], maxPNGColumns)
		}
	}
	all := startxrefRE.FindAllSubmatch(b, -1)
	if len(all) == 0 {
		return nil // the reader says what is wrong
	}
	off, _ := strconv.ParseInt(string(all[len(all)-1][1]), 10, 64)
	seen := map[int64]bool{}
	for len(seen) < maxXrefChain {
		if seen[off] {
			return fmt.Errorf("%w: its cross-reference chain loops (offset %d is reached twice)", ErrTooComplex, off)
		}
		seen[off] = true
		next, ok := prevOf(b, off)
		if !ok {
			return nil
		}
		off = next
	}
	return fmt.Errorf("%w: more than %d cross-reference sections", ErrTooComplex, maxXrefChain)
}

// prevOf returns the /Prev of the cross-reference section at off: in an
// xref table's trailer (before the next startxref) or an xref stream's
// dictionary (before its "stream").
func prevOf(b []byte, off int64) (int64, bool) {
	if off < 0 || off >= int64(len(b)) {
		return 0, false
	}
	rest := b[off:]
	end := len(rest)
	for _, kw := range []string{"startxref", "stream"} {
		if i := bytes.Index(rest, []byte(kw)); i >= 0 && i < end {
			end = i
		}
	}
	m := prevRE.FindSubmatch(rest[:end])
	if m == nil {
		return 0, false
	}
	n, err := strconv.ParseInt(string(m[1]), 10, 64)
	return n, err == nil
}

// pageList returns the pages of a page tree in order, walking it once.
// A tree deeper than any real one (a node that is its own kid, or a
// cycle) or with more nodes than a UN document has pages is refused with
// ErrTooComplex; the reader's own Page(i) would walk such a tree forever.
func pageList(root pdf.Value) ([]pdf.Page, error) {
	if n := root.Key("Count").Int64(); n > maxPages {
		return nil, fmt.Errorf("read PDF: %d pages, more than the %d a UN document has", n, maxPages)
	}
	var pages []pdf.Page
	nodes := 0
	var walk func(v pdf.Value, depth int) error
	walk = func(v pdf.Value, depth int) error {
		nodes++
		switch {
		case depth > maxTreeDepth:
			return fmt.Errorf("%w: its page tree is more than %d levels deep (a loop)", ErrTooComplex, maxTreeDepth)
		case nodes > maxTreeNodes:
			return fmt.Errorf("%w: its page tree has more than %d nodes", ErrTooComplex, maxTreeNodes)
		}
		switch v.Key("Type").Name() {
		case "Pages":
			kids := v.Key("Kids")
			for i := 0; i < kids.Len(); i++ {
				if err := walk(kids.Index(i), depth+1); err != nil {
					return err
				}
			}
		case "Page":
			if len(pages) == maxPages {
				return fmt.Errorf("read PDF: more than the %d pages a UN document has", maxPages)
			}
			pages = append(pages, pdf.Page{V: v})
		}
		return nil
	}
	if err := walk(root, 0); err != nil {
		return nil, err
	}
	return pages, nil
}
