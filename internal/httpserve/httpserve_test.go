package httpserve_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mandatebot/internal/httpserve"
	"mandatebot/internal/realip"
)

// rssKB is this process's resident size.
func rssKB(t *testing.T) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status here")
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n
		}
	}
	t.Skip("no VmRSS")
	return 0
}

// TestHostileClients: a thousand connections from one address that stay
// idle or send a body a byte at a time cost little memory, and while they
// press on the server, a client from another address is answered at
// once; they are all dropped within the timeouts.
func TestHostileClients(t *testing.T) {
	lim := httpserve.Limits{
		ReadHeaderTimeout: 300 * time.Millisecond,
		ReadTimeout:       500 * time.Millisecond,
		WriteTimeout:      time.Second,
		IdleTimeout:       300 * time.Millisecond,
		MaxHeaderBytes:    4 << 10,
		MaxConns:          256,
		MaxConnsPerClient: 128,
	}
	srv, err := httpserve.Listen("127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, io.LimitReader(r.Body, 2<<20))
		fmt.Fprintln(w, "ok")
	}), lim)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown(time.Second)
	before := rssKB(t)
	const conns = 1000
	var dropped atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for i := range conns {
		c, err := net.Dial("tcp", srv.Addr())
		if err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer c.Close()
			c.SetDeadline(time.Now().Add(30 * time.Second)) // the test's own bound
			stop := time.Now().Add(30 * time.Second)
			if i%2 == 0 {
				// A body promised as 1 MB, sent a byte every 100 ms.
				fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", 1<<20)
				for time.Now().Before(stop) {
					if _, err := c.Write([]byte("x")); err != nil {
						break
					}
					c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
					if _, err := c.Read(make([]byte, 1)); err == nil || !isTimeout(err) {
						break // the server answered or closed
					}
				}
			} else {
				// Idle: connects and says nothing.
				io.Copy(io.Discard, c)
			}
			dropped.Add(1)
		}()
	}
	// Meanwhile, a client from another address is answered.
	getFrom(t, srv.Addr(), "127.0.0.2")
	wg.Wait()
	took := time.Since(start)
	grew := (rssKB(t) - before) >> 10
	t.Logf("%d connections dropped in %v; RSS grew %d MB", dropped.Load(), took.Round(time.Millisecond), grew)
	if grew > 150 {
		t.Errorf("RSS grew %d MB for %d hostile connections, want under 150", grew, conns)
	}
	if took > 25*time.Second {
		t.Errorf("took %v to drop them all", took)
	}
}

// get makes a request on a new connection and fails the test unless it
// is answered 200.
func get(t *testing.T, addr string) { t.Helper(); getFrom(t, addr, "127.0.0.1") }

// getFrom is get from another loopback address.
func getFrom(t *testing.T, addr, from string) {
	t.Helper()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}}
	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true, DialContext: d.DialContext}}
	resp, err := c.Get("http://" + addr + "/")
	if err != nil {
		t.Fatalf("a normal request: %v", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("a normal request: %d", resp.StatusCode)
	}
}

// patient limits never time a connection out during a test: whatever
// frees a slot is the server making room, not a clock.
var patient = httpserve.Limits{
	ReadHeaderTimeout: time.Hour, ReadTimeout: time.Hour, WriteTimeout: time.Hour, IdleTimeout: time.Hour,
	MaxHeaderBytes: 4 << 10,
}

// held is a connection the test keeps open.
type held struct {
	net.Conn
	r *bufio.Reader
}

