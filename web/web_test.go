package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"mandatebot/corpus"
	"mandatebot/corpus/undoc/undoctest"
	"mandatebot/index"
	"mandatebot/index/indextest"
	"mandatebot/web"
)

// swappable is an index a test can replace, as a reindex does.
type swappable struct{ cur atomic.Pointer[index.Index] }

func (s *swappable) Search(ctx context.Context, q index.Query) (*index.Result, error) {
	return s.cur.Load().Search(ctx, q)
}
func (s *swappable) Corpus() *corpus.Corpus { return s.cur.Load().Corpus() }
func (s *swappable) BuiltAt() time.Time     { return s.cur.Load().BuiltAt() }

// testCorpus is the shipped brief and two fictional resolutions (the
// undoctest fixtures, about a fictional mission), converted from PDF as
// fetched ones are.
func testCorpus(t testing.TB, extra ...*corpus.Document) *corpus.Corpus {
	t.Helper()
	return indextest.WithResolutions(t, extra...)
}

type site struct {
	t     *testing.T
	srv   *httptest.Server
	index *swappable
}

func newSite(t *testing.T, c *corpus.Corpus, cfg web.Config) *site {
	t.Helper()
	s := &swappable{}
	s.cur.Store(indextest.Build(t, c))
	cfg.Searcher = s
	h, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &site{t: t, srv: srv, index: s}
}

// get fetches path and returns the response and its body.
func (s *site) get(path string) (*http.Response, string) {
	s.t.Helper()
	return s.do(http.MethodGet, path)
}

func (s *site) do(method, path string) (*http.Response, string) {
	s.t.Helper()
	req, _ := http.NewRequest(method, s.srv.URL+path, nil)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// hostileDoc is a fictional document whose every field tries to run
// script or break out of the page: what a hostile file in the corpus
// folder could hold. Its text is made up, and says so.
func hostileDoc() *corpus.Document {
	const payload = `<script>window.xssFired=1</script><img src=x onerror="window.xssFired=1">"'><svg onload=window.xssFired=1>`
	d := &corpus.Document{ID: "hostile-fixture", Title: "Hostile fixture " + payload, Kind: corpus.KindReport,
		Publisher: payload, Date: payload, URL: "javascript:window.xssFired=1", Notes: []string{"A fictional test document. " + payload},
		Sections: []string{"Section " + payload}}
	d.Passages = []corpus.Passage{{ID: "hostile-fixture#section-1", DocID: d.ID, Section: d.Sections[0], Label: "Section ¶1 " + payload,
		Text: "A fictional zeppelin paragraph " + payload + " citing S/RES/9999 (2031) and javascript:window.xssFired=1.", Footnotes: []int{1},
		Citations: []corpus.Citation{{Footnote: 1, Offset: 31}}}}
	d.Footnotes = []corpus.Footnote{{Number: 1, Text: "A fictional zeppelin note " + payload + " https://example.org/\"><script>window.xssFired=1</script>"}}
	d.Footnotes[0].URLs = corpus.URLs(d.Footnotes[0].Text)
	return d
}

func buildIndex(t *testing.T, c *corpus.Corpus) *index.Index { return indextest.Build(t, c) }

func buildIndexB(b *testing.B) *index.Index { return indextest.Build(b, testCorpus(b)) }

// renewalPair is the fictional renewal written in the structures of real
// ones (corpus/compare/testdata/renewal: S/RES/9994 (2033) and S/RES/9995
// (2034)), whose comparison states every fact of a mandate, some at
// length.
func renewalPair(t testing.TB) []*corpus.Document {
	t.Helper()
	var docs []*corpus.Document
	for _, name := range []string{"s-res-9994-2033", "s-res-9995-2034"} {
		b, err := os.ReadFile(filepath.Join("..", "corpus", "compare", "testdata", "renewal", name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		src, err := undoctest.ReadSource(b)
		if err != nil {
			t.Fatal(err)
		}
		md, err := undoctest.Structured(src)
		if err != nil {
			t.Fatal(err)
		}
		d, err := corpus.Parse(name+".md", md)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	return docs
}
