// Package feedback keeps what members thought of the bot's answers (👍 /
// 👎 votes) and the questions it could not answer well, in an embedded
// database (go.etcd.io/bbolt: pure Go, one file), so that admins learn
// what to add to the corpus or the glossary. It keeps no user id, only a
// salted hash of it; the text of a question only where the store's
// Questions policy says so (by default, those admins act on: answered
// weakly or voted down); and nothing longer than its Retention.
package feedback

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"mandatebot/internal/fault"
)

// Kinds of entry.
const (
	Up   = "up"   // a 👍 vote
	Down = "down" // a 👎 vote
	Weak = "weak" // a question no passage answered well
)

// Questions says which entries keep the text of their question
// (QUESTION_LOG).
type Questions string

// Policies for question texts.
const (
	NoQuestions   Questions = "off"  // none: votes and passage ids only
	WeakQuestions Questions = "weak" // those admins act on: answered weakly or voted down
	AllQuestions  Questions = "full" // every one, 👍 votes' included
)

// ParseQuestions reads a policy: off, weak or full.
func ParseQuestions(s string) (Questions, error) {
	switch q := Questions(strings.ToLower(strings.TrimSpace(s))); q {
	case NoQuestions, WeakQuestions, AllQuestions:
		return q, nil
	}
	return "", fmt.Errorf("not a policy for question texts: %q (off, weak or full)", s)
}

// Keeps reports whether an entry of kind keeps its question's text; the
// zero policy keeps none.
func (q Questions) Keeps(kind string) bool {
	switch q {
	case AllQuestions:
		return true
	case WeakQuestions:
		return kind == Weak || kind == Down
	}
	return false
}

// DefaultRetention is how long entries are kept by default: a season of
// questions to act on, not a record of who asked what.
const DefaultRetention = 90 * 24 * time.Hour

// Entry is one vote or one weak answer.
type Entry struct {
	Time     time.Time `json:"time"`
	Kind     string    `json:"kind"`
	Question string    `json:"question,omitempty"` // only when the store keeps questions
	Passages []string  `json:"passages,omitempty"` // the answer's top passage ids
	Corpus   string    `json:"corpus"`             // corpus version the answer came from
	User     string    `json:"user,omitempty"`     // salted hash of the user id
	Answer   string    `json:"answer,omitempty"`   // the answered message, so a user's second vote replaces the first
}

// Store is the feedback database. It holds no file open between calls:
// each Record or Summarize opens the file, takes its lock (exclusive to
// write, shared to read) and closes it, so that "mandatebot feedback" can
// read while serve runs, and replicas on one machine may share a file.
type Store struct {
	path     string
	salt     []byte
	readOnly bool
	mu       sync.Mutex // one open at a time: a second flock in this process would wait on the first
	purgedAt time.Time  // when Record last purged old entries (under mu)
	// Questions says which entries keep their question's text
	// (QUESTION_LOG); the zero policy keeps none.
	Questions Questions
	// Retention is how long an entry is kept: Record purges older ones
	// (at most once an hour), and Summarize never reads them. 0 keeps
	// every entry.
	Retention time.Duration
	// Repaired says what Open did with a damaged database, or is nil.
	Repaired *Repair
}

// purgeEvery is how often Record looks for entries past the retention.
const purgeEvery = time.Hour

// lockWait is how long a call waits for another process's lock on the
// file; a vote takes a few milliseconds to write.
const lockWait = 2 * time.Second

// ErrBusy is wrapped by errors from a database that stayed locked by
// another process for longer than any write takes.
var ErrBusy = fault.New(fault.Unavailable, "another process kept it locked")

// Repair is what Open did with a damaged database: moved it aside and
// started a new one with the entries that could still be read.
type Repair struct {
	Cause   error  // what was wrong
	MovedTo string // where the damaged file now is
	Kept    int    // entries copied into the new database
	Lost    int    // entries seen that could not be copied
	Partial bool   // reading stopped early: more may be lost than Lost says
}

// ErrDamaged is wrapped by errors from a database whose file is damaged.
var ErrDamaged = fault.New(fault.Internal, "the feedback database is damaged")

// guard runs f, turning a panic or a fault reading the mmapped file (bbolt
// trusts its file: a flipped byte can send it off the end of the mapping)
// into an error wrapping ErrDamaged.
func guard(f func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v", ErrDamaged, p)
		}
	}()
	return f()
}

var (
	entriesBucket = []byte("entries")
	metaBucket    = []byte("meta")
	saltKey       = []byte("salt")
)

