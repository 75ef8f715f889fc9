package compare_test

import (
	"mandatebot/corpus"
	"mandatebot/corpus/compare"
)

// groupsOf reads c's changes as groups.
func groupsOf(c *compare.Comparison) []group {
	var gs []group
	for _, e := range c.Changes {
		g := group{change: string(e.Change)}
		if e.Old != nil {
			g.old = append(g.old, e.Old.Label)
		}
		if e.New != nil {
			g.new = append(g.new, e.New.Label)
		}
		gs = append(gs, g)
	}
	return gs
}

// checkFacts: the comparison has no facts.
func checkFacts(c *compare.Comparison, old, new *corpus.Document) []violation {
	var vs []violation
	for _, d := range []*corpus.Document{old, new} {
		for _, s := range scanFacts(d) {
			vs = append(vs, violation{propFacts, "not represented: " + s.kind, d.Symbol + " " + s.label})
		}
	}
	return vs
}
