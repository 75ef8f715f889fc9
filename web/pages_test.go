package web_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"

	"mandatebot/corpus"
	"mandatebot/corpus/compare"
	"mandatebot/corpus/undoc"
	"mandatebot/web"
)

func TestRoutes(t *testing.T) {
	t.Parallel()
	s := newSite(t, testCorpus(t), web.Config{})
	tests := []struct {
		path     string
		status   int
		want     []string // in the body
		location string   // for a redirect
	}{
		{"/", 200, []string{`action="/search"`, `<option value="nupi-policy-brief-19-2015">`}, ""},
		{"/search?q=why+don%27t+countries+want+to+send+troops+north%3F", 200, []string{
			`<a href="/d/nupi-policy-brief-19-2015?p=minusmas-challenges-1#minusmas-challenges-1">MINUSMA’s Challenges ¶1</a>`, // the citation, linked to its permalink
			`<strong>Partially because of high security risks`,                                                                 // the best sentence
			`<mark>troop</mark>`, // a match marked
			`<a href="/d/nupi-policy-brief-19-2015?p=fn.10#fn.10">[10]</a> Interview with senior UN staff member`, // its footnotes
			`rel="next" href="/search?q=`,
		}, ""},
		{"/search?q=thanks%21", 200, []string{"asks nothing the documents could answer"}, ""},
		{"/search?q=what+does+resolution+2227+say+about+troops", 200, []string{`<p class="notice"><a href="https://undocs.org/S/RES/2227%282015%29">S/RES/2227 (2015)</a> is not in the corpus yet, so nothing here is from it; an admin can fetch them with mandatebot fetch on the command line.</p>`}, ""},
		{"/search?q=%3C%40123456789012345678%3E+title%3Adrones+in+Gao%2A", 200, []string{"they never mention title, drones."}, ""},
		{"/search?q=zeppelins+of+ruritania", 200, []string{`class="notice">Nothing in the documents answers this well`}, ""},
		{"/search?q=drones+in+Gao", 200, []string{"they never mention drones"}, ""},
		{"/search?q=protect+civilians+under+imminent+threat&source=s-res-9999-2031", 200, []string{`<option value="s-res-9999-2031" selected>`, "S/RES/9999 (2031), op. 2(a)(ii)"}, ""},
		{"/search?q=troops&source=nope", 400, []string{"There is no document &#34;nope&#34; to search in"}, ""},
		{"/search?q=troops&page=0", 400, []string{"pages go from 1 to"}, ""},
		{"/search?q=troops&page=999", 400, []string{"pages go from 1 to"}, ""},
		{"/search?q=" + strings.Repeat("a+", 1001), 400, []string{"longer than 1000 characters"}, ""},
		{"/search?q=%ff%fe", 400, []string{"not text"}, ""},
		{"/search?q=", 200, []string{`id="bigq"`}, ""}, // the search box
		{"/d/nupi-policy-brief-19-2015", 200, []string{
			`<div class="para depth0" id="introduction-1">`,
			`<a class="label" href="#introduction-1"`,
			`<sup class="marker"><a href="#fn.1" id="ref.introduction-1.1" aria-label="footnote 1">1</a></sup>`,
			`<li id="fn.1" value="1">`, `href="#ref.introduction-1.1" aria-label="back to Introduction ¶1">↩ Introduction ¶1</a>`,
			`<a class="label" href="#recommendation-4" title="Link to Recommendation 4">Recommendation 4</a>`, `id="recommendation-4"`,
		}, ""},
		{"/d/s-res-9996-2032", 200, []string{
			`id="op-2-a"`, `class="para depth1"`, // a sub-paragraph, indented
			`href="/compare/s-res-9999-2031/s-res-9996-2032"`,
		}, ""},
		{"/d/no-such-document", 404, []string{"No document &#34;no-such-document&#34; is in the corpus", `value="no such document"`}, ""},
		{"/compare", 302, nil, "/compare/s-res-9999-2031/s-res-9996-2032"},
		{"/compare?theme=civilians&show=all", 302, nil, "/compare/s-res-9999-2031/s-res-9996-2032?theme=civilians&show=all"},
		{"/compare/9996/9999", 302, nil, "/compare/s-res-9999-2031/s-res-9996-2032"},
		{"/compare/s-res-9999-2031/s-res-9996-2032", 200, []string{
			"<del>", "<ins>", `<span class="badge">added</span>`, `<span class="badge">removed</span>`, `<span class="badge">moved</span>`,
			`href="/d/s-res-9996-2032?p=op-2-c#op-2-c"`, "Show the ",
			// The facts of the mandate first, each with its paragraphs.
			`<h2>The mandate</h2>`,
			`<tr class="changed"><th scope="row">Mandate of UNFMR<br><span class="badge">changed</span></th><td>until 30 June 2032 <span class="cites">(<a href="/d/s-res-9999-2031?p=op-1#op-1">op. 1</a>)</span></td><td>until 30 June 2033 <span class="cites">(<a href="/d/s-res-9996-2032?p=op-1#op-1">op. 1</a>)</span></td></tr>`,
			`<h2>Tasks added and dropped</h2>`, `<li class="added"><span class="badge">added</span> <a href="/d/s-res-9996-2032?p=op-2-c#op-2-c">op. 2(c)</a>`,
		}, ""},
		{"/compare/s-res-9999-2031/s-res-9996-2032?show=all", 200, []string{`<span class="badge">unchanged</span>`}, ""},
		{"/compare/s-res-9999-2031/s-res-9996-2032?theme=nope", 400, []string{"There is no theme"}, ""},
		{"/compare/s-res-9999-2031/s-res-1-1999", 404, []string{"No resolution &#34;s-res-1-1999&#34;"}, ""},
		{"/compare/nupi-policy-brief-19-2015/s-res-9996-2032", 404, []string{"No resolution"}, ""},
		{"/sources", 200, []string{`<a href="/d/nupi-policy-brief-19-2015">NUPI Policy Brief 19 · 2015 on MINUSMA</a>`, "holds 3 documents", "Cited but not held", `href="https://undocs.org/S/RES/2100%282013%29"`}, ""},
		{"/static/style.css", 200, []string{"prefers-color-scheme: dark", "@media print"}, ""},
		{"/static/app.js", 200, []string{"gone"}, ""},
		{"/nope", 404, []string{"There is no page at /nope"}, ""},
	}
	for _, tt := range tests {
		resp, body := s.get(tt.path)
		if resp.StatusCode != tt.status {
			t.Errorf("GET %s: status %d, want %d\n%s", tt.path, resp.StatusCode, tt.status, cutBody(body))
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s lacks %q\n%s", tt.path, w, cutBody(body))
			}
		}
		if got := resp.Header.Get("Location"); got != tt.location {
			t.Errorf("GET %s: Location %q, want %q", tt.path, got, tt.location)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "unsafe") {
			t.Errorf("GET %s: Content-Security-Policy %q", tt.path, csp)
		}
		for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"} {
			if got := resp.Header.Get(h); got != want {
				t.Errorf("GET %s: %s %q, want %q", tt.path, h, got, want)
			}
		}
		if strings.HasPrefix(tt.path, "/static/") {
			continue
		}
		if ct := resp.Header.Get("Content-Type"); tt.status != 302 && ct != "text/html; charset=utf-8" {
			t.Errorf("GET %s: Content-Type %q", tt.path, ct)
		}
		if tt.status == 200 && (strings.Contains(body, "<script>") || strings.Contains(body, " style=") || strings.Contains(body, " onclick")) {
			t.Errorf("GET %s holds inline script or style, which the CSP refuses", tt.path)
		}
	}
}

