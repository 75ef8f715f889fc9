package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"mandatebot/corpus"
	"mandatebot/internal/words"
	"mandatebot/web/permalink"
)

// docPage is a document, readable: the whole of it, or for a long one a
// page of it (see readerpages.go).
type docPage struct {
	Doc       *corpus.Document
	Source    string // where the original can be read
	Sections  []sectionView
	Notes     []noteView
	Compare   []linkView // comparisons with the corpus's other resolutions
	Editorial []string
	// Contents lists the document's sections, each linked where it
	// starts (on this page, or on its own).
	Contents []linkView
	// Page and Pages say which page this is, of how many; Prev and Next
	// link to its neighbours ("" at either end), and Range says which
	// passages it holds ("paragraphs 201–400 of 1,243").
	Page, Pages int
	Prev, Next  string
	Range       string
}

func (p *docPage) title() string {
	if p.Pages > 1 {
		return fmt.Sprintf("%s (page %d of %d)", docName(p.Doc), p.Page, p.Pages)
	}
	return docName(p.Doc)
}
func (p *docPage) query() string { return "" }

type sectionView struct {
	Title    string
	ID       string // "" for a section continued from the page before
	Passages []passageView
}

type passageView struct {
	Anchor   string
	Href     string // its permalink on this page: "#<anchor>" or, paged, the permalink
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
	ps := pagesOf(d)
	page := 1
	v := r.URL.Query()
	switch {
	case v.Has(permalink.AnchorParam):
		// A paragraph's permalink: the page that holds it. One the
		// document no longer has lands on the first page, where the
		// script says it is gone.
		page, _ = ps.find(d, v.Get(permalink.AnchorParam))
	case v.Has(permalink.PageParam):
		n, err := strconv.Atoi(v.Get(permalink.PageParam))
		if err != nil || n < 1 || n > ps.count() {
			return notFoundf("", "%s has %s: there is no page %q. Open its first page, or search it.", docName(d), words.Count(ps.count(), "page"), v.Get(permalink.PageParam))
		}
		page = n
	}
	h.render(w, r, http.StatusOK, "document", readerOf(d, c, ps, page))
	return nil
}

// readerOf lays out page n of d: its sections in order, each paragraph
// with its label, markers and links, then the footnotes it cites with the
// way back. A document of one page is shown whole, with all its notes.
func readerOf(d *corpus.Document, c *corpus.Corpus, ps pages, n int) *docPage {
	p := &docPage{Doc: d, Source: webAddress(d.Link()), Editorial: d.Notes, Page: n, Pages: ps.count()}
	from, to := ps.bounds(n, d)
	paged := ps.count() > 1
	var cur *sectionView
	for i := from; i < to; i++ {
		pa := &d.Passages[i]
		if cur == nil || pa.Section != cur.Title {
			sv := sectionView{Title: pa.Section}
			if opensSection(d, i) {
				sv.ID = permalink.SectionAnchor(pa.Anchor())
			}
			p.Sections = append(p.Sections, sv)
			cur = &p.Sections[len(p.Sections)-1]
		}
		href := "#" + pa.Anchor()
		if paged {
			href = siteRelative.Passage(pa)
		}
		cur.Passages = append(cur.Passages, passageView{Anchor: pa.Anchor(), Href: href, Label: pa.Label, Citation: d.Citation(pa),
			Depth: min(strings.Count(pa.ParagraphLabel(), "("), 3), Pieces: passagePieces(d, pa, c, siteRelative)})
	}
	for i := range d.Passages {
		if opensSection(d, i) {
			pa := &d.Passages[i]
			href := "#" + permalink.SectionAnchor(pa.Anchor())
			if pg := ps.of(i); pg != n {
				href = siteRelative.At(d.ID, permalink.SectionAnchor(pa.Anchor()))
			}
			p.Contents = append(p.Contents, linkView{Text: pa.Section, Href: href})
		}
	}
	back := backLinks(d, ps, n)
	for _, f := range d.Footnotes {
		if _, cited := back[f.Number]; cited || !paged {
			p.Notes = append(p.Notes, noteOf(d, f, c, back[f.Number]))
		}
	}
	if paged {
		p.Range = fmt.Sprintf("paragraphs %s–%s of %s", thousands(from+1), thousands(to), thousands(len(d.Passages)))
		if n > 1 {
			p.Prev = siteRelative.DocumentPage(d.ID, n-1)
		}
		if n < ps.count() {
			p.Next = siteRelative.DocumentPage(d.ID, n+1)
		}
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

// thousands writes n with a comma between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// shortName names a document in a line of links: its symbol, or its title.
func shortName(d *corpus.Document) string {
	if d.Symbol != "" {
		return d.Symbol
	}
	return d.Title
}
