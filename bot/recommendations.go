package bot

import (
	"context"

	"mandatebot/index"
)

// recommendations lists the brief's recommendations, all or on a topic.
func (b *Bot) recommendations(ctx context.Context, r *reply, opts optionSet) error {
	topic := opts.str("topic")
	c := b.cfg.Searcher.Corpus()
	all := c.Recommendations()
	if len(all) == 0 {
		return userErrorf("No document in the corpus has recommendations.")
	}
	if topic == "" {
		var lines []string
		for _, p := range all {
			lines = append(lines, b.links.label(p, p.RecommendationNumber()+".")+" "+escapeMarkdown(p.Text))
		}
		return r.send(message{embeds: listEmbeds("Recommendations", lines, c.Document(all[0].DocID), b.links)})
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
	return r.send(message{embeds: listEmbeds("Recommendations on “"+cut(topic, 80)+"”", lines, res.Corpus.Document(all[0].DocID), b.links)})
}
