package undoctest

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"

	"github.com/go-pdf/fpdf"
)

// RawPDF writes a PDF of the given objects (numbered from 1) with a
// correct cross-reference table; trailer is added to the trailer
// dictionary, where "XREF" stands for the table's own offset.
func RawPDF(objs []string, trailer string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	var offsets []int
	for i, o := range objs {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	trailer = strings.ReplaceAll(trailer, "XREF", fmt.Sprint(xref))
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, trailer, xref)
	return b.Bytes()
}

// flate compresses b.
func flate(b []byte) []byte {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(b)
	zw.Close()
	return z.Bytes()
}

// Hostile is a crafted PDF that once crashed or hung the bot, with what
// the error reading it must say.
type Hostile struct {
	Name, Want string
	PDF        []byte
}

// HostilePDFs are the crafted files that once crashed or hung the bot.
// They are made here, not committed.
func HostilePDFs() []Hostile {
	page := "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
	font := "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
	text := flate([]byte("BT /F1 12 Tf 72 700 Td (A fictional page.) Tj ET"))
	stream := func(dict string, data []byte) string {
		return fmt.Sprintf("<< /Length %d %s >>\nstream\n%s\nendstream", len(data), dict, data)
	}
	return []Hostile{
		{"predictor row of 30 billion columns", "predictor rows are 30000000000 samples wide", RawPDF([]string{
			"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Count 1 /Kids [5 0 R] >>", font,
			stream("/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 30000000000 >>", text), page,
		}, "")},
		{"page tree whose only kid is itself", "page tree is more than 32 levels deep", RawPDF([]string{
			"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Count 1 /Kids [2 0 R] >>", font,
			stream("/Filter /FlateDecode", text),
		}, "")},
		{"page tree of two kids, both itself", "its page tree is more than", RawPDF([]string{
			"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Count 1 /Kids [2 0 R 2 0 R] >>", font,
			stream("/Filter /FlateDecode", text),
		}, "")},
		{"xref /Prev pointing at itself", "cross-reference chain loops", RawPDF([]string{
			"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Count 1 /Kids [5 0 R] >>", font,
			stream("/Filter /FlateDecode", text), page,
		}, "/Prev XREF")},
		// No check before the reader sees this one: the child's memory
		// limit is what stops it.
		{"xref stream of 100 billion entries", "needed more than", func() []byte {
			b := []byte("%PDF-1.5\n")
			off := len(b)
			b = append(b, stream("/Type /XRef /Size 100000000000 /W [1 2 1] /Root 1 0 R", nil)...)
			b = fmt.Appendf(nil, "%s1 0 obj\n%s\nendobj\nstartxref\n%d\n%%%%EOF\n", b[:off], b[off:], off)
			return b
		}()},
		// Once read as "no UN symbol on its first page": the reader opens
		// it with the empty password and reads nothing true.
		{"encrypted, opening without a password", "the PDF is encrypted", EncryptedPDF("")},
		{"encrypted with a password", "the PDF is encrypted", EncryptedPDF("secret")},
	}
}

// EncryptedPDF is the first page of a fictional resolution, protected
// against copying as a producer may: with userPassword "" it opens
// without one.
func EncryptedPDF(userPassword string) []byte {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetProtection(fpdf.CnProtectPrint, userPassword, "fictional-owner")
	f.AddPage()
	f.SetFont("Helvetica", "", 11)
	for _, l := range []string{"United Nations", "S/RES/9995 (2031)", "Security Council",
		"1. Decides to extend the mandate of the fictional mission in Ruritania;"} {
		f.CellFormat(0, 6, l, "", 1, "L", false, 0, "")
	}
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		panic(err)
	}
	return b.Bytes()
}
