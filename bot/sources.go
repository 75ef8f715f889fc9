package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"mandatebot/corpus"
	"mandatebot/index"
	"mandatebot/internal/words"
)

// sources lists the documents, when the index was built, the UN
// documents the corpus cites that it does not hold yet, and what the
// fetch at start did, a screen at a time.
func (b *Bot) sources(ctx context.Context, r *reply, opts optionSet) error {
	return r.send(b.sourcesListing().page(0))
}

// sourcesListing is what /sources shows, as a paged list: a line a
// document, then the UN documents cited but not held, semantic search,
// and the fetch at start, each under its heading.
func (b *Bot) sourcesListing() paged {
	c := b.cfg.Searcher.Corpus()
	var lines []string
	for _, d := range c.Documents {
		title := linked(d.Title, b.links.document(d))
		line := fmt.Sprintf("**%s** (%s", title, d.Kind)
		if d.Symbol != "" {
			if b.links.document(d) == d.Link() {
				// Without the pages the title would link where the
				// symbol does: one link is enough.
				title = escapeMarkdown(d.Title)
			}
			line = fmt.Sprintf("**%s** (%s, %s", title, d.Kind, linked(d.Symbol, d.Link()))
		}
		line += fmt.Sprintf(") — %s, %s; id `%s`", words.Count(len(d.Passages), "passage"), words.Count(len(d.Footnotes), "footnote"), d.ID)
		lines = append(lines, line)
	}
	section := func(name string, body ...string) {
		if len(body) > 0 {
			lines = append(lines, "__"+name+"__\n"+strings.Join(body, "\n"))
		}
	}
	if missing := c.MissingCited(); len(missing) > 0 {
		section("Cited but not in the corpus yet", joinLinks(missing, c))
	}
	if sc, ok := b.cfg.Searcher.(interface{ SemanticCheck() *index.SemanticCheck }); ok {
		if line := semanticLine(sc.SemanticCheck()); line != "" {
			section("Semantic search", line)
		}
	}
	if b.cfg.FetchStatus != nil {
		if outcomes := b.cfg.FetchStatus(); len(outcomes) > 0 {
			done, failures, _ := fetchReport(outcomes, c)
			for _, f := range failures {
				done = append(done, "Could not fetch "+f)
			}
			section("Fetch at start", joinLinesMore(done, maxFieldValue, "see the bot's log"))
		}
	}
	return paged{title: "Documents in the index", lines: lines,
		foot: sourcesFooter(b.cfg.Replica, c.Version(), b.cfg.Searcher.BuiltAt()),
		idFor: func(n int) string {
			return encodeID(pageButton, []string{sourcesList, "-", "-", strconv.Itoa(n)}, c.Version())
		}}
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
