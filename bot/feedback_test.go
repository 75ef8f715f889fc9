package bot_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mandatebot/bot"
	"mandatebot/bot/discordtest"
	"mandatebot/feedback"
)

// TestFeedbackQuestions: with the default policy (QUESTION_LOG=weak),
// /feedback shows an admin the questions answered weakly, grouped, with
// what was shown, a page at a time with Previous and Next; a number of
// days that is not one is refused.
func TestFeedbackQuestions(t *testing.T) {
	t.Parallel()
	store, err := feedback.Open(filepath.Join(t.TempDir(), "feedback.db"))
	if err != nil {
		t.Fatal(err)
	}
	store.Questions, store.Retention = feedback.WeakQuestions, feedback.DefaultRetention
	h := start(t, func(c *bot.Config) { c.Feedback = store })
	for _, q := range []string{"zebra quokka", "Zebra  quokka?", "platypus wombat"} {
		h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "ask", str("question", q)), nil)
	}
	r := h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "feedback"), nil)
	checkSafe(t, r)
	got := text(r.Final())
	for _, want := range []string{"2× — “Zebra quokka?” · shown: nothing", "Questions answered weakly or voted 👎 are kept, for 90 days"} {
		if !strings.Contains(got, want) {
			t.Errorf("/feedback lacks %q:\n%s", want, got)
		}
	}
	// Two questions answered with the same (nothing) read as two lines,
	// not as one line said twice.
	seen := map[string]bool{}
	for _, l := range strings.Split(got, "\n") {
		if l != "" && seen[l] {
			t.Errorf("/feedback says %q twice:\n%s", l, got)
		}
		seen[l] = true
	}

	for _, days := range []int{-3, 0, 366} {
		r := h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "feedback", num("days", days)), nil)
		if got := r.Callback.Content; !r.Ephemeral() || got != fmt.Sprintf("days: give how many days back to look, from 1 to 365 (you gave %d).", days) {
			t.Errorf("days:%d: %q", days, got)
		}
	}

	// Many questions: pages, each within a screen, turned both ways.
	for i := range 40 {
		if err := store.Record(feedback.Entry{Kind: feedback.Weak, Question: fmt.Sprintf("fictional question number %d about the zeppelins of Ruritania and their hydrogen", i), Time: time.Now().Add(-time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	id := h.srv.Command(discordtest.Admin, "feedback", num("days", 30))
	r = h.srv.WaitResponse(id, nil)
	checkSafe(t, r)
	next := pageButton(t, r.Final(), "Next")
	r = h.srv.WaitResponse(h.srv.Click(discordtest.Admin, id, next), nil)
	checkSafe(t, r)
	if got := r.Final().Embeds[0].Footer.Text; !strings.HasPrefix(got, "Page 2 of ") {
		t.Errorf("after Next: %q", got)
	}
	prev := pageButton(t, r.Final(), "Previous")
	r = h.srv.WaitResponse(h.srv.Click(discordtest.Admin, id, prev), nil)
	if got := r.Final().Embeds[0].Footer.Text; !strings.HasPrefix(got, "Page 1 of ") {
		t.Errorf("after Previous: %q", got)
	}
	// A page button is an admin's only.
	r = h.srv.WaitResponse(h.srv.Click(discordtest.Alice, id, next), nil)
	if got := text(r.Final()); strings.Contains(got, "zeppelins") || !strings.Contains(got, "Only admins") {
		t.Errorf("a member turned the feedback's page:\n%s", got)
	}
}

// pageButton returns the custom id of m's button whose label holds
// label, failing the test when there is none.
func pageButton(t *testing.T, m discordtest.Message, label string) string {
	t.Helper()
	for _, r := range m.Components {
		for _, b := range r.Components {
			if strings.Contains(b.Label, label) {
				return b.CustomID
			}
		}
	}
	t.Fatalf("no %q button: %v", label, m.CustomIDs())
	return ""
}
