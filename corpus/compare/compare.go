package compare

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"mandatebot/corpus"
	"mandatebot/internal/fault"
)

// Change is what happened to one or more paragraphs between the two
// resolutions.
type Change string

// The changes, as --json writes them.
const (
	Added     Change = "added"     // a paragraph no paragraph of the earlier resolution holds
	Removed   Change = "removed"   // a paragraph no paragraph of the later resolution holds
	Reworded  Change = "reworded"  // one paragraph, its words changed
	Moved     Change = "moved"     // one paragraph, put elsewhere (and perhaps reworded)
	Merged    Change = "merged"    // several paragraphs, now one
	Split     Change = "split"     // one paragraph, now several
	Unchanged Change = "unchanged" // one paragraph, word for word and in its place
)

// Changes lists the changes in the order summaries count them.
var Changes = []Change{Added, Removed, Reworded, Moved, Merged, Split, Unchanged}

// Part is the part of a resolution a paragraph belongs to.
type Part string

// The parts compared.
const (
	Operative  Part = "operative"
	Preambular Part = "preambular"
)

// Side is one resolution's paragraph in an entry.
type Side struct {
	Passage  string   `json:"passage"`  // the passage's id
	Label    string   `json:"label"`    // "op. 4(b)"
	Text     string   `json:"text"`     // the paragraph's own text, without its parent's lead-in
	Citation string   `json:"citation"` // "S/RES/2164 (2014), op. 13(a)(i)"
	URL      string   `json:"url,omitempty"`
	Themes   []string `json:"themes,omitempty"` // ids of its mandate themes (corpus.ThemesOf)
}

// Span is a run of words of a word-level difference: kept ("="), only in
// the old paragraph ("-") or only in the new one ("+").
type Span struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// Entry is one change: the paragraphs of the earlier resolution (Old)
// and of the later (New) it concerns, in reading order. An added
// paragraph has no Old, a removed one no New; a merge has several Old,
// a split several New.
type Entry struct {
	Change  Change `json:"change"`
	Part    Part   `json:"part"`    // the part of its first new paragraph, else of its old one
	Section string `json:"section"` // the heading it stands under, the same way
	Old     []Side `json:"old"`
	New     []Side `json:"new"`
	// Diff marks the words taken out and put in, the old paragraphs'
	// text against the new ones'; empty when the words are the same, for
	// an added or removed paragraph, and for texts too long to mark.
	Diff []Span `json:"diff,omitempty"`
}

// Comparison is the result of comparing two resolutions: the facts of
// the mandate side by side, the tasks added and dropped by theme, and
// every paragraph's change.
type Comparison struct {
	Old     string      `json:"old"` // symbols
	New     string      `json:"new"`
	Facts   []Fact      `json:"facts"`
	Tasks   []ThemeTask `json:"tasks"`
	Changes []Entry     `json:"changes"`
}

// Changed counts the entries that are not unchanged, both parts.
func (c *Comparison) Changed() int {
	n := 0
	for _, e := range c.Changes {
		if e.Change != Unchanged {
			n++
		}
	}
	return n
}

// Count returns how many entries of part had change ch.
func (c *Comparison) Count(part Part, ch Change) int {
	n := 0
	for _, e := range c.Changes {
		if e.Part == part && e.Change == ch {
			n++
		}
	}
	return n
}

// Summary says in one line how many entries of part changed how:
// "1 added, 1 removed, 1 reworded, 1 moved, 20 unchanged" (changes with
// no entry left out), or "none" when the part is empty. A merge or a
// split counts once, however many paragraphs it joins.
func (c *Comparison) Summary(part Part) string {
	var parts []string
	for _, ch := range Changes {
		if n := c.Count(part, ch); n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, ch))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// OnTheme returns the comparison narrowed to the entries with a paragraph
// on theme id (a corpus.Theme's); see Narrow.
func (c *Comparison) OnTheme(id string) *Comparison {
	return c.Narrow(func(e Entry) bool { return e.hasTheme(id) })
}

