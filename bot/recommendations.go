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
	var lines []string
	for _, h := range res.Hits {
		if h.Passage.IsRecommendation() && !res.Weak {
			lines = append(lines, b.links.label(h.Passage, h.Passage.Label)+" — "+boldSpans(h.Passage.Text, h.Matches))
		}
	}
	if len(lines) == 0 {
		return userErrorf("No recommendation is about “%s”. Use /recommendations without a topic to see all %d.", cut(escapeMarkdown(topic), 200), len(all))
	}
	lines = lines[:min(len(lines), 5)]
	// The best ones whole, as many as fit a screen; the others named.
	d := res.Corpus.Document(all[0].DocID)
	l := paged{title: "Recommendations on “" + cut(topic, 80) + "”", doc: d, url: b.links.document(d), budget: maxReply}
	room := l.room() - 200 // the line naming the others
	shown, n := 0, 0
	for _, line := range lines {
		if shown > 0 && n+len([]rune(line))+2 > room {
			break
		}
		n += len([]rune(line)) + 2
		shown++
	}
	l.lines = lines[:shown]
	if rest := lines[shown:]; len(rest) > 0 {
		var labels []string
		for _, line := range rest {
			labels = append(labels, strings.SplitN(line, " — ", 2)[0])
		}
		l.last = "Also on this topic: " + strings.Join(labels, ", ") + ". Read one with /cite, e.g. `/cite reference: " + strings.Trim(labels[0], "*") + "`."
	}
	return r.send(l.page(0))
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
