package undoctest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
)

// Source is a UN document as data: what testdata/libreoffice/make_fodt.py
// writes beside each LibreOffice fixture (<name>.json), so the same text
// can be rendered by a second producer, and what ReadText makes of a
// resolution of the public dataset. Front lines are [style, text]. Body
// items are [kind, …] as make_fodt.py's document() reads them:
//
//	pre            italic, plain, italic, plain, …   a preambular paragraph
//	op, sub, subsub, para
//	               mark, plain, italic, plain, …     a numbered or lettered paragraph
//	subtext        plain, italic, plain, …           an unmarked paragraph of the
//	                                                 sub-paragraph before it (the
//	                                                 text under a group heading)
//	bullet         mark, plain, italic, …            an item of a list set off by dashes,
//	                                                 part of the paragraph before it
//	head           text                              a heading between paragraphs
//	plain          text
//	rhead          number, title                     a report's heading
//	speech         speaker, text
//
// The runs after the first fields alternate between upright and italic
// type, as UN documents set a preambular paragraph's first word, an
// operative paragraph's verb and the participles inside a paragraph
// ("…, and welcoming …") in italics. Fixtures written before the runs
// existed have one run each, which reads the same.
type Source struct {
	Symbol string     `json:"symbol"`
	Job    string     `json:"job"`
	Front  [][]string `json:"front"`
	Body   [][]string `json:"body"`
}

// Run is a stretch of a paragraph's text in one type.
type Run struct {
	Text   string
	Italic bool
}

// Item kinds of a Source's body.
const (
	KindPre     = "pre"
	KindOp      = "op"
	KindSub     = "sub"
	KindSubsub  = "subsub"
	KindSubtext = "subtext"
	KindHead    = "head"
	KindBullet  = "bullet"
)

// ReadSource reads a Source from its JSON.
func ReadSource(b []byte) (Source, error) {
	var s Source
	err := json.Unmarshal(b, &s)
	return s, err
}

// JSON is the Source as make_fodt.py reads it.
func (s Source) JSON() []byte {
	b, err := json.MarshalIndent(s, "", " ")
	if err != nil {
		panic(err) // strings only
	}
	return append(b, '\n')
}

// ItemRuns returns a body item's mark ("" when it has none) and its text
// as runs of upright and italic type.
func ItemRuns(item []string) (mark string, runs []Run) {
	if len(item) == 0 {
		return "", nil
	}
	fields, italic := item[1:], false
	switch item[0] {
	case KindPre:
		italic = true
	case KindOp, KindSub, KindSubsub, KindBullet, "para", "rhead":
		if len(fields) == 0 {
			return "", nil
		}
		mark, fields = fields[0], fields[1:]
	case "speech":
		if len(fields) == 0 {
			return "", nil
		}
		return "", []Run{{Text: fields[0]}, {Text: strings.Join(fields[1:], "")}}
	}
	for _, f := range fields {
		if f != "" {
			runs = append(runs, Run{Text: f, Italic: italic})
		}
		italic = !italic
	}
	return mark, runs
}

// ItemText returns a body item's text without its mark, its runs joined.
func ItemText(item []string) string {
	_, runs := ItemRuns(item)
	var b strings.Builder
	for _, r := range runs {
		b.WriteString(r.Text)
	}
	return b.String()
}

