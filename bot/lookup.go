package bot

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"mandatebot/corpus"
	"mandatebot/feedback"
	"mandatebot/index"
)

// footnote shows a footnote, what an "Ibid." repeats, and the passages
// that cite it.
func (b *Bot) footnote(ctx context.Context, r *reply, data discordgo.ApplicationCommandInteractionData) error {
	opts := options(data)
	num := optInt(opts, "number", 0)
	source := optString(opts, "source")
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
		desc := escapeMarkdown(f.Text)
		if f.IbidOf != 0 {
			if r, ok := d.Resolve(num); ok {
				desc += fmt.Sprintf("\n\n*Ibid.* refers to footnote %d: %s", r.Number, escapeMarkdown(r.Text))
			}
		}
		e := &discordgo.MessageEmbed{
			Title:       cut(fmt.Sprintf("Footnote %d — %s", num, d.Title), maxEmbedTitle),
			URL:         d.URL,
			Description: cut(desc, 3000),
		}
		links := slices.Clone(d.FootnoteURLs(num))
		if r, ok := d.Resolve(num); ok {
			for _, sym := range r.Symbols {
				if doc := c.DocumentBySymbol(sym); doc != nil {
					links = append(links, fmt.Sprintf("→ %s (in the corpus: %s)", sym, doc.ID))
				} else {
					links = append(links, fmt.Sprintf("%s (not in the corpus yet)", sym))
				}
			}
		}
		if len(links) > 0 {
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Links", Value: cut(strings.Join(links, "\n"), maxFieldValue)})
		}
		var cited []string
		for _, p := range d.CitedBy(num) {
			cited = append(cited, fmt.Sprintf("**%s**: %s", escapeMarkdown(p.Label), escapeMarkdown(cut(p.Text, 160))))
		}
		if len(cited) == 0 {
			cited = []string{"No passage cites it."}
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Cited by", Value: cut(strings.Join(cited, "\n"), maxFieldValue)})
		return r.send(message{embeds: []*discordgo.MessageEmbed{e}})
	}
	if source != "" {
		return userErrorf("%s has no footnote %d.", source, num)
	}
	return userErrorf("No document has a footnote %d. The brief's footnotes run from 1 to %d.", num, maxFootnote(c))
}

func maxFootnote(c *corpus.Corpus) int {
	n := 0
	for _, d := range c.Documents {
		if len(d.Footnotes) > 0 {
			n = max(n, d.Footnotes[len(d.Footnotes)-1].Number)
		}
	}
	return n
}