func cutBody(s string) string {
	if i := strings.Index(s, "<main>"); i >= 0 {
		s = s[i:]
	}
	return s[:min(len(s), 1500)]
}

func TestOnlyReads(t *testing.T) {
	t.Parallel()
	s := newSite(t, testCorpus(t), web.Config{})
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
		resp, _ := s.do(m, "/search?q=troops")
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: %d, Allow %q", m, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
	resp, body := s.do(http.MethodHead, "/d/nupi-policy-brief-19-2015")
	if resp.StatusCode != 200 || body != "" || resp.ContentLength < 10000 {
		t.Errorf("HEAD: %d, %d bytes of body, Content-Length %d", resp.StatusCode, len(body), resp.ContentLength)
	}
}

func TestRateLimit(t *testing.T) {
	t.Parallel()
	now := time.Unix(1e9, 0)
	s := newSite(t, testCorpus(t), web.Config{RateLimit: 3, RateWindow: time.Minute, Now: func() time.Time { return now }})
	for i := 0; i < 3; i++ {
		if resp, _ := s.get("/search?q=troops"); resp.StatusCode != 200 {
			t.Fatalf("page %d: %d", i+1, resp.StatusCode)
		}
	}
	resp, body := s.get("/d/nupi-policy-brief-19-2015")
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "60" || !strings.Contains(body, "wait 60 s, then reload") {
		t.Errorf("fourth page in a minute: %d, Retry-After %q\n%s", resp.StatusCode, resp.Header.Get("Retry-After"), cutBody(body))
	}
	if resp, _ := s.get("/static/style.css"); resp.StatusCode != 200 {
		t.Errorf("the stylesheet counted against the limit: %d", resp.StatusCode)
	}
	now = now.Add(time.Minute)
	if resp, _ := s.get("/"); resp.StatusCode != 200 {
		t.Errorf("a minute later: %d", resp.StatusCode)
	}
}

