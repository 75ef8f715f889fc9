package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"mandatebot/corpus"
	"mandatebot/feedback"
	"mandatebot/internal/words"
)

func runFeedback(ctx context.Context, env *environment, args []string) error {
	fs := newFlags("feedback", "[--json] [--since 7d]", env.stderr)
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	since := fs.String("since", "7d", "how far back: days (7d) or a duration (36h)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("feedback takes no arguments (got %q)", pos[0])
	}
	d, err := parseSince(*since)
	if err != nil {
		return usagef("--since %q: give days (7d) or a duration (36h)", *since)
	}
	if env.cfg.FeedbackPath == "" {
		return usagef("FEEDBACK_PATH is not set and there is no INDEX_PATH to keep it beside")
	}
	if _, err := os.Stat(env.cfg.FeedbackPath); errors.Is(err, os.ErrNotExist) {
		// Not a failure: no member has voted, and no answer was weak.
		if *asJSON {
			return writeJSON(env.stdout, feedback.NewSummary(time.Now().Add(-d), env.cfg.Questions, env.cfg.FeedbackRetention))
		}
		fmt.Fprintf(env.stdout, "No feedback yet: serve records votes and weak answers in %s (FEEDBACK_PATH), and there is nothing there.\n", env.cfg.FeedbackPath)
		return nil
	} else if err != nil {
		return fmt.Errorf("feedback database: %w", err)
	}
	// Read-only: a shared lock beside a running serve, and no repair or
	// creation behind the admin's back.
	s, err := feedback.OpenReadOnly(env.cfg.FeedbackPath)
	if err != nil {
		return err
	}
	defer s.Close()
	s.Questions, s.Retention = env.cfg.Questions, env.cfg.FeedbackRetention
	sum, err := s.Summarize(time.Now().Add(-d))
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.stdout, sum)
	}
	// What was shown is named as a citation, when the corpus still holds it.
	var c *corpus.Corpus
	if loaded, err := corpusLoader(env.cfg, newLogger(env.cfg, env)).Load(ctx); err == nil {
		c = loaded
	}
	fmt.Fprintf(env.stdout, "Feedback since %s: %s. %s\n", sum.Since.Local().Format("2 Jan 2006 15:04"), words.Count(sum.Votes, "vote"), keptNote(sum.Questions, env.cfg.FeedbackRetention))
	fmt.Fprintln(env.stdout, "\nMost disliked answers:")
	for _, it := range sum.Disliked {
		fmt.Fprintf(env.stdout, "  down %d, up %d%s  %s\n", it.Down, it.Up, byMembers(it), describeItem(it, sum.Questions))
		fmt.Fprintf(env.stdout, "      shown: %s\n", shownOf(it, c))
	}
	if len(sum.Disliked) == 0 {
		fmt.Fprintln(env.stdout, "  none")
	}
	fmt.Fprintln(env.stdout, "\nQuestions answered weakly:")
	for _, it := range sum.WeakItems {
		fmt.Fprintf(env.stdout, "  %d×%s  %s\n", it.Weak, byMembers(it), describeItem(it, sum.Questions))
		fmt.Fprintf(env.stdout, "      shown: %s\n", shownOf(it, c))
	}
	if len(sum.WeakItems) == 0 {
		fmt.Fprintln(env.stdout, "  none")
	}
	return nil
}

// keptNote says which question texts the feedback keeps, and how long.
func keptNote(q feedback.Questions, retention time.Duration) string {
	days := words.Count(int(retention/(24*time.Hour)), "day")
	switch q {
	case feedback.AllQuestions:
		return "Every question's text is kept (QUESTION_LOG=full), for " + days + " (FEEDBACK_RETENTION)."
	case feedback.NoQuestions:
		return "No question's text is kept (QUESTION_LOG=off): set QUESTION_LOG=weak to see what was asked."
	}
	return "The questions answered weakly or voted down are kept, for " + days + " (FEEDBACK_RETENTION)."
}

// byMembers says how many members an item's entries came from, when
// more than one.
func byMembers(it feedback.Item) string {
	if it.Users > 1 {
		return fmt.Sprintf(", from %d members", it.Users)
	}
	return ""
}

func describeItem(it feedback.Item, q feedback.Questions) string {
	switch {
	case it.Question != "":
		return fmt.Sprintf("%q", it.Question)
	case q == feedback.NoQuestions:
		return "(no question kept: QUESTION_LOG=weak or full keeps them)"
	}
	return "(question not kept: asked before QUESTION_LOG kept it)"
}

// shownOf names what was shown for an item: its passages' citations, or
// their ids when the corpus no longer holds them.
func shownOf(it feedback.Item, c *corpus.Corpus) string {
	if len(it.Passages) == 0 {
		return "nothing"
	}
	var out []string
	for _, id := range it.Passages {
		if c != nil {
			if p := c.Passage(id); p != nil {
				out = append(out, c.Document(p.DocID).Citation(p))
				continue
			}
		}
		out = append(out, id+" (no longer in the corpus)")
	}
	return strings.Join(out, "; ")
}

// parseSince reads "7d" or a Go duration.
func parseSince(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 0 {
			return 0, fmt.Errorf("bad days")
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	return time.ParseDuration(s)
}
