package undoc_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
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
	})
	f := &undoc.Fetcher{BaseURL: srv.URL, Retries: 2, Backoff: 10 * time.Millisecond, Timeout: 300 * time.Millisecond}
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
			if got := atomic.LoadInt32(counts[tt.symbol]); got != tt.tries {
				t.Errorf("%d tries, want %d", got, tt.tries)
			}
		})
	}
	if u := f.URL("S/RES/2164 (2014)"); u != srv.URL+"?s=S%2FRES%2F2164%20%282014%29&l=en&t=pdf" {
		t.Errorf("URL = %s", u)
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