// recommendations lists the brief's recommendations, all or on a topic.
func (b *Bot) recommendations(ctx context.Context, r *reply, data discordgo.ApplicationCommandInteractionData) error {
	topic := optString(options(data), "topic")
	c := b.cfg.Searcher.Corpus()
	all := c.Recommendations()
	if len(all) == 0 {
		return userErrorf("No document in the corpus has recommendations.")
	}
	if topic == "" {
		var lines []string
		for _, p := range all {
			lines = append(lines, fmt.Sprintf("**%s.** %s", p.RecommendationNumber(), escapeMarkdown(p.Text)))
		}
		return r.send(message{embeds: listEmbeds("Recommendations", lines, c.Document(all[0].DocID))})
	}
	res, err := b.cfg.Searcher.Search(ctx, index.Query{Text: topic, Limit: index.MaxLimit})
	if err != nil {
		return err
	}
	var lines []string
	for _, h := range res.Hits {
		if h.Passage.IsRecommendation() && !res.Weak {
			lines = append(lines, fmt.Sprintf("**%s** — %s", h.Passage.Label, boldSpans(h.Passage.Text, h.Matches)))
		}
	}
	if len(lines) == 0 {
		return userErrorf("No recommendation is about “%s”. Use /recommendations without a topic to see all %d.", cut(escapeMarkdown(topic), 200), len(all))
	}
	lines = lines[:min(len(lines), 5)]
	return r.send(message{embeds: listEmbeds("Recommendations on “"+cut(topic, 80)+"”", lines, c.Document(all[0].DocID))})
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

// mandate answers from the resolutions when the corpus has them, and
// otherwise from the brief's account of the mandate, saying which.
func (b *Bot) mandate(ctx context.Context, r *reply, data discordgo.ApplicationCommandInteractionData) error {
	opts := options(data)
	topic := optString(opts, "topic")
	theme := optString(opts, "theme")
	if theme != "" {
		if _, ok := corpus.ThemeByID(theme); !ok {
			return userErrorf("There is no theme “%s”; pick one from the list.", cut(escapeMarkdown(theme), 60))
		}
	}
	if pair := optString(opts, "compare"); pair != "" {
		return b.compareMandates(ctx, r, pair, topic, theme)
	}
	c := b.cfg.Searcher.Corpus()
	if res := optString(opts, "resolution"); res != "" {
		d := c.ResolutionNamed(res)
		if d == nil {
			if sym := corpus.NormalizeSymbol(res); strings.HasPrefix(sym, "S/RES/") {
				return notInCorpus(sym)
			}
			return userErrorf("There is no resolution “%s” in the corpus. %s", cut(escapeMarkdown(res), 40), resolutionsHeld(c))
		}
		return b.mandateOf(ctx, r, d.Symbol, topic, theme)
	}
	if theme != "" {
		d := c.LatestResolution()
		if d == nil {
			return userErrorf("Themes tag the paragraphs of the resolutions, and the corpus holds none yet. An admin can add them with /reindex fetch:true; meanwhile try /mandate topic:.")
		}
		return b.mandateOf(ctx, r, d.Symbol, topic, theme)
	}
	if topic == "" {
		// The mandate's tasks: the resolution in force, or the brief's
		// account of it; never whatever a search for "mandate" finds.
		if d := c.LatestResolution(); d != nil {
			return b.mandateOf(ctx, r, d.Symbol, "", "")
		}
		ps := c.MandateAccount()
		if len(ps) == 0 {
			return userErrorf("No document in the corpus describes the mandate. An admin can add the resolutions with /reindex fetch:true.")
		}
		var lines []string
		for _, p := range ps {
			lines = append(lines, fmt.Sprintf("**%s** %s", escapeMarkdown(p.Label), escapeMarkdown(p.Text)))
		}
		d := c.Document(ps[0].DocID)
		return r.send(message{
			content: "The resolution texts are not in the corpus yet, so this is the brief's account of the mandate. Add a topic to search it.",
			embeds:  listEmbeds("MINUSMA's mandate, as the brief describes it", lines, d),
		})
	}
	hasResolutions := c.HasKind(corpus.KindResolution)
	q := index.Query{Text: topic, Limit: 3}
	note := "From the Security Council resolutions in the corpus."
	if hasResolutions {
		q.Kind = corpus.KindResolution
	} else {
		note = "The resolution texts are not in the corpus yet, so this is the brief's account of the mandate."
	}
	if !hasResolutions {
		q.Text += " mandate resolution"
	}
	res, err := b.cfg.Searcher.Search(ctx, q)
	if err != nil {
		return err
	}
	if len(res.Hits) == 0 || res.Weak {
		return userErrorf("The mandate says nothing I can find about “%s”. Try other words, or /ask.", cut(escapeMarkdown(topic), 200))
	}
	return r.send(message{content: note, embeds: []*discordgo.MessageEmbed{answerEmbed(res.Hits, c)}})
}

// sources lists the documents, when the index was built, and the UN
// documents the corpus cites that it does not hold yet.
func (b *Bot) sources(ctx context.Context, r *reply, data discordgo.ApplicationCommandInteractionData) error {
	c := b.cfg.Searcher.Corpus()
	var lines []string
	for _, d := range c.Documents {
		line := fmt.Sprintf("**%s** (%s", escapeMarkdown(d.Title), d.Kind)
		if d.Symbol != "" {
			line += ", " + escapeMarkdown(d.Symbol)
		}
		line += fmt.Sprintf(") — %d passages, %d footnotes; id `%s`", len(d.Passages), len(d.Footnotes), d.ID)
		lines = append(lines, line)
	}
	missing := c.MissingCited()
	e := &discordgo.MessageEmbed{
		Title:       "Documents in the index",
		Description: cut(strings.Join(lines, "\n"), maxEmbedDesc),
		Footer:      &discordgo.MessageEmbedFooter{Text: sourcesFooter(b.cfg.Replica, c.Version(), b.cfg.Searcher.BuiltAt())},
	}
	if len(missing) > 0 {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Cited but not in the corpus yet", Value: cut(escapeMarkdown(strings.Join(missing, ", ")), maxFieldValue)})
	}
	if b.cfg.FetchStatus != nil {
		if lines := b.cfg.FetchStatus(); len(lines) > 0 {
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Fetched from the UN at start", Value: cut(escapeMarkdown(strings.Join(lines, "\n")), maxFieldValue)})
		}
	}
	return r.send(message{embeds: []*discordgo.MessageEmbed{e}})
}

func (b *Bot) help(ctx context.Context, r *reply, data discordgo.ApplicationCommandInteractionData) error {
	return r.send(message{embeds: []*discordgo.MessageEmbed{{Title: "mandatebot — what I can do", Description: helpText()}}, ephemeral: true})
}

// feedback shows admins the answers members disliked most and the
// questions that got weak answers.
func (b *Bot) feedback(ctx context.Context, r *reply, data discordgo.ApplicationCommandInteractionData) error {
	if !b.isAdmin(r.i) {
		b.log.Warn("feedback refused", "user", userID(r.i), "guild", r.i.GuildID)
		return userErrorf("Only admins may see the feedback.")
	}
	if b.cfg.Feedback == nil {
		return userErrorf("Feedback is not kept by this bot (FEEDBACK_PATH is not set up).")
	}
	days := optInt(options(data), "days", 7)
	sum, err := b.cfg.Feedback.Summarize(b.cfg.Now().AddDate(0, 0, -days))
	if err != nil {
		return err
	}
	c := b.cfg.Searcher.Corpus()
	label := func(it feedback.Item) string {
		if it.Question != "" {
			return "“" + cut(escapeMarkdown(it.Question), 120) + "”"
		}
		if len(it.Passages) > 0 {
			if p := c.Passage(it.Passages[0]); p != nil {
				return "answer led by " + escapeMarkdown(c.Document(p.DocID).Citation(p))
			}
			return "answer led by " + escapeMarkdown(it.Passages[0]) + " (no longer in the corpus)"
		}
		return "(no question kept: set QUESTION_LOG=full to keep them)"
	}
	var disliked, weak []string
	for _, it := range sum.Disliked[:min(len(sum.Disliked), 10)] {
		disliked = append(disliked, fmt.Sprintf("👎 %d · 👍 %d — %s", it.Down, it.Up, label(it)))
	}
	for _, it := range sum.WeakItems[:min(len(sum.WeakItems), 10)] {
		weak = append(weak, fmt.Sprintf("%d× — %s", it.Weak, label(it)))
	}
	e := &discordgo.MessageEmbed{
		Title:       fmt.Sprintf("Feedback, last %d days: %d votes", days, sum.Votes),
		Description: "What members disliked and what they asked that the documents did not answer: candidates for new documents or glossary terms.",
	}
	for _, f := range []struct {
		name  string
		lines []string
	}{{"Most 👎", disliked}, {"Weak answers", weak}} {
		v := joinLines(f.lines, maxFieldValue)
		if v == "" {
			v = "None."
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: f.name, Value: v})
	}
	return r.send(message{embeds: []*discordgo.MessageEmbed{e}, ephemeral: true})
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
