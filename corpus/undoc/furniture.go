package undoc

import (
	"regexp"
	"strings"

	"mandatebot/corpus"
)

// Page furniture of UN documents: page numbers ("3/10"), job numbers
// ("14-12345 (E)"), bar codes ("*1412345*"), and the recycling note; and
// the date of the front page.
var (
	pageNumberRE = regexp.MustCompile(`^(\d{1,3}/\d{1,3}|\d{1,3}|Page \d+( of \d+)?)$`)
	jobNumberRE  = regexp.MustCompile(`^\d{2}-\d{5}\s*\([A-Z]\)`)
	barcodeRE    = regexp.MustCompile(`^\*\d{6,}\*$`)
	recycleRE    = regexp.MustCompile(`(?i)^please recycle`)
	dateRE       = regexp.MustCompile(`\b(\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4})\b`)
)

// stripFurniture drops running headers and footers and returns the body
// (from "The Security Council," for a resolution), the date and the title.
func stripFurniture(lines []Line, symbol string) (body []Line, date, title string) {
	started := false
	edge := pageEdges(lines)
	for i, l := range lines {
		t := strings.TrimSpace(l.Text)
		sym := corpus.NormalizeSymbol(t)
		switch {
		case t == "", pageNumberRE.MatchString(t), jobNumberRE.MatchString(t), barcodeRE.MatchString(t), recycleRE.MatchString(t):
			continue
		case sym != "" && sym == symbol && len(t) <= len(symbol)+4:
			continue // the running header
		case edge[i] && isFurniture(t, symbol):
			continue
		}
		if !started {
			if m := dateRE.FindStringSubmatch(t); m != nil && date == "" {
				date = m[1]
			}
			if strings.HasPrefix(t, "Adopted by the Security Council") {
				if m := dateRE.FindStringSubmatch(t); m != nil {
					date = m[1]
				}
			}
			if title == "" && (strings.HasPrefix(t, "Resolution ") || strings.HasPrefix(t, "Report of the Secretary-General")) {
				title = t
			}
			switch Kind(symbol) {
			case corpus.KindResolution:
				started = strings.HasPrefix(t, "The Security Council")
				continue
			case corpus.KindRecord:
				started = speakerRE.MatchString(t) || strings.HasPrefix(t, "The meeting was called to order")
			default:
				started = reportHeadRE.MatchString(t) || opRE.MatchString(t)
			}
			if !started {
				continue
			}
		}
		l.Text = t
		body = append(body, l)
	}
	return body, date, title
}

// furnitureTokenRE is a word of a page's header or footer: a job number
// ("31-01234"), its language mark ("(E)"), a date stamp ("300614"), a
// bar code ("*3101234*"), a page number ("2/18", "- 3 -", "Page 2 of 3"),
// "Please recycle" and its sign.
var furnitureTokenRE = regexp.MustCompile(`(?i)^(\d{2}-\d{5}|\([A-Z]\)|\d{6}|\*\d{6,}\*|\d{1,3}/\d{1,3}|\d{1,3}|[-–—]|page|of|please|recycle|♲)$`)

// isFurniture reports whether a line is made only of page furniture (and
// the document's own symbol, as running headers set it), by form: every
// word a furniture word. Whatever the producer, this is how the Official
// Document System's footers and headers read once extracted.
func isFurniture(t, symbol string) bool {
	if sym, rest, ok := corpus.CutSymbol(t); ok && sym == symbol {
		t = rest
	}
	words := strings.Fields(t)
	for _, w := range words {
		if !furnitureTokenRE.MatchString(w) {
			return false
		}
	}
	return len(words) > 0
}

// pageEdges marks the lines at the top and bottom of their page — the
// first three and the last three — where headers and footers stand; a
// line of the body made of numbers alone is left alone.
func pageEdges(lines []Line) []bool {
	edge := make([]bool, len(lines))
	for start := 0; start < len(lines); {
		end := start
		for end < len(lines) && lines[end].Page == lines[start].Page {
			end++
		}
		for i := start; i < end; i++ {
			edge[i] = i-start < 3 || end-i <= 3
		}
		start = end
	}
	return edge
}
