package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"mandatebot/corpus"
)

// notInCorpus is the message for a UN document the corpus lacks.
func notInCorpus(sym string) error {
	return userErrorf("%s is not in the corpus yet. An admin can add it with `mandatebot fetch \"%s\"` or /reindex fetch:true.", sym, sym)
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
	e := &discordgo.MessageEmbed{
		Title: cut(d.Citation(p), maxEmbedTitle), URL: d.Link(),
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
