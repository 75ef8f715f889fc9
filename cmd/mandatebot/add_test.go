package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mandatebot/corpus/undoc/undoctest"
)

// The PDFs here are fictional resolutions (see corpus/undoc/testdata).
func TestAdd(t *testing.T) {
	dir := t.TempDir()
	src := t.TempDir()
	lo, err := os.ReadFile("../../corpus/undoc/testdata/libreoffice/lo-resolution-9998.pdf")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(src, "lo.pdf"), lo, 0o644)
	os.WriteFile(filepath.Join(src, "fpdf.pdf"), undoctest.TabbedResolutionPDF(), 0o644)
	os.WriteFile(filepath.Join(src, "note.md"), []byte("---\nid: fictional-note\ntitle: A fictional note\nkind: report\n---\n\nThe zeppelin of Ruritania.\n"), 0o644)
	env := map[string]string{"CORPUS_DIR": dir}

	code, out, stderr := runCmd(t, env, "add", filepath.Join(src, "lo.pdf"), filepath.Join(src, "fpdf.pdf"), filepath.Join(src, "note.md"))
	if code != 0 {
		t.Fatalf("add: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{
		"s-res-9998-2031.md (added): s-res-9998-2031, resolution S/RES/9998 (2031): 5 preambular paragraphs, 8 operative paragraphs, 13 operative sub-paragraphs",
		"s-res-9997-2031.md (added)", "fictional-note.md (added): fictional-note, report: 1 other passage\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, f := range []string{"s-res-9998-2031.md", "s-res-9998-2031.pdf", "s-res-9997-2031.md", "fictional-note.md"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	// What was added is asked about at once, and cited by paragraph.
	_, out, _ = runCmd(t, env, "ask", "--limit", "1", "--source", "s-res-9998-2031", "mine action and explosive remnants of war")
	if !strings.Contains(out, "op. 4(i)") {
		t.Errorf("ask after add:\n%s", out)
	}

	// A broken file among good ones: nothing is written, the problem is named.
	before, _ := os.ReadDir(dir)
	os.WriteFile(filepath.Join(src, "broken.pdf"), lo[:len(lo)/2], 0o644)
	os.WriteFile(filepath.Join(src, "random.md"), []byte("not a document"), 0o644)
	code, _, stderr = runCmd(t, env, "add", filepath.Join(src, "note.md"), filepath.Join(src, "broken.pdf"), filepath.Join(src, "random.md"))
	if code != 1 || !strings.Contains(stderr, "nothing was added") || !strings.Contains(stderr, "broken.pdf: the PDF could not be converted: the PDF is cut short") || !strings.Contains(stderr, "random.md: neither a PDF") {
		t.Errorf("add with broken files: exit %d\n%s", code, stderr)
	}
	if after, _ := os.ReadDir(dir); len(after) != len(before) {
		t.Errorf("a failed add changed the folder: %d files, was %d", len(after), len(before))
	}

	// A symbol given by hand must agree with the first page.
	code, _, stderr = runCmd(t, env, "add", "--symbol", "S/RES/9990 (2030)", filepath.Join(src, "fpdf.pdf"))
	if code != 1 || !strings.Contains(stderr, "its first page shows S/RES/9997 (2031), not S/RES/9990 (2030)") {
		t.Errorf("add --symbol that disagrees: exit %d\n%s", code, stderr)
	}
	code, out, stderr = runCmd(t, env, "add", "--symbol", "s/res/9997 (2031)", filepath.Join(src, "fpdf.pdf"))
	if code != 0 || !strings.Contains(out, "s-res-9997-2031.md (replaced)") {
		t.Errorf("add --symbol: exit %d\n%s%s", code, out, stderr)
	}
	// An id another file of the folder already uses: refused before
	// anything is written, so the next start still loads the folder.
	os.WriteFile(filepath.Join(src, "other-name.md"), []byte("---\nid: fictional-note\ntitle: Another fictional note\nkind: report\n---\n\nThe airship of Ruritania.\n"), 0o644)
	code, _, stderr = runCmd(t, env, "add", filepath.Join(src, "other-name.md"))
	if code != 0 {
		// Added as fictional-note.md: it replaces the note, which is fine.
		t.Errorf("add of a replacement: exit %d\n%s", code, stderr)
	}
	os.WriteFile(filepath.Join(dir, "hand-made.md"), []byte("---\nid: hand-made-id\ntitle: A fictional hand-made note\nkind: report\n---\n\nThe balloon of Ruritania.\n"), 0o644)
	os.WriteFile(filepath.Join(src, "clash.md"), []byte("---\nid: hand-made-id\ntitle: A fictional clash\nkind: report\n---\n\nThe kite of Ruritania.\n"), 0o644)
	code, _, stderr = runCmd(t, env, "add", filepath.Join(src, "clash.md"))
	if code != 1 || !strings.Contains(stderr, `the id "hand-made-id" is already used by hand-made.md`) {
		t.Errorf("add of a clashing id: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "hand-made-id.md")); err == nil {
		t.Error("the clashing document was written")
	}
	if code, _, stderr := runCmd(t, env, "index"); code != 0 {
		t.Errorf("the folder no longer loads after a refused add: %s", stderr)
	}
	// A Markdown file over MAX_DOCUMENT_MB (but under MAX_PDF_MB).
	big := "---\nid: big-note\ntitle: A fictional big note\nkind: report\n---\n\n" + strings.Repeat("The zeppelin of Ruritania flies. ", 40000) + "\n"
	os.WriteFile(filepath.Join(src, "big.md"), []byte(big), 0o644)
	code, _, stderr = runCmd(t, map[string]string{"CORPUS_DIR": dir, "MAX_DOCUMENT_MB": "1"}, "add", filepath.Join(src, "big.md"))
	if code != 1 || !strings.Contains(stderr, "over the corpus's limit of 1 MB (MAX_DOCUMENT_MB)") {
		t.Errorf("add of a document over MAX_DOCUMENT_MB: exit %d\n%s", code, stderr)
	}
	for _, bad := range [][]string{{"add"}, {"add", "--symbol", "banana", "x.pdf"}, {"add", "--symbol", "S/RES/1 (2000)", "a.pdf", "b.pdf"}} {
		if code, _, _ := runCmd(t, env, bad...); code != 2 {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
}

// TestAddHostilePDFs: each file that once crashed or hung the bot is
// refused by name, and nothing is written.
func TestAddHostilePDFs(t *testing.T) {
	dir, src := t.TempDir(), t.TempDir()
	for i, h := range undoctest.HostilePDFs() {
		path := filepath.Join(src, fmt.Sprintf("hostile-%d.pdf", i))
		os.WriteFile(path, h.PDF, 0o644)
		code, _, stderr := runCmd(t, map[string]string{"CORPUS_DIR": dir}, "add", path)
		if code != 1 || !strings.Contains(stderr, filepath.Base(path)) || !strings.Contains(stderr, h.Want) {
			t.Errorf("%s: exit %d, want 1 naming the file and saying %q:\n%s", h.Name, code, h.Want, stderr)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("hostile files wrote %d files", len(entries))
	}
}

// TestWhenServed: after add, fetch or remove, the command line says when
// the change reaches what reads the folder, and never that ask reads a
// folder it does not (ask reads CORPUS_DIR, as serve and web do).
func TestWhenServed(t *testing.T) {
	for _, tt := range []struct {
		name string
		cfg  config
		dir  string
		want string
	}{
		{"a scratch folder", config{CorpusDir: "/srv/corpus", CorpusPoll: 30 * time.Second}, "/tmp/try",
			`This is not CORPUS_DIR: ask, serve and web read /tmp/try only with CORPUS_DIR=/tmp/try (e.g. CORPUS_DIR=/tmp/try mandatebot ask "…").`},
		{"CORPUS_DIR, watched", config{CorpusDir: "/srv/corpus", CorpusPoll: 30 * time.Second}, "/srv/corpus/",
			"A running serve (or web) picks them up within 30s (CORPUS_POLL), or at once with /reindex in Discord; 'mandatebot ask' reads the folder as it is now."},
		{"CORPUS_DIR, not watched", config{CorpusDir: "/srv/corpus"}, "/srv/corpus",
			"CORPUS_POLL is off: run /reindex in Discord, or restart serve or web, for them to see it; 'mandatebot ask' reads the folder as it is now."},
	} {
		if got := whenServed(tt.cfg, tt.dir, "picks them up"); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}
