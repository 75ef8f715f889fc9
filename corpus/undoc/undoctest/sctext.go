package undoctest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ReadText reads a Security Council resolution as the public dataset of
// resolution texts holds it (github.com/felixhaass/pvs_securitycouncil,
// "S-RES-<n>(<year>).txt": text extracted from the official PDF, Latin-1,
// one paragraph a line, page furniture left in, a paragraph cut in two
// where a page broke) into a Source, so it can be laid out again by both
// producers and the parser's reading of the PDFs checked against it.
//
// It is the ground truth of those checks, so it is simple and
// conservative: page furniture is dropped by its exact forms, a paragraph
// cut by a page break is joined again only when the cut is certain (the
// first part does not end like a paragraph, or the second starts in lower
// case), and every paragraph must be one of the forms below or the whole
// text is refused with an *UnreadableError saying which line and why:
//
//   - a preambular paragraph: before operative paragraph 1, starting with
//     a capitalised participle or adjective ("Recalling", "Deeply
//     concerned") and ending with a comma;
//   - an operative paragraph "n. …" numbered one more than the last;
//   - a lettered sub-paragraph "(a) …" continuing its paragraph's letters,
//     and a roman one "(i) …" continuing its sub-paragraph's numerals (a
//     mark that both continues, "(i)" after "(h)", is refused);
//   - the unmarked paragraph under a group heading ("(e) Support for
//     humanitarian assistance" then "To contribute …");
//   - a heading: a short capitalised line that does not end like a
//     sentence, where a paragraph has ended ("MINUSMA mandate").
//
// Bulleted lists, text after a list that continues its paragraph, and
// anything else are refused. The italics are the UN's: a preambular
// paragraph's opening participle, an operative paragraph's verb, and the
// participles and verbs that open a clause inside a paragraph ("…, and
// welcoming …").
func ReadText(b []byte) (Source, error) {
	text, err := decodeLatin1(b)
	if err != nil {
		return Source{}, err
	}
	r := &textReader{}
	if err := r.read(text); err != nil {
		return Source{}, err
	}
	return r.src, nil
}

// UnreadableError is a text ReadText will not guess at.
type UnreadableError struct {
	Reason string // the class of the problem, fit to count: "bulleted list"
	Line   int    // 1-based, in the file; 0 when it is about the whole text
	Text   string // the line, shortened
}

func (e *UnreadableError) Error() string {
	if e.Line == 0 {
		return e.Reason
	}
	return fmt.Sprintf("line %d: %s: %q", e.Line, e.Reason, e.Text)
}

func unreadable(reason string, l textLine) error {
	t := l.text
	if utf8.RuneCountInString(t) > 80 {
		t = string([]rune(t)[:80]) + "…"
	}
	return &UnreadableError{Reason: reason, Line: l.no, Text: t}
}

// cp1252 is what bytes 0x80–0x9F stand for in the dataset's few
// Windows-1252 texts: quotes and dashes.
var cp1252 = map[byte]rune{0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x96: '–', 0x97: '—'}

func decodeLatin1(b []byte) (string, error) {
	if strings.Contains(string(b), "\xc3\xa9") || strings.Contains(string(b), "\xe2\x80") {
		return "", &UnreadableError{Reason: "mixed encoding (UTF-8 in a Latin-1 text)"}
	}
	var s strings.Builder
	for _, c := range b {
		switch {
		case c < 0x80:
			s.WriteByte(c)
		case c < 0xA0:
			r, ok := cp1252[c]
			if !ok {
				return "", &UnreadableError{Reason: fmt.Sprintf("control byte %#x", c)}
			}
			s.WriteRune(r)
		default:
			s.WriteRune(rune(c))
		}
	}
	return s.String(), nil
}

// textLine is a line of the text with its number in the file.
type textLine struct {
	no        int
	text      string
	afterPage bool // page furniture stands between it and the line before
}

