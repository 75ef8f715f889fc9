package bot

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"mandatebot/corpus"
	"mandatebot/index"
	"mandatebot/web/permalink"
)

// noMentions allows no mention of anyone: an empty, non-nil list, which
// serialises as "parse": [] (a nil one would be "parse": null).
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// cut shortens s to at most n characters at a word boundary, ending it
// with "…" when it cut anything. A bold run it cuts through is closed.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	for room := n - 1; room > 0; room-- {
		t := truncateWords(s, room)
		if strings.Count(t, "**")%2 == 1 {
			t += "**"
		}
		if utf8.RuneCountInString(t)+1 <= n {
			return t + "…"
		}
	}
	return "…"
}

// truncateWords returns at most room characters of s, ending at a word
// boundary when there is one in the second half, and never inside a web
// address: an address cut short is a broken link.
func truncateWords(s string, room int) string {
	rs := []rune(s)
	t := string(rs[:room])
	i := strings.LastIndexAny(t, " \n")
	midWord := room < len(rs) && !strings.ContainsRune(" \n", rs[room])
	if midWord && i >= 0 && isURLStart(t[i+1:]) {
		t = t[:i] // the cut falls inside an address: drop it whole
	} else if midWord && i < 0 && isURLStart(t) {
		t = ""
	} else if i > len(t)/2 {
		t = t[:i]
	}
	if j := openLink(t); j >= 0 {
		t = t[:j] // the cut falls inside a link: drop it whole
	}
	return strings.TrimRight(t, " \n,;:*")
}

// openLink returns where a Markdown link that t opens but does not close
// starts ("… [16 (a)"), or -1. Brackets of the text itself are escaped
// ("\\["), so an unescaped one opens a link.
func openLink(t string) int {
	for j := len(t) - 1; j >= 0; j-- {
		if t[j] != '[' || j > 0 && t[j-1] == '\\' {
			continue
		}
		rest := t[j:]
		end := strings.IndexByte(rest, ']')
		switch {
		case end < 0:
			return j // cut inside the link's text
		case strings.HasPrefix(rest[end+1:], "(<") && !strings.Contains(rest[end:], ">)"):
			return j // cut inside its address
		}
		return -1
	}
	return -1
}

func isURLStart(w string) bool {
	w = strings.TrimLeft(w, "(<[")
	return strings.HasPrefix(w, "http://") || strings.HasPrefix(w, "https://") || strings.HasPrefix("https://", w) && len(w) >= 4
}

// escapeMarkdown escapes what Discord reads as markdown or a mention in
// text that came from a document or a user. Web addresses are left whole,
// so their links keep working.
func escapeMarkdown(s string) string {
	var b strings.Builder
	start := 0
	for start < len(s) {
		end := strings.IndexAny(s[start:], " \n\t")
		if end < 0 {
			end = len(s)
		} else {
			end += start + 1
		}
		word := s[start:end]
		if strings.HasPrefix(word, "http://") || strings.HasPrefix(word, "https://") {
			b.WriteString(word)
		} else {
			for _, r := range word {
				switch r {
				case '\\', '*', '_', '~', '`', '|', '>', '#', '[', ']', '<':
					b.WriteByte('\\')
				case '@':
					b.WriteString("@\u200b") // never @everyone, even if mentions were parsed
					continue
				}
				b.WriteRune(r)
			}
		}
		start = end
	}
	return b.String()
}