// dial opens a connection; with request, it sends a GET and reads the
// answer, leaving the connection idle (keep-alive); with partial, it
// sends the start of a request's headers.
func dial(t *testing.T, addr, how string) *held {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	h := &held{c, bufio.NewReader(c)}
	switch how {
	case "request":
		fmt.Fprint(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
		c.SetReadDeadline(time.Now().Add(10 * time.Second)) // the test's own bound
		resp, err := http.ReadResponse(h.r, nil)
		c.SetReadDeadline(time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	case "partial":
		fmt.Fprint(c, "GET / HTTP/1.1\r\nHo")
	}
	return h
}

// closed reports whether the server has closed c (it reads EOF, or a
// 503 and then EOF), waiting up to a second for it.
func (h *held) closed() bool {
	h.SetReadDeadline(time.Now().Add(time.Second))
	_, err := io.Copy(io.Discard, h.r)
	return err == nil || !isTimeout(err)
}

// waitOpen waits until the server holds n connections.
func waitOpen(t *testing.T, srv *httpserve.Server, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if open, _, _ := srv.Counts(); open == n {
			return
		}
		if time.Now().After(deadline) {
			open, _, _ := srv.Counts()
			t.Fatalf("the server holds %d connections, want %d", open, n)
		}
	}
}

func listen(t *testing.T, lim httpserve.Limits, h http.HandlerFunc) *httpserve.Server {
	t.Helper()
	if h == nil {
		h = func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") }
	}
	srv, err := httpserve.Listen("127.0.0.1:0", h, lim)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Shutdown(time.Second) })
	return srv
}

// TestRoomForNewClients: with every slot held by connections carrying no
// request, and timeouts that would take an hour, a new client is answered
// at once: the connection idle between requests makes room first, then
// those that never sent a byte, oldest first; one sending its headers
// last.
func TestRoomForNewClients(t *testing.T) {
	t.Parallel()
	lim := patient
	lim.MaxConns = 4
	srv := listen(t, lim, nil)
	sending := dial(t, srv.Addr(), "partial")
	waitOpen(t, srv, 1)
	silent := dial(t, srv.Addr(), "")
	waitOpen(t, srv, 2)
	keepAlive := dial(t, srv.Addr(), "request")
	waitOpen(t, srv, 3)
	silent2 := dial(t, srv.Addr(), "")
	waitOpen(t, srv, 4)

	// Each time, the slots are full again (the request's own connection
	// has closed, and a new silent one takes its place).
	get(t, srv.Addr())
	if !keepAlive.closed() {
		t.Error("the idle keep-alive connection was not the first to make room")
	}
	waitOpen(t, srv, 3)
	dial(t, srv.Addr(), "")
	waitOpen(t, srv, 4)
	get(t, srv.Addr())
	if !silent.closed() {
		t.Error("the oldest silent connection was not the next to make room")
	}
	waitOpen(t, srv, 3)
	dial(t, srv.Addr(), "")
	waitOpen(t, srv, 4)
	get(t, srv.Addr())
	if !silent2.closed() {
		t.Error("the other silent connection was not the next to make room")
	}
	if _, reclaimed, turned := srv.Counts(); reclaimed != 3 || turned != 0 {
		t.Errorf("%d connections closed to make room, %d turned away; want 3, 0", reclaimed, turned)
	}
	// The one sending its request is still there, and finishes it.
	fmt.Fprint(sending, "st: x\r\n\r\n")
	sending.SetReadDeadline(time.Now().Add(5 * time.Second))
	if resp, err := http.ReadResponse(sending.r, nil); err != nil || resp.StatusCode != 200 {
		t.Errorf("the connection sending its request: %v %v", resp, err)
	}
}

// TestBusyConnections: when every slot answers a request, a new
// connection is told 503 at once, not queued.
func TestBusyConnections(t *testing.T) {
	t.Parallel()
	lim := patient
	lim.MaxConns = 3
	release, entered := make(chan struct{}), make(chan struct{}, 3)
	srv := listen(t, lim, func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		<-release
		fmt.Fprintln(w, "ok")
	})
	defer close(release)
	for range 3 {
		go http.Get("http://" + srv.Addr() + "/")
	}
	// All three answering: their handlers entered, so no slot is idle
	// (a connection dialled before might have taken one whose request
	// had not arrived, and waited for a request of its own).
	for range 3 {
		select {
		case <-entered:
		case <-time.After(10 * time.Second):
			t.Fatal("the three requests did not reach their handlers")
		}
	}
	c := dial(t, srv.Addr(), "")
	c.SetReadDeadline(time.Now().Add(5 * time.Second)) // the test's own bound
	resp, err := http.ReadResponse(c.r, nil)
	if err != nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("a connection past the busy slots: %v %v, want 503", resp, err)
	}
	if ra := resp.Header.Get("Retry-After"); ra == "" {
		t.Error("503 without Retry-After")
	}
}

