package bot

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// seenIDs remembers interaction ids for as long as their signatures are
// good for, at most max of them (the oldest forgotten first), so that the
// interactions endpoint refuses a replay. With a folder, it also writes
// each id there, one file per half window, and reads them back when it
// starts: a replay sent just after a restart is refused too. Replicas may
// share the folder: each appends whole lines, and reads what all wrote.
type seenIDs struct {
	mu    sync.Mutex
	max   int
	ttl   time.Duration
	at    map[string]time.Time
	order []string

	dir     string // "" keeps the ids in memory only
	log     *slog.Logger
	written map[int64]int // lines this process wrote, by file
	failed  bool          // a write failed: said once
}

// Limits of the files of seen ids.
const (
	maxSeenLine  = 64 // an id (a snowflake, at most 20 digits) and a time
	seenFileExt  = ".ids"
	seenFileDesc = "the interaction ids seen"
)

// newSeenIDs returns an empty memory of ids, or with dir, one holding the
// ids written there within ttl of now.
func newSeenIDs(max int, ttl time.Duration, dir string, now time.Time, log *slog.Logger) *seenIDs {
	s := &seenIDs{max: max, ttl: ttl, at: map[string]time.Time{}, dir: dir, log: log, written: map[int64]int{}}
	if dir == "" {
		return s
	}
	if err := s.load(now); err != nil {
		log.Warn("cannot read "+seenFileDesc+"; a replay sent before this start may be taken", "dir", dir, "err", err)
	}
	return s
}

// slot is the file a time's ids go in: half a window wide, so the files
// of the last window are at most three.
func (s *seenIDs) slot(t time.Time) int64 {
	return t.Unix() / int64(max(s.ttl/2, time.Second)/time.Second)
}

func (s *seenIDs) path(slot int64) string {
	return filepath.Join(s.dir, strconv.FormatInt(slot, 10)+seenFileExt)
}

// load reads the files of the last window, oldest first, each up to the
// size max ids take, and removes older ones.
func (s *seenIDs) load(now time.Time) error {
	entries, err := os.ReadDir(s.dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	cur := s.slot(now)
	var errs []error
	for _, slot := range s.slots(entries) {
		switch {
		case slot < cur-2:
			os.Remove(s.path(slot))
		case slot <= cur:
			errs = append(errs, s.loadFile(s.path(slot), now))
		}
	}
	// Oldest first, as they were seen, so that the bound forgets the
	// oldest.
	sort.SliceStable(s.order, func(i, j int) bool { return s.at[s.order[i]].Before(s.at[s.order[j]]) })
	return errors.Join(errs...)
}

// slots are the files of ids among a folder's entries, oldest first.
func (s *seenIDs) slots(entries []os.DirEntry) []int64 {
	var out []int64
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), seenFileExt)
		if slot, err := strconv.ParseInt(name, 10, 64); ok && err == nil {
			out = append(out, slot)
		}
	}
	slices.Sort(out)
	return out
}

func (s *seenIDs) loadFile(path string, now time.Time) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(io.LimitReader(f, int64(s.max)*maxSeenLine))
	sc.Buffer(make([]byte, maxSeenLine), maxSeenLine)
	for sc.Scan() {
		id, sec, ok := strings.Cut(sc.Text(), " ")
		n, err := strconv.ParseInt(sec, 10, 64)
		if !ok || err != nil || id == "" {
			continue // a line cut short by a crash
		}
		at := time.Unix(n, 0)
		if now.Sub(at) >= s.ttl || len(s.order) >= s.max {
			continue
		}
		if _, dup := s.at[id]; !dup {
			s.at[id] = at
			s.order = append(s.order, id)
		}
	}
	if err := sc.Err(); err != nil && !errors.Is(err, bufio.ErrTooLong) {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

// add records id at now, reporting false if it was already there.
func (s *seenIDs) add(id string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.order) > 0 && (len(s.order) >= s.max || now.Sub(s.at[s.order[0]]) >= s.ttl) {
		delete(s.at, s.order[0])
		s.order = s.order[1:]
	}
	if _, ok := s.at[id]; ok {
		return false
	}
	s.at[id] = now
	s.order = append(s.order, id)
	if s.dir != "" {
		s.write(id, now)
	}
	return true
}

// write appends id to its file, at most max ids a file from this
// process; a failure is logged once and the id kept in memory.
func (s *seenIDs) write(id string, now time.Time) {
	slot := s.slot(now)
	if s.written[slot] >= s.max || len(id)+21 > maxSeenLine {
		return
	}
	err := func() error {
		if s.written[slot] == 0 {
			// A new file: make the folder, remove the files past the
			// window (whoever wrote them).
			if err := os.MkdirAll(s.dir, 0o755); err != nil {
				return err
			}
			entries, _ := os.ReadDir(s.dir)
			for _, old := range s.slots(entries) {
				if old < slot-2 {
					os.Remove(s.path(old))
				}
			}
			for old := range s.written {
				if old < slot-2 {
					delete(s.written, old)
				}
			}
		}
		f, err := os.OpenFile(s.path(slot), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(f, "%s %d\n", id, now.Unix())
		return errors.Join(err, f.Close())
	}()
	if err != nil {
		if !s.failed {
			s.failed = true
			s.log.Warn("cannot write "+seenFileDesc+"; a replay sent after a restart may be taken", "dir", s.dir, "err", err)
		}
		return
	}
	s.failed = false
	s.written[slot]++
}
