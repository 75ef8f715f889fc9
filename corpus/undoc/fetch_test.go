package undoc_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"mandatebot/corpus/undoc"
	"mandatebot/corpus/undoc/undoctest"
)

// fakeODS plays the UN document API on 127.0.0.1, answering by symbol.
func fakeODS(t *testing.T, answers map[string]func(w http.ResponseWriter, try int)) (*httptest.Server, map[string]*int32) {
	counts := map[string]*int32{}
	for s := range answers {
		counts[s] = new(int32)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sym := r.URL.Query().Get("s")
		if link, ok := strings.CutPrefix(r.URL.Path, "/undocs/"); ok {
			// The short-link service: the symbol is the path.
			a, ok := answers["undocs:"+link]
			if !ok {
				http.NotFound(w, r)
				return
			}
			a(w, int(atomic.AddInt32(counts["undocs:"+link], 1)))
			return
		}
		if r.URL.Query().Get("l") != "en" || r.URL.Query().Get("t") != "pdf" {
			http.Error(w, "bad query", 400)
			return
		}
		a, ok := answers[sym]
		if !ok {
			http.NotFound(w, r)
			return
		}
		a(w, int(atomic.AddInt32(counts[sym], 1)))
	}))
	t.Cleanup(srv.Close)
	return srv, counts
}

func TestFetch(t *testing.T) {
	pdf := undoctest.ResolutionPDF()
	srv, counts := fakeODS(t, map[string]func(http.ResponseWriter, int){
		"S/RES/9999 (2031)": func(w http.ResponseWriter, _ int) { w.Write(pdf) },
		"S/RES/9998 (2031)": func(w http.ResponseWriter, try int) {
			if try == 1 {
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
			w.Write(pdf)
		},
		"S/RES/9997 (2031)": func(w http.ResponseWriter, _ int) {}, // 200, empty body
		"S/RES/9996 (2031)": func(w http.ResponseWriter, _ int) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html><body>Document not available</body></html>"))
		},
		"S/RES/9995 (2031)": func(w http.ResponseWriter, _ int) { time.Sleep(2 * time.Second); w.Write(pdf) },
		"S/RES/9994 (2031)": func(w http.ResponseWriter, _ int) { http.NotFound(w, nil) },
		// A server that knows only the canonical form, as the UN's does.
		"S/RES/9993(2031)": func(w http.ResponseWriter, _ int) { w.Write(pdf) },
		// One only the short-link service has.
		"undocs:S/RES/9992(2031)": func(w http.ResponseWriter, _ int) { w.Write(pdf) },
	})
	f := &undoc.Fetcher{BaseURL: srv.URL, LinkURL: srv.URL + "/undocs/", Retries: 2, Backoff: 10 * time.Millisecond, Timeout: 300 * time.Millisecond}
	ctx := context.Background()
	tests := []struct {
		symbol string
		err    error
		tries  int32
	}{
		{"S/RES/9999 (2031)", nil, 1},
		{"S/RES/9998 (2031)", nil, 2}, // a 503, then success
		{"S/RES/9997 (2031)", undoc.ErrEmpty, 1},
		{"S/RES/9996 (2031)", undoc.ErrNotPDF, 1},
		{"S/RES/9995 (2031)", context.DeadlineExceeded, 3}, // each try times out, and is retried
		{"S/RES/9994 (2031)", undoc.ErrNotFound, 1},        // never retried
		{"S/RES/9993 (2031)", nil, 1},                      // asked for without the space first
		{"S/RES/9992 (2031)", nil, 1},                      // found through the short link
	}
	for _, tt := range tests {
		t.Run(tt.symbol, func(t *testing.T) {
			b, err := f.Fetch(ctx, tt.symbol)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if err == nil && !undoc.IsPDF(b) {
				t.Error("not a PDF")
			}
			key := tt.symbol
			if counts[key] == nil {
				key = undoc.CanonicalSymbol(key)
			}
			if counts[key] == nil {
				key = "undocs:" + undoc.CanonicalSymbol(tt.symbol)
			}
			if got := atomic.LoadInt32(counts[key]); got != tt.tries {
				t.Errorf("%d tries, want %d", got, tt.tries)
			}
		})
	}
	if u := f.URL("S/RES/2164 (2014)"); u != srv.URL+"?s=S%2FRES%2F2164%282014%29&l=en&t=pdf" {
		t.Errorf("URL = %s", u)
	}
}

