package undoctest

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"

	"mandatebot/corpus"
)

// Property is a property every resolution converted from a PDF must have,
// checked against the Source the PDF was made from.
type Property string

// The properties, in the order reports show them.
const (
	PropOperative Property = "operative 1..N"
	PropPreamble  Property = "preambular count"
	PropMarks     Property = "sub-paragraph marks"
	PropUnique    Property = "labels unique"
	PropLabels    Property = "labels as the source"
	PropLeadIns   Property = "lead-ins are the parents'"
	PropWords     Property = "words in order"
	PropInvented  Property = "no invented word"
	PropFurniture Property = "no page furniture"
)

// Properties lists every property.
var Properties = []Property{PropOperative, PropPreamble, PropMarks, PropUnique, PropLabels, PropLeadIns, PropWords, PropInvented, PropFurniture}

// MinWordShare is the share of the source's words that must come out in
// order.
const MinWordShare = 0.999

// Failure is a property a converted document does not have: its class,
// fit to count across documents ("glued compound"), and the detail
// ("Statecontrolled for State-controlled").
type Failure struct {
	Property Property
	Class    string
	Detail   string
}

func (f Failure) String() string { return fmt.Sprintf("%s: %s: %s", f.Property, f.Class, f.Detail) }

// Spellings counts how often each word (lower case, hyphens kept) is
// written across a collection of texts, so a check can tell a compound
// the texts write with a hyphen (secretary-general) from one they write
// whole (peacekeeping).
type Spellings map[string]int

// Add counts the words of text.
func (s Spellings) Add(text string) {
	for _, w := range Words(text) {
		s[strings.ToLower(w)]++
	}
}

// wordRE is a word: letters and digits, with inner hyphens and
// apostrophes.
var wordRE = regexp.MustCompile(`[\p{L}\p{N}][\p{L}\p{N}'’-]*`)

// Words returns the words of s.
func Words(s string) []string { return wordRE.FindAllString(s, -1) }

// Expected returns the labels of the passages a Source's resolution must
// convert to, in reading order.
func Expected(src Source) []string {
	var out []string
	pp := 0
	var op, sub string
	for _, it := range src.Body {
		mark, _ := ItemRuns(it)
		switch it[0] {
		case KindPre:
			pp++
			out = append(out, corpus.Label(corpus.Preambular, pp))
		case KindOp:
			op = "op. " + strings.TrimSuffix(mark, ".")
			out = append(out, op)
		case KindSub:
			sub = corpus.SubLabel(op, strings.Trim(mark, "()"))
			out = append(out, sub)
		case KindSubsub:
			out = append(out, corpus.SubLabel(sub, strings.Trim(mark, "()")))
		}
	}
	return out
}

// sourceWords returns the words of a Source's body in order, marks left
// out.
func sourceWords(src Source) []string {
	var out []string
	for _, it := range src.Body {
		if it[0] == KindHead {
			out = append(out, Words(it[1])...)
			continue
		}
		out = append(out, Words(ItemText(it))...)
	}
	return out
}

// markPrefixRE is a sub-paragraph's mark at the start of its own words.
var markPrefixRE = regexp.MustCompile(`^\([a-z]{1,5}\)\s*`)

// documentWords returns the words of a converted document in order:
// each heading where it first starts, then each passage's own words, marks left
// out.
func documentWords(d *corpus.Document) []string {
	var out []string
	section := ""
	seen := map[string]bool{}
	for i := range d.Passages {
		p := &d.Passages[i]
		if p.Section != section && p.Section != "Preamble" && p.Section != "Operative paragraphs" && !seen[p.Section] {
			// A section the document returns to (after a heading inside a
			// list) is not a heading of its own.
			out = append(out, Words(p.Section)...)
		}
		section, seen[p.Section] = p.Section, true
		out = append(out, Words(markPrefixRE.ReplaceAllString(d.OwnText(p), ""))...)
	}
	return out
}

