package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mandatebot/corpus/undoc/undoctest"
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

func TestCompare(t *testing.T) {
	env := compareCorpus(t)
	for _, args := range [][]string{{"compare"}, {"compare", "9998", "S/RES/9999 (2032)"}} {
		code, out, stderr := runCmd(t, env, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
		for _, want := range []string{
			"S/RES/9998 (2031) → S/RES/9999 (2032)",
			"Operative paragraphs: 1 added, 1 removed, 1 reworded, 1 moved, 18 unchanged",
			"Preambular paragraphs: 5 unchanged",
			"moved: S/RES/9998 (2031), op. 4(j) → S/RES/9999 (2032), op. 4(b)",
			"removed: S/RES/9998 (2031), op. 4(f), dropped",
			"reworded: S/RES/9998 (2031), op. 4(h) → S/RES/9999 (2032), op. 4(h)",
			"{+and transparent+}",
			"added: new S/RES/9999 (2032), op. 4(j)",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: output lacks %q:\n%s", args, want, out)
			}
		}
		if strings.Contains(out, "unchanged: ") {
			t.Errorf("%v lists unchanged paragraphs without --all:\n%s", args, out)
		}
	}

	code, out, _ := runCmd(t, env, "compare", "9998", "9999", "--all")
	if code != 0 || strings.Count(out, "unchanged: ") != 23 {
		t.Errorf("--all lists %d unchanged paragraphs, want 23:\n%s", strings.Count(out, "unchanged: "), out)
	}

	code, out, stderr := runCmd(t, env, "compare", "9998", "9999", "--json")
	if code != 0 {
		t.Fatalf("--json: exit %d\n%s", code, stderr)
	}
	var got struct {
		Old, New string
		Changes  []struct {
			Change, Section string
			Old, New        *struct{ Label, Text string }
			Diff            []struct{ Op, Text string }
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, c := range got.Changes {
		counts[c.Change]++
	}
	if got.Old != "S/RES/9998 (2031)" || got.New != "S/RES/9999 (2032)" || counts["added"] != 1 || counts["removed"] != 1 || counts["reworded"] != 1 || counts["moved"] != 1 || counts["unchanged"] != 23 {
		t.Errorf("JSON: %s → %s, %v", got.Old, got.New, counts)
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
	for _, want := range []string{
		"S/RES/9999 (2031) → S/RES/9996 (2032)",
		"Operative paragraphs: 1 added, 2 reworded, 1 moved, 5 unchanged",
		"Preambular paragraphs: 1 removed, 2 unchanged",
		"removed: S/RES/9999 (2031), pp. 2, dropped",
		"reworded: S/RES/9999 (2031), op. 1 → S/RES/9996 (2032), op. 1",
		"30 June [-2032-]{+2033+};",
		"moved: S/RES/9999 (2031), op. 2(b) → S/RES/9996 (2032), op. 2(a)",
		"added: new S/RES/9996 (2032), op. 2(c)",
		"[-three-] {+six+} months;",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestCompareTheme(t *testing.T) {
	env := compareCorpus(t)
	code, out, stderr := runCmd(t, env, "compare", "--theme", "elections")
	if code != 0 || !strings.Contains(out, "Operative paragraphs: 1 reworded\n") || !strings.Contains(out, "op. 4(h)") || strings.Contains(out, "cultural") {
		t.Errorf("--theme elections: exit %d\n%s%s", code, out, stderr)
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
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"compare", "9998", "2164"}, `no resolution "2164" in the corpus. The corpus holds S/RES/9998 (2031), S/RES/9999 (2032).`},
		{[]string{"compare", "9998", "9998"}, "name two different resolutions"},
		{[]string{"compare", "9998"}, "compare takes the earlier and the later resolution"},
	} {
		code, _, stderr := runCmd(t, env, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
	// The shipped corpus holds the brief only.
	code, _, stderr := runCmd(t, map[string]string{"CORPUS_DIR": t.TempDir()}, "compare")
	if code != 2 || !strings.Contains(stderr, "The corpus holds no resolution: fetch them") {
		t.Errorf("empty corpus: exit %d, %q", code, stderr)
	}
}
