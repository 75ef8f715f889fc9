package corpus_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"mandatebot/corpus"
	"mandatebot/corpus/undoc"
)

// TestThemesOf tags the fictional LibreOffice resolution (made by another
// program than the fpdf fixtures, and written without this list in mind)
// and checks every operative paragraph's themes.
func TestThemesOf(t *testing.T) {
	pdf, err := os.ReadFile("undoc/testdata/libreoffice/lo-resolution-9998.pdf")
	if err != nil {
		t.Fatal(err)
	}
	d, _, err := undoc.ConvertPDF(context.Background(), pdf, "", "")
	if err != nil {
		t.Fatal(err)
	}
	poc, sec := "protection-of-civilians", "ceasefire-and-security"
	want := map[string][]string{
		"op. 1":         {"political-process"},
		"op. 2":         {"political-process"},
		"op. 3":         nil,
		"op. 4":         nil,
		"op. 4(a)":      {poc, sec},
		"op. 4(a)(i)":   {poc, sec}, // stabilizing, deter threats, patrols; and its heading
		"op. 4(a)(ii)":  {poc, sec},
		"op. 4(a)(iii)": {poc, sec, "gender", "children"},
		"op. 4(b)":      {"political-process"},
		"op. 4(c)":      {"rule-of-law"},
		"op. 4(d)":      {"human-rights"},
		"op. 4(e)":      {"humanitarian"},
		"op. 4(f)":      {"cultural-heritage"},
		"op. 4(g)":      {"ddr"},
		"op. 4(h)":      {"elections"},
		"op. 4(i)":      {"mine-action"},
		"op. 4(j)":      {"safety-of-personnel"},
		"op. 5":         nil,
		"op. 6":         nil,
		"op. 7":         {"reporting"},
		"op. 8":         nil,
	}
	for i := range d.Passages {
		p := &d.Passages[i]
		got := d.ThemesOf(p)
		w, ok := want[p.Label]
		if !ok {
			if !p.IsOperative() && got != nil {
				t.Errorf("%s is not operative but has themes %v", p.Label, got)
			}
			continue
		}
		if !slices.Equal(got, w) {
			t.Errorf("%s: themes %v, want %v\n%s", p.Label, got, w, d.OwnText(p))
		}
	}
}

func TestThemeList(t *testing.T) {
	ts := corpus.Themes()
	if len(ts) != 14 {
		t.Errorf("%d themes, want the 14 of the issue", len(ts))
	}
	for _, th := range ts {
		if got, ok := corpus.ThemeByID(strings.ToUpper(th.ID)); !ok || got.Name != th.Name {
			t.Errorf("ThemeByID(%q) = %v, %v", th.ID, got, ok)
		}
		// Every term must tag a paragraph made of that term.
		d := &corpus.Document{ID: "x", Kind: corpus.KindResolution, Passages: nil}
		for _, term := range th.Terms {
			d.Passages = []corpus.Passage{{Label: "op. 1", Text: "Decides on " + term + "s;"}}
			if !d.HasTheme(&d.Passages[0], th.ID) {
				t.Errorf("term %q does not tag its own theme %s", term, th.ID)
			}
		}
	}
	if _, ok := corpus.ThemeByID("no-such-theme"); ok {
		t.Error("ThemeByID accepted an unknown id")
	}
}
