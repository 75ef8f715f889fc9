package compare_test

import (
	"regexp"
	"strings"

	"mandatebot/corpus"
)

// scanned is a paragraph a plain scan finds setting a fact of the mandate.
type scanned struct {
	kind  string // "ceiling", "end"
	label string
}

var (
	// A figure of personnel: "11,200 military personnel", "1,440 police".
	scanPersonnelRE = regexp.MustCompile(`(?i)\b\d{1,3}(?:,\d{3})*\s+(?:\S+\s+){0,2}?(?:military|troops|police|personnel|observers)\b`)
	scanCeilingRE   = regexp.MustCompile(`(?i)ceiling|up to|authori[sz]ed (?:troop )?(?:strength|level)|comprise|maximum`)
	// A mandate extended or renewed until a date: "until 30 June 2015".
	scanEndRE = regexp.MustCompile(`(?i)(?:\b(?:extend|renew)\w*\b.*\bmandate\b|\bmandate\b.*\b(?:extend|renew)\w*\b).*\buntil\s+\d{1,2}\s+\pL+\s+\d{4}\b`)
)

// scanFacts finds, by a plain scan of the operative paragraphs, those that
// set a ceiling of personnel or the date a mandate ends: a fact must cite
// each.
func scanFacts(d *corpus.Document) []scanned {
	var out []scanned
	for i := range d.Passages {
		p := &d.Passages[i]
		if !strings.HasPrefix(p.Label, "op. ") {
			continue
		}
		own := d.OwnText(p)
		if scanPersonnelRE.MatchString(own) && scanCeilingRE.MatchString(own) {
			out = append(out, scanned{"ceiling", p.Label})
		}
		if scanEndRE.MatchString(own) {
			out = append(out, scanned{"end", p.Label})
		}
	}
	return out
}
