package undoc

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"mandatebot/corpus"
)

// A report's headings ("II. Security situation") and a record's speakers
// ("Mr. Example (Ruritania) (spoke in French):").
var (
	reportHeadRE = regexp.MustCompile(`^([IVX]{1,5}|[A-H])\.\s+\S`)
	speakerRE    = regexp.MustCompile(`^((?:The (?:President|Secretary-General|Chair))|(?:(?:Mr|Mrs|Ms|Sir|Dame|Dr)\.? [^:]{1,80}?))(?: \(spoke in [A-Za-z]+\))?:\s*(.*)$`)
)

func parseReport(body []Line) []*node {
	var out []*node
	var cur *node
	section := ""
	prevEnded := true
	for _, l := range body {
		t := l.Text
		prevEnded = prevEnded || cur == nil
		switch m := opRE.FindStringSubmatch(t); {
		case m != nil && prevEnded:
			cur = &node{label: corpus.Label(corpus.Paragraph, atoi(m[1])), text: []string{m[2]}, head: section}
			out = append(out, cur)
		case prevEnded && (reportHeadRE.MatchString(t) || isHeading(t)):
			section = t
			out = append(out, &node{heading: true, text: []string{t}, head: t})
			cur = nil
			prevEnded = true
			continue
		case cur == nil || prevEnded && startsParagraph(t) && l.X > 0:
			cur = &node{text: []string{t}, head: section}
			out = append(out, cur)
		default:
			cur.text = append(cur.text, t)
		}
		prevEnded = ends(t)
	}
	return out
}

func parseRecord(body []Line) []*node {
	var out []*node
	var cur *node
	speaker := ""
	n := 0
	prevEnded := true
	for _, l := range body {
		t := l.Text
		if m := speakerRE.FindStringSubmatch(t); m != nil && prevEnded {
			speaker, n = m[1], 1
			cur = &node{label: fmt.Sprintf("%s ¶%d", speaker, n), text: []string{m[2]}, head: speaker}
			out = append(out, cur)
		} else if cur == nil || (prevEnded && l.X > 0 && startsParagraph(t)) {
			n++
			cur = &node{label: fmt.Sprintf("%s ¶%d", orDash(speaker), n), text: []string{t}, head: speaker}
			out = append(out, cur)
		} else {
			cur.text = append(cur.text, t)
		}
		prevEnded = strings.HasSuffix(strings.TrimRight(t, " ’”\""), ".")
	}
	return out
}

func startsParagraph(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(r)
}

func orDash(s string) string {
	if s == "" {
		return "Record"
	}
	return s
}
