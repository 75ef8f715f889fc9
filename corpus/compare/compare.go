// Package compare aligns two resolutions paragraph by paragraph and says
// what the later one changed: which operative and preambular
// (sub-)paragraphs it added, removed, reworded or moved up or down, and
// which it kept word for word.
//
// Paragraphs are paired by what they say, not by their numbers: a task
// inserted as (b) renumbers every task after it, and a renumbered task is
// unchanged. A pair whose order among the others changed (the longest run
// that kept its order stays put) is moved.
package compare

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"

	"mandatebot/corpus"
)

// Change is what happened to one paragraph between the two resolutions.
type Change string

// The changes, as --json writes them.
const (
	Added     Change = "added"
	Removed   Change = "removed"
	Reworded  Change = "reworded"
	Moved     Change = "moved"
	Unchanged Change = "unchanged"
)

// Changes lists the changes in the order summaries count them.
var Changes = []Change{Added, Removed, Reworded, Moved, Unchanged}

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

// Entry is one aligned paragraph: both sides for a paragraph in both
// resolutions, one for an added or removed one.
type Entry struct {
	Change  Change `json:"change"`
	Part    Part   `json:"part"`
	Section string `json:"section"`
	Old     *Side  `json:"old"`
	New     *Side  `json:"new"`
	// Diff marks the changed words of a reworded (or moved and reworded)
	// paragraph; empty when the words are the same.
	Diff []Span `json:"diff,omitempty"`
}

