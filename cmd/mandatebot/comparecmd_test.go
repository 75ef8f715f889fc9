package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mandatebot/corpus/compare"
	"mandatebot/corpus/undoc/undoctest"
	"mandatebot/internal/golden"
)

// compareCorpus adds the fictional LibreOffice resolutions 9998 and 9999
// to an empty corpus folder, as an admin would.
func compareCorpus(t *testing.T) map[string]string {
	t.Helper()
	env := map[string]string{"CORPUS_DIR": t.TempDir()}
	lo := "../../corpus/undoc/testdata/libreoffice/"
	if code, _, stderr := runCmd(t, env, "add", filepath.Join(lo, "lo-resolution-9998.pdf"), filepath.Join(lo, "lo-resolution-9999.pdf")); code != 0 {
		t.Fatalf("add: exit %d\n%s", code, stderr)
	}
	return env
}

// renewalCorpus holds the fictional renewal of corpus/compare's tests
// (S/RES/9994 (2033) → S/RES/9995 (2034), made-up text in the structures
// of real renewals), as a right reading of its PDFs stores it.
func renewalCorpus(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"s-res-9994-2033", "s-res-9995-2034"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "corpus", "compare", "testdata", "renewal", name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		src, err := undoctest.ReadSource(b)
		if err != nil {
			t.Fatal(err)
		}
		md, err := undoctest.Structured(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".md"), md, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return map[string]string{"CORPUS_DIR": dir}
}

// goldenText compares got with the golden file testdata/compare/name
// (rewritten with -update).
func goldenText(t *testing.T, name, got string) {
	t.Helper()
	golden.Text(t, filepath.Join("testdata", "compare", name), got, *update)
}

// TestCompare: what a later resolution changed, as a person reads it —
// the facts of the mandate first, with their paragraphs, then the tasks
// added and dropped by theme, the counts and each change — the same
// whether the two are named or the corpus's latest; --all adds the
// unchanged paragraphs; --json gives every paragraph once.
func TestCompare(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  func(t *testing.T) map[string]string
		args []string
	}{
		{"libreoffice.txt", compareCorpus, []string{"compare"}},
		{"libreoffice.txt", compareCorpus, []string{"compare", "9998", "S/RES/9999 (2032)"}},
		{"renewal.txt", renewalCorpus, []string{"compare", "9995", "9994"}},
		{"renewal-all.txt", renewalCorpus, []string{"compare", "--all"}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, out, stderr := runCmd(t, tc.env(t), tc.args...)
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			goldenText(t, tc.name, out)
		})
	}

	code, out, stderr := runCmd(t, renewalCorpus(t), "compare", "9994", "9995", "--json")
	if code != 0 {
		t.Fatalf("--json: exit %d\n%s", code, stderr)
	}
	var got struct {
		Old, New string
		Facts    []struct {
			Kind, Change string
			Old, New     *struct{ Value string }
		}
		Tasks   []struct{ Theme, Name string }
		Changes []struct {
			Change, Section string
			Old, New        []struct{ Label, Text string }
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, c := range got.Changes {
		for _, s := range c.Old {
			seen["old "+s.Label]++
		}
		for _, s := range c.New {
			seen["new "+s.Label]++
		}
	}
	if got.Old != "S/RES/9994 (2033)" || got.New != "S/RES/9995 (2034)" || len(got.Facts) != 5 || got.Facts[1].Kind != "ceiling" || got.Facts[1].Change != "unchanged" || len(seen) != 50 { // 25 paragraphs each
		t.Errorf("JSON: %s → %s, facts %+v, %d paragraphs", got.Old, got.New, got.Facts, len(seen))
	}
	for p, n := range seen {
		if n != 1 {
			t.Errorf("JSON: %s in %d changes", p, n)
		}
	}
}

// TestCompareFPDFPair: the pair made by the other PDF producer, added as
// PDFs an admin has, gives its known changes and nothing else.
func TestCompareFPDFPair(t *testing.T) {
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "earlier.pdf"), undoctest.ResolutionPDF(), 0o644)
	os.WriteFile(filepath.Join(src, "later.pdf"), undoctest.LaterResolutionPDF(), 0o644)
	env := map[string]string{"CORPUS_DIR": t.TempDir()}
	if code, _, stderr := runCmd(t, env, "add", filepath.Join(src, "earlier.pdf"), filepath.Join(src, "later.pdf")); code != 0 {
		t.Fatalf("add: exit %d\n%s", code, stderr)
	}
	code, out, stderr := runCmd(t, env, "compare", "9999", "9996")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	goldenText(t, "fpdf.txt", out)
}

