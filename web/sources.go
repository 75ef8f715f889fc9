package web

import (
	"net/http"

	"mandatebot/corpus"
)

// sourcesPage is what the corpus holds.
type sourcesPage struct {
	Docs    []sourceView
	Missing []linkView // UN documents the corpus cites but does not hold
	Version string
	Built   string
}

func (p *sourcesPage) title() string { return "Sources" }
func (p *sourcesPage) query() string { return "" }

type sourceView struct {
	Name      string
	Href      string
	Kind      corpus.Kind
	Date      string
	Publisher string
	Source    string
	Passages  int
	Footnotes int
}

func (h *Handler) sources(w http.ResponseWriter, r *http.Request) error {
	c := h.cfg.Searcher.Corpus()
	p := &sourcesPage{Version: c.Version(), Built: h.builtAt()}
	for _, d := range c.Documents {
		p.Docs = append(p.Docs, sourceView{Name: docName(d), Href: siteRelative.Document(d.ID), Kind: d.Kind, Date: d.Date,
			Publisher: d.Publisher, Source: webAddress(d.Link()), Passages: len(d.Passages), Footnotes: len(d.Footnotes)})
	}
	for _, sym := range c.MissingCited() {
		p.Missing = append(p.Missing, linkView{Text: sym, Href: corpus.SymbolURL(sym)})
	}
	h.render(w, r, http.StatusOK, "sources", p)
	return nil
}
