package undoctest

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/go-pdf/fpdf"
)

// Block is a paragraph of a fixture, set in the given style.
type Block struct {
	Text     string
	Italic   string // an italic opening word ("Recalling"), before Text
	Centered bool   // a heading
	Indent   float64
}

// ResolutionBlocks is the body of the fictional resolution S/RES/9999 (2031).
var ResolutionBlocks = []Block{
	{Text: "The Security Council,"},
	{Italic: "Recalling", Text: " its previous resolutions on the fictional Republic of Ruritania, in particular resolution 9990 (2030),", Indent: 10},
	{Italic: "Welcoming", Text: " the efforts of the fictional Ruritanian authorities to hold inclusive, peaceful and credible elections in the northern provinces,", Indent: 10},
	{Italic: "Determining", Text: " that the situation in Ruritania constitutes a threat to international peace and security in the region,", Indent: 10},
	{Text: "1. Decides to extend the mandate of the United Nations Fictional Mission in Ruritania (UNFMR) until 30 June 2032;"},
	{Text: "Mandate of UNFMR", Centered: true},
	{Text: "2. Decides that the mandate of UNFMR shall be the following:"},
	{Text: "(a) Security, stabilization and protection of civilians:", Indent: 10},
	{Text: "(i) To support the fictional authorities in stabilizing key population centres, especially in the north of Ruritania, and to deter threats and take active steps to prevent the return of armed elements to those areas;", Indent: 20},
	{Text: "(ii) To protect, without prejudice to the responsibility of the fictional authorities, civilians under imminent threat of physical violence, within its capabilities and areas of deployment;", Indent: 20},
	{Text: "(b) Support for national political dialogue and for reconciliation, including by facilitating an inclusive dialogue between all fictional parties;", Indent: 10},
	{Text: "3. Requests the Secretary-General to report on the implementation of this resolution every three months;"},
	{Text: "4. Decides to remain actively seized of the matter."},
}

// ResolutionPDF renders the fictional resolution S/RES/9999 (2031) over
// several pages, with a running header (the symbol), a footer with a job
// number and a page number on every page, and sub-paragraph (a)(i)
// crossing a page break.
func ResolutionPDF() []byte { return Resolution("9999", "2031") }

// Resolution renders the same fictional text under the symbol
// S/RES/<number> (<year>), so tests can stand it in for any resolution.
// Its text is still about the fictional mission, and says so.
func Resolution(number, year string) []byte {
	sym := "S/RES/" + number + " (" + year + ")"
	return PDF(sym, year[2:]+"-01234 (E)", []string{
		"United Nations",
		sym,
		"Security Council",
		"Distr.: General",
		"3 March " + year,
		"Resolution " + number + " (" + year + ")",
		"Adopted by the Security Council at its 9999th meeting, on 3 March " + year,
	}, ResolutionBlocks, 8)
}

// LaterResolutionPDF is ResolutionPDF's fictional resolution, S/RES/9996 (2032), as a later mandate
// would change it, rendered by go-pdf/fpdf: the "Welcoming" paragraph
// removed, the mission extended to another date, the political task moved
// first, a task on children added and the reports made less frequent.
// Its text is fictional, like the fixture's. Comparing the two finds
// exactly: pp. 2 removed, op. 1 reworded, op. 2(b) moved to op. 2(a),
// op. 2(c) added and op. 3 reworded.
func LaterResolutionPDF() []byte {
	var blocks []Block
	for _, b := range ResolutionBlocks {
		switch {
		case b.Italic == "Welcoming":
			continue
		case strings.HasPrefix(b.Text, "1. "):
			b.Text = strings.Replace(b.Text, "30 June 2032", "30 June 2033", 1)
		case strings.HasPrefix(b.Text, "(a) "):
			b.Text = "(b) " + b.Text[4:]
		case strings.HasPrefix(b.Text, "(b) "):
			continue
		case strings.HasPrefix(b.Text, "3. "):
			b.Text = strings.Replace(b.Text, "every three months", "every six months", 1)
		}
		blocks = append(blocks, b)
		if strings.HasPrefix(b.Text, "2. ") {
			blocks = append(blocks, Block{Indent: 10, Text: "(a) Support for national political dialogue and for reconciliation, including by facilitating an inclusive dialogue between all fictional parties;"})
		}
		if strings.HasPrefix(b.Text, "(ii) ") {
			blocks = append(blocks, Block{Indent: 10, Text: "(c) Support for the protection of children affected by armed conflict in the fictional provinces;"})
		}
	}
	return PDF("S/RES/9996 (2032)", "32-09996 (E)", []string{
		"United Nations", "S/RES/9996 (2032)", "Security Council", "Distr.: General", "3 March 2032",
		"Resolution 9996 (2032)", "Adopted by the Security Council at its 9996th meeting, on 3 March 2032",
	}, blocks, 8)
}

