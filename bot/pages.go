package bot

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"mandatebot/corpus"
)

// pageBudget is how many characters of lines one page of a list shows, so
// that a page with its title and note fits one screen (about 2,000).
const pageBudget = 1600

// maxReply is what a reply holds at most by default, its content and its
// embeds' text together: about a phone's screen. What does not fit goes
// on pages (paged), or is counted and pointed to. Discord's own limits
// (valid.go) are larger.
const maxReply = 2000

// pageReserve is set aside on every page for what a page adds to a list
// at its longest: the range in its title or footer ("Page 12 of 14
// (201–220 of 268)"), the note that the documents changed, separators.
const pageReserve = 200

// replyLength is how many characters of m count against maxReply.
func replyLength(m message) int {
	return utf8.RuneCountInString(m.content) + embedsLength(m.embeds)
}

// Lists a page button can turn (the first argument of its custom_id).
const (
	mandateList  = "mandate"  // a resolution's mandate paragraphs, or those on a theme
	citeList     = "cite"     // a paragraph and the sub-paragraphs under it
	feedbackList = "feedback" // what /feedback shows (no document; the days back)
	// recommendationsList is every recommendation, accountList the
	// brief's account of the mandate (/mandate without resolutions), and
	// passageList a passage shown whole ("Full passage", by the passage's
	// key), each with no selector.
	recommendationsList = "recs"
	accountList         = "account"
	passageList         = "passage"
	sourcesList         = "sources" // what /sources shows (no document)
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
	// pieces is set when the lines are pieces of one text, not items to
	// count: its pages say only "Page 2 of 3".
	pieces bool
}

// items is how many of lines are items of a list, not headings.
func items(lines []string) int {
	n := 0
	for _, l := range lines {
		if !isHeading(l) {
			n++
		}
	}
	return n
}

// room is how many characters of lines a page of l holds: its budget
// (pageBudget by default), less what the rest of the message takes at its
// longest, so that every page fits maxReply.
func (l paged) room() int {
	foot := l.foot
	if l.doc != nil {
		foot = l.doc.Title
	}
	fixed := utf8.RuneCountInString(l.note) + min(utf8.RuneCountInString(l.title), maxEmbedTitle) +
		utf8.RuneCountInString(l.last) + min(utf8.RuneCountInString(foot), maxFooter) + pageReserve
	return max(200, min(cmp.Or(l.budget, pageBudget), maxReply-fixed))
}

// page renders page n (from 0) of l, with Previous and Next buttons.
func (l paged) page(n int) message {
	pages := pageLines(l.lines, l.room())
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
	// The range counts the items of the list, not the headings over them.
	first, here, all := 0, items(pages[n]), items(l.lines)
	for _, p := range pages[:n] {
		first += items(p)
	}
	if l.idFor == nil {
		m.content = joinNote(l.note, fmt.Sprintf("Showing the first %d of %d; the others did not fit one screen.", here, all))
		return m
	}
	pageOf := fmt.Sprintf("Page %d of %d (%d–%d of %d)", n+1, len(pages), first+1, first+here, all)
	if l.pieces {
		pageOf = fmt.Sprintf("Page %d of %d", n+1, len(pages))
	}
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
	if what == passageList {
		p := cl.corpus.PassageByKey(key)
		if p == nil {
			return userErrorf("That passage is no longer in the documents (they were reindexed). Ask again with /ask.")
		}
		m := b.passagePage(p, cl.corpus, n)
		m.content = joinNote(cl.note, m.content)
		return turnPage(r, m, true)
	}
	if what == sourcesList {
		m := b.sourcesListing().page(n)
		m.content = joinNote(cl.note, m.content)
		return turnPage(r, m, true)
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
	case recommendationsList:
		if len(cl.corpus.Recommendations()) == 0 {
			return userErrorf("No document in the corpus has recommendations any more (it was reindexed).")
		}
		l = recommendationsListing(cl.corpus, b.links)
	case accountList:
		if l, err = accountListing(cl.corpus, b.links); err != nil {
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

// passageListing is a passage shown whole, a page at a time when it is
// longer than a screen: the trail of its parents over its own words, cut
// between sentences, then the sub-paragraphs under it, then its
// footnotes.
func passageListing(p *corpus.Passage, c *corpus.Corpus, lk links) paged {
	d := c.Document(p.DocID)
	l := paged{title: d.Citation(p), doc: d, url: lk.passage(d, p), pieces: true,
		idFor: func(n int) string {
			return encodeID(pageButton, []string{passageList, corpus.Key(p.ID), "-", strconv.Itoa(n)}, c.Version())
		}}
	l.lines = splitText(passageText(d, p, c, lk), l.room()-2)
	if cited := d.Cite(p.Label); cited != nil && cited.Passage == p && p.Label != "" {
		// A paragraph's whole text is also what is under it: a group
		// heading ("(a) Security, stabilization and protection of
		// civilians") says little alone. The sub-paragraphs show what
		// each adds, as /cite shows them.
		if under := paragraphLines(d, append([]*corpus.Passage{p}, cited.Under...), c, lk)[1:]; len(under) > 0 {
			l.lines = append(l.lines, under...)
		}
	}
	if notes := d.FootnotesOf(p); len(notes) > 0 {
		l.lines = append(l.lines, "__Footnotes__")
		for _, f := range notes {
			l.lines = append(l.lines, footnoteLine(d, f, c))
		}
	}
	return l
}

// passagePage is page n of a passage shown whole, privately, with a link
// to it among its neighbours when the pages are published.
func (b *Bot) passagePage(p *corpus.Passage, c *corpus.Corpus, n int) message {
	m := passageListing(p, c, b.links).page(n)
	m.ephemeral = true
	if b.links.site.Published() {
		// The paragraph among its neighbours, every footnote whole.
		m.components = append(m.components, discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Read it in context", Style: discordgo.LinkButton, URL: b.links.site.Passage(p)},
		}})
	}
	return m
}

// splitText cuts Markdown text into pieces of about n characters at most,
// keeping every word: at a line break in the second half of a piece, else
// after a sentence, else between words; never inside a link or an
// address, so a piece with nowhere to cut may be longer.
func splitText(s string, n int) []string {
	var out []string
	for utf8.RuneCountInString(s) > n {
		i := splitAt(s, n)
		if i <= 0 {
			break
		}
		out = append(out, strings.TrimRight(s[:i], " \n"))
		s = strings.TrimLeft(s[i:], " \n")
	}
	return append(out, s)
}

// splitAt is where splitText ends a piece of s of at most n characters:
// a byte offset, or 0 when there is none.
func splitAt(s string, n int) int {
	limit := len(s)
	for i := range s {
		if n == 0 {
			limit = i
			break
		}
		n--
	}
	prefix := s[:limit]
	safe := func(i int) bool { return i > 0 && openLink(s[:i]) < 0 }
	if i := strings.LastIndexByte(prefix, '\n'); i > limit/2 && safe(i) {
		return i
	}
	for _, sep := range []string{". ", "; ", " "} {
		for end := len(prefix); end > 0; {
			i := strings.LastIndex(prefix[:end], sep)
			if i <= 0 {
				break
			}
			if safe(i + len(sep) - 1) {
				return i + len(sep) - 1
			}
			end = i
		}
	}
	return 0
}
