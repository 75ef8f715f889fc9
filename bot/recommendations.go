package bot

import (
	"context"
	"strings"

	"mandatebot/corpus"
	"mandatebot/index"
)

// recommendations lists the brief's recommendations, all (a page at a
// time) or those on a topic.
func (b *Bot) recommendations(ctx context.Context, r *reply, opts optionSet) error {
	topic := opts.str("topic")
	c := b.cfg.Searcher.Corpus()
	all := c.Recommendations()
	if len(all) == 0 {
		return userErrorf("No document in the corpus has recommendations.")
	}
	if topic == "" {
		return r.send(recommendationsListing(c, b.links).page(0))
	}
	res, err := b.cfg.Searcher.Search(ctx, index.Query{Text: topic, Limit: index.MaxLimit})
	if err != nil {
		return err
	}
	var found []*corpus.Passage
	lines := map[*corpus.Passage]string{}
	for _, h := range res.Hits {
		if h.Passage.IsRecommendation() && !res.Weak && len(found) < 5 {
			found = append(found, h.Passage)
			lines[h.Passage] = b.links.label(h.Passage, h.Passage.Label) + " — " + boldSpans(h.Passage.Text, h.Matches)
		}
	}
	if len(found) == 0 {
		return userErrorf("No recommendation is about “%s”. Use /recommendations without a topic to see all %d.", cut(escapeMarkdown(topic), 200), len(all))
	}
	d := res.Corpus.Document(all[0].DocID)
	return r.send(recommendationsOn(topic, found, lines, d, b.links).page(0))
}

// recommendationsOn is what /recommendations topic: shows of the
// recommendations found, best first: as many whole as fit one screen,
// each as lines has it, and the others named by label, with how to read
// one.
func recommendationsOn(topic string, found []*corpus.Passage, lines map[*corpus.Passage]string, d *corpus.Document, lk links) paged {
	l := paged{title: "Recommendations on “" + cut(topic, 80) + "”", doc: d, url: lk.document(d), budget: maxReply}
	for shown := len(found); ; shown-- {
		l.lines, l.last = nil, ""
		for _, p := range found[:shown] {
			l.lines = append(l.lines, lines[p])
		}
		if rest := found[shown:]; len(rest) > 0 {
			var names []string
			for _, p := range rest {
				names = append(names, lk.label(p, p.Label))
			}
			l.last = "Also on this topic: " + strings.Join(names, ", ") + ". Read one with /cite, e.g. `/cite reference: " + rest[0].Label + "`."
		}
		// One screen: the closing line's room counted, which a page
		// sets aside from its lines.
		if shown == 1 || len(pageLines(l.lines, l.room())) == 1 {
			return l
		}
	}
}

// recommendationsListing is every recommendation of the corpus, in order,
// a page at a time.
func recommendationsListing(c *corpus.Corpus, lk links) paged {
	all := c.Recommendations()
	d := c.Document(all[0].DocID)
	var lines []string
	for _, p := range all {
		lines = append(lines, lk.label(p, p.RecommendationNumber()+".")+" "+escapeMarkdown(p.Text))
	}
	return paged{title: "Recommendations", lines: lines, doc: d, url: lk.document(d),
		idFor: func(n int) string { return pageID(recommendationsList, d, "", n, c) }}
}

// accountListing is what the documents other than resolutions say of the
// mandate, a page at a time: /mandate's answer while the corpus holds no
// resolution.
func accountListing(c *corpus.Corpus, lk links) (paged, error) {
	ps := c.MandateAccount()
	if len(ps) == 0 {
		return paged{}, userErrorf("No document in the corpus describes the mandate. An admin can add the resolutions with /reindex fetch:true.")
	}
	var lines []string
	for _, p := range ps {
		lines = append(lines, "**"+escapeMarkdown(p.Label)+"** "+escapeMarkdown(p.Text))
	}
	d := c.Document(ps[0].DocID)
	return paged{title: "MINUSMA's mandate, as the brief describes it", lines: lines, doc: d, url: lk.document(d),
		note:  "The resolution texts are not in the corpus yet, so this is the brief's account of the mandate. Add a topic to search it.",
		idFor: func(n int) string { return pageID(accountList, d, "", n, c) }}, nil
}
