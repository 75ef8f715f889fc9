package undoc_test

import (
	"context"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"mandatebot/corpus"
	"mandatebot/corpus/undoc"
	"mandatebot/corpus/undoc/undoctest"
)

// The fixtures are synthetic documents about a fictional mission.

func convertFixture(t *testing.T) *corpus.Document {
	t.Helper()
	lines, err := undoc.Lines(context.Background(), undoctest.ResolutionPDF())
	if err != nil {
		t.Fatal(err)
	}
	md, warnings, err := undoc.Convert(lines, "S/RES/9999 (2031)", "https://example.org/S/RES/9999")
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) > 0 {
		t.Errorf("warnings: %q", warnings)
	}
	d, err := corpus.Parse("s-res-9999-2031.md", md)
	if err != nil {
		t.Fatalf("the Markdown does not load: %v\n%s", err, md)
	}
	return d
}

func TestConvertResolution(t *testing.T) {
	d := convertFixture(t)
	if d.ID != "s-res-9999-2031" || d.Kind != corpus.KindResolution || d.Symbol != "S/RES/9999 (2031)" || d.Date != "3 March 2031" || d.Title != "Resolution 9999 (2031)" {
		t.Errorf("metadata: id %q kind %q symbol %q date %q title %q", d.ID, d.Kind, d.Symbol, d.Date, d.Title)
	}
	var labels []string
	for _, p := range d.Passages {
		labels = append(labels, p.Label)
	}
	want := "pp. 1,pp. 2,pp. 3,op. 1,op. 2,op. 2(a),op. 2(a)(i),op. 2(a)(ii),op. 2(b),op. 3,op. 4"
	if got := strings.Join(labels, ","); got != want {
		t.Errorf("labels = %s\nwant     %s", got, want)
	}
	byLabel := map[string]corpus.Passage{}
	for _, p := range d.Passages {
		byLabel[p.Label] = p
	}
	// A sub-paragraph reads alone: it carries its parents' lead-ins, and
	// the part that crossed a page is joined without the page's furniture.
	sub := byLabel["op. 2(a)(i)"]
	wantText := "Decides that the mandate of UNFMR shall be the following: (a) Security, stabilization and protection of civilians: (i) To support the fictional authorities in stabilizing key population centres, especially in the north of Ruritania, and to deter threats and take active steps to prevent the return of armed elements to those areas;"
	if sub.Text != wantText {
		t.Errorf("op. 2(a)(i) = %q", sub.Text)
	}
	if got := d.Citation(&sub); got != "S/RES/9999 (2031), op. 2(a)(i)" {
		t.Errorf("citation = %q", got)
	}
	if sub.ID != "s-res-9999-2031#op-2-a-i" || sub.Section != "Mandate of UNFMR" {
		t.Errorf("id %q section %q", sub.ID, sub.Section)
	}
	if p := byLabel["pp. 2"]; !strings.HasPrefix(p.Text, "Welcoming the efforts") || p.Section != "Preamble" {
		t.Errorf("pp. 2 = %+v", p)
	}
	for _, p := range d.Passages {
		for _, furniture := range []string{"31-01234", "1/2", "2/2", "Distr.", "United Nations S/RES"} {
			if strings.Contains(p.Text, furniture) {
				t.Errorf("%s holds page furniture %q", p.Label, furniture)
			}
		}
	}
}

func TestConvertReportAndRecord(t *testing.T) {
	report := undoctest.PDF("S/2031/100", "31-00100 (E)", []string{"United Nations", "S/2031/100", "Security Council", "Distr.: General", "1 June 2031",
		"Report of the Secretary-General on the fictional situation in Ruritania"}, []undoctest.Block{
		{Text: "I. Introduction"},
		{Text: "1. The present report is submitted pursuant to fictional resolution 9999 (2031) and covers the fictional period."},
		{Text: "II. Security situation"},
		{Text: "2. The fictional security situation in the north of Ruritania remained volatile during the period under review."},
	}, 100)
	lines, err := undoc.Lines(context.Background(), report)
	if err != nil {
		t.Fatal(err)
	}
	md, _, err := undoc.Convert(lines, "S/2031/100", "")
	if err != nil {
		t.Fatal(err)
	}
	d, err := corpus.Parse("r.md", md)
	if err != nil {
		t.Fatalf("%v\n%s", err, md)
	}
	if d.Kind != corpus.KindReport || len(d.Passages) != 2 || d.Passages[1].Label != "para. 2" || d.Passages[1].Section != "II. Security situation" {
		t.Errorf("report passages: %+v", d.Passages)
	}

	record := undoctest.PDF("S/PV.9998", "31-00200 (E)", []string{"United Nations", "S/PV.9998", "Security Council", "9998th meeting"}, []undoctest.Block{
		{Text: "The President: The fictional meeting is called to order."},
		{Text: "Mr. Example (Ruritania) (spoke in French): The fictional Government asks for a rapid fictional force."},
		{Text: "It also thanks the Council."},
	}, 100)
	lines, _ = undoc.Lines(context.Background(), record)
	md, _, err = undoc.Convert(lines, "S/PV.9998", "")
	if err != nil {
		t.Fatal(err)
	}
	d, err = corpus.Parse("pv.md", md)
	if err != nil {
		t.Fatalf("%v\n%s", err, md)
	}
	if d.Kind != corpus.KindRecord || len(d.Passages) < 2 || !strings.HasPrefix(d.Passages[1].Label, "Mr. Example (Ruritania)") {
		t.Errorf("record passages: %+v", d.Passages)
	}
}

