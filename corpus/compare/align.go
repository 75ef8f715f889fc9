package compare

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"mandatebot/corpus"
)

// The alignment's thresholds. Two paragraphs are one paragraph reworded
// when the Dice coefficient of their content words (lower case, each
// counted as often as it stands, function words left out: see
// functionWords) is at least Threshold. A paragraph not paired so is
// part of another (merged into it, or split from it) when at least
// Contained of its words stand in that other paragraph. A paragraph is
// called added or removed only when neither holds for any paragraph of
// the other resolution (among the candidates below) and it shares none
// of the mandate's facts with one.
const (
	Threshold = 0.5
	Contained = 0.6
)

// Candidates: each paragraph not matched word for word is weighed against
// the paragraphs of the other resolution that share its rarest words
// (sigWords of them, each looked up in at most postingCap paragraphs, the
// nearest in the text when more hold it), at most maxCandidates of them.
// This keeps the alignment near-linear in the number of paragraphs.
const (
	sigWords      = 16
	postingCap    = 48
	maxCandidates = 24
	// maxDiff is the longest text (in bytes, both sides) whose words are
	// marked.
	maxDiff = 20_000
)

// unit is one paragraph being aligned.
type unit struct {
	side  int // 0 old, 1 new
	i     int // its place among its side's paragraphs
	s     Side
	part  Part
	sect  string
	body  string // own text without its sub-paragraph mark, spaces collapsed
	bag   []wc   // its words, by id
	n     int    // how many words
	nc    int    // how many of them are content words (not function words)
	depth int    // 0 for "op. 4", 1 for "op. 4(a)", …
	g     *group
}

// wc is a word (by id) and how often a paragraph says it.
type wc struct{ w, c int32 }

// group is a change: the paragraphs of each side it joins.
type group struct {
	m [2][]*unit
}