var (
	symbolLineRE = regexp.MustCompile(`^S/RES/(\d{1,4}) ?\((\d{4})\)\*?( Page \d{1,3})?$`)
	jobLineRE    = regexp.MustCompile(`^(\d{2}-\d{5})\*{0,2} ?\([A-Z]\)`)
	// The page furniture of the dataset's texts: a page number, a job
	// number, or both ("2 13-31417", "13-31417 3", "2/11"), a bar code.
	pageLineRE = regexp.MustCompile(`^(\d{1,3}(/\d{1,3})?( \d{2}-\d{5}\*{0,2})?|\d{2}-\d{5}\*{0,2}( \d{1,3}(/\d{1,3})?)?|\*\d{7,}\*)$`)
	// The note of a reissued document, rules drawn under the text of the
	// oldest ones and the "/..." that closes their pages.
	noteLineRE = regexp.MustCompile("^(_* ?\\*+ (Second )?[Rr]eissue.*|[-`]{5,}|/\\.\\.\\.)$")
	// runTogetherBulletsRE finds a second item in a bulleted line.
	runTogetherBulletsRE = regexp.MustCompile(`\) [-–] \p{Lu}`)
	// runTogetherRE finds a numbered paragraph inside a line.
	runTogetherRE = regexp.MustCompile(`[,;:.] \d{1,3}\. [A-Z]`)
	opLineRE      = regexp.MustCompile(`^(\d{1,3})\. (\S.*)$`)
	subLineRE     = regexp.MustCompile(`^\(([a-z]{1,5})\) (\S.*)$`)
	bulletRE      = regexp.MustCompile("^[\u00ad\u2013\u2014\u00b7\u2022-] (.*)$")
)

// isFurniture reports whether a line is page furniture: blank, the
// running header (the symbol), a job number, a page number, a bar code.
func isFurniture(t string) bool {
	return t == "" || symbolLineRE.MatchString(t) || jobLineRE.MatchString(t) || pageLineRE.MatchString(t) || noteLineRE.MatchString(t)
}

type textReader struct {
	src Source
	// numbering so far
	lastOp    int
	lastTop   string // the last mark of the operative paragraph's list
	topRoman  bool   // that list is numbered (i), (ii), not lettered
	lastRoman string // the last mark under its last lettered sub-paragraph
	// what the last item was
	last []string
	// the line being read, and the line each item of the body was read from
	line  textLine
	lines []textLine
}

func (r *textReader) read(text string) error {
	var lines []textLine
	page := false
	started := false
	var front []string
	for i, raw := range strings.Split(text, "\n") {
		t := strings.TrimSpace(strings.ReplaceAll(strings.TrimRight(raw, "\r"), "\f", ""))
		if strings.ContainsRune(t, '\t') {
			return unreadable("control character in a line", textLine{no: i + 1, text: t})
		}
		if m := jobLineRE.FindStringSubmatch(t); m != nil && r.src.Job == "" {
			r.src.Job = m[1] + " (E)"
		}
		if !started {
			rest, ok := strings.CutPrefix(t, "The Security Council,")
			if !ok {
				if t != "" && (symbolLineRE.MatchString(t) || !isFurniture(t)) {
					front = append(front, t)
				}
				continue
			}
			started = true
			if t = strings.TrimSpace(rest); t == "" {
				continue
			}
		}
		if isFurniture(t) {
			page = page || t != ""
			continue
		}
		lines = append(lines, textLine{no: i + 1, text: strings.Join(strings.Fields(t), " "), afterPage: page})
		page = false
	}
	if !started {
		return &UnreadableError{Reason: `no line "The Security Council,"`}
	}
	if err := r.readFront(front); err != nil {
		return err
	}
	paras, err := joinPages(lines)
	if err != nil {
		return err
	}
	for i, l := range paras {
		if err := r.item(l, paras[i+1:]); err != nil {
			return err
		}
	}
	if r.lastOp == 0 {
		return &UnreadableError{Reason: "no operative paragraph"}
	}
	// A paragraph that does not end like one opens a list (an operative
	// paragraph's lead-in, a group heading), or is a name in a list of
	// names; anything else has run into what followed it ("…(2013);
	// Reporting", a heading the extraction set at the end of the line).
	for i, it := range r.src.Body {
		if it[0] == KindPre || it[0] == KindHead || it[0] == KindBullet || endsParagraph(ItemText(it)) {
			continue
		}
		next := ""
		if i+1 < len(r.src.Body) {
			next = r.src.Body[i+1][0]
		}
		switch {
		case it[0] == KindOp && (next == KindSub || next == KindBullet):
		case it[0] == KindSub && (next == KindSubsub || next == KindSubtext):
		default:
			return unreadable("a paragraph that does not end like one", r.lines[i])
		}
	}
	if last := ItemText(r.last); !strings.HasSuffix(last, ".") {
		return &UnreadableError{Reason: "the last paragraph does not end with a full stop"}
	}
	return nil
}

