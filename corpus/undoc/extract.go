package undoc

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/ledongthuc/pdf"

	"mandatebot/internal/fault"
)

// ErrNotPDF is returned for a body that is not a PDF (an empty answer or
// an HTML page).
var ErrNotPDF = fault.New(fault.Invalid, "not a PDF")

// Line is one line of text on a page: glyphs on one baseline, ordered left
// to right, with spaces where the gaps between them are wide enough.
type Line struct {
	Page   int
	Y      float64 // baseline, from the bottom of the page
	X      float64 // left edge
	XEnd   float64 // right edge
	Size   float64 // font size of its first glyph
	Text   string
	Italic bool // the line starts in an italic font
}

// IsPDF reports whether b starts like a PDF file.
func IsPDF(b []byte) bool { return bytes.HasPrefix(bytes.TrimLeft(b, " \t\r\n"), []byte("%PDF-")) }

// Limits on what Lines reads from one PDF: a PDF is input from outside,
// and a small file can hold a stream that inflates to gigabytes or
// thousands of pages sharing one content stream.
const (
	maxPages          = 500
	maxGlyphsOnPage   = 200_000
	maxOperators      = 5_000_000 // content-stream operators in the whole document
	maxStreamBytes    = 64 << 20  // one stream, inflated
	maxInflatedBytes  = 512 << 20 // all streams, inflated
	checkEveryNthStep = 4096
)

// ErrTooComplex is wrapped by the error for a PDF over one of the limits
// on what Lines reads.
var ErrTooComplex = fault.New(fault.Invalid, "the PDF is too large or complex to be a UN document")

// ErrEncrypted is wrapped by the error for an encrypted PDF: one that
// needs a password, or that its producer protected (against printing or
// copying, say) though it opens without one. The PDF reader's support for
// encryption is weak (its own documentation says so): such a file reads
// as garbage or nothing, so it is refused, saying how to make a copy that
// reads.
var ErrEncrypted = fault.New(fault.Invalid, "the PDF is encrypted (protected by whoever made it, even if it opens without a password), and only unprotected PDFs can be read: open it in a PDF viewer and print or export it to a new PDF (or run qpdf --decrypt in.pdf out.pdf), then add that copy")

// ErrTruncated is returned for a PDF cut short: it starts as a PDF does
// but does not end with %%EOF, as every PDF must (the PDF reader's own
// rule), most often because a download or an upload stopped early.
var ErrTruncated = fault.New(fault.Invalid, "the PDF is cut short: it does not end as a PDF does, so the download or upload that made it stopped early; get the file again, whole")

// truncated reports whether b, a PDF by its header, lacks the %%EOF it
// must end with (after line ends and spaces).
func truncated(b []byte) bool {
	return !bytes.HasSuffix(bytes.TrimRight(b, "\r\n\t \x00"), []byte("%%EOF"))
}

// stop aborts a conversion from inside the PDF reader's callbacks.
type stop struct{ err error }

