package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mandatebot/corpus/undoc/undoctest"
)

func TestFetchCommand(t *testing.T) {
	pdf := undoctest.ResolutionPDF() // synthetic, about a fictional mission
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("s") {
		case "S/RES/9999 (2031)":
			w.Write(pdf)
		case "S/RES/9997 (2031)":
			// 200 with an empty body, as for an unpublished symbol
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	env := map[string]string{"CORPUS_DIR": dir, "UN_DOCS_URL": srv.URL, "UN_LINK_URL": srv.URL + "/undocs/", "UN_FETCH_BACKOFF": "10ms", "UN_FETCH_TIMEOUT": "2s"}

	code, out, _ := runCmd(t, env, "fetch", "S/RES/9999 (2031)", "S/RES/9997 (2031)", "S/RES/9994 (2031)", "nonsense")
	if code != 1 {
		t.Errorf("exit %d, want 1 when something failed", code)
	}
	if strings.Contains(out, "%2F") || strings.Contains(out, "?s=") {
		t.Errorf("the output shows a URL-encoded address:\n%s", out)
	}
	for _, want := range []string{"S/RES/9999 (2031)    fetching", "fetched (11 passages) → ", "empty document", "the UN server has no such document (404). Check the symbol, or add the PDF with mandatebot add FILE.pdf.", "not a UN symbol", "fetched 1, skipped 0, failed 3", "A running serve (or web) picks them up within 30s (CORPUS_POLL)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, f := range []string{"s-res-9999-2031.md", "s-res-9999-2031.pdf"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("%d files in the folder, want 2 (no temporary or partial files)", len(entries))
	}

	// -v adds what the server said, addresses included, for an operator.
	if _, out, _ := runCmd(t, env, "fetch", "-v", "S/RES/9994 (2031)"); !strings.Contains(out, "detail: S/RES/9994 (2031): no such document (HTTP 404 at "+srv.URL) {
		t.Errorf("fetch -v gives no detail:\n%s", out)
	}

	// Fetched again: skipped, unless --force.
	code, out, _ = runCmd(t, env, "fetch", "S/RES/9999 (2031)")
	if code != 0 || !strings.Contains(out, "already in") {
		t.Errorf("second fetch: exit %d\n%s", code, out)
	}
	code, out, _ = runCmd(t, env, "fetch", "--force", "S/RES/9999 (2031)")
	if code != 0 || !strings.Contains(out, "fetched 1") {
		t.Errorf("forced fetch: exit %d\n%s", code, out)
	}

	// The fetched resolution is searched and cited by paragraph.
	code, out, stderr := runCmd(t, env, "ask", "--json", "protect civilians under imminent threat Ruritania")
	if code != 0 || !strings.Contains(out, `"label": "op. 2(a)(ii)"`) || !strings.Contains(out, `"doc_id": "s-res-9999-2031"`) {
		t.Errorf("ask after fetch: exit %d %s\n%s", code, stderr, out)
	}

	code, _, stderr = runCmd(t, map[string]string{"CORPUS_DIR": ""}, "fetch")
	if code != 2 || !strings.Contains(stderr, "CORPUS_DIR") {
		t.Errorf("fetch without a folder: exit %d, %q", code, stderr)
	}
}
