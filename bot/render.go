package bot

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"mandatebot/corpus"
	"mandatebot/index"
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
	return strings.TrimRight(t, " \n,;:*")
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
	s := d.FootnoteLine(f, escapeMarkdown)
	for _, sym := range f.Symbols {
		if doc := c.DocumentBySymbol(sym); doc != nil {
			s += " → " + escapeMarkdown(doc.Symbol)
		}
	}
	return s
}

// Budgets of an answer, in characters, so that a default answer stays
// under about 1,500 characters: a screenful, not a wall of text.
const (
	excerptBefore = 160 // of the passage before its best sentence
	excerptAfter  = 220 // and after it
	notesBudget   = 600 // the best passage's footnotes
	otherBudget   = 160 // each further answer's line
)

// answerEmbed renders a page of hits as one embed: the first in full
// (citation linked to its source, best sentence in bold with a short
// excerpt around it, footnotes with their links), the others a line each.
func answerEmbed(hits []index.Hit, c *corpus.Corpus) *discordgo.MessageEmbed {
	h := hits[0]
	d := h.Document
	e := &discordgo.MessageEmbed{
		Title:       cut(fmt.Sprintf("%d. %s", h.Rank, d.Citation(h.Passage)), maxEmbedTitle),
		URL:         d.URL,
		Description: excerpt(h),
		Footer:      &discordgo.MessageEmbedFooter{Text: cut(d.Title, maxFooter)},
		Color:       0x5865F2,
	}
	var notes []string
	for _, f := range h.Footnotes {
		notes = append(notes, footnoteLine(d, f, c))
	}
	if v := joinLines(notes, notesBudget); v != "" {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Footnotes", Value: v})
	}
	var others []string
	for _, o := range hits[1:] {
		others = append(others, cut(fmt.Sprintf("%d. **%s** — %s", o.Rank, escapeMarkdown(o.Document.Citation(o.Passage)), escapeMarkdown(alsoText(o))), otherBudget))
	}
	if v := joinLines(others, maxFieldValue); v != "" {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Also", Value: v})
	}
	return e
}

// excerpt is a hit's best sentence in bold, with a little of what comes
// before and after it, each cut at a word.
func excerpt(h index.Hit) string {
	text := h.Passage.Text
	before := text[:h.Best.Start]
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
	return escapeMarkdown(before) + "**" + escapeMarkdown(h.BestSentence()) + "**" + escapeMarkdown(after)
}

// alsoText is a further hit as its one line shows it: its best sentence,
// without the lead-in a sub-paragraph repeats from its parent ("Decides
// that the mandate shall be the following: (a) …"), which would fill the
// line before it says anything of its own.
func alsoText(h index.Hit) string {
	best := h.BestSentence()
	own := h.Document.OwnText(h.Passage)
	leadIn := strings.TrimSpace(strings.TrimSuffix(h.Passage.Text, own))
	if own == h.Passage.Text || leadIn == "" || !strings.HasPrefix(best, leadIn) {
		return best
	}
	if rest := strings.TrimSpace(best[len(leadIn):]); rest != "" {
		return rest
	}
	return own
}

// fullEmbed shows a whole passage with its footnotes, for "Full passage".
func fullEmbed(p *corpus.Passage, c *corpus.Corpus) *discordgo.MessageEmbed {
	d := c.Document(p.DocID)
	e := &discordgo.MessageEmbed{
		Title: cut(d.Citation(p), maxEmbedTitle), URL: d.URL,
		Description: cut(escapeMarkdown(p.Text), maxEmbedDesc-100),
		Footer:      &discordgo.MessageEmbedFooter{Text: cut(d.Title, maxFooter)},
	}
	var notes []string
	for _, f := range d.FootnotesOf(p) {
		notes = append(notes, footnoteLine(d, f, c))
	}
	if v := joinLines(notes, maxFieldValue); v != "" {
		e.Fields = []*discordgo.MessageEmbedField{{Name: "Footnotes", Value: v}}
	}
	return e
}

// joinLines joins whole lines within n characters, saying how many did
// not fit: a footnote is never cut, so its links stay whole. A single line
// longer than n is cut, outside its links.
func joinLines(lines []string, n int) string {
	var b strings.Builder
	for i, l := range lines {
		sep := 0
		if i > 0 {
			sep = 1
		}
		more := fmt.Sprintf("\n(+%d more: see /footnote)", len(lines)-i)
		if utf8.RuneCountInString(b.String())+sep+utf8.RuneCountInString(l) > n-len(more) && i < len(lines)-1 ||
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

// listEmbeds puts lines into as few embeds as fit, within the limits.
func listEmbeds(title string, lines []string, d *corpus.Document) []*discordgo.MessageEmbed {
	var out []*discordgo.MessageEmbed
	budget := maxEmbedsTotal - 300
	cur := &discordgo.MessageEmbed{Title: cut(title, maxEmbedTitle)}
	if d != nil {
		cur.URL = d.URL
		cur.Footer = &discordgo.MessageEmbedFooter{Text: cut(d.Title, maxFooter)}
		budget -= len([]rune(d.Title))
	}
	out = append(out, cur)
	for _, l := range lines {
		l = cut(l, 1500)
		n := len([]rune(l)) + 2
		if n > budget {
			break
		}
		if len([]rune(cur.Description))+n > maxEmbedDesc {
			if len(out) == maxEmbeds {
				break
			}
			cur = &discordgo.MessageEmbed{}
			out = append(out, cur)
		}
		if cur.Description != "" {
			cur.Description += "\n\n"
		}
		cur.Description += l
		budget -= n
	}
	return out
}