// Check returns the properties d, converted from a PDF of src, does not
// have. spellings, the word counts of the whole collection src comes
// from, decide whether a compound d spells otherwise than src is fair:
// the dataset's own extraction lost hyphens at line ends
// ("SecretaryGeneral"), and a converter that keeps them is right where
// the collection writes the compound with a hyphen more often; where a
// compound broken at its hyphen leaves no other evidence, a converter
// that follows the collection's usual spelling ("peacekeeping" for the
// source's "peace-keeping") is fair too. A converter that glues a
// compound the collection writes with its hyphen is not.
func Check(d *corpus.Document, src Source, spellings Spellings) []Failure {
	var fs []Failure
	fail := func(p Property, class, format string, args ...any) {
		fs = append(fs, Failure{p, class, fmt.Sprintf(format, args...)})
	}
	want := Expected(src)
	var got []string
	for _, p := range d.Passages {
		got = append(got, p.Label)
	}

	// Operative paragraphs 1..N, each once, in order.
	nOps := 0
	for _, l := range want {
		if !strings.Contains(l, "(") && strings.HasPrefix(l, "op. ") {
			nOps++
		}
	}
	next := 1
	for _, l := range got {
		if !strings.HasPrefix(l, "op. ") || strings.Contains(l, "(") {
			continue
		}
		if l != fmt.Sprintf("op. %d", next) {
			fail(PropOperative, "out of order", "%s where op. %d was expected", l, next)
			break
		}
		next++
	}
	if next-1 != nOps && len(fs) == 0 {
		fail(PropOperative, "count", "%d operative paragraphs, the source has %d", next-1, nOps)
	}

	// Preambular paragraphs: as many as the source's.
	nPre, gotPre := 0, 0
	for _, it := range src.Body {
		if it[0] == KindPre {
			nPre++
		}
	}
	for _, l := range got {
		if strings.HasPrefix(l, "pp. ") {
			gotPre++
		}
	}
	switch {
	case gotPre > nPre:
		fail(PropPreamble, "more", "%d preambular paragraphs, the source has %d", gotPre, nPre)
	case gotPre < nPre:
		fail(PropPreamble, "fewer", "%d preambular paragraphs, the source has %d", gotPre, nPre)
	}

	// Sub-paragraph marks: consecutive under their parent, from (a) or (i)
	// (a paragraph's own list may be numbered).
	lastMark := map[string]string{}
	romanList := map[string]bool{}
	for _, l := range got {
		i := strings.LastIndexByte(l, '(')
		if i < 0 {
			continue
		}
		parent, mark := l[:i], strings.Trim(l[i:], "()")
		roman := strings.Count(l, "(") == 2
		prev, seen := lastMark[parent]
		var wantMark string
		switch {
		case !seen && !roman && mark == "i":
			wantMark, romanList[parent] = "i", true
		case roman || romanList[parent]:
			wantMark = nextRoman(prev)
		case !seen:
			wantMark = "a"
		default:
			wantMark = nextLetter(prev)
		}
		if mark != wantMark {
			fail(PropMarks, "out of sequence", "%s where (%s) was expected", l, wantMark)
			break
		}
		lastMark[parent] = mark
	}

	// Every label once.
	seen := map[string]bool{}
	for _, l := range got {
		if seen[l] {
			fail(PropUnique, "repeated", "%s", l)
			break
		}
		seen[l] = true
	}

	// The labels, exactly the source's.
	if i := firstDifference(want, got); i >= 0 {
		fail(PropLabels, labelClass(want, got, i), "at passage %d: %s, the source has %s", i+1, at(got, i), at(want, i))
	}

	// Each sub-paragraph's text is its parents' text, then its own.
	for i := range d.Passages {
		p := &d.Passages[i]
		j := strings.LastIndexByte(p.Label, '(')
		if j < 0 {
			continue
		}
		parent := d.PassageByLabel(p.Label[:j])
		if parent == nil {
			fail(PropLeadIns, "no parent", "%s has no %s", p.Label, p.Label[:j])
			break
		}
		if !strings.HasPrefix(p.Text, parent.Text+" ") {
			fail(PropLeadIns, "not the parent's text", "%s does not start with %s's text", p.Label, parent.Label)
			break
		}
	}

	// Words: the source's, in order, and no other.
	sw, dw := sourceWords(src), documentWords(d)
	if share := inOrder(sw, dw); share < MinWordShare {
		fail(PropWords, "lost or moved", "%.2f%% of the source's %d words in order", 100*share, len(sw))
	}
	known := map[string]bool{}
	glued := map[string]string{} // a source compound without its hyphens → the compound
	for _, w := range sw {
		known[w] = true
		if strings.Contains(w, "-") {
			glued[strings.ReplaceAll(w, "-", "")] = w
		}
	}
	for _, w := range dw {
		if known[w] {
			continue
		}
		whole := strings.ReplaceAll(w, "-", "")
		switch {
		case strings.Contains(w, "-") && known[whole]:
			if spellings[strings.ToLower(w)] >= spellings[strings.ToLower(whole)] {
				continue // the collection writes it with the hyphen: fair
			}
			fail(PropInvented, "hyphen kept in a word", "%s for %s", w, whole)
		case glued[whole] != "":
			if spellings[strings.ToLower(w)] > spellings[strings.ToLower(glued[whole])] {
				continue // the collection writes it whole more often: fair
			}
			fail(PropInvented, "glued compound", "%s for %s", w, glued[whole])
		case markWordRE.MatchString(w):
			fail(PropInvented, "a mark inside a passage", "%s", w)
		default:
			fail(PropInvented, "other", "%s", w)
		}
		break
	}

	// No page furniture: no job number, bar code, page number or running
	// header the source's text does not hold.
	body := strings.Join(textsOf(src), " ")
	for i := range d.Passages {
		p := &d.Passages[i]
		for _, f := range []*regexp.Regexp{jobRE, barcodeRE, pageOfRE, recycleRE} {
			if m := f.FindString(p.Text); m != "" && !strings.Contains(body, strings.TrimSpace(m)) {
				fail(PropFurniture, "furniture in a passage", "%s holds %q", p.Label, strings.TrimSpace(m))
				return fs
			}
		}
		if strings.Contains(p.Text, src.Symbol) && !strings.Contains(body, src.Symbol) {
			fail(PropFurniture, "running header in a passage", "%s holds %s", p.Label, src.Symbol)
			return fs
		}
	}
	return fs
}

