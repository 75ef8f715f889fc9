package undoc_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"strings"
	"testing"

	"mandatebot/corpus/undoc"
	"mandatebot/corpus/undoc/undoctest"
)

// type0PDF builds a one-page PDF the way Word writes Official Document
// System PDFs: a Type0 font with Identity-H encoding (two-byte codes),
// glyph widths in the CID font's /W array, and a ToUnicode CMap; the "fi"
// of "final" is one ligature glyph. Each line is a TJ array: a mark, a gap
// of gap thousandths of an em (a tab stop), then the text. The text is
// fictional.
func type0PDF(t *testing.T, lines [][2]string, gap int) []byte {
	t.Helper()
	codes := map[rune]int{}
	var runes []rune
	code := func(r rune) int {
		if c, ok := codes[r]; ok {
			return c
		}
		runes = append(runes, r)
		codes[r] = len(runes)
		return len(runes)
	}
	hex := func(s string) string {
		var b strings.Builder
		b.WriteByte('<')
		for _, r := range strings.ReplaceAll(s, "fi", "ﬁ") {
			fmt.Fprintf(&b, "%04X", code(r))
		}
		b.WriteByte('>')
		return b.String()
	}
	var content strings.Builder
	y := 760
	for _, l := range lines {
		fmt.Fprintf(&content, "BT /F1 12 Tf 1 0 0 1 72 %d Tm [%s %d %s] TJ ET\n", y, hex(l[0]), -gap, hex(l[1]))
		y -= 16
	}
	var widths, bfchar strings.Builder
	for i, r := range runes {
		w := 520
		if r == ' ' {
			w = 250
		}
		fmt.Fprintf(&widths, "%d ", w)
		fmt.Fprintf(&bfchar, "<%04X> <%04X>\n", i+1, r)
	}
	cmap := "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" +
		fmt.Sprintf("%d beginbfchar\n%sendbfchar\n", len(runes), bfchar.String()) +
		"endcmap\nCMapName currentdict /CIDInit defineresource pop\nend\nend\n"
	stream := func(s string) string {
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		zw.Write([]byte(s))
		zw.Close()
		return fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", z.Len(), z.String())
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 7 0 R >>",
		"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+TimesNewRomanPSMT /Encoding /Identity-H /DescendantFonts [5 0 R] /ToUnicode 6 0 R >>",
		fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+TimesNewRomanPSMT /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 /W [1 [%s]] >>", widths.String()),
		stream(cmap),
		stream(content.String()),
	}
	return undoctest.RawPDF(objs, "")
}

func TestType0Font(t *testing.T) {
	pdf := type0PDF(t, [][2]string{
		{"1.", "Decides to extend the final mandate of the fictional mission;"},
		{"(a)", "Support for the fictional authorities’ efforts;"},
	}, 2400)
	lines, err := undoc.Lines(context.Background(), pdf)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range lines {
		got = append(got, l.Text)
	}
	want := []string{
		"1. Decides to extend the final mandate of the fictional mission;",
		"(a) Support for the fictional authorities’ efforts;",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(lines) == 2 && (lines[0].XEnd-lines[0].X < 300 || lines[0].XEnd-lines[0].X > 450) {
		t.Errorf("line width %.0f pt: the /W widths were not used", lines[0].XEnd-lines[0].X)
	}
}
