package feedback_test

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	bolt "go.etcd.io/bbolt"

	"mandatebot/feedback"
)

// stored reads back every entry of the database at path, as written.
func stored(t *testing.T, path string) []feedback.Entry {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []feedback.Entry
	db.View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("entries")).ForEach(func(k, v []byte) error {
			var e feedback.Entry
			if err := json.Unmarshal(v, &e); err != nil {
				t.Errorf("entry %s: %v", k, err)
			}
			out = append(out, e)
			return nil
		})
	})
	return out
}

// TestQuestionsPolicy: which entries keep their question's text, under
// each QUESTION_LOG policy; the salted user hash is kept by every one.
func TestQuestionsPolicy(t *testing.T) {
	kinds := []string{feedback.Up, feedback.Down, feedback.Weak}
	for _, tc := range []struct {
		policy feedback.Questions
		kept   map[string]bool
	}{
		{feedback.WeakQuestions, map[string]bool{feedback.Down: true, feedback.Weak: true}},
		{feedback.NoQuestions, map[string]bool{}},
		{feedback.AllQuestions, map[string]bool{feedback.Up: true, feedback.Down: true, feedback.Weak: true}},
		{"", map[string]bool{}}, // the zero policy keeps none
	} {
		t.Run(string(tc.policy), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "feedback.db")
			s, err := feedback.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			s.Questions = tc.policy
			for _, k := range kinds {
				if err := s.Record(feedback.Entry{Kind: k, Question: "question " + k, User: "hash-" + k, Answer: "m-" + k, Passages: []string{"p"}}); err != nil {
					t.Fatal(err)
				}
			}
			got := map[string]bool{}
			for _, e := range stored(t, path) {
				if e.Question != "" {
					got[e.Kind] = true
				}
				if e.User != "hash-"+e.Kind {
					t.Errorf("%s: user %q, want its hash kept", e.Kind, e.User)
				}
			}
			if diff := cmp.Diff(tc.kept, got); diff != "" {
				t.Errorf("questions kept, by kind (-want +got):\n%s", diff)
			}
		})
	}
	for in, want := range map[string]feedback.Questions{"weak": feedback.WeakQuestions, " OFF ": feedback.NoQuestions, "full": feedback.AllQuestions} {
		if got, err := feedback.ParseQuestions(in); err != nil || got != want {
			t.Errorf("ParseQuestions(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := feedback.ParseQuestions("some"); err == nil {
		t.Error("ParseQuestions took \"some\"")
	}
}

// TestRetention: entries older than the retention are purged as votes
// are recorded, and never summarized, even by a reader that cannot purge.
func TestRetention(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feedback.db")
	s, err := feedback.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Questions, s.Retention = feedback.WeakQuestions, 90*24*time.Hour
	old := time.Now().AddDate(0, 0, -91)
	// Written before the retention was this short: kept until a vote.
	s.Retention = 0
	for _, e := range []feedback.Entry{
		{Kind: feedback.Weak, Question: "an old question", Time: old},
		{Kind: feedback.Down, Question: "an old dislike", Time: old, User: "u", Answer: "m0"},
	} {
		if err := s.Record(e); err != nil {
			t.Fatal(err)
		}
	}
	reader, err := feedback.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	reader.Retention = 90 * 24 * time.Hour
	if sum, err := reader.Summarize(time.Time{}); err != nil || len(sum.WeakItems)+len(sum.Disliked) != 0 {
		t.Errorf("a reader summarized entries past the retention: %+v, %v", sum, err)
	}
	s.Retention = 90 * 24 * time.Hour
	if err := s.Record(feedback.Entry{Kind: feedback.Weak, Question: "a new question"}); err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, e := range stored(t, path) {
		left = append(left, e.Question)
	}
	if diff := cmp.Diff([]string{"a new question"}, left); diff != "" {
		t.Errorf("entries left after a vote (-want +got):\n%s", diff)
	}
}

// TestSummarizeGroups: questions asked in the same words are one line
// whatever their case, spacing or final punctuation, counted by entries
// and members, with what was shown the last time; a 👍 vote, whose
// question is not kept, joins its answer's question.
func TestSummarizeGroups(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feedback.db")
	s, err := feedback.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Questions = feedback.WeakQuestions
	t0 := time.Now().Add(-time.Hour)
	for i, e := range []feedback.Entry{
		{Kind: feedback.Weak, Question: "Who leads the fictional mission?", User: "a", Passages: []string{"p1"}},
		{Kind: feedback.Weak, Question: "who leads  the fictional mission", User: "b", Passages: []string{"p2", "p3"}},
		{Kind: feedback.Weak, Question: "who leads the fictional mission?!", User: "a"},
		{Kind: feedback.Weak, Question: "zeppelins?", User: "c", Passages: []string{"p9"}},
		{Kind: feedback.Down, Question: "how many zeppelins?", User: "a", Answer: "m1", Passages: []string{"p4"}},
		{Kind: feedback.Up, Question: "how many zeppelins?", User: "b", Answer: "m1", Passages: []string{"p4"}},
		{Kind: feedback.Up, Question: "a liked answer", User: "c", Answer: "m2", Passages: []string{"p5"}},
	} {
		e.Time = t0.Add(time.Duration(i) * time.Minute)
		if err := s.Record(e); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := s.Summarize(time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	at := func(i int) time.Time { return t0.Add(time.Duration(i) * time.Minute) }
	want := &feedback.Summary{
		Votes:     3,
		Questions: feedback.WeakQuestions,
		Disliked:  []feedback.Item{{Question: "how many zeppelins?", Passages: []string{"p4"}, Up: 1, Down: 1, Users: 2, Last: at(5)}},
		WeakItems: []feedback.Item{
			{Question: "who leads the fictional mission?!", Weak: 3, Users: 2, Last: at(2)},
			{Question: "zeppelins?", Passages: []string{"p9"}, Weak: 1, Users: 1, Last: at(3)},
		},
	}
	if diff := cmp.Diff(want, sum, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("Summarize (-want +got):\n%s", diff)
	}
}
