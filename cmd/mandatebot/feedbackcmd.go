package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

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
			return writeJSON(env.stdout, &feedback.Summary{Since: time.Now().Add(-d)})
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
	sum, err := s.Summarize(time.Now().Add(-d))
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.stdout, sum)
	}
	fmt.Fprintf(env.stdout, "Feedback since %s: %s\n\nMost disliked answers:\n", sum.Since.Format("2 Jan 2006 15:04"), words.Count(sum.Votes, "vote"))
	for _, it := range sum.Disliked {
		fmt.Fprintf(env.stdout, "  down %d, up %d  %s\n", it.Down, it.Up, describeItem(it))
	}
	if len(sum.Disliked) == 0 {
		fmt.Fprintln(env.stdout, "  none")
	}
	fmt.Fprintln(env.stdout, "\nQuestions answered weakly:")
	for _, it := range sum.WeakItems {
		fmt.Fprintf(env.stdout, "  %d×  %s\n", it.Weak, describeItem(it))
	}
	if len(sum.WeakItems) == 0 {
		fmt.Fprintln(env.stdout, "  none")
	}
	return nil
}

func describeItem(it feedback.Item) string {
	switch {
	case it.Question != "" && len(it.Passages) > 0:
		return fmt.Sprintf("%q (top passage %s)", it.Question, it.Passages[0])
	case it.Question != "":
		return fmt.Sprintf("%q (nothing found)", it.Question)
	case len(it.Passages) > 0:
		return "answer led by " + it.Passages[0]
	}
	return "(no question kept: QUESTION_LOG=full keeps them)"
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
