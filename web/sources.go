package web

import (
	"net/http"
	"strings"

	"mandatebot/corpus"
	"mandatebot/corpus/undoc"
	"mandatebot/internal/words"
)

// sourcesPage is what the corpus holds, what it cites but lacks, and what
// the fetch at start did.
type sourcesPage struct {
	Docs    []sourceView
	Missing []linkView // UN documents the corpus cites but does not hold
	// FetchAdvice says how an admin fetches the missing ones.
	FetchAdvice string
	// Fetch is what the fetch at start did, a line a group: those
	// fetched, those already there, those under way, then a line for
	// each reason some could not be fetched.
	Fetch   []fetchView
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

// fetchView is a line of what the fetch at start did: the documents and
// what became of them ("fetched", or why they could not be).
type fetchView struct {
	Label  string // "Fetched", "Already in the corpus", "Fetching now"; "" for a failure
	Docs   []linkView
	Why    string // a failure's cause and what to do
	Failed bool
}

func (h *Handler) sources(w http.ResponseWriter, r *http.Request) error {
	c := h.cfg.Searcher.Corpus()
	p := &sourcesPage{Version: c.Version(), Built: h.builtAt(), FetchAdvice: h.fetchAdvice()}
	for _, d := range c.Documents {
		p.Docs = append(p.Docs, sourceView{Name: docName(d), Href: siteRelative.Document(d.ID), Kind: d.Kind, Date: d.Date,
			Publisher: d.Publisher, Source: webAddress(d.Link()), Passages: len(d.Passages), Footnotes: len(d.Footnotes)})
	}
	for _, sym := range c.MissingCited() {
		p.Missing = append(p.Missing, linkView{Text: sym, Href: corpus.SymbolURL(sym)})
	}
	if h.cfg.FetchStatus != nil {
		p.Fetch = fetchViews(h.cfg.FetchStatus(), c, h.addBy())
	}
	h.render(w, r, http.StatusOK, "sources", p)
	return nil
}

// fetchViews groups what a fetch did as the bot's /sources does: the
// documents fetched (with their passages), already there and under way,
// then those that failed, a line for each reason (nine documents the
// server lacks make one line, not nine).
func fetchViews(outcomes []undoc.Outcome, c *corpus.Corpus, addBy string) []fetchView {
	var fetched, skipped, pending fetchView
	fetched.Label, skipped.Label, pending.Label = "Fetched", "Already in the corpus", "Fetching now"
	var failures []fetchView
	byWhy := map[string]int{}
	for _, o := range outcomes {
		doc := symbolView(o.Symbol, c)
		switch {
		case o.Status == "":
			pending.Docs = append(pending.Docs, doc)
		case o.Err != nil:
			why := o.Result(addBy)
			i, ok := byWhy[why]
			if !ok {
				i = len(failures)
				byWhy[why] = i
				failures = append(failures, fetchView{Why: why, Failed: true})
			}
			failures[i].Docs = append(failures[i].Docs, doc)
		case o.Status == "fetched":
			doc.Text += " (" + words.Count(o.Passages, "passage") + ")"
			fetched.Docs = append(fetched.Docs, doc)
		default:
			skipped.Docs = append(skipped.Docs, doc)
		}
	}
	var out []fetchView
	for _, g := range []fetchView{fetched, skipped, pending} {
		if len(g.Docs) > 0 {
			out = append(out, g)
		}
	}
	return append(out, failures...)
}

// symbolView links a UN symbol to its document here, or to the UN when
// the corpus lacks it; text that is no symbol is shown as it is.
func symbolView(sym string, c *corpus.Corpus) linkView {
	if d := c.DocumentBySymbol(sym); d != nil {
		return linkView{Text: sym, Href: siteRelative.Document(d.ID)}
	}
	if corpus.NormalizeSymbol(sym) == "" {
		return linkView{Text: strings.TrimSpace(sym)}
	}
	return linkView{Text: sym, Href: corpus.SymbolURL(sym), Out: true}
}
