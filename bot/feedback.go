package bot

import (
	"context"
	"fmt"

	"mandatebot/feedback"
	"mandatebot/internal/words"

	"github.com/bwmarrin/discordgo"
)

// feedback shows admins the answers members disliked most and the
// questions that got weak answers.
func (b *Bot) feedback(ctx context.Context, r *reply, opts optionSet) error {
	if !b.isAdmin(r.i) {
		b.log.Warn("feedback refused", "user", userID(r.i), "guild", r.i.GuildID)
		return b.notAdmin(r.i, "see the feedback")
	}
	if b.cfg.Feedback == nil {
		return userErrorf("Feedback is not kept by this bot (FEEDBACK_PATH is not set up).")
	}
	days := opts.integer("days", 7)
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
		Title:       fmt.Sprintf("Feedback, last %s: %s", words.Count(days, "day"), words.Count(sum.Votes, "vote")),
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