// FPDF renders src with go-pdf/fpdf, in the layout of the Official
// Document System's PDFs rather than LibreOffice's: Times 11 pt, the
// running header (the symbol) from page 2, and the footers as the UN sets
// them — on the first page the job number with a date stamp, then a bar
// code and "Please recycle"; on the others the page number and the job
// number on one line ("2/3 31-04321"). Paragraphs run across page breaks,
// so furniture falls in the middle of sentences; lines break between
// words and after the hyphen of a compound ("Secretary-" / "General"), as
// word processors break them, and italic runs are set in italics.
func FPDF(src Source) []byte {
	job, _, _ := strings.Cut(src.Job, " ")
	f := fpdf.New("P", "mm", "A4", "")
	f.SetMargins(25, 20, 25)
	f.SetAutoPageBreak(true, 28)
	f.SetHeaderFunc(func() {
		if f.PageNo() == 1 {
			return
		}
		f.SetFont("Times", "B", 9)
		f.CellFormat(0, 5, src.Symbol, "", 1, "L", false, 0, "")
		f.Ln(3)
	})
	f.SetFooterFunc(func() {
		f.SetY(-22)
		f.SetFont("Times", "", 8)
		if f.PageNo() == 1 {
			f.CellFormat(0, 4, src.Job+"    030331", "", 1, "L", false, 0, "")
			f.CellFormat(60, 4, "*"+strings.ReplaceAll(job, "-", "")+"*", "", 0, "L", false, 0, "")
			f.CellFormat(0, 4, "Please recycle", "", 0, "R", false, 0, "")
			return
		}
		f.CellFormat(0, 4, fmt.Sprintf("%d/{nb}    %s", f.PageNo(), job), "", 0, "L", false, 0, "")
	})
	f.AliasNbPages("")
	t := typesetter{f: f, tr: f.UnicodeTranslatorFromDescriptor(""), size: 11, lineHeight: 5}
	f.AddPage()
	for _, l := range src.Front {
		if l[0] == "Title" {
			f.SetFont("Times", "B", 14)
		} else {
			f.SetFont("Times", "", 11)
		}
		f.CellFormat(0, 6, t.tr(l[1]), "", 1, "L", false, 0, "")
	}
	f.Ln(4)
	const left, right = 25.0, 185.0
	marked := func(indent, hang float64, mark string, runs []Run, bold bool) {
		t.set(layout{markX: left + indent, first: left + indent + hang, rest: left + indent + hang, right: right, mark: mark, bold: bold}, runs)
		f.Ln(1.5)
	}
	for _, b := range src.Body {
		mark, runs := ItemRuns(b)
		switch b[0] {
		case KindPre, "plain":
			first := left + 10
			if b[0] == "plain" {
				first = left
			}
			t.set(layout{first: first, rest: left, right: right}, runs)
			f.Ln(1.5)
		case KindHead:
			t.set(layout{first: left, rest: left, right: right, centred: true}, []Run{{Text: b[1], Italic: true}})
			f.Ln(2)
		case "rhead":
			marked(-5, 10, mark, runs, true)
		case "para", KindOp:
			marked(0, 10, mark, runs, false)
		case KindSub, KindBullet:
			marked(10, 8, mark, runs, false)
		case KindSubsub:
			marked(18, 10, mark, runs, false)
		case KindSubtext:
			t.set(layout{first: left + 18, rest: left + 18, right: right}, runs)
			f.Ln(1.5)
		case "speech":
			l := layout{first: left + 10, rest: left, right: right}
			if runs[0].Text == "" {
				runs = runs[1:]
			} else {
				runs[0].Text = strings.TrimRight(runs[0].Text, " ")
				l.boldFirst = true
			}
			t.set(l, runs)
			f.Ln(1.5)
		}
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// typesetter sets paragraphs of runs line by line, breaking lines itself
// (fpdf's MultiCell breaks only at spaces and knows one font a
// paragraph).
type typesetter struct {
	f          *fpdf.Fpdf
	tr         func(string) string
	size       float64
	lineHeight float64
}

// piece is what a line may break after: a word, or the part of a
// compound up to and including its hyphen.
type piece struct {
	text         string
	italic, bold bool
	space        bool // a space before it
}

// pieces cuts runs into the pieces a line may break between.
func pieces(runs []Run, bold bool, boldFirst bool) []piece {
	var out []piece
	space := false
	for i, r := range runs {
		text := r.Text
		for len(text) > 0 {
			if text[0] == ' ' {
				space = true
				text = text[1:]
				continue
			}
			end := strings.IndexByte(text, ' ')
			if end < 0 {
				end = len(text)
			}
			word := text[:end]
			text = text[end:]
			for _, part := range splitCompound(word) {
				out = append(out, piece{text: part, italic: r.Italic, bold: bold || boldFirst && i == 0, space: space})
				space = false
			}
		}
	}
	return out
}

// splitCompound cuts a word after each hyphen between two letters:
// "Secretary-General" is "Secretary-" and "General".
func splitCompound(w string) []string {
	var out []string
	start := 0
	for i := 1; i < len(w)-1; i++ {
		if w[i] != '-' {
			continue
		}
		before, _ := utf8.DecodeLastRuneInString(w[:i])
		after, _ := utf8.DecodeRuneInString(w[i+1:])
		if unicode.IsLetter(before) && unicode.IsLetter(after) {
			out = append(out, w[start:i+1])
			start = i + 1
		}
	}
	return append(out, w[start:])
}

func (t *typesetter) font(p piece) {
	style := ""
	if p.bold {
		style += "B"
	}
	if p.italic {
		style += "I"
	}
	t.f.SetFont("Times", style, t.size)
}

func (t *typesetter) width(p piece) float64 {
	t.font(p)
	return t.f.GetStringWidth(t.tr(p.text))
}

func (t *typesetter) spaceWidth(p piece) float64 {
	t.font(p)
	return t.f.GetStringWidth(" ")
}

// layout is where a paragraph's lines go, in mm from the page's left
// edge: its first line from first, with its mark (if any) at markX; the
// others from rest; all up to right, or centred between rest and right.
type layout struct {
	markX, first, rest, right float64
	mark                      string
	bold                      bool // the whole paragraph (a report's heading)
	boldFirst                 bool // its first run (a speaker's name)
	centred                   bool
}

// set sets a paragraph's runs as l says.
func (t *typesetter) set(l layout, runs []Run) {
	f := t.f
	_, pageHeight := f.GetPageSize()
	_, _, _, bottom := f.GetMargins()
	ps := pieces(runs, l.bold, l.boldFirst)
	first, rest, right, mark, centred, markX, bold := l.first, l.rest, l.right, l.mark, l.centred, l.markX, l.bold
	newLine := func() {
		if f.GetY()+t.lineHeight > pageHeight-bottom {
			f.AddPage()
		}
	}
	start, x0 := 0, first
	for lineNo := 0; start < len(ps) || lineNo == 0; lineNo++ {
		if lineNo > 0 {
			x0 = rest
		}
		// Take pieces while they fit.
		w, end := 0.0, start
		for end < len(ps) {
			add := t.width(ps[end])
			if ps[end].space && end > start {
				add += t.spaceWidth(ps[end])
			}
			if end > start && w+add > right-x0 {
				break
			}
			w += add
			end++
		}
		newLine()
		y := f.GetY()
		if lineNo == 0 && mark != "" {
			t.font(piece{bold: bold})
			f.SetXY(markX, y)
			f.CellFormat(first-markX, t.lineHeight, t.tr(mark), "", 0, "L", false, 0, "")
		}
		x := x0
		if centred {
			x = rest + (right-rest-w)/2
		}
		for i := start; i < end; i++ {
			if ps[i].space && i > start {
				x += t.spaceWidth(ps[i])
			}
			pw := t.width(ps[i])
			f.SetXY(x, y)
			f.CellFormat(pw, t.lineHeight, t.tr(ps[i].text), "", 0, "L", false, 0, "")
			x += pw
		}
		f.SetXY(x0, y+t.lineHeight)
		start = end
		if start >= len(ps) {
			break
		}
	}
	f.SetX(25)
}