// TabbedResolutionPDF renders the fictional resolution S/RES/9997 (2031)
// another way: core Times, and every paragraph number or mark set off from
// its text at a tab position, as word processors do, so the number and the
// text are separate runs with a gap between them.
func TabbedResolutionPDF() []byte {
	sym := "S/RES/9997 (2031)"
	return render(sym, "31-09997 (E)", []string{
		"United Nations", sym, "Security Council", "Distr.: General", "4 March 2031",
		"Resolution 9997 (2031)", "Adopted by the Security Council at its 9997th meeting, on 4 March 2031",
	}, ResolutionBlocks, 8, "Times", true)
}

// markRE finds a paragraph number or mark at the start of a block.
var markRE = regexp.MustCompile(`^(\d{1,3}\.|\([a-z]{1,5}\)) `)

// PDF renders a document: first-page lines, then blocks, breaking the page
// after pageBreakAfter blocks.
func PDF(symbol, job string, first []string, blocks []Block, pageBreakAfter int) []byte {
	return render(symbol, job, first, blocks, pageBreakAfter, "Helvetica", false)
}

func render(symbol, job string, first []string, blocks []Block, pageBreakAfter int, family string, tabbed bool) []byte {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetMargins(25, 20, 25)
	f.SetAutoPageBreak(true, 25)
	f.SetHeaderFunc(func() {
		if f.PageNo() == 1 {
			return
		}
		f.SetFont("Helvetica", "", 9)
		f.CellFormat(0, 5, symbol, "", 1, "L", false, 0, "")
		f.Ln(4)
	})
	f.SetFooterFunc(func() {
		f.SetY(-18)
		f.SetFont("Helvetica", "", 8)
		f.CellFormat(80, 5, job, "", 0, "L", false, 0, "")
		f.CellFormat(0, 5, fmt.Sprintf("%d/{nb}", f.PageNo()), "", 0, "R", false, 0, "")
	})
	f.AliasNbPages("")
	tr := f.UnicodeTranslatorFromDescriptor("")
	f.AddPage()
	f.SetFont(family, "", 11)
	for _, l := range first {
		f.CellFormat(0, 6, tr(l), "", 1, "L", false, 0, "")
	}
	f.Ln(6)
	for i, b := range blocks {
		if i == pageBreakAfter {
			// Force the next block to start low on the page, so it crosses
			// the page break.
			f.SetY(264)
		}
		switch {
		case b.Centered:
			f.SetFont(family, "B", 11)
			f.CellFormat(0, 6, tr(b.Text), "", 1, "C", false, 0, "")
		case b.Italic != "":
			f.SetX(25 + b.Indent)
			f.SetFont(family, "I", 11)
			f.Write(5, tr(b.Italic))
			f.SetFont(family, "", 11)
			f.Write(5, tr(b.Text))
			f.Ln(6)
		case tabbed && markRE.MatchString(b.Text):
			mark := markRE.FindStringSubmatch(b.Text)[1]
			f.SetFont(family, "", 11)
			f.SetX(25 + b.Indent)
			f.CellFormat(12, 5, mark, "", 0, "L", false, 0, "")
			f.SetLeftMargin(25 + b.Indent + 12)
			f.MultiCell(0, 5, tr(strings.TrimPrefix(b.Text, mark+" ")), "", "L", false)
			f.SetLeftMargin(25)
			f.Ln(1)
		default:
			f.SetFont(family, "", 11)
			f.SetX(25 + b.Indent)
			f.MultiCell(0, 5, tr(b.Text), "", "L", false)
			f.Ln(1)
		}
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		panic(err)
	}
	return buf.Bytes()
}