// Comparison is the result of comparing two resolutions.
type Comparison struct {
	Old     string  `json:"old"` // symbols
	New     string  `json:"new"`
	Changes []Entry `json:"changes"`
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

// Count returns how many entries of part had change c.
func (c *Comparison) Count(part Part, ch Change) int {
	n := 0
	for _, e := range c.Changes {
		if e.Part == part && e.Change == ch {
			n++
		}
	}
	return n
}

// Summary says in one line how many paragraphs of part changed how:
// "1 added, 1 removed, 1 reworded, 1 moved, 20 unchanged" (changes with
// no paragraph left out), or "none" when the part is empty.
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

// OnTheme returns the comparison narrowed to the entries whose paragraph
// has theme id (a corpus.Theme's) on either side.
func (c *Comparison) OnTheme(id string) *Comparison {
	out := &Comparison{Old: c.Old, New: c.New, Changes: []Entry{}}
	for _, e := range c.Changes {
		if (e.Old != nil && slices.Contains(e.Old.Themes, id)) || (e.New != nil && slices.Contains(e.New.Themes, id)) {
			out.Changes = append(out.Changes, e)
		}
	}
	return out
}

// Threshold is how similar (Dice coefficient of their sets of words) two
// differently worded paragraphs must be to count as the same paragraph
// reworded rather than one removed and another added.
const Threshold = 0.5

// Resolutions compares resolution old with the later resolution new.
func Resolutions(old, new *corpus.Document) (*Comparison, error) {
	for _, d := range []*corpus.Document{old, new} {
		if d.Kind != corpus.KindResolution {
			return nil, fmt.Errorf("%s is a %s, not a resolution", name(d), d.Kind)
		}
	}
	if old.ID == new.ID {
		return nil, fmt.Errorf("compare: both sides are %s; name two different resolutions", name(old))
	}
	c := &Comparison{Old: name(old), New: name(new), Changes: []Entry{}}
	for _, part := range []struct {
		kind corpus.LabelKind
		part Part
	}{{corpus.Preambular, Preambular}, {corpus.Operative, Operative}} {
		c.Changes = append(c.Changes, align(part.part, units(old, part.kind), units(new, part.kind))...)
	}
	return c, nil
}

func name(d *corpus.Document) string {
	if d.Symbol != "" {
		return d.Symbol
	}
	return d.ID
}

// unit is one paragraph being aligned.
type unit struct {
	side  Side
	sect  string
	body  string          // own text without its sub-paragraph mark, spaces collapsed
	words map[string]bool // lower-cased words of body
	depth int             // 0 for "op. 4", 1 for "op. 4(a)", …
}

var (
	markRE = regexp.MustCompile(`^\([a-z]{1,5}\)\s*`)
	wordRE = regexp.MustCompile(`[\p{L}\p{N}]+`)
)

func units(d *corpus.Document, kind corpus.LabelKind) []unit {
	prefix := string(kind) + ". "
	var us []unit
	for i := range d.Passages {
		p := &d.Passages[i]
		if !strings.HasPrefix(p.Label, prefix) {
			continue
		}
		own := strings.Join(strings.Fields(d.OwnText(p)), " ")
		body := markRE.ReplaceAllString(own, "")
		words := map[string]bool{}
		for _, w := range wordRE.FindAllString(strings.ToLower(body), -1) {
			words[w] = true
		}
		us = append(us, unit{
			side:  Side{Passage: p.ID, Label: p.Label, Text: own, Citation: d.Citation(p), URL: d.Link(), Themes: d.ThemesOf(p)},
			sect:  p.Section,
			body:  body,
			words: words,
			depth: strings.Count(p.Label, "("),
		})
	}
	return us
}

// similarity is the Dice coefficient of a's and b's sets of words, less
// a little for each level of nesting they differ by.
func similarity(a, b unit) float64 {
	if len(a.words)+len(b.words) == 0 {
		return 0
	}
	common := 0
	for w := range a.words {
		if b.words[w] {
			common++
		}
	}
	s := 2 * float64(common) / float64(len(a.words)+len(b.words))
	d := a.depth - b.depth
	if d < 0 {
		d = -d
	}
	return s - 0.1*float64(d)
}

// align pairs old's paragraphs with new's and returns one entry per
// paragraph, in new's order with removed paragraphs after the paragraph
// that preceded them in old.
func align(part Part, old, new []unit) []Entry {
	oldTo := make([]int, len(old)) // index into new, or -1
	newTo := make([]int, len(new))
	for i := range oldTo {
		oldTo[i] = -1
	}
	for j := range newTo {
		newTo[j] = -1
	}
	pair := func(i, j int) { oldTo[i], newTo[j] = j, i }

	// Paragraphs that say the same words pair first, nearest first.
	type cand struct {
		i, j int
		sim  float64
	}
	var exact, similar []cand
	for i := range old {
		for j := range new {
			if old[i].body == new[j].body {
				exact = append(exact, cand{i, j, 1})
			} else if s := similarity(old[i], new[j]); s >= Threshold {
				similar = append(similar, cand{i, j, s})
			}
		}
	}
	byDistance := func(cs []cand) {
		sort.SliceStable(cs, func(a, b int) bool {
			if cs[a].sim != cs[b].sim {
				return cs[a].sim > cs[b].sim
			}
			return abs(cs[a].i-cs[a].j) < abs(cs[b].i-cs[b].j)
		})
	}
	byDistance(exact)
	byDistance(similar)
	for _, cs := range [][]cand{exact, similar} {
		for _, c := range cs {
			if oldTo[c.i] < 0 && newTo[c.j] < 0 {
				pair(c.i, c.j)
			}
		}
	}

	// Of the pairs in old's order, the longest run whose new positions
	// also rise kept its order; the rest moved.
	var seq []int // new indices of paired paragraphs, in old order
	for i := range old {
		if oldTo[i] >= 0 {
			seq = append(seq, oldTo[i])
		}
	}
	kept := map[int]bool{}
	for _, j := range increasing(seq) {
		kept[j] = true
	}

	// Removed paragraphs follow the nearest earlier paragraph of old.
	after := map[int][]int{} // old index (-1: the start) → removed old indices
	for i := range old {
		if oldTo[i] < 0 {
			prev := i - 1
			for prev >= 0 && oldTo[prev] < 0 {
				prev--
			}
			after[prev] = append(after[prev], i)
		}
	}
	var out []Entry
	removed := func(prev int) {
		for _, i := range after[prev] {
			o := old[i].side
			out = append(out, Entry{Change: Removed, Part: part, Section: old[i].sect, Old: &o})
		}
	}
	removed(-1)
	for j := range new {
		n := new[j].side
		i := newTo[j]
		if i < 0 {
			out = append(out, Entry{Change: Added, Part: part, Section: new[j].sect, New: &n})
			continue
		}
		o := old[i].side
		e := Entry{Change: Unchanged, Part: part, Section: new[j].sect, Old: &o, New: &n}
		if old[i].body != new[j].body {
			e.Change = Reworded
			e.Diff = Words(old[i].body, new[j].body)
		}
		if !kept[j] {
			e.Change = Moved
		}
		out = append(out, e)
		removed(i)
	}
	return out
}

// increasing returns a longest strictly increasing subsequence of seq.
func increasing(seq []int) []int {
	if len(seq) == 0 {
		return nil
	}
	tails := []int{}              // tails[k]: index in seq of the last element of the best run of length k+1
	prev := make([]int, len(seq)) // index in seq of the element before seq[i] in its run
	for i, v := range seq {
		k := sort.Search(len(tails), func(k int) bool { return seq[tails[k]] >= v })
		if k > 0 {
			prev[i] = tails[k-1]
		} else {
			prev[i] = -1
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	out := make([]int, len(tails))
	for i, k := tails[len(tails)-1], len(tails)-1; k >= 0; i, k = prev[i], k-1 {
		out[k] = seq[i]
	}
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// tokenRE splits text into words, each with the spaces after it, and
// runs of punctuation, so that a difference is marked word by word.
var tokenRE = regexp.MustCompile(`[\p{L}\p{N}’'-]+\s*|[^\p{L}\p{N}\s]+\s*|\s+`)

// Words returns the word-level difference between a and b, computed by
// diffmatchpatch over words rather than characters (each distinct word
// stands for one rune) and merged into whole-word spans.
func Words(a, b string) []Span {
	index := map[string]rune{}
	var tokens []string
	encode := func(s string) []rune {
		var rs []rune
		for _, t := range tokenRE.FindAllString(s, -1) {
			r, ok := index[t]
			if !ok {
				r = tokenRune(len(tokens))
				index[t] = r
				tokens = append(tokens, t)
			}
			rs = append(rs, r)
		}
		return rs
	}
	ra, rb := encode(a), encode(b)
	dmp := diffmatchpatch.New()
	diffs := dmp.DiffMainRunes(ra, rb, false)
	decode := make(map[rune]string, len(tokens))
	for t, r := range index {
		decode[r] = t
	}
	var spans []Span
	for _, d := range diffs {
		var sb strings.Builder
		for _, r := range d.Text {
			sb.WriteString(decode[r])
		}
		op := "="
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			op = "+"
		case diffmatchpatch.DiffDelete:
			op = "-"
		}
		if n := len(spans); n > 0 && spans[n-1].Op == op {
			spans[n-1].Text += sb.String()
			continue
		}
		spans = append(spans, Span{Op: op, Text: sb.String()})
	}
	return spans
}

// tokenRune is the rune that stands for the n'th distinct token: valid
// Unicode, skipping the surrogates diffmatchpatch would replace.
func tokenRune(n int) rune {
	r := rune(0xE000 + n)
	if r > 0xF8FF {
		r = rune(0xF0000 + n - (0xF8FF - 0xE000 + 1))
	}
	return r
}