var (
	frontSymbolRE  = regexp.MustCompile(`S/RES/(\d{1,4}) ?\((\d{4})\)`)
	frontTitleRE   = regexp.MustCompile(`(?i)\bresolution (\d{1,4}) \((\d{4})\)`)
	frontAdoptedRE = regexp.MustCompile(`Adopted by the Security Council at its (\d+(?:st|nd|rd|th)) meeting,? on (\d{1,2} [A-Z][a-z]+ \d{4})`)
	frontDateRE    = regexp.MustCompile(`\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b`)
)

// readFront reads the lines before "The Security Council," — the symbol,
// the title, the date and the adoption line, in the forms the dataset's
// texts set them since 2000 — into the front of the Source, as the UN
// sets it now.
func (r *textReader) readFront(front []string) error {
	all := strings.Join(front, " ")
	sym := frontSymbolRE.FindStringSubmatch(all)
	title := frontTitleRE.FindStringSubmatch(all)
	adopted := frontAdoptedRE.FindStringSubmatch(all)
	if sym == nil || title == nil || adopted == nil {
		return &UnreadableError{Reason: "no symbol, title or adoption line before the text"}
	}
	if title[1] != sym[1] || title[2] != sym[2] {
		return &UnreadableError{Reason: "the title's number is not the symbol's"}
	}
	if r.src.Job == "" {
		r.src.Job = "00-00000 (E)"
	}
	symbol := "S/RES/" + sym[1] + " (" + sym[2] + ")"
	r.src.Symbol = symbol
	r.src.Front = [][]string{{"Front", "United Nations"}, {"Front", symbol}, {"Front", "Security Council"}, {"Front", "Distr.: General"}}
	if date := frontDateRE.FindString(all); date != "" {
		r.src.Front = append(r.src.Front, []string{"Front", date})
	}
	r.src.Front = append(r.src.Front,
		[]string{"Title", "Resolution " + sym[1] + " (" + sym[2] + ")"},
		[]string{"Front", "Adopted by the Security Council at its " + adopted[1] + " meeting, on " + adopted[2]},
		[]string{"Standard", "The Security Council,"})
	return nil
}

// endsParagraph reports whether a line ends as a paragraph of a
// resolution ends.
func endsParagraph(t string) bool {
	t = strings.TrimRight(t, "”’\"')")
	for _, conj := range []string{"; and", "; or", ", and", ", or"} {
		if strings.HasSuffix(t, conj) {
			return true // a list's last but one item
		}
	}
	return strings.HasSuffix(t, ",") || strings.HasSuffix(t, ";") || strings.HasSuffix(t, ".") || strings.HasSuffix(t, ":")
}

// startsWithMark reports whether a line starts with a paragraph number or
// a sub-paragraph mark.
func startsWithMark(t string) bool { return opLineRE.MatchString(t) || subLineRE.MatchString(t) }

// joinPages joins the paragraphs a page break cut in two. The cut is
// certain when the part before it does not end like a paragraph (and is
// not a line that could be a heading) or the part after it starts in
// lower case; a part before that could be a heading followed by a part
// after without a mark is refused.
func joinPages(lines []textLine) ([]textLine, error) {
	var out []textLine
	for _, l := range lines {
		if n := len(out); n > 0 && l.afterPage {
			prev := out[n-1].text
			r, _ := utf8.DecodeRuneInString(l.text)
			switch {
			case unicode.IsLower(r) && !startsWithMark(l.text):
				out[n-1].text += " " + l.text
				continue
			case endsParagraph(prev), startsWithMark(l.text):
				// A new paragraph.
			case couldBeHeading(prev) && !opLineRE.MatchString(prev) && !subLineRE.MatchString(prev):
				return nil, unreadable("a heading, or a paragraph cut by a page break", l)
			default:
				out[n-1].text += " " + l.text
				continue
			}
		}
		out = append(out, l)
	}
	return out, nil
}

