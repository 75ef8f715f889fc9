package feedback_test

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"mandatebot/feedback"
)

// filled makes a database with n votes and returns its path.
func filled(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "feedback.db")
	s, err := feedback.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if err := s.Record(feedback.Entry{Kind: feedback.Down, Passages: []string{"p" + string(rune('a'+i%26))}, Corpus: "v1"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestOpenDamaged: whatever happened to the file, Open gives a working
// store (a damaged file moved aside, what could be read kept) and votes
// can be recorded and read; nothing panics or faults.
func TestOpenDamaged(t *testing.T) {
	tests := []struct {
		name       string
		damage     func(b []byte) []byte
		mustRepair bool
	}{
		{"truncated to half", func(b []byte) []byte { return b[:len(b)/2] }, true},
		{"garbage", func(b []byte) []byte {
			r := rand.New(rand.NewPCG(1, 2))
			for i := range b {
				b[i] = byte(r.UintN(256))
			}
			return b
		}, true},
		{"empty", func([]byte) []byte { return nil }, false}, // bbolt makes a new one
	}
	// Pages with random bytes flipped: some flips land in values and go
	// unnoticed; none may take the process down.
	for seed := range uint64(20) {
		tests = append(tests, struct {
			name       string
			damage     func(b []byte) []byte
			mustRepair bool
		}{"flipped bytes, seed " + string(rune('a'+seed)), func(b []byte) []byte {
			r := rand.New(rand.NewPCG(seed, 7))
			for range 64 {
				b[4096+r.IntN(len(b)-4096)] ^= byte(1 + r.UintN(255))
			}
			return b
		}, false})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filled(t, 200)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, tt.damage(b), 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := feedback.Open(path)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer s.Close()
			if tt.mustRepair && s.Repaired == nil {
				t.Error("a damaged database was opened as it was")
			}
			if r := s.Repaired; r != nil {
				if _, err := os.Stat(r.MovedTo); err != nil {
					t.Errorf("the damaged file is not where Repaired says: %v", err)
				}
				t.Logf("repaired: %v; kept %d, lost %d (partial %v)", r.Cause, r.Kept, r.Lost, r.Partial)
				// A salvage that read to the end accounts for every entry,
				// and the new database holds what it kept.
				if !r.Partial && r.Kept+r.Lost != 200 {
					t.Errorf("kept %d + lost %d, want the 200 entries accounted for", r.Kept, r.Lost)
				}
				if sum, err := s.Summarize(time.Time{}); err != nil || sum.Votes != r.Kept {
					t.Errorf("the new database holds %v votes (%v), want the %d kept", sum, err, r.Kept)
				}
			}
			if err := s.Record(feedback.Entry{Kind: feedback.Down, Passages: []string{"x"}}); err != nil && s.Repaired != nil {
				t.Errorf("Record on the repaired database: %v", err)
			}
			if _, err := s.Summarize(time.Time{}); err != nil && s.Repaired != nil {
				t.Errorf("Summarize on the repaired database: %v", err)
			}
		})
	}
}
