// Package undoc turns official UN documents (Security Council resolutions,
// reports and meeting records, as PDFs from the Official Document System)
// into stored corpus documents, and fetches them by symbol.
//
// Text is extracted with github.com/ledongthuc/pdf, a pure-Go PDF reader
// (a maintained fork of rsc.io/pdf): no cgo and no external tool, so the
// binary still builds and runs anywhere. It yields each glyph run with its
// position and font, from which lines, page furniture and italics are
// recovered.
package undoc

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/ledongthuc/pdf"
)

// ErrNotPDF is returned for a body that is not a PDF (an empty answer or
// an HTML page).
var ErrNotPDF = errors.New("not a PDF")

// Line is one line of text on a page.
type Line struct {
	Page   int
	Y      float64 // from the bottom of the page
	X      float64 // left edge
	Text   string
	Italic bool // the line starts in an italic font
}

// IsPDF reports whether b starts like a PDF file.
func IsPDF(b []byte) bool { return bytes.HasPrefix(bytes.TrimLeft(b, " \t\r\n"), []byte("%PDF-")) }

// Lines extracts the lines of a PDF, page by page, top to bottom.
func Lines(b []byte) (lines []Line, err error) {
	if !IsPDF(b) {
		return nil, ErrNotPDF
	}
	defer func() {
		// The PDF reader panics on some malformed files.
		if r := recover(); r != nil {
			lines, err = nil, fmt.Errorf("read PDF: %v", r)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("read PDF: %w", err)
	}
	for i := 1; i <= r.NumPage(); i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		type acc struct {
			y, x   float64
			text   strings.Builder
			italic bool
			order  int
		}
		byY := map[int]*acc{}
		n := 0
		for _, t := range p.Content().Text {
			key := int(math.Round(t.Y * 2)) // half-point buckets
			a := byY[key]
			if a == nil {
				a = &acc{y: t.Y, x: t.X, order: n, italic: isItalic(t.Font)}
				byY[key] = a
				n++
			}
			a.x = math.Min(a.x, t.X)
			a.text.WriteString(t.S)
		}
		var accs []*acc
		for _, a := range byY {
			accs = append(accs, a)
		}
		sort.Slice(accs, func(i, j int) bool { return accs[i].y > accs[j].y })
		for _, a := range accs {
			if t := strings.Join(strings.Fields(a.text.String()), " "); t != "" {
				lines = append(lines, Line{Page: i, Y: a.y, X: a.x, Text: t, Italic: a.italic})
			}
		}
	}
	return lines, nil
}

func isItalic(font string) bool {
	f := strings.ToLower(font)
	return strings.Contains(f, "italic") || strings.Contains(f, "oblique")
}
