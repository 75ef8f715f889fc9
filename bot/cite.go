package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"mandatebot/corpus"
	"mandatebot/index"
)

// notInCorpus is the message for a UN document the corpus lacks.
func notInCorpus(sym string) error {
	return userErrorf("%s is not in the corpus yet. An admin can add it with `mandatebot fetch \"%s\"` or /reindex fetch:true.", sym, sym)
}

// cite shows one paragraph of a UN document, named by a reference such as
// "2164 op 13(a)" (see corpus.ParseReference).
func (b *Bot) cite(ctx context.Context, r *reply, data discordgo.ApplicationCommandInteractionData) error {
	ref, err := corpus.ParseReference(optString(options(data), "reference"))
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
	e := &discordgo.MessageEmbed{
		Title: cut(d.Citation(p), maxEmbedTitle), URL: d.URL,
		Description: cut(escapeMarkdown(p.Text), maxEmbedDesc-100),
		Footer:      &discordgo.MessageEmbedFooter{Text: cut(d.Title, maxFooter)},
	}
	return r.send(message{embeds: []*discordgo.MessageEmbed{e}})
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

// mandateOf lists a resolution's mandate paragraphs, filtered by topic
// and by theme (a corpus.Theme id).
func (b *Bot) mandateOf(ctx context.Context, r *reply, sym, topic, theme string) error {
	d := b.cfg.Searcher.Corpus().DocumentBySymbol(sym)
	if d == nil {
		return notInCorpus(sym)
	}
	var ps []*corpus.Passage
	if topic != "" {
		res, err := b.cfg.Searcher.Search(ctx, index.Query{Text: topic, Source: d.ID, Limit: 8})
		if err != nil {
			return err
		}
		for _, h := range res.Hits {
			if h.Passage.IsOperative() && !res.Weak {
				ps = append(ps, h.Passage)
			}
		}
		if len(ps) == 0 {
			return userErrorf("%s says nothing I can find about “%s”. Try other words.", sym, cut(escapeMarkdown(topic), 200))
		}
	} else if theme != "" {
		for i := range d.Passages {
			if d.Passages[i].IsOperative() {
				ps = append(ps, &d.Passages[i])
			}
		}
	} else {
		ps = d.MandatePassages()
	}
	th, _ := corpus.ThemeByID(theme)
	if theme != "" {
		var on []*corpus.Passage
		for _, p := range ps {
			if d.HasTheme(p, theme) {
				on = append(on, p)
			}
		}
		if len(on) == 0 {
			return userErrorf("No paragraph of %s is tagged %s (%s). Try /mandate topic: in your own words.", sym, th.Name, strings.ToLower(strings.TrimSuffix(th.Definition, ".")))
		}
		ps = on
	}
	var lines []string
	for _, p := range ps {
		lines = append(lines, fmt.Sprintf("**%s** %s", p.Label, escapeMarkdown(p.Text)))
	}
	title := d.Symbol + " — mandate"
	switch {
	case topic != "":
		title = d.Symbol + " on “" + cut(topic, 60) + "”"
	case theme != "":
		title = d.Symbol + " — " + th.Name
	}
	es := listEmbeds(title, lines, d)
	content := "From the text of the resolution."
	if theme != "" {
		content += " Theme: " + th.Definition + " (tagged by the terms in corpus/themes.json)"
	}
	if shown := countShown(es); shown < len(lines) {
		content += fmt.Sprintf(" Showing %d of %d paragraphs; add a topic to narrow them down, or use /cite.", shown, len(lines))
	}
	return r.send(message{content: content, embeds: es})
}

// countShown counts the paragraphs listEmbeds fitted (they are separated
// by blank lines).
func countShown(es []*discordgo.MessageEmbed) int {
	n := 0
	for _, e := range es {
		if e.Description != "" {
			n += strings.Count(e.Description, "\n\n") + 1
		}
	}
	return n
}
