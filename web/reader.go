package web

import (
	"net/http"
	"slices"
	"strings"

	"mandatebot/corpus"
)

// docPage is a whole document, readable.
type docPage struct {
	Doc       *corpus.Document
	Source    string // where the original can be read
	Sections  []sectionView
	Notes     []noteView
	Compare   []linkView // comparisons with the corpus's other resolutions
	Editorial []string
}

func (p *docPage) title() string { return docName(p.Doc) }
func (p *docPage) query() string { return "" }

type sectionView struct {
	Title    string
	ID       string
	Passages []passageView
}

type passageView struct {
	Anchor   string
	Label    string
	Citation string
	Depth    int // 0 for a paragraph, 1 for its (a), 2 for an (i)
	Pieces   []piece
}

func (h *Handler) document(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	c := h.cfg.Searcher.Corpus()
	d := c.Document(id)
	if d == nil {
		return notFoundf(strings.ReplaceAll(id, "-", " "),
			"No document %q is in the corpus: it may have been removed or renamed when the corpus was reindexed. Search for it, or see the sources page for what is held.", id)
	}
	h.render(w, r, http.StatusOK, "document", readerOf(d, c))
	return nil
}

// readerOf lays d out: its sections in order, each paragraph with its
// label, markers and links, then its footnotes with the way back.
func readerOf(d *corpus.Document, c *corpus.Corpus) *docPage {
	p := &docPage{Doc: d, Source: webAddress(d.Link()), Editorial: d.Notes}
	var cur *sectionView
	for i := range d.Passages {
		ps := &d.Passages[i]
		if cur == nil || ps.Section != cur.Title {
			p.Sections = append(p.Sections, sectionView{Title: ps.Section, ID: "s." + ps.Anchor()})
			cur = &p.Sections[len(p.Sections)-1]
		}
		cur.Passages = append(cur.Passages, passageView{Anchor: ps.Anchor(), Label: ps.Label, Citation: d.Citation(ps),
			Depth: min(strings.Count(ps.Label, "("), 3), Pieces: passagePieces(d, ps, c, siteRelative)})
	}
	back := backLinks(d)
	for _, f := range d.Footnotes {
		p.Notes = append(p.Notes, noteOf(d, f, c, back[f.Number]))
	}
	if d.Kind == corpus.KindResolution {
		rs := c.Resolutions() // in the order adopted
		at := slices.Index(rs, d)
		for i, o := range rs {
			if o == d {
				continue
			}
			old, new := o, d
			if at < i {
				old, new = d, o
			}
			p.Compare = append(p.Compare, linkView{Text: shortName(old) + " → " + shortName(new), Href: siteRelative.Compare(old.ID, new.ID)})
		}
	}
	return p
}

// shortName names a document in a line of links: its symbol, or its title.
func shortName(d *corpus.Document) string {
	if d.Symbol != "" {
		return d.Symbol
	}
	return d.Title
}
