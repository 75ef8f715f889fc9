package bot

import (
	"context"

	"mandatebot/corpus"
)

// notInCorpus is the message for a UN document the corpus lacks.
func notInCorpus(sym string) error {
	return userErrorf("%s is not in the corpus yet (the link opens it at the UN). An admin can add it with `mandatebot fetch \"%s\"` or /reindex fetch:true.", linked(sym, corpus.SymbolURL(sym)), sym)
}

// cite shows one paragraph of a UN document or of the brief, named by a
// reference such as "2164 op 13(a)" or "Recommendation 4" (see
// corpus.Corpus.Cite), with the sub-paragraphs under it.
func (b *Bot) cite(ctx context.Context, r *reply, opts optionSet) error {
	c := b.cfg.Searcher.Corpus()
	cited, err := c.Cite(opts.str("reference"))
	if err != nil {
		return err
	}
	return r.send(citeListing(cited, c, b.links).page(0))
}

// citeListing is a cited paragraph with the sub-paragraphs under it, each
// showing only what it adds to the one above, paged when long. The
// paragraph itself shows whole, its lead-in included, so it reads alone.
func citeListing(cited *corpus.Cited, c *corpus.Corpus, lk links) paged {
	d, p := cited.Doc, cited.Passage
	lines := paragraphLines(d, append([]*corpus.Passage{p}, cited.Under...), c, lk)
	lines[0] = passageText(d, p, c, lk)
	return paged{title: cited.Title(), lines: lines, doc: d, url: lk.passage(d, p), idFor: func(n int) string { return pageID(citeList, d, p.ParagraphLabel(), n, c) }}
}
