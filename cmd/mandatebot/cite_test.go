package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// citeCorpus adds the fictional resolution with the structures of real
// ones (lo-resolution-9990: group headings, numerals, an unmarked
// paragraph under a heading, a heading inside a list) to an empty corpus
// folder, as an admin would; the shipped brief is there too.
func citeCorpus(t *testing.T) map[string]string {
	t.Helper()
	env := map[string]string{"CORPUS_DIR": t.TempDir()}
	if code, _, stderr := runCmd(t, env, "add", "../../corpus/undoc/testdata/libreoffice/lo-resolution-9990.pdf"); code != 0 {
		t.Fatalf("add: exit %d\n%s", code, stderr)
	}
	return env
}

// TestCite: mandatebot cite shows what /cite shows, for a resolution's
// sub-paragraph, a paragraph with its list, and the brief's paragraphs;
// the golden files in testdata/cite are refreshed with -update.
func TestCite(t *testing.T) {
	env := citeCorpus(t)
	tests := []struct{ name, ref string }{
		{"sub-paragraph", "9990 op 7(a)(i)"},
		{"paragraph-with-list", "S/RES/9990 (2030) op. 7"},
		{"numbered-list", "resolution 9990 (2030) 8"},
		{"recommendation", "Recommendation 4"},
		{"brief-paragraph", "introduction para 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runCmd(t, env, append([]string{"cite"}, strings.Fields(tt.ref)...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			golden := filepath.Join("testdata", "cite", tt.name+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), out); diff != "" {
				t.Errorf("cite %s (-want +got):\n%s", tt.ref, diff)
			}
		})
	}
}

func TestCiteJSON(t *testing.T) {
	env := citeCorpus(t)
	env["PUBLIC_URL"] = "https://mandatebot.example.org"
	code, out, stderr := runCmd(t, env, "cite", "--json", "9990 op 8")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got citeJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	type passage struct{ ID, Label, Text string }
	var ps []passage
	for _, p := range got.Passages {
		ps = append(ps, passage{p.ID, p.Label, p.Text})
	}
	want := []passage{
		{"s-res-9990-2030#op-8", "op. 8", "Decides that the fictional authorities shall:"},
		{"s-res-9990-2030#op-8-i", "op. 8(i)", "(i) Report every three months on the fictional cantonment;"},
		{"s-res-9990-2030#op-8-ii", "op. 8(ii)", "(ii) Publish the fictional electoral calendar;"},
	}
	if diff := cmp.Diff(want, ps); diff != "" {
		t.Errorf("passages (-want +got):\n%s", diff)
	}
	if got.Citation != "S/RES/9990 (2030), op. 8" || !strings.HasPrefix(got.Permalink, "https://mandatebot.example.org/d/s-res-9990-2030") || !strings.HasSuffix(got.Permalink, "#op-8") || got.DocID != "s-res-9990-2030" {
		t.Errorf("citation %q, permalink %q, doc %q", got.Citation, got.Permalink, got.DocID)
	}
}

// TestCiteErrors: a reference that does not read is a usage mistake
// (exit 2); one naming what the corpus lacks fails (exit 1), saying what
// it has or how to add it.
func TestCiteErrors(t *testing.T) {
	env := citeCorpus(t)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"cite"}, 2, "give a reference: e.g. mandatebot cite \"2164 op 13(a)(i)\""},
		{[]string{"cite", "banana"}, 2, "cannot tell which document \"banana\" means"},
		{[]string{"cite", "S/RES/9990 (2030)"}, 2, "S/RES/9990 (2030) is named but not which paragraph"},
		{[]string{"cite", "9990", "op", "7(e)"}, 1, "S/RES/9990 (2030) has no op. 7(e). Did you mean: op. 7, op. 7(a), op. 7(a)(i), op. 7(a)(ii), op. 7(b), op. 7(c), op. 7(d)?"},
		{[]string{"cite", "2164 op 13(a)(i)"}, 1, "S/RES/2164 (2014) is not in the corpus yet (the UN's copy: https://undocs.org/S/RES/2164(2014)); add it with: mandatebot fetch \"S/RES/2164 (2014)\""},
		{[]string{"cite", "Recommendation 40"}, 1, "has no Recommendation 40. Did you mean: Recommendation 1,"},
	}
	for _, tt := range tests {
		code, _, stderr := runCmd(t, env, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%q: exit %d, %q; want exit %d and %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
}
