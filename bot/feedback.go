package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"mandatebot/corpus"
	"mandatebot/feedback"
	"mandatebot/internal/words"
)

// Days /feedback looks back: 7 by default, at most a year.
const (
	defaultFeedbackDays = 7
	maxFeedbackDays     = 365
)

// feedback shows admins the answers members disliked most and the
// questions that got weak answers, each with what was shown, a page at a
// time.
func (b *Bot) feedback(ctx context.Context, r *reply, opts optionSet) error {
	days := opts.integer("days", defaultFeedbackDays)
	l, err := b.feedbackListing(r, days)
	if err != nil {
		return err
	}
	m := l.page(0)
	m.ephemeral = true
	return r.send(m)
}

// feedbackListing checks that an admin asks, for 1 to 365 days back, and
// makes the paged list of what the feedback holds for those days.
func (b *Bot) feedbackListing(r *reply, days int) (paged, error) {
	if !b.isAdmin(r.i) {
		b.log.Warn("feedback refused", "user", userID(r.i), "guild", r.i.GuildID)
		return paged{}, b.notAdmin(r.i, "see the feedback")
	}
	if days < 1 || days > maxFeedbackDays {
		return paged{}, userErrorf("days: give how many days back to look, from 1 to %d (you gave %d).", maxFeedbackDays, days)
	}
	if b.cfg.Feedback == nil {
		return paged{}, userErrorf("Feedback is not kept by this bot (FEEDBACK_PATH is not set up).")
	}
	sum, err := b.cfg.Feedback.Summarize(b.cfg.Now().AddDate(0, 0, -days))
	if err != nil {
		return paged{}, err
	}
	c := b.cfg.Searcher.Corpus()
	var lines []string
	section := func(title string, items []feedback.Item, count func(feedback.Item) string) {
		lines = append(lines, "__"+title+"__")
		if len(items) == 0 {
			lines = append(lines, "None.")
		}
		for _, it := range items {
			// One line an item: two questions answered with the same
			// passages read as two lines, not one said twice.
			lines = append(lines, count(it)+" — "+b.askedLine(it, sum.Questions)+" · shown: "+b.shownLine(it, c))
		}
	}
	section("Voted 👎", sum.Disliked, func(it feedback.Item) string {
		return fmt.Sprintf("👎 %d · 👍 %d%s", it.Down, it.Up, membersOf(it))
	})
	section("Answered weakly", sum.WeakItems, func(it feedback.Item) string {
		return fmt.Sprintf("%d×%s", it.Weak, membersOf(it))
	})
	return paged{
		title: fmt.Sprintf("Feedback, last %s: %s", words.Count(days, "day"), words.Count(sum.Votes, "vote")),
		note:  "What members disliked, and what they asked that the documents did not answer well: candidates for new documents or glossary terms.",
		lines: lines, foot: keptFooter(sum),
		idFor: func(n int) string {
			return encodeID(pageButton, []string{feedbackList, "-", strconv.Itoa(days), strconv.Itoa(n)}, c.Version())
		},
	}, nil
}

// askedLine is an item's question, quoted, or why there is none.
func (b *Bot) askedLine(it feedback.Item, q feedback.Questions) string {
	switch {
	case it.Question != "":
		return "“" + cut(escapeMarkdown(it.Question), 200) + "”"
	case q == feedback.NoQuestions:
		return "*no question kept (QUESTION_LOG=off)*"
	}
	return "*question not kept (asked before QUESTION_LOG kept it)*"
}

// shownLine names what an item's answer showed: its passages' citations,
// linked, or nothing.
func (b *Bot) shownLine(it feedback.Item, c *corpus.Corpus) string {
	if len(it.Passages) == 0 {
		return "nothing"
	}
	var out []string
	for _, id := range it.Passages {
		if p := c.Passage(id); p != nil {
			d := c.Document(p.DocID)
			out = append(out, linked(d.Citation(p), b.links.passage(d, p)))
		} else {
			out = append(out, escapeMarkdown(id)+" (no longer in the corpus)")
		}
	}
	return strings.Join(out, "; ")
}

// membersOf says how many members an item came from, when more than one.
func membersOf(it feedback.Item) string {
	if it.Users > 1 {
		return fmt.Sprintf(" · %d members", it.Users)
	}
	return ""
}

// keptFooter says which questions the feedback keeps, and for how long.
func keptFooter(sum *feedback.Summary) string {
	kept := "for good"
	if sum.KeptDays > 0 {
		kept = "for " + words.Count(sum.KeptDays, "day")
	}
	switch sum.Questions {
	case feedback.AllQuestions:
		return "Every question is kept, " + kept + " (QUESTION_LOG=full, FEEDBACK_RETENTION)."
	case feedback.NoQuestions:
		return "No question is kept (QUESTION_LOG=off); votes are kept " + kept + "."
	}
	return "Questions answered weakly or voted 👎 are kept, " + kept + " (QUESTION_LOG, FEEDBACK_RETENTION)."
}