// TestHostileDocumentRendersInert puts a document made of script and
// markup into the corpus: every page showing it must show it as text.
func TestHostileDocumentRendersInert(t *testing.T) {
	t.Parallel()
	h := hostileDoc()
	if len(activeMarkup(t, "<p>"+h.Title+"</p>")) == 0 {
		t.Fatal("the check finds nothing active in the payload itself: it checks nothing")
	}
	s := newSite(t, testCorpus(t, h), web.Config{})
	for _, path := range []string{"/d/hostile-fixture", "/search?q=fictional+zeppelin", "/sources", "/"} {
		resp, body := s.get(path)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		for _, bad := range activeMarkup(t, body) {
			t.Errorf("GET %s: %s", path, bad)
		}
		if strings.Contains(body, "#ZgotmplZ") {
			t.Errorf("GET %s links to #ZgotmplZ: an address html/template refused is shown as a broken link", path)
		}
		if !strings.Contains(body, "&lt;script&gt;") {
			t.Errorf("GET %s does not show the hostile text as text", path)
		}
	}
}

// TestFollowsReindex swaps the index, as a reindex does: the pages show
// the new corpus at once, and a document that left says so.
func TestFollowsReindex(t *testing.T) {
	t.Parallel()
	c := testCorpus(t)
	s := newSite(t, c, web.Config{})
	if resp, _ := s.get("/d/s-res-9996-2032"); resp.StatusCode != 200 {
		t.Fatalf("before: %d", resp.StatusCode)
	}
	var kept []*corpus.Document
	for _, d := range c.Documents {
		if d.ID != "s-res-9996-2032" {
			kept = append(kept, d)
		}
	}
	s.index.cur.Store(buildIndex(t, corpus.New(append(kept, hostileDoc())...)))
	resp, body := s.get("/d/s-res-9996-2032")
	if resp.StatusCode != 404 || !strings.Contains(body, "removed or renamed when the corpus was reindexed") || !strings.Contains(body, `action="/search"`) {
		t.Errorf("a removed document: %d\n%s", resp.StatusCode, cutBody(body))
	}
	if _, body := s.get("/sources"); !strings.Contains(body, "hostile-fixture") || strings.Contains(body, "s-res-9996-2032") {
		t.Errorf("/sources does not show the new corpus:\n%s", cutBody(body))
	}
	if resp, body := s.get("/compare"); resp.StatusCode != 404 || !strings.Contains(body, "needs two resolutions, and the corpus holds 1") {
		t.Errorf("compare with one resolution left: %d\n%s", resp.StatusCode, cutBody(body))
	}
}