// A document whose Markdown cannot be written (here a folder stands
// where it goes, as a full disk would fail it) fails with a SaveError and
// leaves no PDF behind, so the corpus folder holds no original without
// its document.
func TestFetchIntoLeavesNoOrphanPDF(t *testing.T) {
	pdf := undoctest.ResolutionPDF()
	srv, _ := fakeODS(t, map[string]func(http.ResponseWriter, int){
		"S/RES/9999 (2031)": func(w http.ResponseWriter, _ int) { w.Write(pdf) },
	})
	f := &undoc.Fetcher{BaseURL: srv.URL, LinkURL: srv.URL + "/undocs/", Retries: 1, Backoff: 10 * time.Millisecond, Timeout: 5 * time.Second}
	dir := t.TempDir()
	blocker := filepath.Join(dir, "s-res-9999-2031.md")
	if err := os.MkdirAll(filepath.Join(blocker, "inside"), 0o755); err != nil {
		t.Fatal(err)
	}
	out := undoc.FetchInto(context.Background(), f, dir, []string{"S/RES/9999 (2031)"}, true, nil)
	var save *undoc.SaveError
	if len(out) != 1 || out[0].Status != "failed" || !errors.As(out[0].Err, &save) {
		t.Fatalf("FetchInto = %+v, want a failure to save", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "s-res-9999-2031.pdf")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the PDF is left without its document: %v", err)
	}
}

// TestFetchOffline fails fast when nothing answers: a refused connection
// is not retried, and the error says the server cannot be reached.
func TestFetchOffline(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close() // nothing listens there now
	// A retry would wait an hour, so it would run into the context's
	// deadline instead of returning ErrOffline: no clock is read.
	f := &undoc.Fetcher{BaseURL: closed, LinkURL: closed + "/undocs/", Retries: 3, Backoff: time.Hour, Timeout: 5 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err = f.Fetch(ctx, "S/RES/9999 (2031)")
	if !errors.Is(err, undoc.ErrOffline) || ctx.Err() != nil {
		t.Errorf("err = %v (context: %v), want ErrOffline at once: a refused connection was retried with backoff", err, ctx.Err())
	}
}

func TestFetchTooLarge(t *testing.T) {
	big := append(undoctest.ResolutionPDF(), make([]byte, 2<<20)...)
	srv, _ := fakeODS(t, map[string]func(http.ResponseWriter, int){
		"S/RES/9999(2031)": func(w http.ResponseWriter, _ int) { w.Write(big) },
	})
	f := &undoc.Fetcher{BaseURL: srv.URL, LinkURL: srv.URL + "/undocs/", MaxBytes: 1 << 20}
	if _, err := f.Fetch(context.Background(), "S/RES/9999 (2031)"); !errors.Is(err, undoc.ErrTooLarge) || !strings.Contains(err.Error(), "larger than 1 MB") {
		t.Errorf("err = %v, want ErrTooLarge saying the limit", err)
	}
}

func TestWriteFileIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "doc.md")
	if err := undoc.WriteFile(path, []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := undoc.WriteFile(path, []byte("two")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	entries, _ := os.ReadDir(dir)
	if string(b) != "two" || len(entries) != 1 {
		t.Errorf("content %q, %d files", b, len(entries))
	}
	if err := undoc.WriteFile(filepath.Join(dir, "missing", "x.md"), []byte("x")); err == nil {
		t.Error("wrote into a missing folder")
	}
}
