package undoctest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/go-pdf/fpdf"
)

// Source is a fictional UN document as data: what
// testdata/libreoffice/make_fodt.py writes beside each LibreOffice
// fixture (<name>.json), so the same text can be rendered by a second
// producer. Front lines are [style, text]; body items are [kind, …] as
// make_fodt.py's document() reads them: pre (italic lead, text), head,
// plain, rhead (number, title), para (number, text), speech (speaker,
// text), op, sub and subsub (mark, text).
type Source struct {
	Symbol string     `json:"symbol"`
	Job    string     `json:"job"`
	Front  [][]string `json:"front"`
	Body   [][]string `json:"body"`
}

// ReadSource reads a Source from its JSON.
func ReadSource(b []byte) (Source, error) {
	var s Source
	err := json.Unmarshal(b, &s)
	return s, err
}

// FPDF renders src with go-pdf/fpdf, in the layout of the Official
// Document System's PDFs rather than LibreOffice's: Times 11 pt, the
// running header (the symbol) from page 2, and the footers as the UN sets
// them — on the first page the job number with a date stamp, then a bar
// code and "Please recycle"; on the others the page number and the job
// number on one line ("2/3 31-04321"). Paragraphs run across page breaks,
// so furniture falls in the middle of sentences.
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
	tr := f.UnicodeTranslatorFromDescriptor("")
	f.AddPage()
	for _, l := range src.Front {
		if l[0] == "Title" {
			f.SetFont("Times", "B", 14)
		} else {
			f.SetFont("Times", "", 11)
		}
		f.CellFormat(0, 6, tr(l[1]), "", 1, "L", false, 0, "")
	}
	f.Ln(4)
	marked := func(indent, hang float64, mark, text string) {
		f.SetX(25 + indent)
		f.CellFormat(hang, 5, tr(mark), "", 0, "L", false, 0, "")
		f.SetLeftMargin(25 + indent + hang)
		f.MultiCell(0, 5, tr(text), "", "J", false)
		f.SetLeftMargin(25)
		f.Ln(1.5)
	}
	for _, b := range src.Body {
		f.SetFont("Times", "", 11)
		switch b[0] {
		case "pre":
			f.SetX(35)
			f.SetFont("Times", "I", 11)
			f.Write(5, tr(b[1]))
			f.SetFont("Times", "", 11)
			f.Write(5, tr(b[2]))
			f.Ln(6.5)
		case "head":
			f.SetFont("Times", "I", 11)
			f.CellFormat(0, 7, tr(b[1]), "", 1, "C", false, 0, "")
		case "plain":
			f.MultiCell(0, 5, tr(b[1]), "", "L", false)
			f.Ln(1.5)
		case "rhead":
			f.SetFont("Times", "B", 11)
			marked(-5, 10, b[1], b[2])
		case "para", "op":
			marked(0, 10, b[1], b[2])
		case "sub":
			marked(10, 8, b[1], b[2])
		case "subsub":
			marked(18, 10, b[1], b[2])
		case "speech":
			f.SetX(35)
			if b[1] != "" {
				f.SetFont("Times", "B", 11)
				f.Write(5, tr(b[1]))
				f.SetFont("Times", "", 11)
			}
			f.Write(5, tr(b[2]))
			f.Ln(6.5)
		}
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		panic(err)
	}
	return buf.Bytes()
}
