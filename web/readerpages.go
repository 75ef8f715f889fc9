// This file: the reader's pages. A long document is shown a page at a
// time, so that no response renders more than a bound, whatever the
// document; a page holds whole sections where they fit.

package web

import (
	"strings"

	"mandatebot/corpus"
	"mandatebot/web/permalink"
)

// Bounds on one page of the reader: its passages, and the bytes of their
// text with the footnotes they cite. A page goes over them only when one
// passage alone does (at most corpus.MaxPassageBytes and its notes). The
// documents this bot is for fit one page.
const (
	pagePassages = 200
	pageBytes    = 256 << 10
)

// pages is where each page of a document's reader starts: the index in
// Document.Passages of its first passage. One page starts at 0.
type pages []int

// pagesOf lays d out in pages: passages in order, a new page when the
// next passage would take this one over a bound, or when the section the
// next passage opens would not fit what is left of this page but would
// fit a page of its own.
func pagesOf(d *corpus.Document) pages {
	cost := make([]int, len(d.Passages))
	for i := range d.Passages {
		cost[i] = passageCost(d, &d.Passages[i])
	}
	out := pages{0}
	n, size := 0, 0 // passages and bytes on the current page
	for i := range d.Passages {
		if n > 0 {
			over := n+1 > pagePassages || size+cost[i] > pageBytes
			if !over && opensSection(d, i) {
				sn, ssize := sectionCost(d, cost, i)
				over = (n+sn > pagePassages || size+ssize > pageBytes) && sn <= pagePassages && ssize <= pageBytes
			}
			if over {
				out = append(out, i)
				n, size = 0, 0
			}
		}
		n++
		size += cost[i]
	}
	return out
}

// passageCost is what a passage adds to its page: its text and the notes
// it cites.
func passageCost(d *corpus.Document, p *corpus.Passage) int {
	n := len(p.Text)
	for _, num := range p.Footnotes {
		if f, ok := d.Footnote(num); ok {
			n += len(f.Text)
		}
	}
	return n
}

// opensSection reports whether passage i of d starts a section.
func opensSection(d *corpus.Document, i int) bool {
	return i == 0 || d.Passages[i].Section != d.Passages[i-1].Section
}

// sectionCost counts the passages and bytes of the section passage i opens.
func sectionCost(d *corpus.Document, cost []int, i int) (n, size int) {
	for j := i; j < len(d.Passages) && (j == i || !opensSection(d, j)); j++ {
		n++
		size += cost[j]
		if n > pagePassages || size > pageBytes {
			break // too long for a page of its own: no need to count on
		}
	}
	return n, size
}

// count is how many pages there are.
func (ps pages) count() int { return len(ps) }

// bounds returns the passages of page n (from 1): [from, to).
func (ps pages) bounds(n int, d *corpus.Document) (from, to int) {
	from = ps[n-1]
	to = len(d.Passages)
	if n < len(ps) {
		to = ps[n]
	}
	return from, to
}

// of returns the page (from 1) holding passage i.
func (ps pages) of(i int) int {
	n := 1
	for n < len(ps) && ps[n] <= i {
		n++
	}
	return n
}

// find returns the page holding anchor on d's reader: a passage's, a
// section's (permalink.SectionAnchor), a footnote marker's, or a
// footnote's (the page of the first passage citing it), and whether the
// document has it.
func (ps pages) find(d *corpus.Document, anchor string) (int, bool) {
	if i := passageAt(d, anchor); i >= 0 {
		return ps.of(i), true
	}
	for n := range d.Footnotes {
		if f := d.Footnotes[n]; permalink.NoteAnchor(f.Number) == anchor {
			for i := range d.Passages {
				if shownCites(d, &d.Passages[i], f.Number) {
					return ps.of(i), true
				}
			}
			return 1, true
		}
	}
	return 1, false
}

// passageAt returns the index of the passage of d that anchor names, on
// the reader (its own anchor, its section's or one of its markers'), or -1.
func passageAt(d *corpus.Document, anchor string) int {
	if rest, ok := strings.CutPrefix(anchor, "ref."); ok {
		anchor, _, _ = strings.Cut(rest, ".") // "ref.<anchor>.<note>[.<k>]": passage anchors hold no dot
	} else if rest, ok := strings.CutPrefix(anchor, "s."); ok {
		anchor = rest
	}
	for i := range d.Passages {
		if d.Passages[i].Anchor() == anchor {
			return i
		}
	}
	return -1
}

// shownCites reports whether p shows a marker of footnote n: in its own
// words, not in the lead-in its parent shows.
func shownCites(d *corpus.Document, p *corpus.Passage, n int) bool {
	start := ownStart(d, p)
	for _, c := range p.Citations {
		if c.Footnote == n && c.Offset >= start {
			return true
		}
	}
	return false
}
