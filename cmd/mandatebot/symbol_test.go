package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"mandatebot/corpus/undoc/undoctest"
)

// TestFiveDigitSymbols: a resolution numbered past 9999 round-trips
// whole through fetch, add, dump and compare; a symbol is never
// shortened, and a malformed one is refused naming the accepted forms.
func TestFiveDigitSymbols(t *testing.T) {
	// A UN server for any resolution number (fictional text).
	resRE := regexp.MustCompile(`^S/RES/(\d+)\s?\((\d{4})\)$`)
	var asked []string
	ods := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := r.URL.Query().Get("s")
		asked = append(asked, s)
		m := resRE.FindStringSubmatch(s)
		if m == nil {
			http.NotFound(w, r)
			return
		}
		w.Write(undoctest.Resolution(m[1], m[2]))
	}))
	defer ods.Close()
	dir := t.TempDir()
	env := map[string]string{"CORPUS_DIR": dir, "UN_DOCS_URL": ods.URL, "UN_LINK_URL": ods.URL + "/undocs/", "UN_FETCH_BACKOFF": "10ms"}

	code, out, stderr := runCmd(t, env, "fetch", "S/RES/21640 (2014)", "S/RES/10005 (2032)")
	if code != 0 || !strings.Contains(out, "fetched 2") {
		t.Fatalf("fetch: exit %d\n%s%s", code, out, stderr)
	}
	for _, a := range asked {
		if strings.HasPrefix(a, "S/RES/2164(") || strings.HasPrefix(a, "S/RES/1000(") {
			t.Errorf("asked the server for a shortened symbol: %s", a)
		}
	}
	for _, f := range []string{"s-res-21640-2014.md", "s-res-10005-2032.md"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}

	// add --symbol keeps the whole number.
	src := filepath.Join(t.TempDir(), "later.pdf")
	os.WriteFile(src, undoctest.Resolution("10006", "2033"), 0o644)
	if code, out, stderr := runCmd(t, env, "add", "--symbol", "S/RES/10006 (2033)", src); code != 0 || !strings.Contains(out, "s-res-10006-2033") {
		t.Errorf("add --symbol: exit %d\n%s%s", code, out, stderr)
	}

	// dump shows them as they are.
	code, out, _ = runCmd(t, env, "dump")
	var d dumpCorpus
	if err := json.Unmarshal([]byte(out), &d); code != 0 || err != nil {
		t.Fatalf("dump: exit %d, %v", code, err)
	}
	symbols := map[string]string{}
	for _, doc := range d.Documents {
		symbols[doc.ID] = doc.Symbol
		// A sub-paragraph's text is its own words; its parents' lead-ins
		// are apart.
		for _, p := range doc.Passages {
			if p.Label == "op. 2(a)(i)" && (!strings.HasPrefix(p.Text, "(i) To support") || len(p.LeadIn) != 2 || !strings.HasPrefix(p.LeadIn[0], "Decides that the mandate")) {
				t.Errorf("dump of %s op. 2(a)(i): text %q, lead_in %q", doc.ID, p.Text, p.LeadIn)
			}
		}
	}
	for id, want := range map[string]string{"s-res-21640-2014": "S/RES/21640 (2014)", "s-res-10005-2032": "S/RES/10005 (2032)", "s-res-10006-2033": "S/RES/10006 (2033)"} {
		if symbols[id] != want {
			t.Errorf("dump: %s has symbol %q, want %q", id, symbols[id], want)
		}
	}

	// compare by five-digit numbers.
	code, out, stderr = runCmd(t, env, "compare", "10005", "10006")
	if code != 0 || !strings.Contains(out, "S/RES/10005 (2032) → S/RES/10006 (2033)") {
		t.Errorf("compare 10005 10006: exit %d\n%s%s", code, out, stderr)
	}

	// Malformed symbols are refused, naming the forms.
	for _, bad := range []string{"S/RES/21x (2014)", "S/RES/2164 (2014) and more"} {
		code, out, _ := runCmd(t, env, "fetch", bad)
		if code != 1 || !strings.Contains(out, "not a UN symbol") || !strings.Contains(out, "S/PV.7274") {
			t.Errorf("fetch %q: exit %d\n%s", bad, code, out)
		}
	}
	if code, _, stderr := runCmd(t, env, "add", "--symbol", "S/RES/12a", src); code != 2 || !strings.Contains(stderr, "write it like") {
		t.Errorf("add --symbol S/RES/12a: exit %d, %s", code, stderr)
	}
}
