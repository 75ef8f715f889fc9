package web_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"mandatebot/corpus"
	"mandatebot/corpus/corpustest"
	"mandatebot/index"
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

// corpusOnly serves a corpus to the reader without an index: the reader
// reads only the corpus.
type corpusOnly struct{ c *corpus.Corpus }

func (s corpusOnly) Search(context.Context, index.Query) (*index.Result, error) {
	return nil, errors.New("no index in this benchmark")
}
func (s corpusOnly) Corpus() *corpus.Corpus { return s.c }
func (s corpusOnly) BuiltAt() time.Time     { return time.Time{} }

// BenchmarkReaderLong renders the reader of the longest documents the
// corpus takes, from the request to the last byte: the 19.9 MB one-line
// document of issue #34 (split into passages of 16 KB) and a document of
// the most passages a document may hold, each at its first page and at a
// permalink to its last paragraph, and reports each page's weight. The
// documents are fictional random words.
func BenchmarkReaderLong(b *testing.B) {
	var docs []*corpus.Document
	for _, src := range [][]byte{corpustest.OneLine("one-line", 19_900_000), corpustest.Paragraphs("many-paragraphs", corpus.MaxPassages)} {
		d, err := corpus.Parse("long.md", src)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, d)
	}
	h, err := web.New(web.Config{Searcher: corpusOnly{corpus.New(docs...)}, RateLimit: 1, RateWindow: time.Nanosecond})
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range docs {
		last := d.Passages[len(d.Passages)-1].Anchor()
		for name, path := range map[string]string{"first": "/d/" + d.ID, "last": "/d/" + d.ID + "?p=" + last} {
			b.Run(d.ID+"/"+name, func(b *testing.B) {
				size := 0
				for b.Loop() {
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
					if rec.Code != 200 || (name == "last" && !strings.Contains(rec.Body.String(), `id="`+last+`"`)) {
						b.Fatalf("%s: %d", path, rec.Code)
					}
					size = rec.Body.Len()
				}
				b.ReportMetric(float64(size), "bytes/page")
			})
		}
	}
}