// Narrow returns the comparison narrowed to the entries keep keeps, the
// facts that cite their paragraphs and the tasks among them. c is left as
// it is: comparisons are shared.
func (c *Comparison) Narrow(keep func(Entry) bool) *Comparison {
	out := &Comparison{Old: c.Old, New: c.New, Facts: []Fact{}, Tasks: []ThemeTask{}, Changes: []Entry{}}
	kept := map[string]bool{}
	for _, e := range c.Changes {
		if keep(e) {
			out.Changes = append(out.Changes, e)
			for _, s := range append(slices.Clone(e.Old), e.New...) {
				kept[s.Passage] = true
			}
		}
	}
	for _, f := range c.Facts {
		if f.cites(kept) {
			out.Facts = append(out.Facts, f)
		}
	}
	in := func(ss []Side) []Side {
		out := []Side{}
		for _, s := range ss {
			if kept[s.Passage] {
				out = append(out, s)
			}
		}
		return out
	}
	for _, t := range c.Tasks {
		t.Added, t.Dropped = in(t.Added), in(t.Dropped)
		if len(t.Added)+len(t.Dropped) > 0 {
			out.Tasks = append(out.Tasks, t)
		}
	}
	return out
}

func (e Entry) hasTheme(id string) bool {
	for _, s := range append(slices.Clone(e.Old), e.New...) {
		if slices.Contains(s.Themes, id) {
			return true
		}
	}
	return false
}

// Limits bound what one comparison may cost. A pair beyond them is
// refused with ErrTooLarge rather than compared slowly: the alignment is
// near-linear, but a front end must answer in seconds whatever the
// corpus holds.
type Limits struct {
	Paragraphs int           // per resolution
	Bytes      int           // of paragraph text, per resolution
	Time       time.Duration // for the whole comparison
}

// DefaultLimits are far above any real resolution (the longest hold a
// few hundred paragraphs and under 100 KB of text) and well within what
// a comparison may take: two resolutions of 10,000 paragraphs, each
// reworded, compare in about a second and under 200 MB.
var DefaultLimits = Limits{Paragraphs: 10_000, Bytes: 1 << 20, Time: 10 * time.Second}

// Errors a comparison returns, for callers to word.
var (
	// ErrNotComparable: a side is not a resolution, or both are one.
	ErrNotComparable = fault.New(fault.Invalid, "not two resolutions")
	// ErrTooLarge: a side is beyond the Limits, or the comparison took
	// longer than they allow.
	ErrTooLarge = fault.New(fault.Invalid, "too large to compare")
)

// Resolutions compares resolution old with the later resolution new,
// within DefaultLimits. A comparison of two stored documents (with a
// Hash) is kept in a small cache, so asking again, from any front end,
// costs nothing; the Comparison returned is shared and must not be
// modified.
func Resolutions(ctx context.Context, old, new *corpus.Document) (*Comparison, error) {
	return defaultCache.compare(ctx, old, new, DefaultLimits)
}

// Compare is Resolutions with other limits, and no cache.
func Compare(ctx context.Context, old, new *corpus.Document, lim Limits) (*Comparison, error) {
	for _, d := range []*corpus.Document{old, new} {
		if d.Kind != corpus.KindResolution {
			return nil, fmt.Errorf("%w: %s is a %s, not a resolution", ErrNotComparable, name(d), d.Kind)
		}
	}
	if old.ID == new.ID {
		return nil, fmt.Errorf("%w: both sides are %s; name two different resolutions", ErrNotComparable, name(old))
	}
	parent := ctx
	if lim.Time > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, lim.Time)
		defer cancel()
	}
	a, err := newAligner(ctx, old, new, lim)
	var c *Comparison
	if err == nil {
		c, err = a.compare()
	}
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) && parent.Err() == nil {
			return nil, fmt.Errorf("%w: comparing %s with %s took longer than %s", ErrTooLarge, name(old), name(new), lim.Time)
		}
		return nil, err
	}
	return c, nil
}

func name(d *corpus.Document) string {
	if d.Symbol != "" {
		return d.Symbol
	}
	return d.ID
}
