package compare_test

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"mandatebot/corpus"
	"mandatebot/corpus/compare"
	"mandatebot/corpus/undoc"
	"mandatebot/corpus/undoc/undoctest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// renewalSource reads a fictional resolution of the renewal fixture
// (testdata/renewal): an undoctest.Source.
func renewalSource(t testing.TB, name string) undoctest.Source {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "renewal", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	src, err := undoctest.ReadSource(b)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// renewalPair is the fictional renewal as structured copies: the
// paragraphs and labels a right reading of its PDFs gives.
func renewalPair(t testing.TB) (old, new *corpus.Document) {
	t.Helper()
	var ds []*corpus.Document
	for _, name := range []string{"s-res-9994-2033", "s-res-9995-2034"} {
		d, err := undoctest.StructuredDocument(renewalSource(t, name))
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, d)
	}
	return ds[0], ds[1]
}

// fact is a fact of a comparison as a reader sees it.
type factLine struct {
	Kind, About, Change string
	Old, New            string // value (labels)
}

func factLines(c *compare.Comparison) []factLine {
	var out []factLine
	side := func(s *compare.FactSide) string {
		if s == nil {
			return ""
		}
		return s.Value + " (" + s.Labels() + ")"
	}
	for _, f := range c.Facts {
		out = append(out, factLine{string(f.Kind), f.About, string(f.Change), side(f.Old), side(f.New)})
	}
	return out
}

func changeLines(c *compare.Comparison) []change {
	var out []change
	for _, e := range c.Changes {
		if e.Change == compare.Unchanged {
			continue
		}
		g := change{change: e.Change}
		for _, s := range e.Old {
			g.old = append(g.old, s.Label)
		}
		for _, s := range e.New {
			g.new = append(g.new, s.Label)
		}
		out = append(out, g)
	}
	return out
}

// TestRenewal compares the fictional renewal, whose structures imitate
// those of real renewals (S/RES/2100 (2013) → S/RES/2164 (2014)): the
// ceiling merged into the paragraph that extends the mandate, the use of
// force reworded, the protection of civilians moved under another
// heading, an operative paragraph moved into the preamble, another folded
// into a longer one, the list of tasks split in two. The facts come
// first, each with its paragraphs; every change is as the texts say; the
// whole comparison is the golden file's.
func TestRenewal(t *testing.T) {
	old, new := renewalPair(t)
	c, err := compare.Resolutions(context.Background(), old, new)
	if err != nil {
		t.Fatal(err)
	}
	wantFacts := []factLine{
		{"mandate", "UNFSMR", "changed", "an initial period of 12 months (op. 2)", "until 30 June 2035 (op. 2)"},
		{"ceiling", "", "unchanged", "9,800 military personnel, 1,250 police personnel (op. 3)", "9,800 military personnel, 1,250 police personnel (op. 2)"},
		{"priorities", "", "changed",
			"Stabilization of key population centres in the northern provinces; Protection of civilians and United Nations personnel; Support for humanitarian assistance; Support for cultural preservation (op. 6(a), op. 6(b), op. 6(c), op. 6(d))",
			"Security, stabilization and protection of civilians; Support to the re-establishment of State authority and to humanitarian assistance; Protection of United Nations personnel; Support for cultural preservation (op. 4(a), op. 4(b), op. 5(a), op. 5(b))"},
		{"force", "UNFSMR", "changed",
			"use all necessary means, to carry out its mandate as set out in paragraphs 6 (a) (i), 6 (b) (i) and (ii) and 6 (d) (op. 7)",
			"take all necessary means, to carry out its mandate (op. 3)"},
		{"reporting", "", "changed", "within 45 days, every three months (op. 10)", "within three months, every three months (op. 8)"},
	}
	if diff := cmp.Diff(wantFacts, factLines(c)); diff != "" {
		t.Errorf("facts (-want +got):\n%s", diff)
	}
	wantChanges := []change{
		ch(compare.Reworded, "pp. 1", "pp. 1"),
		ch(compare.Reworded, "pp. 3", "pp. 3"), // one word
		ch(compare.Removed, "pp. 4", ""),
		ch(compare.Added, "", "pp. 4"),
		ch(compare.Moved, "op. 8", "pp. 5"), // into the preamble
		ch(compare.Removed, "op. 1", ""),
		ch(compare.Added, "", "op. 1"),
		ch(compare.Merged, "op. 2 + op. 3", "op. 2"), // the ceiling, into the extension
		ch(compare.Moved, "op. 7", "op. 3"),          // the use of force
		ch(compare.Split, "op. 6", "op. 4 + op. 5"),  // priority and additional tasks
		ch(compare.Merged, "op. 6(a) + op. 6(b)", "op. 4(a) + op. 4(b)"),
		ch(compare.Reworded, "op. 6(b)(i)", "op. 4(a)(ii)"), // protection of civilians, under another heading
		ch(compare.Added, "", "op. 4(a)(iii)"),
		ch(compare.Moved, "op. 6(a)(ii)", "op. 4(b)(i)"),
		ch(compare.Reworded, "op. 6(c)", "op. 4(b)(ii)"), // a heading and its text, now a task
		ch(compare.Moved, "op. 6(b)(ii)", "op. 5(a)"),
		ch(compare.Reworded, "op. 9", "op. 6"),
		ch(compare.Merged, "op. 4 + op. 5", "op. 7"), // folded into a longer paragraph
		ch(compare.Reworded, "op. 10", "op. 8"),
	}
	if diff := cmp.Diff(wantChanges, changeLines(c), cmp.AllowUnexported(change{})); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	for _, v := range check(c, old, new) {
		t.Error(v)
	}
	golden(t, filepath.Join("testdata", "renewal", "comparison.golden.json"), c)
}

// golden compares v, as indented JSON, with the golden file at path
// (rewritten with -update).
func golden(t *testing.T, path string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

// TestRenewalFromPDFs: the fictional renewal laid out by both producers
// and converted as 'mandatebot add' does compares exactly as its
// structured copies do — the same changes, the same facts — and has
// every property.
func TestRenewalFromPDFs(t *testing.T) {
	for _, producer := range []string{"fpdf", "lo"} {
		t.Run(producer, func(t *testing.T) {
			var ds []*corpus.Document
			for _, name := range []string{"s-res-9994-2033", "s-res-9995-2034"} {
				var pdf []byte
				if producer == "fpdf" {
					pdf = undoctest.FPDF(renewalSource(t, name))
				} else {
					var err error
					if pdf, err = os.ReadFile(filepath.Join("testdata", "renewal", "lo-"+name+".pdf")); err != nil {
						t.Fatal(err)
					}
				}
				d, _, err := undoc.ConvertPDF(context.Background(), pdf, "", "")
				if err != nil {
					t.Fatal(err)
				}
				ds = append(ds, d)
			}
			c, err := compare.Resolutions(context.Background(), ds[0], ds[1])
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range check(c, ds[0], ds[1]) {
				t.Error(v)
			}
			old, new := renewalPair(t)
			structured, err := compare.Resolutions(context.Background(), old, new)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(changeLines(structured), changeLines(c), cmp.AllowUnexported(change{})); diff != "" {
				t.Errorf("changes read from the PDFs (-structured +pdf):\n%s", diff)
			}
			if diff := cmp.Diff(factLines(structured), factLines(c)); diff != "" {
				t.Errorf("facts read from the PDFs (-structured +pdf):\n%s", diff)
			}
		})
	}
}
