package undoc

import (
	"math"
	"strings"

	"github.com/ledongthuc/pdf"
)

// glyph is one character drawn on a page, where the PDF puts it.
type glyph struct {
	x, y   float64 // baseline start, in points from the bottom left
	w      float64 // advance width, in points
	size   float64 // font size on the page, in points
	font   string  // base font name, without a subset prefix
	text   string  // what it reads as: usually one character, "fi" for a ligature
	italic bool
}

// matrix is a PDF transformation matrix [a b 0; c d 0; e f 1].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// matrixOf reads the six operands of "cm" or "Tm".
func matrixOf(args []pdf.Value) matrix {
	var m matrix
	for i := range m {
		m[i] = args[i].Float64()
	}
	return m
}

func translate(x, y float64) matrix { return matrix{1, 0, 0, 1, x, y} }

// font is what the walker needs of a PDF font: how to cut a string into
// codes, what each code reads as, and how wide it is.
type font struct {
	name      string
	italic    bool
	twoByte   bool // a Type0 (CID) font: two-byte codes, as Word and LibreOffice write them
	enc       pdf.TextEncoding
	first     int
	widths    pdf.Value // simple fonts: /Widths from /FirstChar
	cidWidths map[int]float64
	dw        float64 // CID fonts: default width
}

func newFont(f pdf.Font) *font {
	name := f.BaseFont()
	if i := strings.IndexByte(name, '+'); i >= 0 {
		name = name[i+1:]
	}
	ft := &font{name: name, italic: isItalic(name), enc: f.Encoder()}
	if ft.enc == nil {
		ft.enc = nopEncoding{}
	}
	if f.V.Key("Subtype").Name() == "Type0" {
		ft.twoByte = true
		d := f.V.Key("DescendantFonts").Index(0)
		ft.dw = 1000
		if v := d.Key("DW"); v.Kind() == pdf.Integer || v.Kind() == pdf.Real {
			ft.dw = v.Float64()
		}
		ft.cidWidths = cidWidths(d.Key("W"))
		if desc := d.Key("FontDescriptor"); desc.Key("ItalicAngle").Float64() != 0 {
			ft.italic = true
		}
		return ft
	}
	ft.first = f.FirstChar()
	ft.widths = f.V.Key("Widths")
	if desc := f.V.Key("FontDescriptor"); desc.Key("ItalicAngle").Float64() != 0 {
		ft.italic = true
	}
	return ft
}

