package bot

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"mandatebot/corpus"
	"mandatebot/index"
)

// Discord's limits on what a message may hold. A payload over any of them
// is rejected, so rendering cuts text to fit.
const (
	maxContent        = 2000
	maxEmbedTitle     = 256
	maxEmbedDesc      = 4096
	maxFieldName      = 256
	maxFieldValue     = 1024
	maxFields         = 25
	maxEmbeds         = 10
	maxEmbedsTotal    = 6000 // characters across all embeds of a message
	maxFooter         = 2048
	maxCustomID       = 100
	maxChoiceName     = 100
	maxChoices        = 25
	maxButtonsPerRow  = 5
	maxComponentsRows = 5
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
// boundary when there is one in the second half.
func truncateWords(s string, room int) string {
	t := string([]rune(s)[:room])
	if i := strings.LastIndexAny(t, " \n"); i > len(t)/2 {
		t = t[:i]
	}
	return strings.TrimRight(t, " \n,;:*")
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

// hitEmbed renders one hit within budget characters: title with rank and
// label (linked to the document), the best sentence in bold, the passage
// with matched words in bold, and its footnotes.
func hitEmbed(h index.Hit, c *corpus.Corpus, budget int) *discordgo.MessageEmbed {
	title := cut(fmt.Sprintf("%d. %s", h.Rank, h.Document.Citation(h.Passage)), maxEmbedTitle)
	footer := cut(h.Document.Title, maxFooter)
	budget -= utf8.RuneCountInString(title) + utf8.RuneCountInString(footer)

	var notes []string
	for _, f := range h.Footnotes {
		notes = append(notes, footnoteLine(h.Document, f, c))
	}
	notesValue := cut(strings.Join(notes, "\n"), min(maxFieldValue, max(budget/3, 60)))
	if len(notes) == 0 {
		notesValue = ""
	}
	budget -= utf8.RuneCountInString(notesValue) + len("Footnotes")

	best := "**" + escapeMarkdown(h.BestSentence()) + "**"
	desc := best + "\n\n" + boldSpans(h.Passage.Text, h.Matches)
	desc = cut(desc, min(maxEmbedDesc, max(budget, 40)))

	e := &discordgo.MessageEmbed{
		Title:       title,
		URL:         h.Document.URL,
		Description: desc,
		Footer:      &discordgo.MessageEmbedFooter{Text: footer},
		Color:       0x5865F2,
	}
	if notesValue != "" {
		e.Fields = []*discordgo.MessageEmbedField{{Name: "Footnotes", Value: notesValue}}
	}
	return e
}

// hitEmbeds renders up to maxEmbeds hits within the message-wide limit.
func hitEmbeds(hits []index.Hit, c *corpus.Corpus) []*discordgo.MessageEmbed {
	hits = hits[:min(len(hits), maxEmbeds)]
	if len(hits) == 0 {
		return nil
	}
	budget := (maxEmbedsTotal - 200) / len(hits)
	var out []*discordgo.MessageEmbed
	for _, h := range hits {
		out = append(out, hitEmbed(h, c, budget))
	}
	return out
}

// embedsLength is what Discord counts towards the 6,000-character limit.
func embedsLength(es []*discordgo.MessageEmbed) int {
	n := 0
	for _, e := range es {
		n += utf8.RuneCountInString(e.Title) + utf8.RuneCountInString(e.Description)
		if e.Footer != nil {
			n += utf8.RuneCountInString(e.Footer.Text)
		}
		if e.Author != nil {
			n += utf8.RuneCountInString(e.Author.Name)
		}
		for _, f := range e.Fields {
			n += utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Value)
		}
	}
	return n
}

// validMessage reports the first of Discord's limits a message breaks.
func validMessage(content string, embeds []*discordgo.MessageEmbed, components []discordgo.MessageComponent) error {
	if n := utf8.RuneCountInString(content); n > maxContent {
		return fmt.Errorf("content is %d characters", n)
	}
	if len(embeds) > maxEmbeds {
		return fmt.Errorf("%d embeds", len(embeds))
	}
	if n := embedsLength(embeds); n > maxEmbedsTotal {
		return fmt.Errorf("embeds hold %d characters", n)
	}
	for _, e := range embeds {
		switch {
		case utf8.RuneCountInString(e.Title) > maxEmbedTitle:
			return fmt.Errorf("embed title too long")
		case utf8.RuneCountInString(e.Description) > maxEmbedDesc:
			return fmt.Errorf("embed description too long")
		case len(e.Fields) > maxFields:
			return fmt.Errorf("%d fields", len(e.Fields))
		}
		for _, f := range e.Fields {
			if utf8.RuneCountInString(f.Name) > maxFieldName || utf8.RuneCountInString(f.Value) > maxFieldValue || f.Value == "" {
				return fmt.Errorf("field %q breaks a limit", f.Name)
			}
		}
	}
	if len(components) > maxComponentsRows {
		return fmt.Errorf("%d component rows", len(components))
	}
	for _, row := range components {
		r, ok := row.(discordgo.ActionsRow)
		if !ok {
			continue
		}
		if len(r.Components) > maxButtonsPerRow {
			return fmt.Errorf("%d buttons in a row", len(r.Components))
		}
		for _, c := range r.Components {
			if b, ok := c.(discordgo.Button); ok && len(b.CustomID) > maxCustomID {
				return fmt.Errorf("custom_id of %d characters", len(b.CustomID))
			}
		}
	}
	return nil
}
