package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mandatebot/index"
	"mandatebot/internal/priority"
	"mandatebot/internal/realip"
	"mandatebot/web"
)

// heldSearcher holds every search until the test lets it go or the
// search's context ends, and counts the searches started and those whose
// context ended first.
type heldSearcher struct {
	*swappable
	release   chan struct{}
	started   chan struct{}
	cancelled atomic.Int64
}

func (s *heldSearcher) Search(ctx context.Context, q index.Query) (*index.Result, error) {
	s.started <- struct{}{}
	select {
	case <-s.release:
	case <-ctx.Done():
		s.cancelled.Add(1)
		return nil, ctx.Err()
	}
	return s.swappable.Search(ctx, q)
}

// heldSite is the pages on a searcher the test holds, with one page made
// at once and one waiting.
func heldSite(t *testing.T) (*heldSearcher, *httptest.Server) {
	t.Helper()
	sw := &swappable{}
	sw.cur.Store(buildIndex(t, testCorpus(t)))
	held := &heldSearcher{swappable: sw, release: make(chan struct{}), started: make(chan struct{}, 16)}
	h, err := web.New(web.Config{Searcher: held, RateLimit: 1000, MaxPages: 1, MaxWaiting: 1, PageWait: time.Hour, SearchTimeout: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return held, srv
}

// TestPagesBudget: the pages are made one at a time here (MaxPages 1),
// one more waits its turn, and any other is answered 503 at once with
// Retry-After, whatever the waiting ones' wait: a flood of searches queues
// nothing more, and takes no more CPU than its budget.
func TestPagesBudget(t *testing.T) {
	t.Parallel()
	held, srv := heldSite(t)
	type answer struct {
		code       int
		retryAfter string
	}
	answers := make(chan answer, 3)
	get := func() {
		resp, err := http.Get(srv.URL + "/search?q=troops")
		if err != nil {
			answers <- answer{}
			return
		}
		resp.Body.Close()
		answers <- answer{resp.StatusCode, resp.Header.Get("Retry-After")}
	}
	go get()
	<-held.started // the first is being made
	// Of two more, one waits its turn (for up to an hour), the other is
	// answered at once.
	go get()
	go get()
	if a := <-answers; a.code != http.StatusServiceUnavailable || a.retryAfter == "" {
		t.Errorf("a third search while one is made and one waits: %d, Retry-After %q; want 503 and when to retry", a.code, a.retryAfter)
	}
	close(held.release)
	for range 2 {
		if a := <-answers; a.code != 200 {
			t.Errorf("a search made in its turn: %d", a.code)
		}
	}
}

// TestAbandonedPagesStop: a search whose client leaves is cancelled, and
// one waiting its turn whose client leaves never starts.
func TestAbandonedPagesStop(t *testing.T) {
	t.Parallel()
	held, srv := heldSite(t)
	var wg sync.WaitGroup
	get := func(ctx context.Context) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/search?q=troops", nil)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
		}()
	}
	searching, leaveSearch := context.WithCancel(context.Background())
	waiting, leaveWait := context.WithCancel(context.Background())
	get(searching)
	<-held.started
	get(waiting)
	time.Sleep(100 * time.Millisecond) // for it to wait its turn
	leaveWait()
	time.Sleep(100 * time.Millisecond) // for the server to see it leave
	leaveSearch()
	wg.Wait()
	for deadline := time.Now().Add(10 * time.Second); held.cancelled.Load() == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the search whose client left was not cancelled")
		}
	}
	// The page that waited has given its turn up: the next search is a
	// new client's.
	go http.Get(srv.URL + "/search?q=troops")
	select {
	case <-held.started:
	case <-time.After(10 * time.Second):
		t.Fatal("no search started after the clients left")
	}
	time.Sleep(100 * time.Millisecond)
	if n := len(held.started); n != 0 {
		t.Errorf("%d searches started for a client that had left", n)
	}
	close(held.release)
}

