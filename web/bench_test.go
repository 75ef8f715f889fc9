package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"mandatebot/web"
)

// benchHandler is the pages on the test corpus, with a rate limit whose
// window forgets each request at once, so the loop never reaches it.
func benchHandler(b *testing.B) http.Handler {
	b.Helper()
	s := &swappable{}
	s.cur.Store(buildIndexB(b))
	h, err := web.New(web.Config{Searcher: s, RateLimit: 1, RateWindow: time.Nanosecond})
	if err != nil {
		b.Fatal(err)
	}
	return h
}

// BenchmarkPages renders each kind of page in memory, from the request
// to the last byte (the pages are rendered whole before the first byte
// goes out, so this is also the time to first byte, less the network),
// and reports its weight.
func BenchmarkPages(b *testing.B) {
	h := benchHandler(b)
	for _, bm := range []struct{ name, path string }{
		{"search", "/search?q=why+don%27t+countries+want+to+send+troops+north%3F"},
		{"search-weak", "/search?q=zeppelins+of+ruritania"},
		{"document-brief", "/d/nupi-policy-brief-19-2015"},
		{"document-resolution", "/d/s-res-9996-2032"},
		{"compare", "/compare/s-res-9999-2031/s-res-9996-2032"},
		{"sources", "/sources"},
		{"home", "/"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			size := 0
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, bm.path, nil))
				if rec.Code != 200 {
					b.Fatalf("%s: %d", bm.path, rec.Code)
				}
				size = rec.Body.Len()
			}
			b.ReportMetric(float64(size), "bytes/page")
		})
	}
}