// functionWords are the words a paragraph's likeness to another is not
// measured by: articles, pronouns, prepositions, conjunctions and
// auxiliaries, which any two paragraphs share ("Support for cultural
// preservation, including the protection of the sites" and "Support for
// the restoration of State authority, including the rebuilding of the
// security sector" share most of their words, and nothing they say).
var functionWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the and or nor but of to in on at by for with from into upon as
		it its their them they he his she her this that these those which who whom whose
		be is are was were been being has have had shall will would should may might can could
		not all any such also`) {
		functionWords[w] = true
	}
}

// ContentWords returns a paragraph's content words, lower case: its words
// but the function words, which rewordings are measured by.
func ContentWords(text string) []string {
	var out []string
	for _, w := range wordRE.FindAllString(strings.ToLower(markRE.ReplaceAllString(text, "")), -1) {
		if !functionWords[w] {
			out = append(out, w)
		}
	}
	return out
}

var (
	markRE = regexp.MustCompile(`^\([a-z]{1,5}\)\s*`)
	wordRE = regexp.MustCompile(`[\p{L}\p{N}]+`)
)

// aligner aligns the paragraphs of two resolutions.
type aligner struct {
	ctx   context.Context
	docs  [2]*corpus.Document
	units [2][]*unit
	ids   map[string]int32
	df    []int32      // by word: how many paragraphs of both sides say it
	fn    []bool       // by word: a function word
	post  [2][][]int32 // by side and word: the paragraphs saying it, in order
}

func newAligner(ctx context.Context, old, new *corpus.Document, lim Limits) (*aligner, error) {
	a := &aligner{ctx: ctx, docs: [2]*corpus.Document{old, new}, ids: map[string]int32{}}
	for side, d := range a.docs {
		size := 0
		link := d.Link()
		for i := range d.Passages {
			p := &d.Passages[i]
			var part Part
			switch {
			case strings.HasPrefix(p.Label, string(corpus.Preambular)+". "):
				part = Preambular
			case p.IsOperative():
				part = Operative
			default:
				continue
			}
			own := strings.Join(strings.Fields(d.OwnText(p)), " ")
			size += len(own)
			switch {
			case lim.Paragraphs > 0 && len(a.units[side]) >= lim.Paragraphs:
				return nil, fmt.Errorf("%w: %s has more than %d paragraphs, the most a comparison takes", ErrTooLarge, name(d), lim.Paragraphs)
			case lim.Bytes > 0 && size > lim.Bytes:
				return nil, fmt.Errorf("%w: %s has more than %d KB of text, the most a comparison takes", ErrTooLarge, name(d), lim.Bytes>>10)
			}
			u := &unit{side: side, i: len(a.units[side]), part: part, sect: p.Section,
				s:     Side{Passage: p.ID, Label: p.Label, Text: own, Citation: d.Citation(p), URL: link, Themes: d.ThemesOf(p)},
				body:  markRE.ReplaceAllString(own, ""),
				depth: strings.Count(p.Label, "(")}
			a.units[side] = append(a.units[side], u)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for side := range a.units {
		for _, u := range a.units[side] {
			counts := map[int32]int32{}
			for _, w := range wordRE.FindAllString(strings.ToLower(u.body), -1) {
				id, ok := a.ids[w]
				if !ok {
					id = int32(len(a.ids))
					a.ids[w] = id
					a.df = append(a.df, 0)
					a.fn = append(a.fn, functionWords[w])
				}
				counts[id]++
				u.n++
				if !functionWords[w] {
					u.nc++
				}
			}
			for w, c := range counts {
				u.bag = append(u.bag, wc{w, c})
				a.df[w]++
			}
			slices.SortFunc(u.bag, func(x, y wc) int { return int(x.w - y.w) })
		}
	}
	for side := range a.units {
		a.post[side] = make([][]int32, len(a.ids))
		for _, u := range a.units[side] {
			for _, x := range u.bag {
				a.post[side][x.w] = append(a.post[side][x.w], int32(u.i))
			}
		}
	}
	return a, nil
}

// shared is how many words u and v share, each counted as often as both
// say it: all, and content words.
func (a *aligner) shared(u, v *unit) (n, nc int) {
	for i, j := 0, 0; i < len(u.bag) && j < len(v.bag); {
		switch {
		case u.bag[i].w < v.bag[j].w:
			i++
		case u.bag[i].w > v.bag[j].w:
			j++
		default:
			c := int(min(u.bag[i].c, v.bag[j].c))
			n += c
			if !a.fn[u.bag[i].w] {
				nc += c
			}
			i++
			j++
		}
	}
	return n, nc
}

// join puts u and v in one group; u must be alone.
func join(u, v *unit) {
	if v.g == nil {
		v.g = &group{}
		v.g.m[v.side] = []*unit{v}
	}
	v.g.m[u.side] = append(v.g.m[u.side], u)
	u.g = v.g
}

// canJoin reports whether u, alone, may join v's group: one paragraph
// and its rewording, several merged into one, one split into several,
// or, when a paragraph merged into another also gave words to a third,
// both at once; a group never grows beyond maxGroup paragraphs, so
// that a change stays readable and chains of likeness do not run
// through a whole resolution.
func canJoin(u, v *unit) bool {
	if u.g != nil {
		return false
	}
	if v.g == nil {
		return true
	}
	return len(v.g.m[0])+len(v.g.m[1]) < maxGroup
}

// maxGroup is the most paragraphs, of both sides, one change joins.
const maxGroup = 8

// exact pairs the paragraphs whose own words are the same, in order: the
// first of the old resolution's with the first of the new one's, and so
// on, so that paragraphs repeated word for word pair in place.
func (a *aligner) exact() {
	byBody := map[string][]*unit{}
	for _, u := range a.units[0] {
		byBody[u.body] = append(byBody[u.body], u)
	}
	for _, v := range a.units[1] {
		if us := byBody[v.body]; len(us) > 0 {
			join(us[0], v)
			byBody[v.body] = us[1:]
		}
	}
}

// scored is a candidate pair weighed: old paragraph o, new paragraph n,
// the words they share (all, and content words) and the Dice
// coefficient of their content words.
type scored struct {
	o, n       *unit
	shared, sc int
	dice       float64
}

// contains is how much of one side's paragraph the other holds: the
// share of its words that stand in it.
func (s scored) contains(side int) float64 {
	u := s.o
	if side == 1 {
		u = s.n
	}
	if u.n == 0 {
		return 0
	}
	return float64(s.shared) / float64(u.n)
}

// candidates returns the paragraphs of the other side that share u's
// rarest words, most shared first.
func (a *aligner) candidates(u *unit) []*unit {
	other := 1 - u.side
	them := a.units[other]
	if len(them) == 0 || len(u.bag) == 0 {
		return nil
	}
	// Where u would stand on the other side, in proportion.
	at := u.i * len(them) / max(len(a.units[u.side]), 1)
	// Its rarest words the other side says too.
	sig := make([]wc, 0, len(u.bag))
	for _, x := range u.bag {
		if len(a.post[other][x.w]) > 0 {
			sig = append(sig, x)
		}
	}
	slices.SortFunc(sig, func(x, y wc) int {
		if a.df[x.w] != a.df[y.w] {
			return int(a.df[x.w] - a.df[y.w])
		}
		return int(x.w - y.w)
	})
	sig = sig[:min(len(sig), sigWords)]
	hits := map[int32]int{}
	for _, x := range sig {
		list := a.post[other][x.w]
		if len(list) > postingCap {
			k, _ := slices.BinarySearch(list, int32(at))
			lo := max(0, k-postingCap/2)
			hi := min(len(list), lo+postingCap)
			list = list[max(0, hi-postingCap):hi]
		}
		for _, j := range list {
			hits[j]++
		}
	}
	cs := make([]int32, 0, len(hits))
	for j := range hits {
		cs = append(cs, j)
	}
	slices.SortFunc(cs, func(x, y int32) int {
		if hits[x] != hits[y] {
			return hits[y] - hits[x]
		}
		dx, dy := abs(int(x)-at), abs(int(y)-at)
		if dx != dy {
			return dx - dy
		}
		return int(x - y)
	})
	out := make([]*unit, 0, min(len(cs), maxCandidates))
	for _, j := range cs[:min(len(cs), maxCandidates)] {
		out = append(out, them[j])
	}
	return out
}

// weigh scores the candidates of every paragraph left alone, both ways.
func (a *aligner) weigh() ([]scored, error) {
	seen := map[[2]int]bool{}
	var out []scored
	for side := range a.units {
		for k, u := range a.units[side] {
			if k%256 == 0 {
				if err := a.ctx.Err(); err != nil {
					return nil, err
				}
			}
			if u.g != nil {
				continue
			}
			for _, v := range a.candidates(u) {
				o, n := u, v
				if side == 1 {
					o, n = v, u
				}
				key := [2]int{o.i, n.i}
				if seen[key] {
					continue
				}
				seen[key] = true
				sh, sc := a.shared(o, n)
				if sh == 0 {
					continue
				}
				dice := 0.0
				if o.nc+n.nc > 0 {
					dice = 2 * float64(sc) / float64(o.nc+n.nc)
				}
				out = append(out, scored{o: o, n: n, shared: sh, sc: sc, dice: dice})
			}
		}
	}
	return out, nil
}

// distance is how far apart two paragraphs stand, each at its place in
// proportion to its resolution's length: a tie between equally good
// candidates goes to the nearer.
func (a *aligner) distance(o, n *unit) int {
	no, nn := max(len(a.units[0]), 1), max(len(a.units[1]), 1)
	return abs(o.i*nn - n.i*no)
}

// alike is how alike the pair is for a rewording: the Dice coefficient of
// its words, less a tenth for each level of nesting the two paragraphs
// differ by, so that a group heading ("(a) Stabilization of key
// population centres") is not read as a task under another heading
// ("(iii) To expand its presence beyond the key population centres …").
func (s scored) alike() float64 { return s.dice - 0.1*float64(abs(s.o.depth-s.n.depth)) }

// reword pairs the paragraphs that say nearly the same, most alike first.
func (a *aligner) reword(ss []scored) {
	var pairs []scored
	for _, s := range ss {
		if s.alike() >= Threshold && s.o.g == nil && s.n.g == nil {
			pairs = append(pairs, s)
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool {
		x, y := pairs[i], pairs[j]
		if x.alike() != y.alike() {
			return x.alike() > y.alike()
		}
		return a.distance(x.o, x.n) < a.distance(y.o, y.n)
	})
	for _, s := range pairs {
		if s.o.g == nil && s.n.g == nil {
			join(s.o, s.n)
		}
	}
}

// contain joins each paragraph still alone to a paragraph of the other
// side that holds at least Contained of its words, the most like it of
// those: the paragraph was merged into it, or split from it.
func (a *aligner) contain(ss []scored) {
	type link struct {
		from, to *unit
		dice     float64
	}
	var links []link
	for _, s := range ss {
		if c := s.contains(0); c >= Contained && s.o.g == nil {
			links = append(links, link{s.o, s.n, s.dice})
		}
		if c := s.contains(1); c >= Contained && s.n.g == nil {
			links = append(links, link{s.n, s.o, s.dice})
		}
	}
	// Of the paragraphs that hold most of a paragraph's words, the most
	// like it: a short paragraph's words stand in many long ones.
	sort.SliceStable(links, func(i, j int) bool {
		x, y := links[i], links[j]
		if x.dice != y.dice {
			return x.dice > y.dice
		}
		if dx, dy := abs(x.from.depth-x.to.depth), abs(y.from.depth-y.to.depth); dx != dy {
			return dx < dy
		}
		return a.distance(pair(x.from, x.to)) < a.distance(pair(y.from, y.to))
	})
	for _, l := range links {
		if canJoin(l.from, l.to) {
			join(l.from, l.to)
		}
	}
}

// headings joins each paragraph with sub-paragraphs of its own that is
// still alone — a group heading, "(c) Protection of civilians and United
// Nations personnel", or a lead-in, "Decides that the mandate shall be
// the following:" — to the paragraph whose sub-paragraphs most of its
// own went to (a heading of its own level; the earliest of those that
// got as many): a heading follows its tasks, whatever words it has.
func (a *aligner) headings() {
	for side := range a.units {
		other := 1 - side
		byLabel := map[string]*unit{}
		for _, v := range a.units[other] {
			byLabel[v.s.Label] = v
		}
		for k, h := range a.units[side] {
			if h.g != nil {
				continue
			}
			votes := map[*unit]int{}
			var best *unit
			for _, c := range a.units[side][k+1:] {
				if !strings.HasPrefix(c.s.Label, h.s.Label+"(") {
					break
				}
				if c.depth != h.depth+1 || c.g == nil {
					continue
				}
				for _, v := range c.g.m[other] {
					i := strings.LastIndexByte(v.s.Label, '(')
					if i < 0 {
						continue
					}
					if p := byLabel[v.s.Label[:i]]; p != nil && p.depth == h.depth {
						votes[p]++
						if best == nil || votes[p] > votes[best] || votes[p] == votes[best] && p.i < best.i {
							best = p
						}
					}
				}
			}
			if best != nil && canJoin(h, best) {
				join(h, best)
			}
		}
	}
}

// pair orders two paragraphs of different sides old first.
func pair(u, v *unit) (o, n *unit) {
	if u.side == 0 {
		return u, v
	}
	return v, u
}

// groups returns every change: the groups formed, and each paragraph
// left alone.
func (a *aligner) groups() []*group {
	var out []*group
	seen := map[*group]bool{}
	for side := range a.units {
		for _, u := range a.units[side] {
			if u.g == nil {
				u.g = &group{}
				u.g.m[side] = []*unit{u}
			}
			if !seen[u.g] {
				seen[u.g] = true
				out = append(out, u.g)
			}
		}
	}
	for _, g := range out {
		for side := range g.m {
			slices.SortFunc(g.m[side], func(x, y *unit) int { return x.i - y.i })
		}
	}
	return out
}

// compare aligns the two resolutions and says what changed.
func (a *aligner) compare() (*Comparison, error) {
	a.exact()
	ss, err := a.weigh()
	if err != nil {
		return nil, err
	}
	a.reword(ss)
	a.headings()
	a.contain(ss)
	facts := [2][]fact{extractFacts(a.docs[0]), extractFacts(a.docs[1])}
	pairs := pairFacts(facts, a.byPassage())
	a.linkFacts(pairs)
	if err := a.ctx.Err(); err != nil {
		return nil, err
	}
	c := &Comparison{Old: name(a.docs[0]), New: name(a.docs[1]), Facts: factsOf(pairs, a.docs), Changes: a.entries()}
	c.Tasks = tasksOf(c.Changes)
	return c, a.ctx.Err()
}

// byPassage finds a unit by its passage's label, by side.
func (a *aligner) byPassage() [2]map[string]*unit {
	var m [2]map[string]*unit
	for side := range a.units {
		m[side] = map[string]*unit{}
		for _, u := range a.units[side] {
			m[side][u.s.Label] = u
		}
	}
	return m
}

// linkFacts joins the paragraphs of a pair of facts when one of them is
// still alone: a paragraph that carries the mandate's ceiling or end
// into another is not removed, whatever else its words say.
func (a *aligner) linkFacts(pairs []factPair) {
	at := a.byPassage()
	for _, p := range pairs {
		if p.old == nil || p.new == nil || !p.old.kind.links() {
			continue
		}
		for _, lo := range p.old.labels {
			for _, ln := range p.new.labels {
				o, n := at[0][lo], at[1][ln]
				if o == nil || n == nil || o.g != nil && o.g == n.g {
					continue
				}
				switch {
				case canJoin(o, n):
					join(o, n)
				case canJoin(n, o):
					join(n, o)
				}
			}
		}
	}
}

// entries turns the groups into changes in the new resolution's order,
// each removed paragraph after the change of the paragraph before it in
// the old one.
func (a *aligner) entries() []Entry {
	gs := a.groups()
	kept := a.inOrder(gs)
	counterpart := a.counterparts(gs)
	// after: old paragraph (-1: the start) → the removed ones after it.
	after := map[int][]*group{}
	lastPaired := -1
	for _, u := range a.units[0] {
		if len(u.g.m[1]) == 0 {
			after[lastPaired] = append(after[lastPaired], u.g)
		} else {
			lastPaired = u.i
		}
	}
	var out []Entry
	removed := func(i int) {
		for _, g := range after[i] {
			out = append(out, a.entry(g, false, ""))
		}
	}
	removed(-1)
	done := map[*group]bool{}
	for _, v := range a.units[1] {
		g := v.g
		if done[g] {
			continue
		}
		done[g] = true
		out = append(out, a.entry(g, kept[g], counterpart[a.oldSection(g)]))
		for _, u := range g.m[0] {
			removed(u.i)
		}
	}
	return out
}

func (a *aligner) oldSection(g *group) string {
	if len(g.m[0]) == 0 {
		return ""
	}
	return g.m[0][0].sect
}

// inOrder finds the groups that kept their order: of the groups with
// paragraphs on both sides, in the old order, the longest run whose new
// places also rise.
func (a *aligner) inOrder(gs []*group) map[*group]bool {
	var both []*group
	for _, g := range gs {
		if len(g.m[0]) > 0 && len(g.m[1]) > 0 {
			both = append(both, g)
		}
	}
	sort.Slice(both, func(i, j int) bool { return both[i].m[0][0].i < both[j].m[0][0].i })
	seq := make([]int, len(both))
	for k, g := range both {
		seq[k] = g.m[1][0].i
	}
	kept := map[*group]bool{}
	for _, k := range increasing(seq) {
		kept[both[k]] = true
	}
	return kept
}

// counterparts maps each heading of the old resolution to the heading of
// the new one most of its paragraphs went under, so that a renamed
// heading moves nothing and a paragraph put under another heading moves.
func (a *aligner) counterparts(gs []*group) map[string]string {
	votes := map[string]map[string]int{}
	for _, g := range gs {
		if len(g.m[0]) == 0 || len(g.m[1]) == 0 {
			continue
		}
		o, n := g.m[0][0].sect, g.m[1][0].sect
		if votes[o] == nil {
			votes[o] = map[string]int{}
		}
		votes[o][n]++
	}
	out := map[string]string{}
	for o, vs := range votes {
		best, most := "", 0
		for n, c := range vs {
			if c > most || c == most && n < best {
				best, most = n, c
			}
		}
		out[o] = best
	}
	return out
}

// realHeading reports whether a section is a heading of the text rather
// than the part a converter names when there is none.
func realHeading(s string) bool {
	return s != "" && s != "Preamble" && s != "Operative paragraphs"
}

// entry describes group g: kept says it kept its order, home is the
// heading most of its old heading's paragraphs went under.
func (a *aligner) entry(g *group, kept bool, home string) Entry {
	olds, news := g.m[0], g.m[1]
	first := olds
	if len(news) > 0 {
		first = news
	}
	e := Entry{Part: first[0].part, Section: first[0].sect, Old: sides(olds), New: sides(news)}
	switch {
	case len(news) == 0:
		e.Change = Removed
		return e
	case len(olds) == 0:
		e.Change = Added
		return e
	case len(olds) > 1:
		e.Change = Merged // several into one, or into several
	case len(news) > 1:
		e.Change = Split
	default:
		o, n := olds[0], news[0]
		e.Change = Unchanged
		if o.body != n.body {
			e.Change = Reworded
		}
		if !kept || o.part != n.part || realHeading(o.sect) && realHeading(n.sect) && n.sect != home {
			e.Change = Moved
		}
	}
	ob, nb := bodies(olds), bodies(news)
	if ob != nb && len(ob)+len(nb) <= maxDiff {
		e.Diff = Words(ob, nb)
	}
	return e
}

func sides(us []*unit) []Side {
	out := make([]Side, len(us))
	for i, u := range us {
		out[i] = u.s
	}
	return out
}

func bodies(us []*unit) string {
	var b []string
	for _, u := range us {
		b = append(b, u.body)
	}
	return strings.Join(b, " ")
}

// increasing returns the places in seq of a longest strictly increasing
// subsequence of it.
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
		out[k] = i
	}
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