func TestNotPDF(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("<html>no</html>"), []byte("%PDF-1.4 truncated")} {
		if _, err := undoc.Lines(context.Background(), b); err == nil {
			t.Errorf("Lines(%.20q) succeeded", b)
		}
	}
}

func FuzzConvert(f *testing.F) {
	f.Add("The Security Council,\nRecalling its resolutions,\n1. Decides that:\n(a) first;\n(i) sub;\n(h) h;\n(i) letter i;\nHeading\n2. Ends.")
	f.Add("I. Introduction\n1. Text.\nThe President: Hello.")
	f.Fuzz(func(t *testing.T, text string) {
		var lines []undoc.Line
		for i, l := range strings.Split(text, "\n") {
			lines = append(lines, undoc.Line{Page: 1 + i/40, Text: l, X: float64(i % 3 * 10)})
		}
		for _, sym := range []string{"S/RES/9999 (2031)", "S/2031/1", "S/PV.9999"} {
			md, _, err := undoc.Convert(lines, sym, "")
			if err != nil {
				continue
			}
			if _, err := corpus.Parse("fuzz.md", md); err != nil {
				t.Fatalf("%s: output does not load: %v\n%s", sym, err, md)
			}
		}
	})
}

// FuzzResolution reads lines with a layout (indentation, width, italics)
// as a resolution: whatever the lines, the output loads, every label is
// unique and every sub-paragraph carries its parents' text as its
// lead-in.
func FuzzResolution(f *testing.F) {
	f.Add("Recalling its resolutions, and\nwelcoming the agreement,\n1. Decides that the mandate shall be:\n(a) Security and protection of civilians\n(i) To protect;\n(ii) To deter;\n(b) Support for elections\nTo support them;\nMandate\n2. Decides to remain seized.")
	f.Add("Noting the towns, and\nwelcoming them,\nA heading\n1. Urges them to: (a) hold elections; (b)\nadopt the law;\n(c) report;\n2. Decides:\n(i) One;\n(ii) Two; and\n– a dash;\n3. Ends.")
	f.Fuzz(func(t *testing.T, text string) {
		var lines []undoc.Line
		for i, l := range strings.Split(text, "\n") {
			x := float64(70 + (len(l)*7+i*13)%5*15)
			r, _ := utf8.DecodeRuneInString(l)
			lines = append(lines, undoc.Line{Page: 1 + i/40, Text: l, X: x, XEnd: x + float64(min(len(l)*5, 450)), Size: 11, Italic: unicode.IsLower(r) && i%2 == 0})
		}
		md, _, err := undoc.Convert(append([]undoc.Line{{Page: 1, Text: "The Security Council,", X: 70, XEnd: 170, Size: 11}}, lines...), "S/RES/9999 (2031)", "")
		if err != nil {
			return
		}
		d, err := corpus.Parse("fuzz.md", md)
		if err != nil {
			t.Fatalf("output does not load: %v\n%s", err, md)
		}
		seen := map[string]bool{}
		for i := range d.Passages {
			p := &d.Passages[i]
			if seen[p.Label] {
				t.Fatalf("label %s twice\n%s", p.Label, md)
			}
			seen[p.Label] = true
			if j := strings.LastIndexByte(p.Label, '('); j > 0 {
				if parent := d.PassageByLabel(p.Label[:j]); parent == nil || !strings.HasPrefix(p.Text, parent.Text) {
					t.Fatalf("%s does not carry its parent's text\n%s", p.Label, md)
				}
			}
		}
	})
}
