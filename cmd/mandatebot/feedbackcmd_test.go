package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/google/go-cmp/cmp"

	"mandatebot/bot/discordtest"
	"mandatebot/feedback"
)

func TestFeedbackCommand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "feedback.db")
	env := map[string]string{"FEEDBACK_PATH": path}
	if code, out, stderr := runCmd(t, env, "feedback"); code != 0 || !strings.Contains(out, "No feedback yet: serve records votes and weak answers in "+path) {
		t.Errorf("before any feedback: exit %d, %s%s", code, out, stderr)
	}
	// The JSON of no feedback has the shape the README gives, its lists
	// empty (not null) for a program reading it.
	code, out, _ := runCmd(t, env, "feedback", "--json")
	var empty map[string]any
	if err := json.Unmarshal([]byte(out), &empty); code != 0 || err != nil {
		t.Fatalf("--json before any feedback: exit %d, %v\n%s", code, err, out)
	}
	delete(empty, "since")
	if diff := cmp.Diff(map[string]any{"votes": 0.0, "disliked": []any{}, "weak": []any{}, "questions": "weak", "kept_days": 90.0}, empty); diff != "" {
		t.Errorf("--json before any feedback (-want +got):\n%s", diff)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("reading feedback created the database")
	}
	s, err := feedback.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Questions = feedback.WeakQuestions // the default
	p := "nupi-policy-brief-19-2015#minusmas-mandate-and-capacity-2"
	for _, e := range []feedback.Entry{
		{Kind: feedback.Down, Question: "how many cops?", Passages: []string{p}, User: "a", Answer: "m1"},
		{Kind: feedback.Down, Question: "How many  cops", Passages: []string{p}, User: "b", Answer: "m2"},
		{Kind: feedback.Up, Question: "how many cops?", Passages: []string{p}, User: "c", Answer: "m1"},
		{Kind: feedback.Weak, Question: "who is the SRSG?", User: "a"},
		{Kind: feedback.Weak, Question: "ancient", Time: time.Now().AddDate(0, 0, -30)},
	} {
		if err := s.Record(e); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	code, out, stderr := runCmd(t, env, "feedback")
	for _, want := range []string{
		"3 votes. The questions answered weakly or voted down are kept, for 90 days (FEEDBACK_RETENTION).",
		"  down 2, up 1, from 3 members  \"how many cops?\"\n      shown: MINUSMA’s Mandate and Capacity ¶2\n",
		"  1×  \"who is the SRSG?\"\n      shown: nothing\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("feedback lacks %q:\n%s%s", want, out, stderr)
		}
	}
	if code != 0 || strings.Contains(out, "ancient") {
		t.Errorf("exit %d\n%s%s", code, out, stderr)
	}
	code, out, _ = runCmd(t, env, "feedback", "--json", "--since", "60d")
	var sum feedback.Summary
	if code != 0 || json.Unmarshal([]byte(out), &sum) != nil || sum.Votes != 3 || len(sum.WeakItems) != 2 {
		t.Errorf("--json --since 60d: exit %d\n%s", code, out)
	}
	if code, _, _ := runCmd(t, env, "feedback", "--since", "soon"); code != 2 {
		t.Errorf("a bad --since: exit %d", code)
	}
}

// TestFeedbackWhileServing: an admin reads the votes while serve runs on
// the same FEEDBACK_PATH, without stopping it; serve keeps recording.
func TestFeedbackWhileServing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feedback.db")
	env := map[string]string{"DISCORD_TOKEN": discordtest.FakeToken, "INDEX_PATH": t.TempDir(), "FEEDBACK_PATH": path, "FETCH_ON_START": "false"}
	s := startServe(t, env)
	vote := func(m discordtest.Member) {
		t.Helper()
		id := s.srv.Command(m, "ask", discordtest.Option{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: "Who rejected the preliminary peace deal?"})
		r := s.srv.WaitResponse(id, nil)
		var down string
		for _, c := range r.Final().CustomIDs() {
			if strings.HasPrefix(c, "vote:down:") {
				down = c
			}
		}
		if down == "" {
			t.Fatalf("no vote button: %v", r.Final().CustomIDs())
		}
		if m := s.srv.WaitResponse(s.srv.Click(m, id, down), nil).Final(); !strings.Contains(m.Content, "Thanks") {
			t.Errorf("the vote was not taken: %+v", m)
		}
	}
	vote(discordtest.Alice)
	code, out, stderr := runCmd(t, env, "feedback")
	if code != 0 || !strings.Contains(out, "1 vote") || !strings.Contains(out, "down 1, up 0") {
		t.Fatalf("feedback while serving: exit %d\n%s%s", code, out, stderr)
	}
	// serve still records once the reader is done.
	vote(discordtest.Admin) // one vote per member and answer
	if code, out, stderr := runCmd(t, env, "feedback"); code != 0 || !strings.Contains(out, "2 votes") {
		t.Errorf("after a second vote: exit %d\n%s%s", code, out, stderr)
	}
}
