// Package feedback keeps what members thought of the bot's answers (👍 /
// 👎 votes) and the questions it could not answer well, in an embedded
// database (go.etcd.io/bbolt: pure Go, one file), so that admins learn
// what to add to the corpus or the glossary. It keeps no user id, only a
// salted hash of it, and no question text unless asked to.
package feedback

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
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
}

var (
	entriesBucket = []byte("entries")
	metaBucket    = []byte("meta")
	saltKey       = []byte("salt")
)

// Open opens (creating if needed) the database at path.
func Open(path string) (*Store, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("open feedback database %s: it is in use by another mandatebot; replicas each need their own FEEDBACK_PATH", path)
	}
	if err != nil {
		return nil, fmt.Errorf("open feedback database %s: %w", path, err)
	}
	s := &Store{db: db}
	err = db.Update(func(tx *bolt.Tx) error {
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
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open feedback database %s: %w", path, err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

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
	err := s.db.View(func(tx *bolt.Tx) error {
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
