package undoctest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestStructured: a structured copy has every property a right
// conversion has (Check finds nothing), for the fictional Sources of the
// fixtures, with group headings, the text under them and headings
// between paragraphs.
func TestStructured(t *testing.T) {
	srcs := map[string]Source{"checkSource": checkSource}
	for _, name := range []string{"lo-resolution-9998", "lo-resolution-9999"} {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "libreoffice", name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if srcs[name], err = ReadSource(b); err != nil {
			t.Fatal(err)
		}
	}
	srcs["heading and text"] = Source{Symbol: "S/RES/9991 (2030)", Body: [][]string{
		{KindPre, "Recalling", " its fictional resolutions,"},
		{KindOp, "1.", "", "Decides", " that the mandate shall be the following:"},
		{KindSub, "(a)", "Support for cultural preservation"},
		{KindSubtext, "To assist the fictional authorities;"},
		{KindHead, "Reports"},
		{KindOp, "2.", "", "Decides", " to remain seized of the matter."},
	}}
	for name, src := range srcs {
		t.Run(name, func(t *testing.T) {
			d, err := StructuredDocument(src)
			if err != nil {
				t.Fatal(err)
			}
			if fs := Check(d, src, Spellings{}); len(fs) > 0 {
				t.Errorf("a structured copy lacks properties: %v", fs)
			}
		})
	}
	d, err := StructuredDocument(srcs["heading and text"])
	if err != nil {
		t.Fatal(err)
	}
	var got [][3]string
	for i := range d.Passages {
		p := &d.Passages[i]
		got = append(got, [3]string{p.Label, p.Section, d.OwnText(p)})
	}
	want := [][3]string{
		{"pp. 1", "Preamble", "Recalling its fictional resolutions,"},
		{"op. 1", "Operative paragraphs", "Decides that the mandate shall be the following:"},
		{"op. 1(a)", "Operative paragraphs", "(a) Support for cultural preservation To assist the fictional authorities;"},
		{"op. 2", "Reports", "Decides to remain seized of the matter."},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("passages (-want +got):\n%s", diff)
	}
	if _, err := Structured(Source{Symbol: "S/2030/1"}); err == nil {
		t.Error("a report's symbol made a structured resolution")
	}
}