// cidWidths reads a CID font's /W array: "c [w1 w2 …]" or "c1 c2 w".
func cidWidths(w pdf.Value) map[int]float64 {
	out := map[int]float64{}
	for i := 0; i+1 < w.Len() && len(out) < 1<<16; {
		c := int(w.Index(i).Int64())
		next := w.Index(i + 1)
		if next.Kind() == pdf.Array {
			for j := 0; j < next.Len() && j < 1<<16; j++ {
				out[c+j] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		if i+2 >= w.Len() {
			break
		}
		last, width := int(next.Int64()), w.Index(i+2).Float64()
		for c2 := c; c2 <= last && c2-c < 1<<16; c2++ {
			out[c2] = width
		}
		i += 3
	}
	return out
}

// width returns the advance of code in thousandths of the font size.
func (f *font) width(code int) float64 {
	if f.twoByte {
		if w, ok := f.cidWidths[code]; ok {
			return w
		}
		return f.dw
	}
	if i := code - f.first; i >= 0 && i < f.widths.Len() {
		return f.widths.Index(i).Float64()
	}
	return standardWidth(f.name, code)
}

// standardWidth is the width of code in one of the standard fonts, which
// a PDF may use without listing widths. An unknown font gets an average
// width, so glyphs still advance and keep their order.
//
//go:generate go run ./gen
func standardWidth(name string, code int) float64 {
	if strings.HasPrefix(name, "Courier") {
		return 600
	}
	base := strings.TrimSuffix(strings.TrimSuffix(name, ",Bold"), ",Italic")
	switch base {
	case "Arial", "ArialMT":
		base = "Helvetica"
	case "TimesNewRoman", "TimesNewRomanPSMT", "Times":
		base = "Times-Roman"
	}
	ws, ok := standardWidths[base]
	if !ok {
		ws, ok = standardWidths[name]
	}
	if ok && code >= 32 && code < 256 {
		return float64(ws[code-32])
	}
	return 500
}

type nopEncoding struct{}

func (nopEncoding) Decode(raw string) string { return raw }

// ligatures spells out the ligature characters some fonts map to.
var ligatures = strings.NewReplacer("ﬀ", "ff", "ﬁ", "fi", "ﬂ", "fl", "ﬃ", "ffi", "ﬄ", "ffl", "ﬅ", "st", "ﬆ", "st")

// textState is the graphics and text state the walker follows.
type textState struct {
	ctm, tm, tlm         matrix
	font                 *font
	size                 float64
	charSpace, wordSpace float64
	scale, leading, rise float64
}

// pageGlyphs returns every glyph drawn on a page, interpreting its content
// stream: text position, fonts (simple and CID), spacing and scaling. It
// stops at maxGlyphs.
func pageGlyphs(p pdf.Page, maxGlyphs int, budget *opBudget) []glyph {
	contents := p.V.Key("Contents")
	if contents.Kind() == pdf.Null {
		return nil
	}
	fonts := map[string]*font{}
	st := textState{ctm: identity, tm: identity, tlm: identity, scale: 1}
	var stack []textState
	var out []glyph
	show := func(s string) {
		f := st.font
		if f == nil {
			return
		}
		step := 1
		if f.twoByte {
			step = 2
		}
		for i := 0; i+step <= len(s); i += step {
			raw := s[i : i+step]
			code := int(raw[0])
			if step == 2 {
				code = code<<8 | int(raw[1])
			}
			w0 := f.width(code) / 1000
			trm := matrix{st.size * st.scale, 0, 0, st.size, 0, st.rise}.mul(st.tm).mul(st.ctm)
			text := ligatures.Replace(f.enc.Decode(raw))
			size := math.Hypot(trm[2], trm[3])
			if text != "" && len(out) < maxGlyphs {
				out = append(out, glyph{
					x: trm[4], y: trm[5], w: w0 * math.Hypot(trm[0], trm[1]),
					size: size, font: f.name, text: text, italic: f.italic,
				})
			}
			tx := w0*st.size + st.charSpace
			if step == 1 && code == ' ' {
				tx += st.wordSpace
			}
			st.tm = translate(tx*st.scale, 0).mul(st.tm)
		}
	}
	num := func(v pdf.Value) float64 { return v.Float64() }
	pdf.Interpret(contents, func(stk *pdf.Stack, op string) {
		budget.step()
		n := stk.Len()
		args := make([]pdf.Value, n)
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		need := func(k int) bool { return len(args) == k }
		switch op {
		case "q":
			if len(stack) < 64 {
				stack = append(stack, st)
			}
		case "Q":
			if len(stack) > 0 {
				st = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
		case "cm":
			if need(6) {
				st.ctm = matrixOf(args).mul(st.ctm)
			}
		case "BT":
			st.tm, st.tlm = identity, identity
		case "Tf":
			if need(2) {
				name := args[0].Name()
				if fonts[name] == nil {
					fonts[name] = newFont(p.Font(name))
				}
				st.font, st.size = fonts[name], num(args[1])
			}
		case "Tc":
			if need(1) {
				st.charSpace = num(args[0])
			}
		case "Tw":
			if need(1) {
				st.wordSpace = num(args[0])
			}
		case "Tz":
			if need(1) {
				st.scale = num(args[0]) / 100
			}
		case "TL":
			if need(1) {
				st.leading = num(args[0])
			}
		case "Ts":
			if need(1) {
				st.rise = num(args[0])
			}
		case "TD", "Td":
			if need(2) {
				if op == "TD" {
					st.leading = -num(args[1])
				}
				st.tlm = translate(num(args[0]), num(args[1])).mul(st.tlm)
				st.tm = st.tlm
			}
		case "Tm":
			if need(6) {
				st.tm = matrixOf(args)
				st.tlm = st.tm
			}
		case "T*":
			st.tlm = translate(0, -st.leading).mul(st.tlm)
			st.tm = st.tlm
		case "Tj":
			if need(1) {
				show(args[0].RawString())
			}
		case "'", "\"":
			if op == "\"" && need(3) {
				st.wordSpace, st.charSpace = num(args[0]), num(args[1])
				args = args[2:]
			}
			st.tlm = translate(0, -st.leading).mul(st.tlm)
			st.tm = st.tlm
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "TJ":
			if need(1) {
				a := args[0]
				for i := 0; i < a.Len(); i++ {
					x := a.Index(i)
					if x.Kind() == pdf.String {
						show(x.RawString())
						continue
					}
					st.tm = translate(-num(x)/1000*st.size*st.scale, 0).mul(st.tm)
				}
			}
		}
	})
	return out
}

func isItalic(font string) bool {
	f := strings.ToLower(font)
	return strings.Contains(f, "italic") || strings.Contains(f, "oblique")
}