// unescapeMarkdown undoes escapeMarkdown.
func unescapeMarkdown(s string) string {
	var b strings.Builder
	escaped := false
	for _, r := range s {
		switch {
		case escaped:
			b.WriteRune(r)
			escaped = false
		case r == '\\':
			escaped = true
		case r == '\u200b':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// boldSpans escapes text and sets the spans in bold.
func boldSpans(text string, spans []index.Span) string {
	var b strings.Builder
	for _, seg := range index.Segments(text, spans) {
		if seg.Match {
			b.WriteString("**" + escapeMarkdown(seg.Text) + "**")
		} else {
			b.WriteString(escapeMarkdown(seg.Text))
		}
	}
	return b.String()
}

// footnoteLine renders "[9] text", saying what an "Ibid." repeats and
// which UN documents of the corpus it points to.
func footnoteLine(d *corpus.Document, f corpus.Footnote, c *corpus.Corpus) string {
	return d.FootnoteLine(f, func(text string) string { return linkSymbols(text, c) })
}

// linkSymbols escapes text for Markdown with each UN symbol in it linked
// to its document, where it stands.
func linkSymbols(text string, c *corpus.Corpus) string {
	var b strings.Builder
	for _, m := range corpus.SymbolMentions(text) {
		before, after, _ := strings.Cut(text, m.Text)
		b.WriteString(escapeMarkdown(before))
		b.WriteString(linked(m.Text, c.SymbolLink(m.Symbol)))
		text = after
	}
	b.WriteString(escapeMarkdown(text))
	return b.String()
}

// linked is text as a Markdown link to url (escaped; in angle brackets,
// so Discord shows no preview), or the text alone when there is no url.
func linked(text, url string) string {
	if url == "" {
		return escapeMarkdown(text)
	}
	return "[" + escapeMarkdown(text) + "](<" + url + ">)"
}

// links is where a reply's citations point. With PUBLIC_URL set (a
// published site) a passage links to its permalink on the web pages and
// a document to its reader there, so every citation can be checked in
// context, the brief's too; without it, to the document's own address
// (corpus.Document.Link), which the brief lacks.
type links struct{ site permalink.Site }

// passage is where p of d is cited from.
func (l links) passage(d *corpus.Document, p *corpus.Passage) string {
	if l.site.Published() {
		return l.site.Passage(p)
	}
	return d.Link()
}

// document is where d can be read.
func (l links) document(d *corpus.Document) string {
	if l.site.Published() {
		return l.site.Document(d.ID)
	}
	return d.Link()
}

// footnote is where footnote n of d can be read.
func (l links) footnote(d *corpus.Document, n int) string {
	if l.site.Published() {
		return l.site.Footnote(d.ID, n)
	}
	return d.Link()
}

// referenced is text escaped for Discord with the references it makes
// linked (see corpus.Mentions): a paragraph of own ("paragraph 16 (a)
// (i) above") to its permalink when the pages are published (a PDF has no
// place for a paragraph), a UN document ("resolution 2100 (2013)") to
// where it can be read, its paragraph when one is named and the pages
// are published. Addresses in the text stay as they are.
func (l links) referenced(own *corpus.Document, text string, c *corpus.Corpus) string {
	var urls [][2]int
	at := 0
	for _, u := range corpus.URLs(text) {
		if i := strings.Index(text[at:], u); i >= 0 {
			urls = append(urls, [2]int{at + i, at + i + len(u)})
			at += i + len(u)
		}
	}
	inURL := func(m corpus.Mention) bool {
		for _, u := range urls {
			if m.Start < u[1] && u[0] < m.End {
				return true
			}
		}
		return false
	}
	var b strings.Builder
	at = 0
	for _, m := range corpus.Mentions(text, own.OwnLabelKind()) {
		url := l.mention(own, m, c)
		if url == "" || inURL(m) {
			continue
		}
		b.WriteString(escapeMarkdown(text[at:m.Start]))
		b.WriteString(linked(text[m.Start:m.End], url))
		at = m.End
	}
	b.WriteString(escapeMarkdown(text[at:]))
	return b.String()
}

// mention is where a reference own's text makes links, "" for none.
func (l links) mention(own *corpus.Document, m corpus.Mention, c *corpus.Corpus) string {
	d := own
	if m.Symbol != "" {
		d = c.DocumentBySymbol(m.Symbol)
	}
	switch {
	case d != nil && m.Label != "":
		if p := d.PassageByLabel(m.Label); p != nil && l.site.Published() {
			return l.site.Passage(p)
		}
		return ""
	case d != nil:
		return l.document(d)
	case m.Label == "":
		return corpus.SymbolURL(m.Symbol)
	}
	return ""
}

// label is a passage's label in bold, linked to its permalink when the
// site is published: "**[op. 2(a)](<…#op-2-a>)**".
func (l links) label(p *corpus.Passage, text string) string {
	if l.site.Published() {
		return "**" + linked(text, l.site.Passage(p)) + "**"
	}
	return "**" + escapeMarkdown(text) + "**"
}

// morePassages is what a list of the passages citing footnote n of d,
// cut short, points to: the note on its page, which links back to each.
func (l links) morePassages(d *corpus.Document, n int) string {
	if l.site.Published() {
		return linked("each is linked from the note on its page", l.site.Footnote(d.ID, n))
	}
	return "not shown"
}

// compare is where the comparison of two resolutions can be read: its
// page, or the later resolution.
func (l links) compare(old, new *corpus.Document) string {
	if l.site.Published() {
		return l.site.Compare(old.ID, new.ID)
	}
	return new.Link()
}

// moreNotes is what a list of footnotes cut short points to: the
// passage's page, or /footnote.
func (l links) moreNotes(d *corpus.Document, p *corpus.Passage) string {
	if l.site.Published() {
		return linked("all on its page", l.site.Passage(p))
	}
	return "see /footnote"
}

// symbolLink is a UN symbol linked to its document (corpus.SymbolLink).
func symbolLink(sym string, c *corpus.Corpus) string { return linked(sym, c.SymbolLink(sym)) }

// Budgets of an answer, in characters, so that a default answer stays
// under about 1,500 characters: a screenful, not a wall of text.
const (
	excerptBefore = 160 // of the passage before its best sentence
	excerptAfter  = 220 // and after it
	notesBudget   = 600 // the best passage's footnotes
	otherBudget   = 160 // each further answer's line
)

// answerEmbed renders a page of hits as one embed of at most room
// characters (as embedsLength counts them): the first in full (citation
// linked to its source, best sentence in bold with a short excerpt around
// it, footnotes with their links), the others a line each.
func answerEmbed(hits []index.Hit, c *corpus.Corpus, lk links, room int) *discordgo.MessageEmbed {
	h := hits[0]
	d := h.Document
	e := &discordgo.MessageEmbed{
		Title:       cut(fmt.Sprintf("%d. %s", h.Rank, d.Citation(h.Passage)), maxEmbedTitle),
		URL:         lk.passage(d, h.Passage),
		Description: excerpt(h),
		Footer:      &discordgo.MessageEmbedFooter{Text: cut(d.Title, maxFooter)},
		Color:       0x5865F2,
	}
	if same := sameAs(h, c, lk); same != "" {
		e.Description = cut(e.Description, maxEmbedDesc-len([]rune(same))-4) + "\n*" + same + "*"
	}
	notes := min(notesBudget, room-embedsLength([]*discordgo.MessageEmbed{e})-len("Footnotes"))
	if v := footnotesField(d, h.Footnotes, c, notes, lk.moreNotes(d, h.Passage)); v != "" && notes > 0 {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Footnotes", Value: v})
	}
	var others []string
	for _, o := range hits[1:] {
		others = append(others, alsoLine(o, c, lk))
	}
	// The further answers take what is left of the reply's room, so the
	// whole answer fits a phone's screen (maxReply); those that do not
	// fit are counted.
	also := min(maxFieldValue, room-embedsLength([]*discordgo.MessageEmbed{e})-len("Also"))
	// Those cut for room have their Full passage buttons.
	if v := joinLinesMore(others, also, "see their Full passage buttons"); v != "" && also > 0 {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Also", Value: v})
	}
	return e
}

// excerpt is a hit's best sentence in bold, with a little of what comes
// before and after it, each cut at a word; a sub-paragraph's under the
// trail of its parents (in italics), with its own words only.
func excerpt(h index.Hit) string {
	text := h.Passage.Text
	own := min(h.Document.OwnStart(h.Passage), h.Best.Start)
	trail := ""
	if t := h.Document.Trail(h.Passage); t != nil && own > 0 {
		for i := 1; i < len(t); i++ {
			t[i] = cut(t[i], 70)
		}
		trail = "*" + escapeMarkdown(strings.Join(t, " › ")) + "*\n"
	}
	before := text[own:h.Best.Start]
	if len(before) > excerptBefore {
		before = before[len(before)-excerptBefore:]
		if i := strings.IndexByte(before, ' '); i >= 0 {
			before = before[i+1:]
		}
		before = "…" + strings.ToValidUTF8(before, "")
	}
	after := text[h.Best.End:]
	if rest := strings.TrimSpace(after); rest != "" {
		after = " " + cut(rest, excerptAfter)
	}
	return trail + escapeMarkdown(before) + "**" + escapeMarkdown(h.BestSentence()) + "**" + escapeMarkdown(after)
}

// passageText is a passage shown alone: a sub-paragraph as the trail of
// its parents ("*op. 4 › (a) Security, stabilization and protection of
// civilians:*", each lead-in shortened) over its own words ("(i) To
// support …"), so the long lead-in it repeats is not shown again; any
// other passage whole.
func passageText(d *corpus.Document, p *corpus.Passage, c *corpus.Corpus, lk links) string {
	trail := d.Trail(p)
	if trail == nil {
		return lk.referenced(d, p.Text, c)
	}
	for i := 1; i < len(trail); i++ {
		trail[i] = cut(trail[i], 70)
	}
	return "*" + escapeMarkdown(strings.Join(trail, " › ")) + "*\n" + lk.referenced(d, d.OwnText(p), c)
}

// alsoLine is a further hit in one line of about otherBudget characters:
// its citation (and the documents that hold it word for word, when they
// fit), then the start of what it says. Links are never cut.
func alsoLine(h index.Hit, c *corpus.Corpus, lk links) string {
	head := fmt.Sprintf("%d. **%s**", h.Rank, linked(h.Document.Citation(h.Passage), lk.passage(h.Document, h.Passage)))
	if same := sameAs(h, c, lk); same != "" && len([]rune(head+same)) < otherBudget-60 {
		head += " (" + same + ")"
	}
	// The budget is of what the reader sees: a link's address is not.
	room := max(otherBudget-utf8.RuneCountInString(markdownLinkRE.ReplaceAllString(head, "$1"))-3, 40)
	return head + " — " + cut(escapeMarkdown(alsoText(h)), room)
}

// markdownLinkRE is a Markdown link as linked writes it: its text is $1.
var markdownLinkRE = regexp.MustCompile(`\[((?:\\.|[^\]\\])*)\]\(<[^>]*>\)`)

// sameAs says which other documents hold h's passage word for word:
// "unchanged from S/RES/2100 (2013), op. 28" for an earlier resolution,
// "kept unchanged in …" for a later one, "the same in …" otherwise; and
// which earlier resolutions held its task in other words: "earlier
// S/RES/2100 (2013), op. 16(f)". Each citation linked; "" when none.
func sameAs(h index.Hit, c *corpus.Corpus, lk links) string {
	var from, in, other []string
	rs := c.Resolutions()
	at := slices.Index(rs, h.Document)
	for _, p := range h.Identical {
		d := c.Document(p.DocID)
		if d == nil {
			continue
		}
		cite := linked(d.Citation(p), lk.passage(d, p))
		switch i := slices.Index(rs, d); {
		case at >= 0 && i >= 0 && i < at:
			from = append(from, cite)
		case at >= 0 && i > at:
			in = append(in, cite)
		default:
			other = append(other, cite)
		}
	}
	var parts []string
	if len(from) > 0 {
		parts = append(parts, "unchanged from "+strings.Join(from, ", "))
	}
	var earlier []string
	for _, p := range h.Earlier {
		if d := c.Document(p.DocID); d != nil {
			earlier = append(earlier, linked(d.Citation(p), lk.passage(d, p)))
		}
	}
	if len(earlier) > 0 {
		parts = append(parts, "earlier "+strings.Join(earlier, ", "))
	}
	if len(in) > 0 {
		parts = append(parts, "kept unchanged in "+strings.Join(in, ", "))
	}
	if len(other) > 0 {
		parts = append(parts, "the same in "+strings.Join(other, ", "))
	}
	return strings.Join(parts, "; ")
}

// alsoText is a further hit as its one line shows it: its best sentence,
// without the lead-in a sub-paragraph repeats from its parent ("Decides
// that the mandate shall be the following: (a) …"), which would fill the
// line before it says anything of its own.
func alsoText(h index.Hit) string {
	best := h.BestSentence()
	own := h.Document.OwnText(h.Passage)
	leadIn := strings.Join(h.Document.LeadIn(h.Passage), " ")
	if leadIn == "" || !strings.HasPrefix(best, leadIn) {
		return best
	}
	if rest := strings.TrimSpace(best[len(leadIn):]); rest != "" {
		return rest
	}
	return own
}

// joinLinesMore joins whole lines within n characters, saying how many
// did not fit and where they are: "(+2 more: see /footnote)". A footnote
// is never cut, so its links stay whole; a single line longer than n is
// cut, outside its links.
func joinLinesMore(lines []string, n int, where string) string {
	return joinLinesNamed(lines, nil, n, where)
}

// joinLinesNamed is joinLinesMore naming the lines that did not fit by
// names (one per line): "(+2 more: [10], [11]; see /footnote)".
func joinLinesNamed(lines, names []string, n int, where string) string {
	var b strings.Builder
	for i, l := range lines {
		sep := 0
		if i > 0 {
			sep = 1
		}
		left := where
		if len(names) == len(lines) {
			left = strings.Join(names[i:], ", ") + "; " + where
		}
		more := fmt.Sprintf("\n(+%d more: %s)", len(lines)-i, left)
		if utf8.RuneCountInString(b.String())+sep+utf8.RuneCountInString(l) > n-utf8.RuneCountInString(more) && i < len(lines)-1 ||
			utf8.RuneCountInString(b.String())+sep+utf8.RuneCountInString(l) > n {
			if i == 0 {
				return cut(l, n)
			}
			b.WriteString(more)
			return b.String()
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l)
	}
	return b.String()
}

// footnotesField lists notes of d, the first best of them those of the
// sentence shown in bold, within n characters: the ones left out are
// named by number, and where to read them.
func footnotesField(d *corpus.Document, notes []corpus.Footnote, c *corpus.Corpus, n int, where string) string {
	var lines, names []string
	for _, f := range notes {
		lines = append(lines, footnoteLine(d, f, c))
		names = append(names, fmt.Sprintf("[%d]", f.Number))
	}
	return joinLinesNamed(lines, names, n, where)
}
