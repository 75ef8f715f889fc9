package bot

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"mandatebot/corpus"

	"github.com/bwmarrin/discordgo"
)

// footnote shows a footnote, what an "Ibid." repeats, and the passages
// that cite it.
func (b *Bot) footnote(ctx context.Context, r *reply, opts optionSet) error {
	num := opts.integer("number", 0)
	source := opts.str("source")
	c := b.cfg.Searcher.Corpus()
	var docs []*corpus.Document
	if source != "" {
		d := c.Document(source)
		if d == nil {
			return userErrorf("I have no document %q. Pick one from the list that appears as you type the source, or see /sources.", source)
		}
		docs = []*corpus.Document{d}
	} else {
		// Briefs first: they are what has footnotes.
		docs = append(docs, c.Documents...)
		sort.SliceStable(docs, func(i, j int) bool { return docs[i].Kind == corpus.KindBrief && docs[j].Kind != corpus.KindBrief })
	}
	for _, d := range docs {
		f, ok := d.Footnote(num)
		if !ok {
			continue
		}
		desc := linkSymbols(f.Text, c)
		if f.IbidOf != 0 {
			if r, ok := d.Resolve(num); ok {
				desc += fmt.Sprintf("\n\n*Ibid.* refers to footnote %d: %s", r.Number, linkSymbols(r.Text, c))
			}
		}
		e := &discordgo.MessageEmbed{
			Title:       cut(fmt.Sprintf("Footnote %d — %s", num, d.Title), maxEmbedTitle),
			URL:         b.links.footnote(d, num),
			Description: cut(desc, footnoteBudget),
		}
		// The addresses the text shows already are not listed again.
		var links []string
		for _, u := range d.FootnoteURLs(num) {
			if !strings.Contains(e.Description, u) {
				links = append(links, u)
			}
		}
		if r, ok := d.Resolve(num); ok {
			for _, sym := range r.Symbols {
				if doc := c.DocumentBySymbol(sym); doc != nil {
					links = append(links, b.heldLink(sym, doc, c))
				} else {
					links = append(links, fmt.Sprintf("%s (not in the corpus yet)", symbolLink(sym, c)))
				}
			}
		}
		if len(links) > 0 {
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Links", Value: joinLinesMore(links, linksBudget, "see the footnote's text")})
		}
		var cited []string
		for _, p := range d.CitedBy(num) {
			cited = append(cited, b.links.label(&p, p.Label)+": "+escapeMarkdown(cut(p.Text, 160)))
		}
		if len(cited) == 0 {
			cited = []string{"No passage cites it."}
		}
		// What is left of a screen lists the passages citing it.
		room := min(maxFieldValue, maxReply-embedsLength([]*discordgo.MessageEmbed{e})-len("Cited by")-20)
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Cited by", Value: joinLinesMore(cited, room, b.links.morePassages(d, num))})
		return r.send(message{embeds: []*discordgo.MessageEmbed{e}})
	}
	if len(docs) == 1 {
		d := docs[0]
		if len(d.Footnotes) == 0 {
			return userErrorf("%s has no footnotes. /footnote without a source looks in every document (the brief's run from 1 to %d).", d.Name(), maxFootnote(c))
		}
		return userErrorf("%s has no footnote %d: its footnotes run from %d to %d.", d.Name(), num, d.Footnotes[0].Number, d.Footnotes[len(d.Footnotes)-1].Number)
	}
	return userErrorf("No document has a footnote %d. The brief's footnotes run from 1 to %d.", num, maxFootnote(c))
}

// heldLink is a footnote's line for a UN document the corpus holds: with
// the pages published, its symbol links to its reader there (the note's
// text links the UN's copy); without them, to the UN's copy, saying the
// corpus holds it.
func (b *Bot) heldLink(sym string, doc *corpus.Document, c *corpus.Corpus) string {
	if b.links.site.Published() {
		return fmt.Sprintf("→ %s, in the corpus: read it here", linked(sym, b.links.document(doc)))
	}
	return fmt.Sprintf("→ %s (in the corpus: %s)", symbolLink(sym, c), doc.ID)
}

// Budgets of a /footnote reply, so that it fits maxReply: the note's
// text (and what an Ibid. repeats), then the links it does not show; the
// passages citing it take what is left.
const (
	footnoteBudget = 1000
	linksBudget    = 400
)

func maxFootnote(c *corpus.Corpus) int {
	n := 0
	for _, d := range c.Documents {
		if len(d.Footnotes) > 0 {
			n = max(n, d.Footnotes[len(d.Footnotes)-1].Number)
		}
	}
	return n
}
