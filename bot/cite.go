package bot

import (
	"context"
	"fmt"
	"strings"

	"mandatebot/corpus"
)

// notInCorpus is the message for a UN document the corpus lacks.
func notInCorpus(sym string) error {
	return userErrorf("%s is not in the corpus yet (the link opens it at the UN). An admin can add it with `mandatebot fetch \"%s\"` or /reindex fetch:true.", linked(sym, corpus.SymbolURL(sym)), sym)
}

// cite shows one paragraph of a UN document, named by a reference such as
// "2164 op 13(a)" (see corpus.ParseReference).
func (b *Bot) cite(ctx context.Context, r *reply, opts optionSet) error {
	ref, err := corpus.ParseReference(opts.str("reference"))
	if err != nil {
		return err
	}
	d := b.cfg.Searcher.Corpus().DocumentBySymbol(ref.Symbol)
	if d == nil {
		return notInCorpus(ref.Symbol)
	}
	p := d.PassageByLabel(ref.Label)
	if p == nil {
		return userErrorf("%s has no %s. %s", ref.Symbol, ref.Label, nearLabels(d, ref.Label))
	}
	c := b.cfg.Searcher.Corpus()
	return r.send(citeListing(d, p, c, b.links).page(0))
}

// citeListing is paragraph p of d with the sub-paragraphs under it, each
// showing only what it adds to the one above, paged when long. The
// paragraph itself shows whole, its lead-in included, so it reads alone.
func citeListing(d *corpus.Document, p *corpus.Passage, c *corpus.Corpus, lk links) paged {
	ps := []*corpus.Passage{p}
	for i := range d.Passages {
		if q := &d.Passages[i]; strings.HasPrefix(q.Label, p.Label+"(") {
			ps = append(ps, q)
		}
	}
	lines := paragraphLines(d, ps, lk)
	lines[0] = passageText(d, p)
	title := d.Citation(p)
	if len(ps) > 1 {
		title += fmt.Sprintf(" and its %d sub-paragraphs", len(ps)-1)
	}
	return paged{title: title, lines: lines, doc: d, url: lk.passage(d, p), idFor: func(n int) string { return pageID(citeList, d, p.Label, n, c) }}
}

// nearLabels suggests the labels of d that start like label.
func nearLabels(d *corpus.Document, label string) string {
	near := d.NearLabels(label, 13)
	if len(near) == 0 {
		if len(d.Passages) == 0 {
			return "It has no numbered paragraphs."
		}
		return fmt.Sprintf("Its paragraphs run %s to %s.", d.Passages[0].Label, d.Passages[len(d.Passages)-1].Label)
	}
	if len(near) > 12 {
		near = append(near[:12], "…")
	}
	return "Did you mean: " + strings.Join(near, ", ") + "?"
}
