package compare_test

import (
	"fmt"
	"regexp"
	"strings"

	"mandatebot/corpus"
	"mandatebot/corpus/compare"
)

// The properties every comparison must have, checked on fictional pairs
// and on the real renewals of the dataset (TestRenewals). They are
// stated from the two texts, not from how compare aligns them, so that a
// comparison that satisfies them is true to the texts.
const (
	// propRemoved: no paragraph is said removed (or added) while at least
	// propShare of its words stand in one paragraph of the other
	// resolution.
	propRemoved = "no false removed or added"
	// propRemovedContent is propRemoved counting content words only
	// (compare.ContentWords: "the", "of" and "and" say nothing of what a
	// paragraph says). TestRenewals reports it beside the others; it is
	// not required: the two disagree on some paragraphs (see the
	// LibreOffice fixture's op. 4(f) and op. 4(j)).
	propRemovedContent = "(same, content words)"
	// propOnce: every paragraph of both resolutions is in exactly one
	// change.
	propOnce = "every paragraph once"
	// propFacts: every figure and date a fact cites stands in the
	// paragraph it cites, and every paragraph a plain scan finds setting
	// a ceiling or the mandate's end is cited by a fact.
	propFacts = "facts agree with the text"
)

// reported are the properties TestRenewals reports, the informational
// one last.
var reported = []string{propRemoved, propOnce, propFacts, propRemovedContent}

// propShare is the share of a paragraph's words that makes "removed" false.
const propShare = 0.6

// violation is a property a comparison lacks, with its class (fit to
// count) and detail.
type violation struct {
	property, class, detail string
}

func (v violation) String() string { return v.property + ": " + v.class + ": " + v.detail }

var (
	propWordRE = regexp.MustCompile(`[\p{L}\p{N}]+`)
	propMarkRE = regexp.MustCompile(`^\([a-z]{1,5}\)\s*`)
)

// bag is a paragraph's words, lower case, counted.
type bag map[string]int

// bagOf counts a paragraph's words: its content words
// (compare.ContentWords), or, with all, every word.
func bagOf(text string, all bool) bag {
	b := bag{}
	if !all {
		for _, w := range compare.ContentWords(text) {
			b[w]++
		}
		return b
	}
	for _, w := range propWordRE.FindAllString(strings.ToLower(propMarkRE.ReplaceAllString(text, "")), -1) {
		b[w]++
	}
	return b
}

func (b bag) size() int {
	n := 0
	for _, c := range b {
		n += c
	}
	return n
}

// share is how much of a's words b holds.
func share(a, b bag) float64 {
	n := a.size()
	if n == 0 {
		return 0
	}
	in := 0
	for w, c := range a {
		in += min(c, b[w])
	}
	return float64(in) / float64(n)
}

// paragraphs are a resolution's preambular and operative (sub-)paragraphs.
func paragraphs(d *corpus.Document) []*corpus.Passage {
	var out []*corpus.Passage
	for i := range d.Passages {
		p := &d.Passages[i]
		if strings.HasPrefix(p.Label, "pp. ") || strings.HasPrefix(p.Label, "op. ") {
			out = append(out, p)
		}
	}
	return out
}

// informational reports, beside check, the paragraphs said removed or
// added while most of their content words stand in one paragraph of the
// other resolution.
func informational(c *compare.Comparison, old, new *corpus.Document) []violation {
	return falseRemoved(c, old, new, propRemovedContent, false)
}

// check returns the properties c, the comparison of old with new, lacks.
func check(c *compare.Comparison, old, new *corpus.Document) []violation {
	var vs []violation
	add := func(prop, class, format string, args ...any) {
		vs = append(vs, violation{prop, class, fmt.Sprintf(format, args...)})
	}
	// Every paragraph once.
	seen := map[*corpus.Document]map[string]int{old: {}, new: {}}
	for _, g := range groupsOf(c) {
		for _, l := range g.old {
			seen[old][l]++
		}
		for _, l := range g.new {
			seen[new][l]++
		}
	}
	for _, d := range []*corpus.Document{old, new} {
		for _, p := range paragraphs(d) {
			if n := seen[d][p.Label]; n != 1 {
				add(propOnce, fmt.Sprintf("in %d changes", min(n, 2)), "%s %s", d.Symbol, p.Label)
			}
			delete(seen[d], p.Label)
		}
		for l := range seen[d] {
			add(propOnce, "no such paragraph", "%s %s", d.Symbol, l)
		}
	}
	// No false removed or added.
	vs = append(vs, falseRemoved(c, old, new, propRemoved, true)...)
	vs = append(vs, checkFacts(c, old, new)...)
	return vs
}

// falseRemoved finds the paragraphs said removed or added while at least
// propShare of their words (content words, or all) stand in one
// paragraph of the other resolution.
func falseRemoved(c *compare.Comparison, old, new *corpus.Document, prop string, all bool) []violation {
	var vs []violation
	add := func(prop, class, format string, args ...any) {
		vs = append(vs, violation{prop, class, fmt.Sprintf(format, args...)})
	}
	for _, g := range groupsOf(c) {
		var from, to *corpus.Document
		var label string
		switch {
		case len(g.new) == 0 && len(g.old) == 1:
			from, to, label = old, new, g.old[0]
		case len(g.old) == 0 && len(g.new) == 1:
			from, to, label = new, old, g.new[0]
		default:
			continue
		}
		p := from.PassageByLabel(label)
		if p == nil {
			continue
		}
		mine := bagOf(from.OwnText(p), all)
		for _, q := range paragraphs(to) {
			if s := share(mine, bagOf(to.OwnText(q), all)); s >= propShare {
				add(prop, "said "+g.change, "%s %s: %.0f%% of its %d words in %s %s (%s)", from.Symbol, label, 100*s, mine.size(), to.Symbol, q.Label, changeOf(c, q.Label, to == new))
				break
			}
		}
	}
	return vs
}

// group is a change as the properties see it: its kind and the labels of
// the paragraphs on each side.
type group struct {
	change   string
	old, new []string
}

// changeOf names the change a paragraph is in.
func changeOf(c *compare.Comparison, label string, isNew bool) string {
	for _, g := range groupsOf(c) {
		ls := g.old
		if isNew {
			ls = g.new
		}
		for _, l := range ls {
			if l == label {
				return fmt.Sprintf("%s %d→%d", g.change, len(g.old), len(g.new))
			}
		}
	}
	return "none"
}
