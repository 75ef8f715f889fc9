package compare

import (
	"fmt"
	"slices"
	"strings"

	"mandatebot/corpus"
	"mandatebot/internal/fault"
)

// PairProblem is why Pair could not choose two resolutions.
type PairProblem int

const (
	TooFew   PairProblem = iota + 1 // none named, and the corpus holds fewer than two
	NotTwo                          // one named, or more than two
	NotFound                        // a name is no resolution of the corpus
	Same                            // both names are one resolution
)

// PairError is Pair's error. Each front end words it its own way (a bot
// says /reindex fetch:true, the command line mandatebot fetch), from
// what it holds: the problem, the name not found, and the symbols of the
// resolutions the corpus holds.
type PairError struct {
	Problem PairProblem
	Name    string   // for NotFound, the name given; for Same, the resolution's symbol
	Held    []string // symbols of the corpus's resolutions, in order
}

func (e *PairError) Error() string {
	switch e.Problem {
	case TooFew:
		return "compare needs two resolutions in the corpus"
	case NotFound:
		return fmt.Sprintf("no resolution %q in the corpus", e.Name)
	case Same:
		return "name two different resolutions"
	}
	return "name two resolutions: the earlier and the later"
}

// Kind is fault.NotFound for a resolution the corpus lacks (or two it
// does not hold), fault.Invalid for names that are not two resolutions.
func (e *PairError) Kind() fault.Kind {
	if e.Problem == TooFew || e.Problem == NotFound {
		return fault.NotFound
	}
	return fault.Invalid
}

// Held returns the symbols of the resolutions c holds, in order.
func Held(c *corpus.Corpus) []string {
	var syms []string
	for _, d := range c.Resolutions() {
		syms = append(syms, d.Symbol)
	}
	return syms
}

// Pair chooses the two resolutions to compare from the names a user gave
// (a symbol, a number, "2100 (2013)", a document id; see
// corpus.ResolutionNamed): none for the two latest, or two in either
// order. The earlier adopted is old.
func Pair(c *corpus.Corpus, names []string) (old, new *corpus.Document, err error) {
	fail := func(p PairProblem, name string) (*corpus.Document, *corpus.Document, error) {
		return nil, nil, &PairError{Problem: p, Name: name, Held: Held(c)}
	}
	switch len(names) {
	case 0:
		rs := c.Resolutions()
		if len(rs) < 2 {
			return fail(TooFew, "")
		}
		old, new = rs[len(rs)-2], rs[len(rs)-1]
	case 2:
		var ds [2]*corpus.Document
		for i, n := range names {
			if ds[i] = c.ResolutionNamed(n); ds[i] == nil {
				return fail(NotFound, n)
			}
		}
		old, new = ds[0], ds[1]
	default:
		return fail(NotTwo, "")
	}
	if old == new {
		return fail(Same, old.Symbol)
	}
	if rs := c.Resolutions(); slices.Index(rs, new) < slices.Index(rs, old) {
		old, new = new, old
	}
	return old, new, nil
}

// Names reads the resolutions named in text a user typed, such as
// "2100 → 2164" or "S/RES/2100 (2013) and 2164", as names Pair takes.
func Names(s string) []string { return corpus.ResolutionMentions(s) }

// Heading names an entry's sides as a list of changes does: "new B"
// for an added paragraph, "A, dropped" for a removed one, "A1 + A2 → B"
// for a merge, "A → B1 + B2" for a split and "A → B" otherwise, each
// side named by name (its label, or its citation).
func (e Entry) Heading(name func(*Side) string) string {
	names := func(ss []Side) string {
		var out []string
		for i := range ss {
			out = append(out, name(&ss[i]))
		}
		return strings.Join(out, " + ")
	}
	switch {
	case len(e.Old) == 0:
		return "new " + names(e.New)
	case len(e.New) == 0:
		return names(e.Old) + ", dropped"
	}
	return names(e.Old) + PairSep + names(e.New)
}

// PairSep joins the two sides of a comparison: "S/RES/2100 (2013) →
// S/RES/2164 (2014)".
const PairSep = " → "

// Matches reports whether s names every resolution mentioned in typed:
// "21 → 2164" matches "S/RES/2100 (2013) → S/RES/2164 (2014)". For
// autocomplete.
func Matches(s, typed string) bool {
	s = strings.ToLower(s)
	for _, p := range corpus.ResolutionMentions(typed) {
		if !strings.Contains(s, strings.ToLower(p)) {
			return false
		}
	}
	return true
}
