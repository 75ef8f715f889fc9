package undoc_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"mandatebot/corpus/undoc"
	"mandatebot/corpus/undoc/undoctest"
)

// pdfWith writes a minimal PDF: a catalogue, a page tree of pages pages
// all drawing one content stream, and a Helvetica font. content is the
// stream, Flate-compressed.
func pdfWith(t testing.TB, pages int, content []byte) []byte {
	t.Helper()
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	zw.Write(content)
	zw.Close()
	var b bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	b.WriteString("%PDF-1.4\n")
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	var kids strings.Builder
	for i := 0; i < pages; i++ {
		fmt.Fprintf(&kids, "%d 0 R ", 5+i)
	}
	obj(fmt.Sprintf("<< /Type /Pages /Count %d /Kids [%s] >>", pages, kids.String()))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	offsets = append(offsets, b.Len())
	fmt.Fprintf(&b, "4 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n", z.Len())
	b.Write(z.Bytes())
	b.WriteString("\nendstream\nendobj\n")
	for i := 0; i < pages; i++ {
		obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>")
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

// TestHostilePDFs: each fails clearly, within seconds, its peak memory
// far below 500 MB.
func TestHostilePDFs(t *testing.T) {
	good, err := os.ReadFile("testdata/libreoffice/lo-resolution-9998.pdf")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		pdf  func() []byte
		want string
	}{
		{"compression bomb", func() []byte {
			return pdfWith(t, 1, append(bytes.Repeat([]byte(" "), 200<<20), "BT /F1 12 Tf (x) Tj ET"...))
		}, "inflates to more than 64 MB"},
		{"operator bomb", func() []byte {
			return pdfWith(t, 1, bytes.Repeat([]byte("Q\n"), 6_000_000))
		}, "more than 5000000 drawing operators"},
		{"20,000 pages sharing one stream", func() []byte {
			return pdfWith(t, 20000, []byte("BT /F1 12 Tf 72 700 Td (A fictional page.) Tj ET"))
		}, "20000 pages"},
		{"truncated", func() []byte { return good[:len(good)/2] }, "the PDF is cut short"},
		{"the reader's own panic", func() []byte {
			return undoctest.RawPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
				"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>", "<< /Length 3 /Filter /NoSuchFilter >>\nstream\nabc\nendstream"}, "")
		}, "read PDF"},
		{"not a PDF", func() []byte { return []byte("<html>Document not available</html>") }, "not a PDF"},
	}
	for _, h := range undoctest.HostilePDFs() {
		tests = append(tests, struct {
			name string
			pdf  func() []byte
			want string
		}{h.Name, func() []byte { return h.PDF }, h.Want})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf := tt.pdf()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			start := time.Now()
			_, peak, err := undoc.LinesPeak(ctx, pdf)
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one saying %q", err, tt.want)
			}
			if ctx.Err() != nil {
				t.Errorf("ran into the deadline (%v) instead of a limit", took)
			}
			// Memory taken from the system bounds this process's peak;
			// the largest child's resident size bounds the reader's.
			if grew := int64(after.Sys) - int64(before.Sys); grew > 500<<20 {
				t.Errorf("took %d MB more from the system", grew>>20)
			}
			if peak > 500<<10 {
				t.Errorf("the PDF reader grew to %d MB", peak>>10)
			}
			t.Logf("%s: %v, %d MB more from the system, the reader at most %d MB: %v", tt.name, took.Round(time.Millisecond), (int64(after.Sys)-int64(before.Sys))>>20, peak>>10, err)
		})
	}
}

func TestLinesCancelled(t *testing.T) {
	pdf := pdfWith(t, 1, bytes.Repeat([]byte("1 0 0 1 0 0 cm\n"), 1_000_000))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := undoc.Lines(ctx, pdf); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// TestLinesCancelledWhileReading: cancelling (SIGTERM, a deadline) ends
// the reader's child at once.
func TestLinesCancelledWhileReading(t *testing.T) {
	pdf := pdfWith(t, 1, bytes.Repeat([]byte("Q\n"), 4_000_000))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := undoc.Lines(ctx, pdf)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %v after the deadline", took)
	}
}