// TestConnectionsPerClient: one address holds at most MaxConnsPerClient
// connections, its own idle ones making room; a trusted proxy is held to
// MaxConns only.
func TestConnectionsPerClient(t *testing.T) {
	t.Parallel()
	none, _ := realip.Parse("none")
	for _, tt := range []struct {
		name     string
		proxies  realip.Proxies
		wantBusy bool
	}{
		{"loopback untrusted", none, true},
		{"loopback a trusted proxy", realip.Loopback, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			release, entered := make(chan struct{}), make(chan struct{}, 3)
			defer close(release)
			slow := func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/slow" {
					entered <- struct{}{}
					<-release
				}
				fmt.Fprintln(w, "ok")
			}
			lim := patient
			lim.MaxConns, lim.MaxConnsPerClient, lim.Proxies = 100, 3, tt.proxies
			srv := listen(t, lim, slow)
			// Silent ones make room for the same client's new ones.
			for range 5 {
				dial(t, srv.Addr(), "")
			}
			get(t, srv.Addr())
			open, reclaimed, _ := srv.Counts()
			if tt.wantBusy && (open > 3 || reclaimed < 2) {
				t.Errorf("one client holds %d connections (%d reclaimed), want at most 3", open, reclaimed)
			}
			if !tt.wantBusy && reclaimed != 0 {
				t.Errorf("a trusted proxy's connections were closed (%d)", reclaimed)
			}
			// get's connection is closed by the server after the client
			// has its answer: wait for it, or on a loaded machine it may
			// still be answering when the slow requests below need its
			// slot, and one of them would be turned away.
			want := 2 // the silent ones left
			if !tt.wantBusy {
				want = 5
			}
			waitOpen(t, srv, want)
			// Three answering: a fourth is turned away from an untrusted
			// address.
			for range 3 {
				go http.Get("http://" + srv.Addr() + "/slow")
			}
			for i := range 3 {
				select {
				case <-entered:
				case <-time.After(10 * time.Second):
					open, reclaimed, turned := srv.Counts()
					t.Fatalf("%d of 3 slow requests reached the handler (open %d, reclaimed %d, turned away %d)", i, open, reclaimed, turned)
				}
			}
			dial(t, srv.Addr(), "request")
			_, _, turned := srv.Counts()
			if busy := turned > 0; busy != tt.wantBusy {
				t.Errorf("a fourth connection turned away: %v, want %v", busy, tt.wantBusy)
			}
		})
	}
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

// TestShutdownStopsAccepting: once Shutdown starts, no new connection is
// taken, and a request under way past the grace period is cut.
func TestShutdownStopsAccepting(t *testing.T) {
	started := make(chan struct{})
	srv, err := httpserve.Listen("127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-r.Context().Done() // a handler that never finishes by itself
	}), httpserve.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	addr := srv.Addr()
	go http.Get("http://" + addr + "/")
	<-started
	begin := time.Now()
	if err := srv.Shutdown(200 * time.Millisecond); err == nil || !strings.Contains(err.Error(), "still running") {
		t.Errorf("Shutdown = %v, want one saying a request was still running", err)
	}
	if took := time.Since(begin); took > 3*time.Second {
		t.Errorf("Shutdown took %v", took)
	}
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Error("a connection was accepted after Shutdown")
	}
	if err := srv.Shutdown(time.Second); err == nil {
		t.Error("a second Shutdown forgot the first one's result")
	}
}
