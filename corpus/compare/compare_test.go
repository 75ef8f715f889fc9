package compare_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"mandatebot/corpus"
	"mandatebot/corpus/compare"
	"mandatebot/corpus/undoc"
	"mandatebot/corpus/undoc/undoctest"
)

// convert reads a fixture PDF the way 'mandatebot add' does.
func convert(t *testing.T, pdf []byte) *corpus.Document {
	t.Helper()
	d, _, err := undoc.ConvertPDF(context.Background(), pdf, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func libreOffice(t *testing.T, name string) *corpus.Document {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "undoc", "testdata", "libreoffice", name+".pdf"))
	if err != nil {
		t.Fatal(err)
	}
	return convert(t, b)
}

// change is an expected entry that is not "unchanged".
type change struct {
	change   compare.Change
	old, new string // labels; "" for the missing side
}

func TestResolutionsFindTheKnownChanges(t *testing.T) {
	for _, tc := range []struct {
		name     string
		old, new func(t *testing.T) *corpus.Document
		want     []change
	}{
		{
			name: "LibreOffice 9998 → 9999",
			old:  func(t *testing.T) *corpus.Document { return libreOffice(t, "lo-resolution-9998") },
			new:  func(t *testing.T) *corpus.Document { return libreOffice(t, "lo-resolution-9999") },
			want: []change{
				{compare.Moved, "op. 4(j)", "op. 4(b)"},
				{compare.Removed, "op. 4(f)", ""},
				{compare.Reworded, "op. 4(h)", "op. 4(h)"},
				{compare.Added, "", "op. 4(j)"},
			},
		},
		{
			name: "fpdf 9999 → 9996",
			old:  func(t *testing.T) *corpus.Document { return convert(t, undoctest.ResolutionPDF()) },
			new:  func(t *testing.T) *corpus.Document { return convert(t, undoctest.LaterResolutionPDF()) },
			want: []change{
				{compare.Removed, "pp. 2", ""},
				{compare.Reworded, "op. 1", "op. 1"},
				{compare.Moved, "op. 2(b)", "op. 2(a)"},
				{compare.Added, "", "op. 2(c)"},
				{compare.Reworded, "op. 3", "op. 3"},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old, new := tc.old(t), tc.new(t)
			c, err := compare.Resolutions(old, new)
			if err != nil {
				t.Fatal(err)
			}
			var got []change
			seenOld, seenNew := map[string]int{}, map[string]int{}
			for _, e := range c.Changes {
				o, n := "", ""
				if e.Old != nil {
					o = e.Old.Label
					seenOld[o]++
				}
				if e.New != nil {
					n = e.New.Label
					seenNew[n]++
				}
				if e.Change != compare.Unchanged {
					got = append(got, change{e.Change, o, n})
				} else if e.Old.Text != e.New.Text && strings.TrimLeft(e.Old.Text, "()abcdefghij ") != strings.TrimLeft(e.New.Text, "()abcdefghij ") {
					t.Errorf("%s → %s is unchanged but reads differently:\n%s\n%s", o, n, e.Old.Text, e.New.Text)
				}
				if e.Change == compare.Reworded && !hasEdit(e.Diff) {
					t.Errorf("%s → %s is reworded but its diff marks no words: %+v", o, n, e.Diff)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("changes:\n got %v\nwant %v", got, tc.want)
			}
			// Every paragraph of both sides appears once.
			for _, side := range []struct {
				d    *corpus.Document
				seen map[string]int
			}{{old, seenOld}, {new, seenNew}} {
				for _, p := range side.d.Passages {
					if side.seen[p.Label] != 1 {
						t.Errorf("%s %s appears %d times in the comparison", side.d.Symbol, p.Label, side.seen[p.Label])
					}
				}
			}
		})
	}
}

func hasEdit(spans []compare.Span) bool {
	for _, s := range spans {
		if s.Op != "=" && strings.TrimSpace(s.Text) != "" {
			return true
		}
	}
	return false
}

func TestWordsMarksWholeWords(t *testing.T) {
	for _, tc := range []struct {
		old, new string
		want     []compare.Span
	}{
		{"free and fair local elections", "free, fair and transparent local and regional elections", nil},
		{"every three months;", "every six months;", []compare.Span{{"=", "every "}, {"-", "three "}, {"+", "six "}, {"=", "months;"}}},
		{"same words", "same words", []compare.Span{{"=", "same words"}}},
		{"", "added", []compare.Span{{"+", "added"}}},
	} {
		got := compare.Words(tc.old, tc.new)
		var oldBack, newBack string
		for _, s := range got {
			if s.Op != "+" {
				oldBack += s.Text
			}
			if s.Op != "-" {
				newBack += s.Text
			}
			if s.Op != "=" && strings.TrimSpace(s.Text) != "" {
				// A change starts and ends at a word boundary.
				for _, side := range []string{tc.old, tc.new} {
					if i := strings.Index(side, strings.TrimSpace(s.Text)); i > 0 && isLetter(side[i-1]) {
						t.Errorf("%q cuts a word in %q", s.Text, side)
					}
				}
			}
		}
		if oldBack != tc.old || newBack != tc.new {
			t.Errorf("Words(%q, %q) = %+v does not give back both texts", tc.old, tc.new, got)
		}
		if tc.want != nil && !slices.Equal(got, tc.want) {
			t.Errorf("Words(%q, %q) = %+v, want %+v", tc.old, tc.new, got, tc.want)
		}
	}
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

func TestResolutionsRefusesWhatItCannotCompare(t *testing.T) {
	res := libreOffice(t, "lo-resolution-9998")
	brief := &corpus.Document{ID: "brief", Kind: corpus.KindBrief, Title: "A brief"}
	if _, err := compare.Resolutions(res, res); err == nil || !strings.Contains(err.Error(), "two different") {
		t.Errorf("same resolution twice: %v", err)
	}
	if _, err := compare.Resolutions(brief, res); err == nil || !strings.Contains(err.Error(), "not a resolution") {
		t.Errorf("a brief: %v", err)
	}
}

func TestJSONShape(t *testing.T) {
	c, err := compare.Resolutions(libreOffice(t, "lo-resolution-9998"), libreOffice(t, "lo-resolution-9999"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(c)
	var back struct {
		Old, New string
		Changes  []map[string]any
	}
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Old != "S/RES/9998 (2031)" || back.New != "S/RES/9999 (2032)" || len(back.Changes) != len(c.Changes) {
		t.Fatalf("JSON head: %s", b[:200])
	}
	for _, e := range back.Changes {
		_, hasOld := e["old"]
		_, hasNew := e["new"]
		if !hasOld || !hasNew || e["section"] == nil || e["change"] == nil {
			t.Fatalf("entry lacks a key (old and new are null, not absent, when missing): %v", e)
		}
	}
	if got := c.Summary(compare.Operative); got != "1 added, 1 removed, 1 reworded, 1 moved, 18 unchanged" {
		t.Errorf("operative summary %q", got)
	}
	if got := c.Summary(compare.Preambular); got != "5 unchanged" {
		t.Errorf("preambular summary %q", got)
	}
}

// FuzzWords: whatever the two texts, the spans give both back, and no
// two neighbouring spans have the same op.
func FuzzWords(f *testing.F) {
	f.Add("free and fair local elections", "free, fair and transparent local and regional elections")
	f.Add("", "")
	f.Add("Protection of United Nations personnel;", "(b) Protection of United Nations personnel;")
	f.Add("é’\u00a0x", "\xff\xfe words")
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			return // paragraphs are valid UTF-8: the corpus parser checks
		}
		spans := compare.Words(a, b)
		var oldBack, newBack strings.Builder
		for i, s := range spans {
			if i > 0 && spans[i-1].Op == s.Op {
				t.Fatalf("neighbouring spans share op %q: %+v", s.Op, spans)
			}
			if s.Op != "+" {
				oldBack.WriteString(s.Text)
			}
			if s.Op != "-" {
				newBack.WriteString(s.Text)
			}
		}
		if oldBack.String() != a || newBack.String() != b {
			t.Fatalf("Words(%q, %q) = %+v does not give both back", a, b, spans)
		}
	})
}

func BenchmarkResolutions(b *testing.B) {
	t := &testing.T{}
	old, new := libreOffice(t, "lo-resolution-9998"), libreOffice(t, "lo-resolution-9999")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := compare.Resolutions(old, new); err != nil {
			b.Fatal(err)
		}
	}
}
