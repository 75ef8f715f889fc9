// Package feedback keeps what members thought of the bot's answers (👍 /
// 👎 votes) and the questions it could not answer well, in an embedded
// database (go.etcd.io/bbolt: pure Go, one file), so that admins learn
// what to add to the corpus or the glossary. It keeps no user id, only a
// salted hash of it, and no question text unless asked to.
package feedback

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Kinds of entry.
const (
	Up   = "up"   // a 👍 vote
	Down = "down" // a 👎 vote
	Weak = "weak" // a question no passage answered well
)

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

// Store is the feedback database.
type Store struct {
	db            *bolt.DB
	salt          []byte
	KeepQuestions bool // QUESTION_LOG=full: keep the text of questions
	// Repaired says what Open did with a damaged database, or is nil.
	Repaired *Repair
}

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
var ErrDamaged = errors.New("the feedback database is damaged")

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
	err = s.db.Update(func(tx *bolt.Tx) error {
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
		s.Close()
		return nil, fmt.Errorf("open feedback database %s: copying what was read of the damaged one: %w", path, err)
	}
	s.Repaired = rep
	return s, nil
}

// open opens the database at path as it is, checked.
func open(path string) (*Store, error) {
	var db *bolt.DB
	err := guard(func() (err error) {
		db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second})
		return err
	})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("open feedback database %s: it is in use by another mandatebot; replicas each need their own FEEDBACK_PATH", path)
	}
	if errors.Is(err, bolt.ErrInvalid) || errors.Is(err, bolt.ErrChecksum) || errors.Is(err, bolt.ErrVersionMismatch) {
		err = fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if err != nil {
		return nil, fmt.Errorf("open feedback database %s: %w", path, err)
	}
	s := &Store{db: db}
	err = guard(func() error { return db.View(checkTx) })
	if err == nil {
		err = guard(func() error { return s.init() })
	}
	if err != nil {
		guard(db.Close)
		return nil, fmt.Errorf("open feedback database %s: %w", path, err)
	}
	return s, nil
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

// init makes the buckets and the salt of a new database.
func (s *Store) init() error {
	return s.db.Update(func(tx *bolt.Tx) error {
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
	})
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

// Close closes the database.
func (s *Store) Close() error { return guard(s.db.Close) }

// HashUser returns the salted hash of a user id kept instead of the id.
func (s *Store) HashUser(id string) string {
	h := sha256.New()
	h.Write(s.salt)
	h.Write([]byte(id))
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// Record stores e; a vote by the same user on the same answer replaces
// their earlier one. The question is dropped unless KeepQuestions.
func (s *Store) Record(e Entry) error {
	if !s.KeepQuestions {
		e.Question = ""
	}
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	v, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return guard(func() error {
		return s.db.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(entriesBucket)
			var key []byte
			if (e.Kind == Up || e.Kind == Down) && e.User != "" && e.Answer != "" {
				key = []byte("vote:" + e.Answer + ":" + e.User)
			} else {
				n, _ := b.NextSequence()
				key = []byte(fmt.Sprintf("%s:%020d", e.Kind, n))
			}
			return b.Put(key, v)
		})
	})
}

// Item is a line of a summary: an answer (its top passage, or its
// question when kept) and how it fared.
type Item struct {
	Question string    `json:"question,omitempty"`
	Passages []string  `json:"passages,omitempty"`
	Up       int       `json:"up"`
	Down     int       `json:"down"`
	Weak     int       `json:"weak"`
	Last     time.Time `json:"last"`
}

// Summary is what admins act on: the answers with the most 👎, and the
// questions that got weak answers.
type Summary struct {
	Since     time.Time `json:"since"`
	Votes     int       `json:"votes"`
	Disliked  []Item    `json:"disliked"`
	WeakItems []Item    `json:"weak"`
}

// Summarize reads the entries since a time.
func (s *Store) Summarize(since time.Time) (*Summary, error) {
	sum := &Summary{Since: since}
	byKey := map[string]*Item{}
	weak := map[string]*Item{}
	err := guard(func() error {
		return s.db.View(func(tx *bolt.Tx) error {
			return tx.Bucket(entriesBucket).ForEach(func(k, v []byte) error {
				var e Entry
				if err := json.Unmarshal(v, &e); err != nil {
					return nil // an entry from a newer version: skip it
				}
				if e.Time.Before(since) {
					return nil
				}
				key := e.Question
				if key == "" && len(e.Passages) > 0 {
					key = e.Passages[0]
				}
				pick := byKey
				if e.Kind == Weak {
					pick = weak
				}
				it := pick[key]
				if it == nil {
					it = &Item{Question: e.Question, Passages: e.Passages}
					pick[key] = it
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
				if e.Time.After(it.Last) {
					it.Last = e.Time
				}
				return nil
			})
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read feedback: %w", err)
	}
	for _, it := range byKey {
		if it.Down > 0 {
			sum.Disliked = append(sum.Disliked, *it)
		}
	}
	for _, it := range weak {
		sum.WeakItems = append(sum.WeakItems, *it)
	}
	sort.SliceStable(sum.Disliked, func(i, j int) bool {
		if sum.Disliked[i].Down != sum.Disliked[j].Down {
			return sum.Disliked[i].Down > sum.Disliked[j].Down
		}
		return sum.Disliked[i].Last.After(sum.Disliked[j].Last)
	})
	sort.SliceStable(sum.WeakItems, func(i, j int) bool {
		if sum.WeakItems[i].Weak != sum.WeakItems[j].Weak {
			return sum.WeakItems[i].Weak > sum.WeakItems[j].Weak
		}
		return sum.WeakItems[i].Last.After(sum.WeakItems[j].Last)
	})
	return sum, nil
}

// ErrNoStore is returned where feedback is asked for but not kept.
var ErrNoStore = errors.New("feedback is not kept by this deployment")