// couldBeHeading reports whether t has a heading's shape: short,
// capitalised, not ending like a sentence.
func couldBeHeading(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(r) && len(strings.Fields(t)) <= 20 && utf8.RuneCountInString(t) <= 150 && !endsParagraph(t) && !strings.HasSuffix(t, "-") &&
		strings.Count(t, "(") < 2 // not a list of names: "Mr. A (Senegal) Ms. B (Malta)"
}

// preambleOpeners are the words other than participles in -ing or -ed
// that open preambular paragraphs.
var preambleOpeners = map[string]bool{
	"Mindful": true, "Aware": true, "Conscious": true, "Cognizant": true, "Deeply": true, "Gravely": true,
	"Seriously": true, "Further": true, "Also": true, "Strongly": true, "Again": true, "Firmly": true,
	"Fully": true, "Keen": true, "Desirous": true, "Anxious": true, "Gravely,": true, "Profoundly": true,
	"Greatly": true, "Sincerely": true, "Noting": true, "Bearing": true, "Taking": true, "Having": true,
}

// opensPreamble reports whether w, a paragraph's first word, opens a
// preambular paragraph.
func opensPreamble(w string) bool {
	w = strings.TrimRight(w, ",")
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) || strings.ContainsAny(w, "0123456789") {
		return false
	}
	lower := strings.ToLower(w)
	return preambleOpeners[w] || strings.HasSuffix(lower, "ing") || strings.HasSuffix(lower, "ed")
}