// checkStreams inflates every Flate stream of b, counting, before the PDF
// reader sees it: a compression bomb is refused here in bounded time and
// memory (nothing inflated is kept).
func checkStreams(ctx context.Context, b []byte) error {
	total := int64(0)
	rest := b
	for {
		i := bytes.Index(rest, []byte("stream"))
		if i < 0 {
			return nil
		}
		rest = rest[i+len("stream"):]
		if bytes.HasPrefix(rest, []byte("\r\n")) {
			rest = rest[2:]
		} else if bytes.HasPrefix(rest, []byte("\n")) || bytes.HasPrefix(rest, []byte("\r")) {
			rest = rest[1:]
		} else {
			continue // "endstream", or the word in text
		}
		zr, err := zlib.NewReader(bytes.NewReader(rest))
		if err != nil {
			continue // not Flate: an image, or plain
		}
		n, _ := io.Copy(io.Discard, io.LimitReader(zr, maxStreamBytes+1))
		zr.Close()
		total += n
		switch {
		case n > maxStreamBytes:
			return fmt.Errorf("%w: a stream inflates to more than %d MB", ErrTooComplex, maxStreamBytes>>20)
		case total > maxInflatedBytes:
			return fmt.Errorf("%w: its streams inflate to more than %d MB", ErrTooComplex, maxInflatedBytes>>20)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// Lines extracts the lines of a PDF, page by page, top to bottom. It
// depends on where glyphs are drawn, not on the order a producer wrote
// them in: glyphs are grouped by baseline, ordered by position, and a
// space is put wherever the gap between two glyphs is wider than a
// fraction of the font size (as pdftotext and PDFium do), so a number set
// off by a tab stop reads "1. Decides", not "1.Decides".
//
// The PDF is read in a child process (see sandbox.go) with its memory and
// time bounded, so no file can take the caller down: a PDF the reader
// cannot cope with ends in an error wrapping ErrTooComplex (the limits
// above, a loop in its structure, the reader running out of memory or
// time), and ctx's error when ctx is done (the fetch deadline, SIGTERM).
func Lines(ctx context.Context, b []byte) ([]Line, error) {
	if err := checkWhole(b); err != nil {
		return nil, err
	}
	lines, _, err := readIsolated(ctx, b)
	return lines, err
}

// checkWhole says whether b is a whole PDF, before any reader is started:
// ErrNotPDF when it does not start as one, ErrTruncated when it does not
// end as one.
func checkWhole(b []byte) error {
	switch {
	case !IsPDF(b):
		return ErrNotPDF
	case truncated(b):
		return ErrTruncated
	}
	return nil
}

// extractLines is Lines' work, done in the process that calls it: the
// sandbox's child runs it.
func extractLines(ctx context.Context, b []byte) (lines []Line, err error) {
	if !IsPDF(b) {
		return nil, ErrNotPDF
	}
	if err := checkStructure(b); err != nil {
		return nil, err
	}
	if err := checkStreams(ctx, b); err != nil {
		return nil, err
	}
	defer func() {
		// The PDF reader panics on some malformed files; a limit or a
		// cancelled context stops it by panicking with stop.
		if r := recover(); r != nil {
			if s, ok := r.(stop); ok {
				lines, err = nil, s.err
				return
			}
			lines, err = nil, fmt.Errorf("read PDF: %v", r)
		}
	}()
	budget := &opBudget{ctx: ctx, left: maxOperators}
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	switch {
	case errors.Is(err, pdf.ErrInvalidPassword), err != nil && strings.Contains(err.Error(), "encrypt"):
		return nil, ErrEncrypted
	case err != nil:
		return nil, fmt.Errorf("read PDF: %w", err)
	case r.Trailer().Key("Encrypt").Kind() != pdf.Null:
		return nil, ErrEncrypted
	}
	pages, err := pageList(r.Trailer().Key("Root").Key("Pages"))
	if err != nil {
		return nil, err
	}
	for i, p := range pages {
		lines = append(lines, layout(i+1, pageGlyphs(p, maxGlyphsOnPage, budget))...)
	}
	return lines, nil
}

// opBudget counts content-stream operators across a document and checks
// the context now and then.
type opBudget struct {
	ctx  context.Context
	left int
}

func (b *opBudget) step() {
	b.left--
	if b.left < 0 {
		panic(stop{fmt.Errorf("%w: more than %d drawing operators", ErrTooComplex, maxOperators)})
	}
	if b.left%checkEveryNthStep == 0 {
		if err := b.ctx.Err(); err != nil {
			panic(stop{err})
		}
	}
}

// Gaps between glyphs, in fractions of the font size.
const (
	spaceGap   = 0.15 // wider than kerning, narrower than the narrowest word space
	columnGap  = 6.0  // wider than any tab stop: a new column or a footer's far side
	baselineOK = 0.35 // glyphs whose baselines differ by less are on one line
)

// layout groups a page's glyphs into lines.
func layout(page int, gs []glyph) []Line {
	if len(gs) == 0 {
		return nil
	}
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].y > gs[j].y })
	var rows [][]glyph
	for _, g := range gs {
		if n := len(rows); n > 0 {
			first := rows[n-1][0]
			if math.Abs(first.y-g.y) <= baselineOK*math.Max(first.size, 1) {
				rows[n-1] = append(rows[n-1], g)
				continue
			}
		}
		rows = append(rows, []glyph{g})
	}
	var out []Line
	for _, row := range rows {
		sort.SliceStable(row, func(i, j int) bool { return row[i].x < row[j].x })
		var cur *Line
		var b strings.Builder
		var prev glyph
		flush := func() {
			if cur != nil {
				if t := strings.Join(strings.Fields(b.String()), " "); t != "" {
					cur.Text = t
					out = append(out, *cur)
				}
			}
			cur = nil
			b.Reset()
		}
		for _, g := range row {
			if strings.TrimSpace(g.text) == "" && cur == nil {
				continue
			}
			if cur != nil {
				end := prev.x + prev.w
				gap := g.x - end
				em := math.Max(prev.size, 1)
				switch {
				case g.text == prev.text && math.Abs(g.x-prev.x) < 0.1*em:
					continue // drawn twice, for a bold effect
				case gap > columnGap*em:
					flush()
				case gap > spaceGap*em:
					b.WriteByte(' ')
				}
			}
			if cur == nil {
				cur = &Line{Page: page, Y: g.y, X: g.x, Size: g.size, Italic: g.italic}
			}
			b.WriteString(g.text)
			cur.XEnd = math.Max(cur.XEnd, g.x+g.w)
			prev = g
		}
		flush()
	}
	return out
}
