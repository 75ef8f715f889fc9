package httpserve_test

import (
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

// TestHostileClients: a thousand connections that stay idle or send a
// body a byte at a time are all dropped within the timeouts, cost little
// memory, and a well-behaved client is still answered afterwards.
func TestHostileClients(t *testing.T) {
	lim := httpserve.Limits{
		ReadHeaderTimeout: 300 * time.Millisecond,
		ReadTimeout:       500 * time.Millisecond,
		WriteTimeout:      time.Second,
		IdleTimeout:       300 * time.Millisecond,
		MaxHeaderBytes:    4 << 10,
		MaxConns:          256,
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
	resp, err := http.Get("http://" + srv.Addr() + "/")
	if err != nil {
		t.Fatalf("a normal request afterwards: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("a normal request afterwards: %d", resp.StatusCode)
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
