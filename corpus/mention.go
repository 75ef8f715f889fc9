package corpus

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Mention is a reference a text makes to a paragraph or a document: where
// it stands (byte offsets of the words to link), the UN document it names
// ("" for the text's own document) and the paragraph ("" for the whole
// document).
type Mention struct {
	Start, End int
	Symbol     string
	Label      string
}

var (
	// paragraphWordRE starts a list of paragraphs: "paragraph 16 (a) (i)
	// and (ii)", "paragraphs 7, 9 and 11", "paras. 3 to 5".
	paragraphWordRE = regexp.MustCompile(`(?i)\b(?:paragraphs?|paras?\.?)\s+`)
	// listItemRE is an item of such a list: a number with its marks, or
	// marks alone, which continue the item before ("16 (a) (i) and (ii)").
	listItemRE = regexp.MustCompile(`^(?:(\d{1,3})((?:\s*\([a-z]{1,5}\)){0,3})|((?:\s*\([a-z]{1,5}\)){1,3}))`)
	// listSeparatorRE separates the items.
	listSeparatorRE = regexp.MustCompile(`^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to)\s+)`)
	markRE          = regexp.MustCompile(`\(([a-z]{1,5})\)`)
	// ofResolutionRE is a list's document when it is another resolution.
	ofResolutionRE = regexp.MustCompile(`^\s+(?:of|in)\s+(?:its\s+)?resolution\s+(\d{1,4})\s*\((\d{4})\)`)
	// ofOtherRE is a list's document when it is another one the text
	// does not number ("of his report", "of the Agreement").
	ofOtherRE = regexp.MustCompile(`^\s+(?:of|in)\s+(?:the|his|her|its|their|that|an?)\b`)
	// resolutionsRE starts a list of resolutions by number and year:
	// "resolutions 1265 (1999), 1296 (2000) and 1894 (2009)".
	resolutionsRE     = regexp.MustCompile(`(?i)\bresolutions?\s+`)
	resolutionItemRE  = regexp.MustCompile(`^(\d{1,4})\s*\((\d{4})\)`)
	resolutionSepRE   = regexp.MustCompile(`^(?:\s*,\s*(?:and\s+)?|\s+and\s+)`)
	symbolPositionsRE = symbolRE
)

// Mentions returns the references text makes, in order: the paragraphs
// of its own document it names ("as set out in paragraph 16 (a) (i) and
// (ii) above": op. 16(a)(i) and op. 16(a)(ii) of a resolution; para. 12
// of a report), the paragraphs of another resolution ("paragraph 1 of
// resolution 2083 (2012)"), and the documents it names ("resolution 2100
// (2013)", "S/2013/189"). own is the kind of its document's numbered
// paragraphs: Operative for a resolution, Paragraph for a report, "" for
// a document without (then only other documents' paragraphs are
// mentions). A paragraph of a document the text does not number ("of his
// report") is no mention.
func Mentions(text string, own LabelKind) []Mention {
	var out []Mention
	for _, loc := range paragraphWordRE.FindAllStringIndex(text, -1) {
		out = append(out, paragraphList(text, loc[1], own)...)
	}
	for _, loc := range resolutionsRE.FindAllStringIndex(text, -1) {
		at := loc[1]
		for {
			m := resolutionItemRE.FindStringSubmatchIndex(text[at:])
			if m == nil {
				break
			}
			out = append(out, Mention{Start: at + m[0], End: at + m[1], Symbol: "S/RES/" + text[at+m[2]:at+m[3]] + " (" + text[at+m[4]:at+m[5]] + ")"})
			at += m[1]
			sep := resolutionSepRE.FindStringIndex(text[at:])
			if sep == nil {
				break
			}
			at += sep[1]
		}
	}
	for _, m := range symbolPositionsRE.FindAllStringIndex(text, -1) {
		if sym := NormalizeSymbol(text[m[0]:m[1]]); sym != "" {
			out = append(out, Mention{Start: m[0], End: m[1], Symbol: sym})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	// Keep the first of overlapping mentions.
	var kept []Mention
	end := 0
	for _, m := range out {
		if m.Start >= end {
			kept = append(kept, m)
			end = m.End
		}
	}
	return kept
}

// paragraphList reads the list of paragraphs that starts at byte at of
// text.
func paragraphList(text string, at int, own LabelKind) []Mention {
	var items []Mention
	var prev []string // the number and marks of the item before
	for {
		m := listItemRE.FindStringSubmatchIndex(text[at:])
		if m == nil || m[1] == 0 {
			break
		}
		var parts []string
		switch {
		case m[2] >= 0:
			parts = append([]string{text[at+m[2] : at+m[3]]}, marksOf(text[at+m[4]:at+m[5]])...)
		case len(prev) > 1:
			// "(ii)" after "16 (a) (i)": 16 (a) (ii).
			marks := marksOf(text[at+m[6] : at+m[7]])
			parts = append(append([]string{}, prev[:max(1, len(prev)-len(marks))]...), marks...)
		default:
			return nil // marks with no paragraph before them: not a list
		}
		start := at + m[0]
		for start < len(text) && text[start] == ' ' {
			start++
		}
		items = append(items, Mention{Start: start, End: at + m[1], Label: strings.Join(parts, "\x00")})
		prev = parts
		at += m[1]
		sep := listSeparatorRE.FindStringIndex(text[at:])
		if sep == nil || listItemRE.FindStringIndex(text[at+sep[1]:]) == nil {
			break
		}
		at += sep[1]
	}
	symbol, kind := "", own
	switch r := ofResolutionRE.FindStringSubmatch(text[at:]); {
	case r != nil:
		symbol, kind = "S/RES/"+r[1]+" ("+r[2]+")", Operative
	case ofOtherRE.MatchString(text[at:]) && !strings.HasPrefix(strings.TrimSpace(text[at:]), "of this"):
		return nil
	case own == "":
		return nil
	}
	for i := range items {
		parts := strings.Split(items[i].Label, "\x00")
		n, err := strconv.Atoi(parts[0])
		if err != nil || n == 0 {
			return nil
		}
		items[i].Symbol, items[i].Label = symbol, Label(kind, n, parts[1:]...)
	}
	return items
}

// marksOf returns the marks of "(a) (i)": "a", "i".
func marksOf(s string) []string {
	var out []string
	for _, m := range markRE.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// OwnLabelKind is the kind of label d's numbered paragraphs have, as
// Mentions takes it: Operative for a resolution, Paragraph for a report,
// "" for others.
func (d *Document) OwnLabelKind() LabelKind {
	switch d.Kind {
	case KindResolution:
		return Operative
	case KindReport:
		return Paragraph
	}
	return ""
}