// TestStaticFiles: the stylesheet and script are served, never the
// listing of their folder, and have a rate limit of their own, apart
// from the pages'.
func TestStaticFiles(t *testing.T) {
	t.Parallel()
	now := time.Unix(1e9, 0)
	s := newSite(t, testCorpus(t), web.Config{RateLimit: 2, RateWindow: time.Minute, Now: func() time.Time { return now }})
	for _, path := range []string{"/static/", "/static/nothing.css"} {
		if resp, body := s.get(path); resp.StatusCode != http.StatusNotFound || strings.Contains(body, ">style.css</a>") {
			t.Errorf("%s: %d\n%s", path, resp.StatusCode, cutBody(body))
		}
	}
	now = now.Add(time.Minute)
	allowed := 0
	for range 20 {
		resp, _ := s.get("/static/style.css")
		if resp.StatusCode != 200 {
			if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
				t.Errorf("past the limit: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
			}
			break
		}
		allowed++
	}
	if allowed != 8 {
		t.Errorf("%d static files a minute, want 8 (4 a page)", allowed)
	}
	if resp, _ := s.get("/sources"); resp.StatusCode != 200 {
		t.Errorf("a page after the static files ran out: %d", resp.StatusCode)
	}
}

// TestTrustedProxies: who the rate limit counts, by the peer a request
// comes from. In a container, a reverse proxy on the host reaches the
// pages from Docker's network (172.18.0.1 here), not loopback: trusted
// only when TRUSTED_PROXIES says so, else every visitor shares its count.
func TestTrustedProxies(t *testing.T) {
	t.Parallel()
	c := testCorpus(t)
	ix := buildIndex(t, c)
	private, _ := realip.Parse("private")
	for _, tt := range []struct {
		name     string
		proxies  *realip.Proxies
		peer     string
		separate bool // each forwarded client counted apart
	}{
		{"default, proxy on loopback", nil, "127.0.0.1:4000", true},
		{"default, proxy on Docker's network", nil, "172.18.0.1:4000", false},
		{"private, proxy on Docker's network", &private, "172.18.0.1:4000", true},
		{"private, a public peer's header ignored", &private, "203.0.113.50:4000", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sw := &swappable{}
			sw.cur.Store(ix)
			h, err := web.New(web.Config{Searcher: sw, RateLimit: 2, RateWindow: time.Minute, Proxies: tt.proxies})
			if err != nil {
				t.Fatal(err)
			}
			get := func(forwardedFor string) int {
				r := httptest.NewRequest(http.MethodGet, "/sources", nil)
				r.RemoteAddr = tt.peer
				r.Header.Set("X-Forwarded-For", forwardedFor)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, r)
				return rec.Code
			}
			var codes []int
			for _, client := range []string{"198.51.100.1", "198.51.100.2", "198.51.100.3"} {
				codes = append(codes, get(client))
			}
			separate := codes[2] == 200
			if separate != tt.separate {
				t.Errorf("three visitors' first pages: %v; counted apart %v, want %v", codes, separate, tt.separate)
			}
		})
	}
}

// TestPagesWaitForTheBot: while the bot has an interaction awaiting its
// first answer, a page waits its turn, within PageWait: made once the bot
// has answered, or 503 when PageWait runs out first.
func TestPagesWaitForTheBot(t *testing.T) {
	t.Parallel()
	var gate priority.Gate
	sw := &swappable{}
	sw.cur.Store(buildIndex(t, testCorpus(t)))
	page := func(wait time.Duration) <-chan int {
		h, err := web.New(web.Config{Searcher: sw, Priority: &gate, PageWait: wait})
		if err != nil {
			t.Fatal(err)
		}
		got := make(chan int, 1)
		go func() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/search?q=troops", nil))
			got <- rec.Code
		}()
		return got
	}
	done := gate.Urgent()
	if code := <-page(50 * time.Millisecond); code != http.StatusServiceUnavailable {
		t.Errorf("PageWait over while the bot's answer is awaited: %d, want 503", code)
	}
	got := page(time.Hour)
	select {
	case code := <-got:
		t.Fatalf("a page was made (%d) while the bot's answer was awaited", code)
	case <-time.After(100 * time.Millisecond):
	}
	done()
	if code := <-got; code != 200 {
		t.Errorf("once the bot has answered: %d, want 200", code)
	}
}