// markWordRE is a sub-paragraph's mark read as a word.
var markWordRE = regexp.MustCompile(`^([a-z]|[ivx]{1,5})$`)

var (
	jobRE     = regexp.MustCompile(`\b\d{2}-\d{5}\b`)
	barcodeRE = regexp.MustCompile(`\*\d{6,}\*`)
	pageOfRE  = regexp.MustCompile(`(?:^|\s)\d{1,3}/\d{1,3}(?:\s|$)`)
	recycleRE = regexp.MustCompile(`(?i)please recycle`)
)

func textsOf(src Source) []string {
	var out []string
	for _, it := range src.Body {
		out = append(out, ItemText(it))
	}
	return out
}

func firstDifference(a, b []string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

func at(ls []string, i int) string {
	if i < len(ls) {
		return ls[i]
	}
	return "nothing"
}

// labelClass names how the labels differ at i: a sub-paragraph lost
// (merged into the one before), one too many, or another label.
func labelClass(want, got []string, i int) string {
	switch {
	case i >= len(got):
		return "passages lost at the end"
	case i >= len(want):
		return "passages added at the end"
	case i+1 < len(want) && want[i+1] == got[i]:
		return "passage lost: " + kindOf(want[i])
	case i+1 < len(got) && got[i+1] == want[i]:
		return "passage added: " + kindOf(got[i])
	}
	return "another label: " + kindOf(want[i])
}

func kindOf(label string) string {
	switch n := strings.Count(label, "("); {
	case n == 2:
		return "roman sub-paragraph"
	case n == 1:
		return "lettered sub-paragraph"
	case strings.HasPrefix(label, "pp."):
		return "preambular"
	}
	return "operative"
}

// inOrder returns the share of want's words that got has in the same
// order (the longest common subsequence), hyphens ignored.
func inOrder(want, got []string) float64 {
	if len(want) == 0 {
		return 1
	}
	ids := map[string]rune{}
	runes := func(ws []string) []rune {
		out := make([]rune, len(ws))
		for i, w := range ws {
			w = strings.ReplaceAll(w, "-", "")
			r, ok := ids[w]
			if !ok {
				r = rune(0xE000 + len(ids))
				if r >= 0xF900 {
					r += 0x10000 // past the private use area, into the supplementary planes
				}
				ids[w] = r
			}
			out[i] = r
		}
		return out
	}
	a, b := runes(want), runes(got)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	same := 0
	for _, d := range dmp.DiffMainRunes(a, b, false) {
		if d.Type == diffmatchpatch.DiffEqual {
			same += len([]rune(d.Text))
		}
	}
	return float64(same) / float64(len(a))
}