// activeMarkup parses a page as a browser would and lists whatever in it
// could run script or load something: any script but the pages' own,
// an element that embeds or draws (img, svg, iframe, object, embed), an
// on… attribute, a style attribute, or a link to a javascript: or data:
// address.
func activeMarkup(t *testing.T, page string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var bad []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script":
				if len(n.Attr) != 2 || attr(n, "src") != "/static/app.js" || n.FirstChild != nil {
					bad = append(bad, "a script element")
				}
			case "img", "svg", "iframe", "object", "embed", "frame", "base", "meta":
				if n.Data != "meta" || attr(n, "http-equiv") != "" {
					bad = append(bad, "a "+n.Data+" element")
				}
			}
			for _, a := range n.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				switch {
				case strings.HasPrefix(a.Key, "on"), a.Key == "style", a.Key == "srcdoc":
					bad = append(bad, "an attribute "+a.Key+" on "+n.Data)
				case (a.Key == "href" || a.Key == "src" || a.Key == "action" || a.Key == "cite") && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:")):
					bad = append(bad, a.Key+"="+a.Val+" on "+n.Data)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return bad
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// TestRateLimitBehindProxy: behind a reverse proxy on this machine each
// client is counted by the address the proxy forwards for. (The header
// is read only from a trusted peer, so a client elsewhere cannot pick
// whom it counts as: TestTrustedProxies.)
func TestRateLimitBehindProxy(t *testing.T) {
	t.Parallel()
	now := time.Unix(1e9, 0)
	s := newSite(t, testCorpus(t), web.Config{RateLimit: 2, RateWindow: time.Minute, Now: func() time.Time { return now }})
	get := func(forwardedFor string) int {
		req, _ := http.NewRequest(http.MethodGet, s.srv.URL+"/sources", nil)
		req.Header.Set("X-Forwarded-For", forwardedFor)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, client := range []string{"203.0.113.7", "198.51.100.9"} {
		for i := 0; i < 2; i++ {
			if code := get("10.0.0.1, " + client); code != 200 {
				t.Errorf("%s's page %d: %d", client, i+1, code)
			}
		}
		if code := get("10.0.0.1, " + client); code != http.StatusTooManyRequests {
			t.Errorf("%s's third page: %d, want 429", client, code)
		}
	}
}

// TestCompareTooLarge: a pair beyond what a comparison takes is refused
// with a page that says why, not compared for minutes. (Not parallel: it
// lowers compare.DefaultLimits while it runs.)
func TestCompareTooLarge(t *testing.T) {
	defer func(l compare.Limits) { compare.DefaultLimits = l }(compare.DefaultLimits)
	compare.DefaultLimits = compare.Limits{Paragraphs: 3}
	s := newSite(t, testCorpus(t), web.Config{})
	resp, body := s.get("/compare/s-res-9999-2031/s-res-9996-2032")
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "S/RES/9999 (2031) has more than 3 paragraphs, the most a comparison takes. Compare two resolutions of ordinary size.") {
		t.Errorf("%d\n%s", resp.StatusCode, cutBody(body))
	}
}

// TestReaderPages: a long document is read a page at a time: each page
// says where it is and links to its neighbours, a page that is not there
// is refused saying how many there are, and a permalink (?p=) lands on
// the page holding its paragraph, section, footnote or marker, however
// far in; no page renders the whole document. The document is fictional.
func TestReaderPages(t *testing.T) {
	t.Parallel()
	d := web.LongDocument(t)
	s := newSite(t, testCorpus(t, d), web.Config{RateLimit: 1000})
	last := d.Passages[len(d.Passages)-1]
	first := d.Passages[0]
	var pages int
	if _, body := s.get("/d/" + d.ID); true {
		i := strings.Index(body, `data-pages="`)
		if i < 0 {
			t.Fatalf("the long document is not paged:\n%s", cutBody(body))
		}
		fmt.Sscanf(body[i+len(`data-pages="`):], "%d", &pages)
	}
	if pages < 3 {
		t.Fatalf("%d pages", pages)
	}
	tests := []struct {
		path    string
		status  int
		want    []string
		notWant []string
	}{
		{"/d/" + d.ID, 200, []string{
			fmt.Sprintf("Page 1 of %d: paragraphs 1–", pages), `rel="next" href="/d/long-fictional-report?page=2"`,
			`id="` + first.Anchor() + `"`, `href="/d/long-fictional-report?p=` + first.Anchor() + `#` + first.Anchor() + `"`, // labels link to permalinks
			`<li id="fn.2"`, `href="/d/long-fictional-report?p=s.a-long-section-1#s.a-long-section-1">A long section</a>`,
		}, []string{`id="` + last.Anchor() + `"`, `rel="prev"`}},
		{"/d/" + d.ID + "?page=2", 200, []string{fmt.Sprintf("Page 2 of %d", pages), `rel="prev" href="/d/long-fictional-report"`}, []string{`id="` + first.Anchor() + `"`}},
		{"/d/" + d.ID + "?p=fictional-section-7-250", 200, []string{`<h2>Fictional section 7 (continued)</h2>`}, nil},
		{"/d/" + d.ID + "?page=0", 404, []string{fmt.Sprintf("has %d pages: there is no page &#34;0&#34;", pages)}, nil},
		{"/d/" + d.ID + fmt.Sprintf("?page=%d", pages+1), 404, []string{"there is no page"}, nil},
		{"/d/" + d.ID + "?page=two", 404, []string{"there is no page &#34;two&#34;"}, nil},
		{"/d/" + d.ID + "?p=" + last.Anchor(), 200, []string{`id="` + last.Anchor() + `"`, fmt.Sprintf("Page %d of %d", pages, pages), "A long section ¶1, part 3 of 3"}, nil},
		{"/d/" + d.ID + "?p=s.a-long-section-1", 200, []string{`id="s.a-long-section-1"`}, nil},
		{"/d/" + d.ID + "?p=ref." + last.Anchor() + ".1", 200, []string{`id="ref.` + last.Anchor() + `.1"`, `<li id="fn.1"`}, nil},
		{"/d/" + d.ID + "?p=fn.6", 200, []string{`<li id="fn.6"`}, nil},
		{"/d/" + d.ID + "?p=no-such-paragraph", 200, []string{"Page 1 of", `id="gone"`}, nil},
		{"/d/nupi-policy-brief-19-2015?p=recommendation-4", 200, []string{`id="recommendation-4"`}, []string{`data-pages`, "Page 1 of"}}, // one page: as before
	}
	for _, tt := range tests {
		resp, body := s.get(tt.path)
		if resp.StatusCode != tt.status {
			t.Errorf("GET %s: status %d, want %d\n%s", tt.path, resp.StatusCode, tt.status, cutBody(body))
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s lacks %q\n%s", tt.path, w, cutBody(body))
			}
		}
		for _, w := range tt.notWant {
			if strings.Contains(body, w) {
				t.Errorf("GET %s holds %q", tt.path, w)
			}
		}
	}
}

