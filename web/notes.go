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

// backLinks returns, for each footnote cited on page n of d, the markers
// that cite it: "Introduction ¶1" linking to the marker in that
// paragraph. On a document of one page that is every marker; on a page of
// a longer one, those on the page, then the first marker on each other
// page that cites the note (at most maxOtherPages of them), linked there.
func backLinks(d *corpus.Document, ps pages, n int) map[int][]linkView {
	from, to := ps.bounds(n, d)
	out := map[int][]linkView{}
	elsewhere := map[int][]linkView{}
	lastPage := map[int]int{} // note → the last other page linked
	for i := range d.Passages {
		p := &d.Passages[i]
		page := ps.of(i)
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
			marker := markerID(p, cit.Footnote, seen[cit.Footnote])
			if i >= from && i < to {
				out[cit.Footnote] = append(out[cit.Footnote], linkView{Text: label, Href: "#" + marker})
				continue
			}
			if lastPage[cit.Footnote] != page && len(elsewhere[cit.Footnote]) < maxOtherPages {
				lastPage[cit.Footnote] = page
				elsewhere[cit.Footnote] = append(elsewhere[cit.Footnote], linkView{Text: label + " (page " + strconv.Itoa(page) + ")", Href: siteRelative.At(d.ID, marker)})
			}
		}
	}
	for note, links := range out {
		out[note] = append(links, elsewhere[note]...)
	}
	return out
}

// maxOtherPages bounds the links a note on one page gives to the markers
// citing it on others.
const maxOtherPages = 10