// item reads one paragraph of the body.
func (r *textReader) item(l textLine, rest []textLine) error {
	r.line = l
	t := l.text
	if runTogetherRE.MatchString(t) {
		return unreadable("paragraphs run together on one line", l)
	}
	if strings.HasPrefix(t, "* ") {
		return unreadable("a footnote", l)
	}
	if m := bulletRE.FindStringSubmatch(t); m != nil {
		if strings.ContainsRune(m[1], '\u00ad') || runTogetherBulletsRE.MatchString(m[1]) {
			return unreadable("bullets run together on one line", l)
		}
		return r.add([]string{KindBullet, "–", m[1]})
	}
	if strings.ContainsRune(t, '\u00ad') {
		return unreadable("bullets run together on one line", l)
	}
	if m := opLineRE.FindStringSubmatch(t); m != nil {
		n, _ := strconv.Atoi(m[1])
		if n != r.lastOp+1 {
			return unreadable(fmt.Sprintf("operative paragraph %d after %d", n, r.lastOp), l)
		}
		r.lastOp, r.lastTop, r.topRoman, r.lastRoman = n, "", false, ""
		return r.add(append([]string{KindOp, m[1] + "."}, operativeRuns(m[2])...))
	}
	if m := subLineRE.FindStringSubmatch(t); m != nil {
		if r.lastOp == 0 {
			return unreadable("a lettered paragraph in the preamble", l)
		}
		mark := m[1]
		// A mark continues the paragraph's list — letters, or numerals
		// when the list starts with (i) — or the numerals under its last
		// lettered sub-paragraph.
		top := mark == nextLetter(r.lastTop) && !r.topRoman || r.topRoman && mark == nextRoman(r.lastTop) || r.lastTop == "" && mark == "i"
		inner := r.lastTop != "" && !r.topRoman && mark == nextRoman(r.lastRoman)
		if top && inner {
			// "(i)" after "(h)": the next mark says which, or, when none
			// follows, whether (h) ends like a lead-in.
			top = nextMark(rest) == "j" || nextMark(rest) == "" && !leadsIn(ItemText(r.last))
			inner = nextMark(rest) == "ii" || nextMark(rest) == "" && leadsIn(ItemText(r.last))
			if top == inner {
				return unreadable("("+mark+") continues both the letters and the numerals", l)
			}
		}
		switch {
		case top:
			r.topRoman = r.topRoman || r.lastTop == "" && mark == "i"
			r.lastTop, r.lastRoman = mark, ""
			return r.add([]string{KindSub, "(" + mark + ")", m[2]})
		case inner:
			r.lastRoman = mark
			return r.add([]string{KindSubsub, "(" + mark + ")", m[2]})
		}
		return unreadable("("+mark+") continues no numbering", l)
	}
	if len(strings.Fields(t)) == 1 && utf8.RuneCountInString(t) <= 3 {
		return unreadable("a resolution in parts (A, B) or a separator", l)
	}
	first, _, _ := strings.Cut(t, " ")
	switch {
	case r.lastOp == 0 && strings.HasSuffix(t, ",") && (opensPreamble(first) || !l.afterPage && isCapitalised(first) && !strings.HasSuffix(first, "s") && !strings.ContainsAny(first, "0123456789")):
		// A line of its own is a paragraph; one after a page break only
		// when it opens as a preambular paragraph does.
		return r.add(append([]string{KindPre}, preambularRuns(t)...))
	case r.lastOp == 0 && strings.HasSuffix(t, ","):
		return unreadable("a preambular paragraph opening with "+strconv.Quote(first), l)
	case r.lastOp == 0 && opensPreamble(first) && !couldBeHeading(t):
		return unreadable("a preambular paragraph not ending with a comma", l)
	case r.lastOp == 0 && couldBeHeading(t) && len(rest) > 0 && (opLineRE.MatchString(rest[0].text) || strings.HasSuffix(rest[0].text, ",") && !couldBeHeading(rest[0].text)):
		// A heading over operative paragraphs, or over preambular ones
		// ("Somalia", then the paragraphs about it).
		return r.add([]string{KindHead, t})
	case r.lastOp > 0 && couldBeHeading(t) && endsParagraph(ItemText(r.last)) && r.last[0] != KindSubtext || r.lastOp > 0 && couldBeHeading(t) && r.last[0] == KindSubtext:
		if len(rest) == 0 || !opLineRE.MatchString(rest[0].text) {
			return unreadable("a heading not followed by an operative paragraph", l)
		}
		return r.add([]string{KindHead, t})
	case r.lastOp > 0 && (r.last[0] == KindSub || r.last[0] == KindSubsub) && !endsParagraph(ItemText(r.last)) && isCapitalised(t):
		// The text under a group heading: "(e) Support for …" then "To …".
		return r.add([]string{KindSubtext, t})
	}
	r1, _ := utf8.DecodeRuneInString(t)
	switch {
	case unicode.IsLower(r1) && r.last != nil && r.last[0] != KindPre:
		return unreadable("text after a list, continuing its paragraph", l)
	case strings.HasSuffix(first, "s") && (strings.HasSuffix(t, ";") || strings.HasSuffix(t, ".")):
		return unreadable("an operative paragraph without a number", l)
	}
	return unreadable("a paragraph of no known form", l)
}

// nextMark returns the mark of the next sub-paragraph in rest, "" when
// an operative paragraph or the end comes first.
func nextMark(rest []textLine) string {
	for _, l := range rest {
		if opLineRE.MatchString(l.text) {
			return ""
		}
		if m := subLineRE.FindStringSubmatch(l.text); m != nil {
			return m[1]
		}
	}
	return ""
}

// leadsIn reports whether a paragraph's text ends as a lead-in to a list
// does: with a colon, or, a group heading, with no punctuation.
func leadsIn(t string) bool { return strings.HasSuffix(t, ":") || !endsParagraph(t) }

func (r *textReader) add(item []string) error {
	r.src.Body = append(r.src.Body, item)
	r.lines = append(r.lines, r.line)
	r.last = item
	return nil
}

func isCapitalised(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(r)
}

// romanMarks are the sub-sub-paragraph marks, in order.
var romanMarks = strings.Fields("i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx xxi xxii xxiii xxiv xxv")

func nextRoman(r string) string {
	if r == "" {
		return "i"
	}
	for i, x := range romanMarks {
		if x == r && i+1 < len(romanMarks) {
			return romanMarks[i+1]
		}
	}
	return ""
}

func nextLetter(l string) string {
	switch {
	case l == "":
		return "a"
	case len(l) == 1 && l < "z":
		return string(l[0] + 1)
	}
	return ""
}
