package web

import (
	"strconv"

	"mandatebot/corpus"
	"mandatebot/web/permalink"
)

// siteRelative writes the pages' links among themselves.
var siteRelative permalink.Site

// noteView is a footnote as a page shows it.
type noteView struct {
	Number int
	ID     string // its id on the document's page
	Href   string // its place on the document's page
	Pieces []piece
	// Repeats is, for an "Ibid.", the note it repeats.
	Repeats *noteView
	// Back links to the markers that cite it, on the document's page.
	Back []linkView
}

// noteOf is footnote f of d, its addresses and symbols linked. back,
// when set, are the markers citing it, for the way back.
func noteOf(d *corpus.Document, f corpus.Footnote, c *corpus.Corpus, back []linkView) noteView {
	v := noteView{Number: f.Number, ID: noteID(f.Number), Href: siteRelative.Footnote(d.ID, f.Number),
		Pieces: linkText(f.Text, nil, c, siteRelative), Back: back}
	if f.IbidOf != 0 {
		if r, ok := d.Resolve(f.Number); ok && r.Number != f.Number {
			rv := noteOf(d, r, c, nil)
			v.Repeats = &rv
		}
	}
	return v
}

// backLinks returns, for each footnote of d, the markers that cite it:
// "Introduction ¶1" linking to the marker in that paragraph.
func backLinks(d *corpus.Document) map[int][]linkView {
	out := map[int][]linkView{}
	for i := range d.Passages {
		p := &d.Passages[i]
		start := ownStart(d, p)
		seen := map[int]int{}
		for _, cit := range p.Citations {
			if cit.Offset < start {
				continue // shown, and linked, at the parent
			}
			seen[cit.Footnote]++
			label := p.Label
			if seen[cit.Footnote] > 1 {
				label += " (" + strconv.Itoa(seen[cit.Footnote]) + ")"
			}
			out[cit.Footnote] = append(out[cit.Footnote], linkView{Text: label, Href: "#" + markerID(p, cit.Footnote, seen[cit.Footnote])})
		}
	}
	return out
}
