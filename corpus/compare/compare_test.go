package compare_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

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

// change is an entry that is not "unchanged": the labels of its sides.
type change struct {
	change   compare.Change
	old, new []string
}

func ch(c compare.Change, old, new string) change {
	g := change{change: c}
	if old != "" {
		g.old = strings.Split(old, " + ")
	}
	if new != "" {
		g.new = strings.Split(new, " + ")
	}
	return g
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
				ch(compare.Moved, "op. 4(j)", "op. 4(b)"),
				// Cultural preservation is gone, but 62% of the words of
				// "(f) Support for cultural preservation, including the
				// protection of the fictional historical sites of the
				// capital;" stand in "(d) Support for the restoration of
				// State authority throughout the fictional country,
				// including the rebuilding of the security sector;": by
				// the rule (Contained) it is not removed; the diff strikes
				// what it said.
				ch(compare.Merged, "op. 4(c) + op. 4(f)", "op. 4(d)"),
				ch(compare.Reworded, "op. 4(h)", "op. 4(h)"),
				ch(compare.Added, "", "op. 4(j)"),
			},
		},
		{
			name: "fpdf 9999 → 9996",
			old:  func(t *testing.T) *corpus.Document { return convert(t, undoctest.ResolutionPDF()) },
			new:  func(t *testing.T) *corpus.Document { return convert(t, undoctest.LaterResolutionPDF()) },
			want: []change{
				ch(compare.Removed, "pp. 2", ""),
				ch(compare.Reworded, "op. 1", "op. 1"),
				ch(compare.Moved, "op. 2(b)", "op. 2(a)"),
				ch(compare.Added, "", "op. 2(c)"),
				ch(compare.Reworded, "op. 3", "op. 3"),
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old, new := tc.old(t), tc.new(t)
			c, err := compare.Resolutions(context.Background(), old, new)
			if err != nil {
				t.Fatal(err)
			}
			var got []change
			for _, e := range c.Changes {
				g := change{change: e.Change}
				for _, s := range e.Old {
					g.old = append(g.old, s.Label)
				}
				for _, s := range e.New {
					g.new = append(g.new, s.Label)
				}
				if e.Change != compare.Unchanged {
					got = append(got, g)
				} else if e.Old[0].Text != e.New[0].Text && strings.TrimLeft(e.Old[0].Text, "()abcdefghij ") != strings.TrimLeft(e.New[0].Text, "()abcdefghij ") {
					t.Errorf("%v is unchanged but reads differently:\n%s\n%s", g, e.Old[0].Text, e.New[0].Text)
				}
				if (e.Change == compare.Reworded || e.Change == compare.Merged || e.Change == compare.Split) && !hasEdit(e.Diff) {
					t.Errorf("%v is %s but its diff marks no words: %+v", g, e.Change, e.Diff)
				}
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(change{})); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
			for _, v := range check(c, old, new) {
				t.Error(v)
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
	large := largeResolution(t, 9990, 100_000)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name     string
		ctx      context.Context
		old, new *corpus.Document
		lim      compare.Limits
		is       error
		says     string
	}{
		{"the same twice", context.Background(), res, res, compare.DefaultLimits, compare.ErrNotComparable, "both sides are S/RES/9998 (2031); name two different resolutions"},
		{"a brief", context.Background(), brief, res, compare.DefaultLimits, compare.ErrNotComparable, "brief is a brief, not a resolution"},
		{"too many paragraphs", context.Background(), large, res, compare.Limits{Paragraphs: 1000}, compare.ErrTooLarge, "S/RES/9990 (2030) has more than 1000 paragraphs"},
		{"too much text", context.Background(), res, large, compare.Limits{Bytes: 10 << 10}, compare.ErrTooLarge, "S/RES/9990 (2030) has more than 10 KB of text"},
		{"too long", context.Background(), large, res, compare.Limits{Time: time.Nanosecond}, compare.ErrTooLarge, "took longer than 1ns"},
		{"cancelled", cancelled, large, res, compare.DefaultLimits, context.Canceled, "context canceled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := compare.Compare(tc.ctx, tc.old, tc.new, tc.lim)
			if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("err = %v, want %v saying %q", err, tc.is, tc.says)
			}
		})
	}
}

func TestJSONShape(t *testing.T) {
	c, err := compare.Resolutions(context.Background(), libreOffice(t, "lo-resolution-9998"), libreOffice(t, "lo-resolution-9999"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(c)
	var back struct {
		Old, New string
		Facts    []map[string]any
		Tasks    []map[string]any
		Changes  []map[string]any
	}
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Old != "S/RES/9998 (2031)" || back.New != "S/RES/9999 (2032)" || len(back.Changes) != len(c.Changes) || len(back.Facts) != len(c.Facts) || len(back.Tasks) != len(c.Tasks) {
		t.Fatalf("JSON head: %s", b[:200])
	}
	for _, e := range back.Changes {
		for _, key := range []string{"old", "new"} {
			if _, ok := e[key].([]any); !ok {
				t.Fatalf("entry's %s is not a list (an empty one when the side is missing): %v", key, e)
			}
		}
		if e["section"] == nil || e["change"] == nil || e["part"] == nil {
			t.Fatalf("entry lacks a key: %v", e)
		}
	}
	for _, f := range back.Facts {
		if _, ok := f["old"]; !ok || f["kind"] == nil || f["change"] == nil {
			t.Fatalf("fact lacks a key (old and new are null, not absent, when missing): %v", f)
		}
	}
	if got := c.Summary(compare.Operative); got != "1 added, 1 reworded, 1 moved, 1 merged, 17 unchanged" {
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

// FuzzCompare: whatever two resolutions say (a paragraph a line, "(a) …"
// and "(i) …" sub-paragraphs), comparing them never fails, puts every
// paragraph in exactly one change, and cites facts that stand in their
// paragraphs.
func FuzzCompare(f *testing.F) {
	f.Add("Decides to extend the mandate of UNFOMZ until 31 March 2041;\nDecides to remain seized.", "Decides to extend the mandate of UNFOMZ until 30 June 2041;\nDecides to remain seized.")
	f.Add("Decides that the mandate shall be:\n(a) Protection\n(i) To protect;\n(ii) To deter;", "Decides that the mandate shall be:\n(a) Security\n(i) To deter;\n(ii) To protect;")
	f.Add("Authorizes UNFOMZ to use all necessary means;\nDecides that UNFOMZ will comprise up to 1,000 troops;", "Authorizes, to take all necessary means to carry out its mandate;\n\n")
	f.Add("x\nx\nx\nx", "x\nx\ny")
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) || len(a)+len(b) > 20_000 {
			return
		}
		docs := make([]*corpus.Document, 2)
		for i, s := range []string{a, b} {
			var ops []string
			for _, l := range strings.Split(s, "\n") {
				if l = strings.Join(strings.Fields(l), " "); l != "" && !strings.HasPrefix(l, "#") && !strings.HasPrefix(l, "-") && !strings.HasPrefix(l, ">") && !strings.HasPrefix(l, "[^") {
					ops = append(ops, l)
				}
			}
			d, err := parseOps(9950+i, ops)
			if err != nil {
				return // not a document the corpus would hold
			}
			labels := map[string]bool{}
			for _, p := range d.Passages {
				if labels[p.Label] {
					return // two paragraphs "(a)": the check counts by label
				}
				labels[p.Label] = true
			}
			docs[i] = d
		}
		c, err := compare.Compare(context.Background(), docs[0], docs[1], compare.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range check(c, docs[0], docs[1]) {
			if v.property != propRemoved { // which the fuzzer's candidates may miss
				t.Error(v)
			}
		}
	})
}
