package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"mandatebot/corpus"
	"mandatebot/index"
	"mandatebot/internal/words"

	"github.com/bwmarrin/discordgo"
)

// sources lists the documents, when the index was built, and the UN
// documents the corpus cites that it does not hold yet.
func (b *Bot) sources(ctx context.Context, r *reply, opts optionSet) error {
	c := b.cfg.Searcher.Corpus()
	var lines []string
	for _, d := range c.Documents {
		line := fmt.Sprintf("**%s** (%s", linked(d.Title, b.links.document(d)), d.Kind)
		if d.Symbol != "" {
			line = fmt.Sprintf("**%s** (%s, %s", linked(d.Title, b.links.document(d)), d.Kind, linked(d.Symbol, d.Link()))
		}
		line += fmt.Sprintf(") — %s, %s; id `%s`", words.Count(len(d.Passages), "passage"), words.Count(len(d.Footnotes), "footnote"), d.ID)
		lines = append(lines, line)
	}
	missing := c.MissingCited()
	e := &discordgo.MessageEmbed{
		Title:       "Documents in the index",
		Description: cut(strings.Join(lines, "\n"), maxEmbedDesc),
		Footer:      &discordgo.MessageEmbedFooter{Text: sourcesFooter(b.cfg.Replica, c.Version(), b.cfg.Searcher.BuiltAt())},
	}
	if len(missing) > 0 {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Cited but not in the corpus yet", Value: joinLinks(missing, c)})
	}
	if sc, ok := b.cfg.Searcher.(interface{ SemanticCheck() *index.SemanticCheck }); ok {
		if line := semanticLine(sc.SemanticCheck()); line != "" {
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Semantic search", Value: line})
		}
	}
	if b.cfg.FetchStatus != nil {
		if outcomes := b.cfg.FetchStatus(); len(outcomes) > 0 {
			lines, failures, _ := fetchReport(outcomes, c)
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Fetch at start", Value: joinLinesMore(append(lines, failures...), maxFieldValue, "see the bot's log")})
		}
	}
	return r.send(message{embeds: []*discordgo.MessageEmbed{e}})
}

// sourcesFooter says when the index was built, from which corpus version,
// and by which replica, so an admin can see every replica caught up.
func sourcesFooter(replica, version string, built time.Time) string {
	s := "Index built " + built.UTC().Format("2 Jan 2006 15:04 MST") + " · corpus version " + version
	if replica != "" {
		s += " · answered by " + replica
	}
	return s
}

// joinLinks lists UN symbols, each linked to its document, as many as fit
// a field.
func joinLinks(syms []string, c *corpus.Corpus) string {
	var out []string
	n := 0
	for i, sym := range syms {
		l := symbolLink(sym, c)
		if n+len([]rune(l))+2 > maxFieldValue-20 {
			out = append(out, fmt.Sprintf("(+%d more)", len(syms)-i))
			break
		}
		out = append(out, l)
		n += len([]rune(l)) + 2
	}
	return strings.Join(out, ", ")
}

// semanticLine says whether semantic search is used and what the check on
// the shipped questions measured, or "" when it was not checked.
func semanticLine(c *index.SemanticCheck) string {
	if c == nil {
		return ""
	}
	scores := fmt.Sprintf("on %d shipped questions, Hit@1 %.2f and MRR@10 %.2f lexically, %.2f and %.2f hybrid", c.Questions, c.LexicalHit1, c.LexicalMRR, c.HybridHit1, c.HybridMRR)
	if c.Accepted {
		return fmt.Sprintf("On, its ranking weighing %g of the lexical one: %s.", c.Weight, scores)
	}
	return "Off: the embeddings model did not help (" + scores + "), so answers are lexical."
}
