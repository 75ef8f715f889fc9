package bot

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"mandatebot/corpus"
)

// pageBudget is how many characters of lines one page of a list shows, so
// that a page with its title and note fits one screen (about 2,000).
const pageBudget = 1600

// Lists a page button can turn (the first argument of its custom_id).
const (
	mandateList  = "mandate"  // a resolution's mandate paragraphs, or those on a theme
	citeList     = "cite"     // a paragraph and the sub-paragraphs under it
	feedbackList = "feedback" // what /feedback shows (no document; the days back)
)

// paged is a list of lines shown a page at a time.
type paged struct {
	title, note string
	lines       []string
	// doc is the document the lines are of, named in the footer; nil
	// for a list of no one document, whose footer is foot.
	doc  *corpus.Document
	foot string
	// url is where the title links; the document's own address when "".
	url string
	// idFor makes the custom_id of the button to page n; nil: one page,
	// the rest counted in the note.
	idFor func(page int) string
	// budget is a page's characters of lines; pageBudget when 0.
	budget int
	// items, when set, names what the lines are ("changes") and puts the
	// page's range in the title: "…: changes 15–28 of 86"; total is how
	// many there are (the lines may hold one saying there are none).
	items string
	total int
	// last closes the last page ("Unchanged: 5 paragraphs.").
	last string
}

// page renders page n (from 0) of l, with Previous and Next buttons.
func (l paged) page(n int) message {
	pages := pageLines(l.lines, cmp.Or(l.budget, pageBudget))
	n = max(0, min(n, len(pages)-1))
	desc := strings.Join(pages[n], "\n\n")
	if n == len(pages)-1 && l.last != "" {
		desc += "\n\n" + l.last
	}
	foot, url := l.foot, l.url
	if l.doc != nil {
		foot, url = l.doc.Title, cmp.Or(l.url, l.doc.Link())
	}
	e := &discordgo.MessageEmbed{Title: cut(l.title, maxEmbedTitle), URL: url, Description: desc}
	if foot != "" {
		e.Footer = &discordgo.MessageEmbedFooter{Text: cut(foot, maxFooter)}
	}
	m := message{content: l.note, embeds: []*discordgo.MessageEmbed{e}}
	if len(pages) == 1 {
		return m
	}
	first := 0
	for _, p := range pages[:n] {
		first += len(p)
	}
	if l.idFor == nil {
		m.content = joinNote(l.note, fmt.Sprintf("Showing %d of %d paragraphs; add a topic to narrow them down.", len(pages[0]), len(l.lines)))
		return m
	}
	pageOf := fmt.Sprintf("Page %d of %d (%d–%d of %d)", n+1, len(pages), first+1, first+len(pages[n]), len(l.lines))
	if l.items != "" {
		e.Title = cut(fmt.Sprintf("%s: %s %d–%d of %d", l.title, l.items, first+1, first+len(pages[n]), l.total), maxEmbedTitle)
		pageOf = fmt.Sprintf("Page %d of %d", n+1, len(pages))
	}
	if foot != "" {
		pageOf += " · " + foot
	}
	e.Footer = &discordgo.MessageEmbedFooter{Text: cut(pageOf, maxFooter)}
	var nav []discordgo.MessageComponent
	if n > 0 {
		nav = append(nav, discordgo.Button{Label: "◀ Previous", Style: discordgo.SecondaryButton, CustomID: l.idFor(n - 1)})
	}
	if n < len(pages)-1 {
		nav = append(nav, discordgo.Button{Label: fmt.Sprintf("Next ▶ (page %d of %d)", n+2, len(pages)), Style: discordgo.SecondaryButton, CustomID: l.idFor(n + 1)})
	}
	m.components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: nav}}
	return m
}

// pageID is the custom_id of a page button of list what over document d.
func pageID(what string, d *corpus.Document, selector string, page int, c *corpus.Corpus) string {
	return encodeID(pageButton, []string{what, corpus.Key(d.ID), orDash(selector), strconv.Itoa(page)}, c.Version())
}

// pageClicked turns a list's page: in place for its asker (and on a
// private message), privately for anyone else, as "More results" does.
func (b *Bot) pageClicked(_ context.Context, r *reply, cl click) error {
	what, key, selector := cl.id.args[0], cl.id.args[1], cl.id.args[2]
	n, err := strconv.Atoi(cl.id.args[3])
	if err != nil || n < 0 {
		return errBrokenButton
	}
	if what == feedbackList {
		days, err := strconv.Atoi(selector)
		if err != nil {
			return errBrokenButton
		}
		l, err := b.feedbackListing(r, days)
		if err != nil {
			return err
		}
		return turnPage(r, l.page(n), true)
	}
	d := cl.corpus.DocumentByKey(key)
	if d == nil {
		return userErrorf("That document is no longer in the corpus (it was reindexed). Ask again.")
	}
	var l paged
	switch what {
	case mandateList:
		if l, err = mandateListing(d, strings.TrimPrefix(selector, "-"), cl.corpus, b.links); err != nil {
			return err
		}
	case citeList:
		cited := d.Cite(selector)
		if cited == nil {
			return userErrorf("%s has no %s any more (it was reindexed). Ask again with /cite.", d.Name(), selector)
		}
		l = citeListing(cited, cl.corpus, b.links)
	default:
		return errBrokenButton
	}
	m := l.page(n)
	m.content = joinNote(cl.note, m.content)
	return turnPage(r, m, true)
}

// turnPage answers a page button with m: in place on a private message
// (and, with askerInPlace, on its asker's public one), else as a private
// message of the clicker's own, so no click posts a public message.
func turnPage(r *reply, m message, askerInPlace bool) error {
	msg := r.i.Message
	if msg != nil && (msg.Flags&discordgo.MessageFlagsEphemeral != 0 || askerInPlace && askerOf(msg) == userID(r.i)) {
		return r.update(m)
	}
	m.ephemeral = true
	return r.send(m)
}

// groupedLines lists paragraphs of d under their headings, each
// sub-paragraph showing only what it adds to its parent (paragraphLines).
func groupedLines(d *corpus.Document, ps []*corpus.Passage, c *corpus.Corpus, lk links) []string {
	lines := paragraphLines(d, ps, c, lk)
	var out []string
	section := ""
	for i, p := range ps {
		if p.Section != section && p.Section != "" && p.Section != "Operative paragraphs" {
			out = append(out, "__"+escapeMarkdown(p.Section)+"__")
		}
		section = p.Section
		out = append(out, lines[i])
	}
	return out
}
