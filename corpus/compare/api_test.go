package compare_test

import (
	"strings"

	"mandatebot/corpus"
	"mandatebot/corpus/compare"
)

// groupsOf reads c's changes as groups.
func groupsOf(c *compare.Comparison) []group {
	var gs []group
	for _, e := range c.Changes {
		g := group{change: string(e.Change)}
		for _, s := range e.Old {
			g.old = append(g.old, s.Label)
		}
		for _, s := range e.New {
			g.new = append(g.new, s.Label)
		}
		gs = append(gs, g)
	}
	return gs
}

// checkFacts checks the facts of c against the two texts: every value a
// fact cites stands in a paragraph it cites, and every paragraph the
// plain scan finds setting a ceiling or a mandate's end is cited by a
// fact of that kind.
func checkFacts(c *compare.Comparison, old, new *corpus.Document) []violation {
	var vs []violation
	cited := map[*corpus.Document]map[compare.FactKind]map[string]bool{old: {}, new: {}}
	for _, f := range c.Facts {
		for _, side := range []struct {
			d *corpus.Document
			s *compare.FactSide
		}{{old, f.Old}, {new, f.New}} {
			if side.s == nil {
				continue
			}
			if cited[side.d][f.Kind] == nil {
				cited[side.d][f.Kind] = map[string]bool{}
			}
			var texts []string
			for _, ct := range side.s.Cites {
				cited[side.d][f.Kind][ct.Label] = true
				if p := side.d.PassageByLabel(ct.Label); p != nil {
					texts = append(texts, side.d.OwnText(p))
				} else {
					vs = append(vs, violation{propFacts, "cites no paragraph", side.d.Symbol + " " + ct.Label})
				}
			}
			for _, v := range side.s.Values {
				if !strings.Contains(strings.Join(texts, "\n"), v) {
					vs = append(vs, violation{propFacts, "value not in the paragraphs cited: " + string(f.Kind), side.d.Symbol + " " + side.s.Labels() + ": " + v})
				}
			}
		}
	}
	kindOf := map[string]compare.FactKind{"ceiling": compare.FactCeiling, "end": compare.FactMandate}
	for _, d := range []*corpus.Document{old, new} {
		for _, s := range scanFacts(d) {
			if !cited[d][kindOf[s.kind]][s.label] {
				vs = append(vs, violation{propFacts, "not represented: " + s.kind, d.Symbol + " " + s.label})
			}
		}
	}
	return vs
}
