package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"mandatebot/corpus/intake"
)

// TestListAndRemove: an admin lists the documents, removes one they added
// (a fictional resolution), and is refused the shipped one, from the
// command line.
func TestListAndRemove(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"CORPUS_DIR": dir}
	if code, _, stderr := runCmd(t, env, "add", "../../corpus/undoc/testdata/libreoffice/lo-resolution-9998.pdf"); code != 0 {
		t.Fatalf("add: exit %d\n%s", code, stderr)
	}

	code, out, stderr := runCmd(t, env, "list", "--json")
	if code != 0 {
		t.Fatalf("list: exit %d\n%s", code, stderr)
	}
	var held []intake.Held
	if err := json.Unmarshal([]byte(out), &held); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range held {
		got = append(got, strings.Join([]string{h.ID, h.Symbol, string(h.Kind), filepath.Base(h.File), filepath.Base(h.PDF), map[bool]string{true: "shipped", false: "removable"}[h.Shipped]}, " | "))
	}
	want := []string{
		"nupi-policy-brief-19-2015 |  | brief | nupi-policy-brief-19-2015.md | . | shipped",
		"s-res-9998-2031 | S/RES/9998 (2031) | resolution | s-res-9998-2031.md | s-res-9998-2031.pdf | removable",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("list --json (-want +got):\n%s", diff)
	}
	_, out, _ = runCmd(t, env, "list")
	for _, want := range []string{"ID  ", "s-res-9998-2031  ", "shipped", "(and its PDF)", "2 documents: 1 shipped in the binary, 1 in " + dir} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}

	for _, tc := range []struct {
		args   []string
		code   int
		stdout string
		stderr []string
	}{
		{args: []string{"remove"}, code: 2, stderr: []string{"give the id of each document to remove"}},
		{args: []string{"remove", "s-res-9998-2031", "nupi-policy-brief-19-2015", "zzz"}, code: 1, stderr: []string{
			"nothing was removed",
			"nupi-policy-brief-19-2015 is shipped in the binary, not a file of the corpus folder: it cannot be removed",
			"the corpus folder holds no document zzz (it holds s-res-9998-2031)",
		}},
		{args: []string{"remove", "s-res-9998-2031"}, code: 0, stdout: "removed s-res-9998-2031 (files s-res-9998-2031.md and s-res-9998-2031.pdf)\nA running serve (or web) stops serving them within 30s (CORPUS_POLL)"},
		{args: []string{"remove", "s-res-9998-2031"}, code: 1, stderr: []string{"the corpus folder holds no document s-res-9998-2031 (it holds none that can be removed)"}},
	} {
		code, out, stderr := runCmd(t, env, tc.args...)
		if code != tc.code || !strings.HasPrefix(out, tc.stdout) {
			t.Errorf("%v: exit %d, want %d\n%s%s", tc.args, code, tc.code, out, stderr)
		}
		for _, want := range tc.stderr {
			if !strings.Contains(stderr, want) {
				t.Errorf("%v: stderr lacks %q:\n%s", tc.args, want, stderr)
			}
		}
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("the folder still holds %v", left)
	}
	if _, out, _ := runCmd(t, env, "ask", "--source", "s-res-9998-2031", "mine action"); strings.Contains(out, "op. 4(i)") {
		t.Errorf("ask still answers from the removed document:\n%s", out)
	}
}

// TestRemoveCitedResolution: removing a UN document the corpus cites
// says that the fetch at start brings it back.
func TestRemoveCitedResolution(t *testing.T) {
	ods := localODS(t)
	dir := t.TempDir()
	env := map[string]string{"CORPUS_DIR": dir, "UN_DOCS_URL": ods.URL, "UN_LINK_URL": ods.URL + "/undocs/", "UN_FETCH_BACKOFF": "10ms"}
	if code, _, stderr := runCmd(t, env, "fetch", "S/RES/2100 (2013)"); code != 0 {
		t.Fatalf("fetch: exit %d\n%s", code, stderr)
	}
	code, out, stderr := runCmd(t, env, "remove", "s-res-2100-2013")
	if code != 0 || !strings.Contains(out, "The corpus cites S/RES/2100 (2013), so serve fetches it again at its next start (set FETCH_ON_START=false to keep it out).") {
		t.Errorf("remove: exit %d\n%s%s", code, out, stderr)
	}
	env["FETCH_ON_START"] = "false"
	runCmd(t, env, "fetch", "S/RES/2100 (2013)")
	if _, out, _ := runCmd(t, env, "remove", "s-res-2100-2013"); strings.Contains(out, "fetches it again") {
		t.Errorf("with FETCH_ON_START off, remove still warns:\n%s", out)
	}
}