// TestPagesStandAlone: what the pages tell an admin to do names the
// command line under mandatebot web and Discord's commands as well under
// serve; the sources page says what the fetch at start did, failures
// with their reasons; the header links no comparison the corpus cannot
// make.
func TestPagesStandAlone(t *testing.T) {
	t.Parallel()
	shipped, err := corpus.Load(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	both := testCorpus(t)
	one := corpus.New(append(slices.Clone(shipped.Documents), both.Document("s-res-9999-2031"))...)
	outcomes := []undoc.Outcome{
		{Symbol: "S/RES/9999 (2031)", Status: "fetched", Passages: 11},
		{Symbol: "S/2014/692", Status: "failed", Err: undoc.ErrNotFound},
		{Symbol: "S/PV.7274", Status: "failed", Err: undoc.ErrNotFound},
		{Symbol: "S/RES/2100 (2013)"}, // under way
	}
	for _, tc := range []struct {
		name    string
		c       *corpus.Corpus
		withBot bool
		path    string
		status  int
		want    []string
		not     []string
	}{{
		name: "alone, one resolution", c: one, path: "/compare", status: 404,
		want: []string{"A comparison needs two resolutions, and the corpus holds 1: an admin can fetch them with mandatebot fetch on the command line."},
		not:  []string{`href="/compare"`, "Discord"},
	}, {
		name: "with the bot, one resolution", c: one, withBot: true, path: "/compare", status: 404,
		want: []string{"an admin can fetch them with /reindex fetch:true in Discord, or mandatebot fetch on the command line."},
	}, {
		name: "alone, the sources", c: one, path: "/sources", status: 200,
		want: []string{
			"which the corpus does not hold yet (an admin can fetch them with mandatebot fetch on the command line):",
			`<h2>Fetch at start</h2>`,
			`<li>Fetched: <a href="/d/s-res-9999-2031">S/RES/9999 (2031) (11 passages)</a></li>`,
			`<li>Fetching now: <a href="https://undocs.org/S/RES/2100%282013%29" rel="noopener noreferrer" class="out">S/RES/2100 (2013)</a></li>`,
			`<li class="failed"><a href="https://undocs.org/S/2014/692" rel="noopener noreferrer" class="out">S/2014/692</a>, <a href="https://undocs.org/S/PV.7274" rel="noopener noreferrer" class="out">S/PV.7274</a>: the UN server has no such document (404). Check the symbol, or add the PDF with mandatebot add FILE.pdf.</li>`,
		},
		not: []string{"Discord", `href="/compare"`},
	}, {
		name: "with the bot, the sources", c: one, withBot: true, path: "/sources", status: 200,
		want: []string{"or add the PDF with /reindex file: in Discord, or mandatebot add FILE.pdf."},
	}, {
		name: "two resolutions: the header links the comparison", c: both, path: "/sources", status: 200,
		want: []string{`<a href="/compare">Compare</a>`},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSite(t, tc.c, web.Config{WithBot: tc.withBot, FetchStatus: func() []undoc.Outcome { return outcomes }})
			resp, body := s.get(tc.path)
			if resp.StatusCode != tc.status {
				t.Errorf("GET %s: status %d, want %d", tc.path, resp.StatusCode, tc.status)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, html.EscapeString(w)) && !strings.Contains(body, w) {
					t.Errorf("GET %s lacks %q\n%s", tc.path, w, cutBody(body))
				}
			}
			for _, w := range tc.not {
				if strings.Contains(body, w) {
					t.Errorf("GET %s holds %q", tc.path, w)
				}
			}
		})
	}
}