func TestFetchRedirectLoop(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, srv.URL+r.URL.String(), http.StatusFound)
	}))
	defer srv.Close()
	f := &undoc.Fetcher{BaseURL: srv.URL, LinkURL: srv.URL + "/undocs/", Retries: 1, Backoff: time.Millisecond, Timeout: 5 * time.Second}
	start := time.Now()
	_, err := f.Fetch(context.Background(), "S/RES/9999 (2031)")
	if err == nil || !strings.Contains(err.Error(), "redirects") {
		t.Errorf("err = %v, want one about redirects", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %v", took)
	}
}

// TestFetchRedirectElsewhere: a UN server (here a fake one) that redirects
// to another host is not followed.
func TestFetchRedirectElsewhere(t *testing.T) {
	var hits int
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/evil.pdf", http.StatusFound)
	}))
	defer srv.Close()
	f := &undoc.Fetcher{BaseURL: srv.URL, LinkURL: srv.URL + "/undocs/", Retries: 0, Backoff: time.Millisecond, Timeout: 5 * time.Second}
	_, err := f.Fetch(context.Background(), "S/RES/9999 (2031)")
	if err == nil || !strings.Contains(err.Error(), "not a UN document server") {
		t.Errorf("err = %v, want a refused redirect", err)
	}
	if hits != 0 {
		t.Errorf("the other host was asked %d times", hits)
	}
}

// FuzzLines feeds damaged PDFs to the extractor, in this process (the
// sandbox would hide what the fuzzer looks for): it may fail, never panic
// or hang.
func FuzzLines(f *testing.F) {
	good, err := os.ReadFile("testdata/libreoffice/lo-record-9998.pdf")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(pdfWith(f, 2, []byte("BT /F1 12 Tf 72 700 Td (1.) Tj 30 0 Td (Decides) Tj ET")))
	for _, h := range undoctest.HostilePDFs() {
		if !strings.Contains(h.Want, "needed more than") { // that one must run in the sandbox
			f.Add(h.PDF)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		start := time.Now()
		undoc.ExtractLines(ctx, b)
		if took := time.Since(start); took > 3*time.Second {
			t.Fatalf("took %v on a %d-byte input", took, len(b))
		}
	})
}

// BenchmarkLines: one LibreOffice resolution, read in a child process
// (what every caller gets) and in this one (the cost of the sandbox is the
// difference).
func BenchmarkLines(b *testing.B) {
	pdf, err := os.ReadFile("testdata/libreoffice/lo-resolution-9998.pdf")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.Run("sandboxed", func(b *testing.B) {
		for b.Loop() {
			if _, err := undoc.Lines(ctx, pdf); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("in-process", func(b *testing.B) {
		for b.Loop() {
			if _, err := undoc.ExtractLines(ctx, pdf); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestTruncatedPDF: a PDF that does not end with %%EOF (after line ends
// and spaces), as the reader requires, is refused as cut short before any
// reader starts; one that does, with trailing line ends, reads.
func TestTruncatedPDF(t *testing.T) {
	good := undoctest.ResolutionPDF()
	for _, tt := range []struct {
		name string
		pdf  []byte
		want error
	}{
		{"whole", good, nil},
		{"whole, with line ends after", append(append([]byte(nil), good...), "\r\n\n"...), nil},
		{"one byte short", good[:len(good)-len("F\n")], undoc.ErrTruncated},
		{"the header alone", []byte("%PDF-1.4\n"), undoc.ErrTruncated},
	} {
		_, err := undoc.Lines(context.Background(), tt.pdf)
		if !errors.Is(err, tt.want) || tt.want == nil && err != nil {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
}
