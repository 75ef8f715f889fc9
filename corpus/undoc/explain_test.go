package undoc_test

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mandatebot/corpus/undoc"
	"mandatebot/corpus/undoc/undoctest"
)

// TestExplain fetches, with the real Fetcher, from a fake UN server on
// 127.0.0.1 that fails each way it can, and checks what an admin reads:
// the cause in words and the next step, never the symbol (the caller shows
// it once) nor an address, encoded or not.
func TestExplain(t *testing.T) {
	pdf := undoctest.ResolutionPDF() // fictional, as S/RES/9999 (2031)
	srv, _ := fakeODS(t, map[string]func(http.ResponseWriter, int){
		"S/RES/9801 (2031)": func(w http.ResponseWriter, _ int) { http.Error(w, "down", http.StatusServiceUnavailable) },
		"S/RES/9802 (2031)": func(w http.ResponseWriter, _ int) { http.Error(w, "no", http.StatusForbidden) },
		"S/RES/9803 (2031)": func(w http.ResponseWriter, _ int) { time.Sleep(400 * time.Millisecond) },
		"S/RES/9804 (2031)": func(w http.ResponseWriter, _ int) { w.Write(append([]byte("%PDF-1.7\n"), make([]byte, 2<<20)...)) },
		"S/RES/9805 (2031)": func(w http.ResponseWriter, _ int) {},
		"S/RES/9806 (2031)": func(w http.ResponseWriter, _ int) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html><body>Sign in</body></html>"))
		},
		"S/RES/9807 (2031)": func(w http.ResponseWriter, _ int) {
			w.Header().Set("Location", "https://files.example.org/S-RES-9807.pdf")
			w.WriteHeader(http.StatusFound)
		},
		"S/RES/9808 (2031)": func(w http.ResponseWriter, _ int) { w.Write(pdf) }, // shows S/RES/9999 (2031)
		"S/RES/9809 (2031)": func(w http.ResponseWriter, _ int) { w.Write(pdf[:len(pdf)/2]) },
		"S/RES/9999 (2031)": func(w http.ResponseWriter, _ int) { w.Write(pdf) },
	})
	f := &undoc.Fetcher{BaseURL: srv.URL, LinkURL: srv.URL + "/undocs/", Retries: 1, Backoff: time.Millisecond, Timeout: 150 * time.Millisecond, MaxBytes: 1 << 20}
	closed := func() string { // an address nothing listens on
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		return "http://" + l.Addr().String()
	}()
	offline := &undoc.Fetcher{BaseURL: closed, LinkURL: closed + "/undocs/", Timeout: time.Second}
	notDir := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(notDir, nil, 0o644)
	canceled, cancel := context.WithCancel(context.Background())
	cancel()

	tests := []struct {
		symbol string
		f      *undoc.Fetcher
		dir    string
		ctx    context.Context
		want   string
	}{
		{symbol: "S/2031/404", want: "the UN server has no such document (404). Check the symbol, or add the PDF with /reindex file:"},
		{symbol: "S/RES/9801 (2031)", want: "the UN document server failed (503) each time it was asked. Try again later."},
		{symbol: "S/RES/9802 (2031)", want: "the UN document server refused the download (403 Forbidden). Try again later, or add the PDF with /reindex file:"},
		{symbol: "S/RES/9803 (2031)", want: "the UN document server did not answer within 150ms. Try again later, or raise UN_FETCH_TIMEOUT."},
		{symbol: "S/RES/9804 (2031)", want: "the PDF is larger than 1 MB, the download limit. If it is the right document, raise MAX_PDF_MB."},
		{symbol: "S/RES/9805 (2031)", want: "the UN server sent an empty document: the symbol may not be published yet. Try again later."},
		{symbol: "S/RES/9806 (2031)", want: "the UN server sent an HTML page, not the PDF. Try again later, or add the PDF with /reindex file:"},
		{symbol: "S/RES/9807 (2031)", want: "the UN server sent the download elsewhere, and it was not followed (refused a redirect to files.example.org, not a UN document server). Add the PDF with /reindex file:"},
		{symbol: "S/RES/9808 (2031)", want: "the PDF downloaded but could not be converted (its first page shows S/RES/9999 (2031), not S/RES/9808 (2031)). Add it as a corpus .md file with /reindex file:"},
		{symbol: "S/RES/9809 (2031)", want: "the PDF downloaded cut short (it does not end as a PDF does). Fetch it again."},
		{symbol: "S/RES/9999 (2031)", dir: notDir, want: "the document could not be written to the corpus folder ("},
		{symbol: "S/RES/9999 (2031)", f: offline, want: "the UN document server cannot be reached from this machine (no network, or its address does not resolve). Check the machine's network and HTTPS_PROXY, or add the PDF with /reindex file:"},
		{symbol: "S/RES/9999 (2031)", ctx: canceled, want: "the fetch was stopped before it finished"},
		{symbol: "banana", want: `not a UN symbol: "banana"; write it like S/RES/2164 (2014), S/2014/692, S/PV.7274 or S/PRST/2014/8.`},
	}
	for _, tt := range tests {
		t.Run(tt.want[:20], func(t *testing.T) {
			if tt.f == nil {
				tt.f = f
			}
			if tt.dir == "" {
				tt.dir = t.TempDir()
			}
			if tt.ctx == nil {
				tt.ctx = context.Background()
			}
			out := undoc.FetchInto(tt.ctx, tt.f, tt.dir, []string{tt.symbol}, false, nil)
			if len(out) != 1 || out[0].Err == nil {
				t.Fatalf("FetchInto(%s) = %+v, want a failure", tt.symbol, out)
			}
			got := out[0].Result("with /reindex file:")
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("%s:\n got %q\nwant %q\n(from %v)", tt.symbol, got, tt.want, out[0].Err)
			}
			for _, leak := range []string{"http", "%2F", "127.0.0.1", "?s="} {
				if strings.Contains(got, leak) {
					t.Errorf("%s: the explanation shows %q: %q", tt.symbol, leak, got)
				}
			}
			if strings.Count(got, tt.symbol) > 0 && tt.symbol != "banana" && !strings.Contains(tt.want, tt.symbol) {
				t.Errorf("%s: the explanation repeats the symbol: %q", tt.symbol, got)
			}
		})
	}
}

func TestOutcomeResult(t *testing.T) {
	tests := []struct {
		o    undoc.Outcome
		want string
	}{
		{undoc.Outcome{Symbol: "S/RES/2164 (2014)"}, "fetching…"},
		{undoc.Outcome{Symbol: "S/RES/2164 (2014)", Status: "fetched", Passages: 58}, "fetched (58 passages)"},
		{undoc.Outcome{Symbol: "S/RES/2164 (2014)", Status: "fetched", Passages: 1}, "fetched (1 passage)"},
		{undoc.Outcome{Symbol: "S/RES/2164 (2014)", Status: "skipped"}, "already in the corpus"},
	}
	for _, tt := range tests {
		if got := tt.o.Result("with /reindex file:"); got != tt.want {
			t.Errorf("Result(%+v) = %q, want %q", tt.o, got, tt.want)
		}
	}
}