// TestPickerOfALargeCorpus: with more documents than the picker lists,
// the home page has none, and a search page offers the document searched
// in and those its answers come from, not one option per document, so a
// page stays small whatever the corpus holds; a corpus of a few lists
// them all (TestRoutes).
func TestPickerOfALargeCorpus(t *testing.T) {
	t.Parallel()
	var extra []*corpus.Document
	for i := range 60 { // fictional documents, one word apart
		d := &corpus.Document{ID: fmt.Sprintf("fictional-%02d", i), Title: fmt.Sprintf("Fictional report %d", i), Kind: corpus.KindReport, Hash: fmt.Sprint(i)}
		d.Passages = []corpus.Passage{{ID: d.ID + "#p-1", DocID: d.ID, Label: "¶1",
			Text: fmt.Sprintf("The zeppelins of Ruritania number %d and stay grounded while the harbour of Strelsau is closed.", i)}}
		if i == 7 {
			d.Passages[0].Text += " Only this one mentions the lighthouse keepers."
		}
		extra = append(extra, d)
	}
	s := newSite(t, testCorpus(t, extra...), web.Config{})
	options := func(body string) []string {
		var out []string
		for _, part := range strings.Split(body, `<option value="`)[1:] {
			out = append(out, part[:strings.IndexByte(part, '"')])
		}
		return out
	}
	tests := []struct {
		path string
		want []string
	}{
		{"/", nil},
		{"/search?q=lighthouse+keepers", []string{"", "fictional-07"}},
		{"/search?q=lighthouse+keepers&source=fictional-31", []string{"", "fictional-31"}},
		{"/search?q=zeppelins+of+Ruritania", nil}, // checked below: the answers' documents, at most a page's
	}
	for _, tt := range tests {
		resp, body := s.get(tt.path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", tt.path, resp.StatusCode)
		}
		got := options(body)
		if tt.want != nil || tt.path == "/" {
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s: options (-want +got):\n%s", tt.path, diff)
			}
			continue
		}
		if len(got) < 3 || len(got) > 21 {
			t.Errorf("%s: %d options, want the answers' documents (and all documents): %v", tt.path, len(got), got)
		}
	}
}
