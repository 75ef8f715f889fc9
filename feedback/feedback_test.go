package feedback_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

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

// BenchmarkRecord is one vote written, as a click on 👍 does.
func BenchmarkRecord(b *testing.B) {
	s, err := feedback.Open(filepath.Join(b.TempDir(), "feedback.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for i := 0; b.Loop(); i++ {
		if err := s.Record(feedback.Entry{Kind: feedback.Up, Passages: []string{"p"}, User: "u", Answer: fmt.Sprint(i % 100)}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestReadWhileServing: a store opened read-only (mandatebot feedback)
// reads what a serving store (and a second replica's) writes, while both
// go on writing; neither waits on the other for longer than a write.
func TestReadWhileServing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feedback.db")
	serving, err := feedback.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer serving.Close()
	if err := serving.Record(feedback.Entry{Kind: feedback.Down, Passages: []string{"p1"}}); err != nil {
		t.Fatal(err)
	}
	reader, err := feedback.OpenReadOnly(path)
	if err != nil {
		t.Fatalf("read-only beside a serving store: %v", err)
	}
	if sum, err := reader.Summarize(time.Time{}); err != nil || sum.Votes != 1 {
		t.Fatalf("read-only summary: %+v, %v; want the 1 vote", sum, err)
	}
	if reader.HashUser("u") != serving.HashUser("u") {
		t.Error("the reader hashes users with another salt")
	}
	if err := reader.Record(feedback.Entry{Kind: feedback.Up}); err == nil {
		t.Error("a read-only store recorded a vote")
	}
	replica, err := feedback.Open(path) // a second replica on this machine
	if err != nil {
		t.Fatalf("a second store on the same file: %v", err)
	}
	var wg sync.WaitGroup
	for _, s := range []*feedback.Store{serving, replica} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if err := s.Record(feedback.Entry{Kind: feedback.Up, Passages: []string{"p2"}}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	for range 10 {
		if _, err := reader.Summarize(time.Time{}); err != nil {
			t.Errorf("reading while two stores write: %v", err)
		}
	}
	wg.Wait()
	if sum, err := reader.Summarize(time.Time{}); err != nil || sum.Votes != 41 {
		t.Errorf("after both wrote: %+v, %v; want 41 votes", sum, err)
	}
}

// TestBusy: a file another process keeps locked (as serve did before it
// stopped holding the file) gives an error naming that, not a hang.
func TestBusy(t *testing.T) {
	path := filled(t, 1)
	holder, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	_, err = feedback.OpenReadOnly(path)
	if !errors.Is(err, feedback.ErrBusy) || !strings.Contains(err.Error(), "fuser "+path) {
		t.Errorf("OpenReadOnly of a locked file: %v, want ErrBusy naming the way to find the holder", err)
	}
}

func TestOpenReadOnlyRefuses(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other.db")
	db, err := bolt.Open(other, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	for name, path := range map[string]string{"missing": filepath.Join(dir, "none.db"), "not feedback": other} {
		if _, err := feedback.OpenReadOnly(path); err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: %v, want an error naming %s", name, err, path)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); err == nil {
		t.Error("OpenReadOnly made a file")
	}
}

// TestRemovedWhileServing: a file removed under a serving store is made
// anew by the next vote, and users hash as before.
func TestRemovedWhileServing(t *testing.T) {
	path := filled(t, 3)
	s, err := feedback.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	h := s.HashUser("u")
	os.Remove(path)
	if sum, err := s.Summarize(time.Time{}); err != nil || sum.Votes != 0 {
		t.Errorf("summary of a removed file: %+v, %v; want none", sum, err)
	}
	if err := s.Record(feedback.Entry{Kind: feedback.Up, Passages: []string{"p"}}); err != nil {
		t.Fatal(err)
	}
	r, err := feedback.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	if sum, _ := r.Summarize(time.Time{}); sum == nil || sum.Votes != 1 || r.HashUser("u") != h {
		t.Errorf("after the next vote: %+v; the salt kept: %v", sum, r.HashUser("u") == h)
	}
}