// Open opens (creating if needed) the database at path. A damaged file
// (one that does not open, or fails checkTx) is never
// fatal: it is moved aside, a new database is made with what could be
// read of it, and Repaired says so for the caller to log.
func Open(path string) (*Store, error) {
	s, err := open(path)
	if err == nil || !errors.Is(err, ErrDamaged) {
		return s, err
	}
	rep := &Repair{Cause: err, MovedTo: fmt.Sprintf("%s.damaged-%s", path, time.Now().UTC().Format("20060102T150405Z"))}
	var entries [][2][]byte
	var salt []byte
	entries, salt, rep.Lost, rep.Partial = salvage(path)
	if err := os.Rename(path, rep.MovedTo); err != nil {
		return nil, fmt.Errorf("open feedback database %s: %v; moving it aside failed: %w", path, rep.Cause, err)
	}
	s, err = open(path)
	if err != nil {
		return nil, err
	}
	err = s.update(func(tx *bolt.Tx) error {
		if salt != nil { // so that a user's later vote still replaces the earlier one
			s.salt = salt
			if err := tx.Bucket(metaBucket).Put(saltKey, salt); err != nil {
				return err
			}
		}
		b := tx.Bucket(entriesBucket)
		for _, kv := range entries {
			if err := b.Put(kv[0], kv[1]); err != nil {
				return err
			}
			rep.Kept++
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("open feedback database %s: copying what was read of the damaged one: %w", path, err)
	}
	s.Repaired = rep
	return s, nil
}

// open opens the database at path as it is, checked, and reads its salt.
func open(path string) (*Store, error) {
	s := &Store{path: path}
	err := s.use(true, func(db *bolt.DB) error {
		if err := db.View(checkTx); err != nil {
			return err
		}
		return db.Update(s.init)
	})
	if err != nil {
		return nil, fmt.Errorf("open feedback database %s: %w", path, err)
	}
	return s, nil
}

// OpenReadOnly opens the database at path for Summarize only: it never
// creates, changes or repairs the file, and reads under a shared lock,
// so it can run beside a serving bot. Record fails on it.
func OpenReadOnly(path string) (*Store, error) {
	s := &Store{path: path, readOnly: true}
	err := s.view(func(tx *bolt.Tx) error {
		if tx.Bucket(entriesBucket) == nil {
			return fmt.Errorf("it holds no feedback (no %q bucket): is it a mandatebot feedback database?", entriesBucket)
		}
		if m := tx.Bucket(metaBucket); m != nil {
			s.salt = append([]byte(nil), m.Get(saltKey)...)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read feedback database %s: %w", path, err)
	}
	return s, nil
}

// use opens the file, runs f on it and closes it, turning a lock held
// too long into ErrBusy and a damaged file into ErrDamaged.
func (s *Store) use(write bool, f func(*bolt.DB) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var db *bolt.DB
	err := guard(func() (err error) {
		db, err = bolt.Open(s.path, 0o600, &bolt.Options{Timeout: lockWait, ReadOnly: !write})
		return err
	})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("%w for over %v (a mandatebot serve from before December 2026 holds it while it runs; or a process is stuck: find it with fuser %s)", ErrBusy, lockWait, s.path)
	case errors.Is(err, berrors.ErrInvalid) || errors.Is(err, berrors.ErrChecksum) || errors.Is(err, berrors.ErrVersionMismatch):
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	case err != nil:
		return err
	}
	err = guard(func() error { return f(db) })
	if cerr := guard(db.Close); err == nil {
		err = cerr
	}
	return err
}

func (s *Store) update(f func(*bolt.Tx) error) error {
	return s.use(true, func(db *bolt.DB) error { return db.Update(f) })
}

func (s *Store) view(f func(*bolt.Tx) error) error {
	return s.use(false, func(db *bolt.DB) error { return db.View(f) })
}

// checkTx reads every key and value the database holds, in this goroutine
// (bbolt's own Tx.Check runs in one of its own, where a fault on a
// damaged page cannot be caught), and checks that each bucket's keys come
// in order, as every lookup and insert assumes.
func checkTx(tx *bolt.Tx) error {
	return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
		var prev []byte
		c := b.Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if prev != nil && bytes.Compare(prev, k) >= 0 {
				return fmt.Errorf("%w: bucket %q: keys out of order", ErrDamaged, name)
			}
			prev = append(prev[:0], k...)
		}
		return nil
	})
}

// init makes the buckets and the salt of a new database, or reads the
// salt of one made before.
func (s *Store) init(tx *bolt.Tx) error {
	if _, err := tx.CreateBucketIfNotExists(entriesBucket); err != nil {
		return err
	}
	meta, err := tx.CreateBucketIfNotExists(metaBucket)
	if err != nil {
		return err
	}
	if salt := meta.Get(saltKey); salt != nil {
		s.salt = append([]byte(nil), salt...)
		return nil
	}
	s.salt = make([]byte, 16)
	if _, err := rand.Read(s.salt); err != nil {
		return err
	}
	return meta.Put(saltKey, s.salt)
}

