package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"mandatebot/corpus"
	"mandatebot/index"
)

// homePage is the search box alone.
type homePage struct {
	Sources  []option
	Examples []string
}

func (p *homePage) title() string { return "" }
func (p *homePage) query() string { return "" }

// option is a document to search in.
type option struct {
	ID, Name string
	Selected bool
}

// examples are questions the home page offers.
var examples = []string{
	"why don't countries want to send troops north?",
	"what is MINUSMA's authorized strength?",
	"what does the brief recommend on reconciliation?",
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request) error {
	h.render(w, r, http.StatusOK, "home", &homePage{Sources: sourceOptions(h.cfg.Searcher.Corpus(), "", nil), Examples: examples})
	return nil
}

// maxPicker is how many documents the document picker lists at most: a
// corpus of a few lists them all; one of thousands would make every page
// a list of thousands (119 KB a page at 1,000 documents).
const maxPicker = 20

// sourceOptions are the documents the picker offers: all of them in a
// corpus of at most maxPicker; otherwise the one searched in (selected)
// and those the answers come from (hits), at most maxPicker, and none on
// a page without answers (the sources page lists every document).
func sourceOptions(c *corpus.Corpus, selected string, hits []index.Hit) []option {
	var out []option
	if len(c.Documents) <= maxPicker {
		for _, d := range c.Documents {
			out = append(out, option{ID: d.ID, Name: docName(d), Selected: d.ID == selected})
		}
		return out
	}
	seen := map[string]bool{}
	add := func(d *corpus.Document) {
		if d != nil && !seen[d.ID] && len(out) < maxPicker {
			seen[d.ID] = true
			out = append(out, option{ID: d.ID, Name: docName(d), Selected: d.ID == selected})
		}
	}
	add(c.Document(selected))
	for _, h := range hits {
		add(h.Document)
	}
	return out
}

// docName is how a list names a document: its symbol and title, or its title.
func docName(d *corpus.Document) string {
	if d.Symbol != "" && !strings.Contains(d.Title, d.Symbol) {
		return d.Symbol + " — " + d.Title
	}
	return d.Title
}

// searchPage is a page of results.
type searchPage struct {
	Q        string
	Source   string
	Sources  []option
	Language string
	// Notice says why nothing answers well, or what the documents lack.
	Notice string
	Absent []string
	// Unheld are the resolutions the question names that the corpus
	// lacks, and Advice how an admin adds them.
	Unheld      []linkView
	Advice      string
	Suggestions []string
	SmallTalk   bool
	Hits        []hitView
	Total       int
	First, Last int
	Prev, Next  string
}

func (p *searchPage) title() string { return p.Q }
func (p *searchPage) query() string { return p.Q }

// hitView is one result.
type hitView struct {
	Rank      int
	Citation  string
	Href      string // the paragraph's permalink
	DocTitle  string
	DocHref   string
	Best      string
	Excerpt   []run
	CutBefore bool
	CutAfter  bool
	Notes     []noteView
	Same      []linkView // the same words in other documents
	Earlier   []linkView // earlier resolutions' paragraphs that held its task in other words
}

// linkView is a link; Out marks one that leaves the pages.
type linkView struct {
	Text, Href string
	Out        bool
}

// maxPage is the last page a search shows: no corpus answers deeper.
const maxPage = index.MaxOffset/hitsPerPage + 1

func (h *Handler) search(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	q, source := v.Get("q"), v.Get("source")
	if strings.TrimSpace(q) == "" {
		return h.home(w, r)
	}
	page := 1
	if s := v.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxPage {
			return badRequestf(q, "There is no page %q of results: pages go from 1 to %d.", s, maxPage)
		}
		page = n
	}
	ctx, cancel := context.WithTimeout(r.Context(), h.cfg.SearchTimeout)
	defer cancel()
	query := index.Query{Text: q, Source: source, Limit: hitsPerPage, Offset: (page - 1) * hitsPerPage}
	res, err := h.cfg.Searcher.Search(ctx, query)
	if err != nil {
		pe, _ := h.pageErrorOf(err, q) // the question kept in the box
		if pe.status == http.StatusInternalServerError {
			return err // logged as the failure it is
		}
		return pe
	}
	p := &searchPage{Q: q, Source: source, Sources: sourceOptions(res.Corpus, source, res.Hits), Language: res.Language, Total: res.Total}
	if page == 1 && !res.SmallTalk {
		for _, sym := range res.Unheld {
			p.Unheld = append(p.Unheld, linkView{Text: sym, Href: corpus.SymbolURL(sym)})
		}
		p.Advice = h.fetchAdvice()
	}
	switch {
	case res.SmallTalk:
		p.SmallTalk = true
	case res.Weak || len(res.Hits) == 0:
		p.Notice = weakNotice(res, page)
		p.Suggestions = res.Suggestions
	default:
		p.Absent = res.Absent
		for _, hit := range res.Hits {
			p.Hits = append(p.Hits, h.hitView(hit, res.Corpus))
		}
		p.First, p.Last = res.Hits[0].Rank, res.Hits[len(res.Hits)-1].Rank
		if page > 1 {
			p.Prev = pageURL(q, source, page-1)
		}
		if res.Total > query.Offset+len(res.Hits) && page < maxPage {
			p.Next = pageURL(q, source, page+1)
		}
	}
	h.render(w, r, http.StatusOK, "search", p)
	return nil
}

// weakNotice says why nothing is shown, by the rules /ask follows: the
// words the documents never use, else that nothing answers well.
func weakNotice(res *index.Result, page int) string {
	switch {
	case page > 1:
		return "No more passages for this question."
	case len(res.Absent) > 0:
		return fmt.Sprintf("Nothing in the documents answers this well: they never mention %s.", strings.Join(res.Absent, ", "))
	}
	return "Nothing in the documents answers this well. Try other words, or see the sources for what they cover."
}

func pageURL(q, source string, page int) string {
	u := (siteRelative).Search(q, source)
	if page > 1 {
		u += "&page=" + strconv.Itoa(page)
	}
	return u
}

func (h *Handler) hitView(hit index.Hit, c *corpus.Corpus) hitView {
	d := hit.Document
	v := hitView{Rank: hit.Rank, Citation: d.Citation(hit.Passage), Href: siteRelative.Passage(hit.Passage),
		DocTitle: d.Title, DocHref: siteRelative.Document(d.ID), Best: hit.BestSentence()}
	v.Excerpt, v.CutBefore, v.CutAfter = excerpt(hit)
	for _, f := range hit.Footnotes {
		v.Notes = append(v.Notes, noteOf(d, f, c, nil))
	}
	for _, p := range hit.Identical {
		if od := c.Document(p.DocID); od != nil {
			v.Same = append(v.Same, linkView{Text: od.Citation(p), Href: siteRelative.Passage(p)})
		}
	}
	for _, p := range hit.Earlier {
		if od := c.Document(p.DocID); od != nil {
			v.Earlier = append(v.Earlier, linkView{Text: od.Citation(p), Href: siteRelative.Passage(p)})
		}
	}
	return v
}