func TestCompareTheme(t *testing.T) {
	env := compareCorpus(t)
	code, out, stderr := runCmd(t, env, "compare", "--theme", "elections")
	if code != 0 || !strings.Contains(out, "Operative paragraphs: 1 reworded\n") || !strings.Contains(out, "op. 4(h)") || strings.Contains(out, "cultural") {
		t.Errorf("--theme elections: exit %d\n%s%s", code, out, stderr)
	}
	code, out, _ = runCmd(t, renewalCorpus(t), "compare", "--theme", "protection-of-civilians")
	if code != 0 || !strings.Contains(out, "op. 6(b)(i) → S/RES/9995 (2034), op. 4(a)(ii)") || strings.Contains(out, "historical sites") {
		t.Errorf("--theme protection-of-civilians: exit %d\n%s", code, out)
	}
	code, _, stderr = runCmd(t, env, "compare", "--theme", "poc")
	if code != 2 || !strings.Contains(stderr, "protection-of-civilians") {
		t.Errorf("--theme poc: exit %d, %s", code, stderr)
	}
	// Themes are searchable by name and alias.
	code, out, _ = runCmd(t, env, "ask", "--json", "PoC tasks")
	var a jsonAnswer
	if err := json.Unmarshal([]byte(out), &a); code != 0 || err != nil || len(a.Hits) == 0 || !strings.HasPrefix(a.Hits[0].Label, "op. 4(a)") {
		t.Errorf("ask 'PoC tasks': exit %d, %v, %+v", code, err, a.Hits)
	}
	// dump shows each operative paragraph's themes.
	code, out, _ = runCmd(t, env, "dump", "--doc", "s-res-9999-2032")
	var d dumpCorpus
	if err := json.Unmarshal([]byte(out), &d); code != 0 || err != nil || len(d.Documents) != 1 {
		t.Fatalf("dump: exit %d, %v", code, err)
	}
	for _, p := range d.Documents[0].Passages {
		if p.Label == "op. 4(j)" && (len(p.Themes) != 1 || p.Themes[0] != "children") {
			t.Errorf("dump: op. 4(j) themes %v, want [children]", p.Themes)
		}
	}
}

func TestCompareErrors(t *testing.T) {
	env := compareCorpus(t)
	// What the corpus lacks exits 1; a usage mistake, 2.
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"compare", "9998", "2164"}, 1, `no resolution "2164" in the corpus. The corpus holds S/RES/9998 (2031), S/RES/9999 (2032).`},
		{[]string{"compare", "9998", "9998"}, 2, "name two different resolutions"},
		{[]string{"compare", "9998"}, 2, "compare takes the earlier and the later resolution"},
	} {
		code, _, stderr := runCmd(t, env, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
	// The shipped corpus holds the brief only: no resolution to compare.
	code, _, stderr := runCmd(t, map[string]string{"CORPUS_DIR": t.TempDir()}, "compare")
	if code != 1 || !strings.Contains(stderr, "The corpus holds no resolution: fetch them") {
		t.Errorf("empty corpus: exit %d, %q; want 1", code, stderr)
	}
}

// TestCompareTooLarge: a pair beyond what a comparison takes exits 1
// saying which resolution and what to do. (Not parallel: it lowers
// compare.DefaultLimits while it runs.)
func TestCompareTooLarge(t *testing.T) {
	defer func(l compare.Limits) { compare.DefaultLimits = l }(compare.DefaultLimits)
	compare.DefaultLimits = compare.Limits{Paragraphs: 3}
	code, _, stderr := runCmd(t, renewalCorpus(t), "compare")
	if code != 1 || !strings.Contains(stderr, "S/RES/9994 (2033) has more than 3 paragraphs, the most a comparison takes; compare two resolutions of ordinary size") {
		t.Errorf("exit %d, %q", code, stderr)
	}
}