// ensure makes the buckets again, with the salt Open read, should the
// file have been removed since.
func (s *Store) ensure(tx *bolt.Tx) (*bolt.Bucket, error) {
	meta, err := tx.CreateBucketIfNotExists(metaBucket)
	if err != nil {
		return nil, err
	}
	if meta.Get(saltKey) == nil {
		if err := meta.Put(saltKey, s.salt); err != nil {
			return nil, err
		}
	}
	return tx.CreateBucketIfNotExists(entriesBucket)
}

// salvage reads what it can of a damaged database: its entries that
// still decode, and its salt. lost counts entries seen but unreadable;
// partial is set when reading stopped before the end.
func salvage(path string) (entries [][2][]byte, salt []byte, lost int, partial bool) {
	var db *bolt.DB
	if guard(func() (err error) {
		db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
		return err
	}) != nil {
		return nil, nil, 0, true
	}
	defer guard(db.Close)
	err := guard(func() error {
		return db.View(func(tx *bolt.Tx) error {
			if m := tx.Bucket(metaBucket); m != nil {
				if v := m.Get(saltKey); len(v) == 16 {
					salt = append([]byte(nil), v...)
				}
			}
			b := tx.Bucket(entriesBucket)
			if b == nil {
				return nil
			}
			keys := map[string]bool{}
			return b.ForEach(func(k, v []byte) error {
				var e Entry
				if json.Unmarshal(v, &e) != nil || (e.Kind != Up && e.Kind != Down && e.Kind != Weak) || keys[string(k)] {
					lost++
					return nil
				}
				keys[string(k)] = true
				entries = append(entries, [2][]byte{append([]byte(nil), k...), append([]byte(nil), v...)})
				return nil
			})
		})
	})
	return entries, salt, lost, err != nil
}

// Close releases the store. Nothing is held open between calls, so it
// has nothing to do; it is kept so callers need not know that.
func (s *Store) Close() error { return nil }

