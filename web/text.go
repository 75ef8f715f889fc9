package web

import (
	"sort"
	"strconv"
	"strings"

	"mandatebot/corpus"
	"mandatebot/index"
	"mandatebot/web/permalink"
)

// piece is a run of text as a page shows it. The templates escape Text
// and check Href: nothing from a document reaches a page as HTML.
type piece struct {
	Text    string
	Href    string // a link; "" for none
	Outside bool   // the link leaves these pages
	Note    int    // a footnote marker: the note's number
	ID      string // the marker's id, which the footnote links back to
	Mark    bool   // a word the question matched
}

// webAddress is u when it is an http or https address, else "": a
// document's front matter may name anything as its URL, and a link that
// would not open a page is left out rather than shown broken.
func webAddress(u string) string {
	if strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
		return u
	}
	return ""
}

// span is a linked part of a text, by byte offsets.
type span struct {
	start, end int
	href       string
	outside    bool
}

// linkText cuts text into pieces with its web addresses and the
// references it makes linked (see corpus.Mentions): a paragraph of own,
// the document the text is from (nil for none), to its place on the
// reader ("paragraph 16 (a) (i) above"); a UN document to its reader here
// when the corpus holds it, to its paragraph when one is named ("paragraph
// 1 of resolution 2083 (2012)"), else to the UN's copy.
func linkText(text string, own *corpus.Document, c *corpus.Corpus, site permalink.Site) []piece {
	var spans []span
	at := 0
	for _, u := range corpus.URLs(text) {
		if i := strings.Index(text[at:], u); i >= 0 {
			spans = append(spans, span{at + i, at + i + len(u), u, true})
			at += i + len(u)
		}
	}
	kind := corpus.LabelKind("")
	if own != nil {
		kind = own.OwnLabelKind()
	}
	for _, m := range corpus.Mentions(text, kind) {
		s := span{start: m.Start, end: m.End}
		d := own
		if m.Symbol != "" {
			d = c.DocumentBySymbol(m.Symbol)
		}
		switch {
		case d != nil && m.Label != "":
			p := d.PassageByLabel(m.Label)
			if p == nil {
				continue // a paragraph the document does not have
			}
			s.href = site.Passage(p)
		case d != nil:
			s.href = site.Document(d.ID)
		case m.Label == "":
			s.href, s.outside = corpus.SymbolURL(m.Symbol), true
		default:
			continue // a paragraph of a document the corpus lacks: its symbol is linked
		}
		spans = append(spans, s)
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var out []piece
	at = 0
	for _, s := range spans {
		if s.start < at {
			continue // a symbol inside an address: the address's link wins
		}
		if s.start > at {
			out = append(out, piece{Text: text[at:s.start]})
		}
		out = append(out, piece{Text: text[s.start:s.end], Href: s.href, Outside: s.outside})
		at = s.end
	}
	if at < len(text) {
		out = append(out, piece{Text: text[at:]})
	}
	return out
}

// ownStart is where p's own words begin in p.Text: after the lead-in a
// sub-paragraph repeats from its parents (see corpus.Document.OwnText).
func ownStart(d *corpus.Document, p *corpus.Passage) int {
	own := d.OwnText(p)
	if i := strings.LastIndex(p.Text, own); i >= 0 {
		return i
	}
	return 0
}

// passagePieces is a passage's own words with its footnote markers where
// they stood, each linked to its note (and given an id the note links
// back to), and its symbols and addresses linked.
func passagePieces(d *corpus.Document, p *corpus.Passage, c *corpus.Corpus, site permalink.Site) []piece {
	start := ownStart(d, p)
	text := p.Text
	var out []piece
	at := start
	seen := map[int]int{}
	for _, cit := range p.Citations {
		off := min(max(cit.Offset, 0), len(text))
		if off < at {
			if off < start {
				continue // the marker is in the lead-in: the parent shows it
			}
			off = at
		}
		out = append(out, linkText(text[at:off], d, c, site)...)
		at = off
		seen[cit.Footnote]++
		out = append(out, piece{Text: strconv.Itoa(cit.Footnote), Href: "#" + noteID(cit.Footnote),
			Note: cit.Footnote, ID: markerID(p, cit.Footnote, seen[cit.Footnote])})
	}
	return append(out, linkText(text[at:], d, c, site)...)
}

// noteID is the id of footnote n on its document's page (see
// permalink.NoteAnchor); markerID that of the k-th marker of footnote n
// in passage p. Both hold a dot, which no passage anchor (a slug) does,
// so they never collide with one.
func noteID(n int) string { return permalink.NoteAnchor(n) }

func markerID(p *corpus.Passage, n, k int) string {
	id := "ref." + p.Anchor() + "." + strconv.Itoa(n)
	if k > 1 {
		id += "." + strconv.Itoa(k)
	}
	return id
}

// Excerpt budgets, in bytes of the passage's text around its best
// sentence.
const (
	excerptBefore = 300
	excerptAfter  = 500
)

// run is a stretch of an excerpt: the best sentence (Best), or the words
// before or after it.
type run struct {
	Best   bool
	Pieces []piece
}

// excerpt is a hit's passage around its best sentence, cut at words,
// with the question's matches marked: the words before the best
// sentence, the sentence, the words after, as runs.
func excerpt(h index.Hit) (runs []run, cutBefore, cutAfter bool) {
	text := h.Passage.Text
	from, to := h.Best.Start-excerptBefore, h.Best.End+excerptAfter
	if from <= 0 {
		from = 0
	} else if i := strings.IndexByte(text[from:h.Best.Start], ' '); i >= 0 {
		from += i + 1
		cutBefore = true
	} else {
		from = h.Best.Start
		cutBefore = from > 0
	}
	if to >= len(text) {
		to = len(text)
	} else if i := strings.LastIndexByte(text[h.Best.End:to], ' '); i >= 0 {
		to = h.Best.End + i
		cutAfter = true
	} else {
		to = h.Best.End
		cutAfter = to < len(text)
	}
	// Cut at every boundary of a match or of the best sentence.
	cuts := []int{from, to, h.Best.Start, h.Best.End}
	for _, m := range h.Matches {
		cuts = append(cuts, m.Start, m.End)
	}
	sort.Ints(cuts)
	inMatch := func(i int) bool {
		for _, m := range h.Matches {
			if m.Start <= i && i < m.End {
				return true
			}
		}
		return false
	}
	for k := 0; k+1 < len(cuts); k++ {
		a, b := cuts[k], cuts[k+1]
		if a < from || b > to || a >= b {
			continue
		}
		best := h.Best.Start <= a && b <= h.Best.End
		if len(runs) == 0 || runs[len(runs)-1].Best != best {
			runs = append(runs, run{Best: best})
		}
		last := &runs[len(runs)-1]
		last.Pieces = append(last.Pieces, piece{Text: strings.ToValidUTF8(text[a:b], ""), Mark: inMatch(a)})
	}
	return runs, cutBefore, cutAfter
}