// HashUser returns the salted hash of a user id kept instead of the id.
func (s *Store) HashUser(id string) string {
	h := sha256.New()
	h.Write(s.salt)
	h.Write([]byte(id))
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// Record stores e; a vote by the same user on the same answer replaces
// their earlier one. The question is dropped unless the store's Questions
// policy keeps it for e's kind. Entries older than the Retention are
// purged as it goes.
func (s *Store) Record(e Entry) error {
	if !s.Questions.Keeps(e.Kind) {
		e.Question = ""
	}
	now := time.Now()
	if e.Time.IsZero() {
		e.Time = now
	}
	v, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if s.readOnly {
		return fmt.Errorf("record feedback: %s was opened read-only", s.path)
	}
	err = s.update(func(tx *bolt.Tx) error {
		b, err := s.ensure(tx)
		if err != nil {
			return err
		}
		var key []byte
		if (e.Kind == Up || e.Kind == Down) && e.User != "" && e.Answer != "" {
			key = []byte("vote:" + e.Answer + ":" + e.User)
		} else {
			n, _ := b.NextSequence()
			key = []byte(fmt.Sprintf("%s:%020d", e.Kind, n))
		}
		if err := b.Put(key, v); err != nil {
			return err
		}
		if s.Retention > 0 && now.Sub(s.purgedAt) >= purgeEvery {
			s.purgedAt = now
			return purge(b, now.Add(-s.Retention))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record feedback in %s: %w", s.path, err)
	}
	return nil
}

// purge deletes the entries of b recorded before a time.
func purge(b *bolt.Bucket, before time.Time) error {
	var old [][]byte
	err := b.ForEach(func(k, v []byte) error {
		var e Entry
		if json.Unmarshal(v, &e) == nil && e.Time.Before(before) {
			old = append(old, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range old {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// Item is a line of a summary: a question (as last asked, when its text
// is kept; else the answer's top passage) with what was shown for it
// and how it fared.
type Item struct {
	Question string `json:"question,omitempty"`
	// Passages are what was shown the last time: the answer's first
	// passages, best first (none when nothing was found).
	Passages []string  `json:"passages,omitempty"`
	Up       int       `json:"up"`
	Down     int       `json:"down"`
	Weak     int       `json:"weak"`
	Users    int       `json:"users"` // how many members (by their salted hash)
	Last     time.Time `json:"last"`
}

// Summary is what admins act on: the answers with the most 👎, and the
// questions that got weak answers, each grouped by question (the same
// words, whatever their case, spacing or final punctuation).
type Summary struct {
	Since     time.Time `json:"since"`
	Votes     int       `json:"votes"`
	Disliked  []Item    `json:"disliked"`
	WeakItems []Item    `json:"weak"`
	// Questions is the policy of the store read: which questions' text
	// could be kept.
	Questions Questions `json:"questions,omitempty"`
	// KeptDays is how many days entries are kept (the Retention); 0:
	// for good.
	KeptDays int `json:"kept_days,omitempty"`
}

// NewSummary is a summary of no entry since a time, of a store keeping
// questions as qs for retention: its lists empty, not null, in JSON.
func NewSummary(since time.Time, qs Questions, retention time.Duration) *Summary {
	return &Summary{Since: since, Disliked: []Item{}, WeakItems: []Item{}, Questions: cmp.Or(qs, NoQuestions), KeptDays: int(retention / (24 * time.Hour))}
}

// Summarize reads the entries since a time (within the Retention).
func (s *Store) Summarize(since time.Time) (*Summary, error) {
	if s.Retention > 0 {
		if oldest := time.Now().Add(-s.Retention); since.Before(oldest) {
			since = oldest
		}
	}
	sum := NewSummary(since, s.Questions, s.Retention)
	var entries []Entry
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(entriesBucket).ForEach(func(k, v []byte) error {
			var e Entry
			if err := json.Unmarshal(v, &e); err != nil {
				return nil // an entry from a newer version: skip it
			}
			if !e.Time.Before(since) {
				entries = append(entries, e)
			}
			return nil
		})
	})
	if errors.Is(err, fs.ErrNotExist) && !s.readOnly {
		return sum, nil // removed since Open: the next vote makes it anew
	}
	if err != nil {
		return nil, fmt.Errorf("read feedback: %w", err)
	}
	// A vote whose question was not kept (a 👍) joins the question of
	// another vote on the same answer.
	asked := map[string]string{}
	for _, e := range entries {
		if e.Answer != "" && e.Question != "" {
			asked[e.Answer] = e.Question
		}
	}
	byKey := map[string]*Item{}
	weak := map[string]*Item{}
	users := map[*Item]map[string]bool{}
	for _, e := range entries {
		q := e.Question
		if q == "" && e.Kind != Weak {
			q = asked[e.Answer]
		}
		key := "q:" + questionKey(q)
		if q == "" && len(e.Passages) > 0 {
			key = "p:" + e.Passages[0]
		}
		pick := byKey
		if e.Kind == Weak {
			pick = weak
		}
		it := pick[key]
		if it == nil {
			it = &Item{}
			pick[key] = it
			users[it] = map[string]bool{}
		}
		switch e.Kind {
		case Up:
			it.Up++
			sum.Votes++
		case Down:
			it.Down++
			sum.Votes++
		case Weak:
			it.Weak++
		}
		if e.User != "" && !users[it][e.User] {
			users[it][e.User] = true
			it.Users++
		}
		if !e.Time.Before(it.Last) {
			it.Last = e.Time
			it.Passages = e.Passages
			if q != "" {
				it.Question = q
			}
		}
		if it.Question == "" {
			it.Question = q
		}
	}
	for _, it := range byKey {
		if it.Down > 0 {
			sum.Disliked = append(sum.Disliked, *it)
		}
	}
	for _, it := range weak {
		sum.WeakItems = append(sum.WeakItems, *it)
	}
	// Most disliked (most often weak) first, then the latest; ties by
	// question, so that a summary reads the same every time.
	order := func(items []Item, count func(Item) int) {
		sort.Slice(items, func(i, j int) bool {
			a, b := items[i], items[j]
			switch {
			case count(a) != count(b):
				return count(a) > count(b)
			case !a.Last.Equal(b.Last):
				return a.Last.After(b.Last)
			}
			return a.Question+strings.Join(a.Passages, " ") < b.Question+strings.Join(b.Passages, " ")
		})
	}
	order(sum.Disliked, func(it Item) int { return it.Down })
	order(sum.WeakItems, func(it Item) int { return it.Weak })
	return sum, nil
}

// ErrNoStore is returned where feedback is asked for but not kept.
var ErrNoStore = fault.New(fault.Unavailable, "feedback is not kept by this deployment")

// questionKey is what questions asked in the same words share: lower
// case, single spaces, no punctuation at either end.
func questionKey(q string) string {
	q = strings.Join(strings.Fields(strings.ToLower(q)), " ")
	return strings.TrimFunc(q, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
}
