package httpserve

import (
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"mandatebot/internal/realip"
)

// conns holds a server's connections to its limits. A connection that
// carries no request is a slot anyone may need: when the server or a
// client is at its limit, such a connection is closed to make room for
// the new one, rather than leaving the new one in the kernel's queue
// behind connections that may never send a byte.
type conns struct {
	lim      Limits
	mu       sync.Mutex
	open     map[*conn]struct{}
	byClient map[string]int // connections held, by realip.Key; trusted proxies not counted
	// counted for tests and logs
	reclaimed, turnedAway atomic.Int64
}

func newConns(lim Limits) *conns {
	return &conns{lim: lim, open: map[*conn]struct{}{}, byClient: map[string]int{}}
}

// conn is a connection the server holds.
type conn struct {
	net.Conn
	cs     *conns
	client string // realip.Key of the peer; "" for a trusted proxy
	// heard is set when a byte arrives in the current state: a
	// connection that is sending a request is closed only after those
	// that are not.
	heard atomic.Bool
	// guarded by cs.mu
	state    http.ConnState
	since    time.Time // when it entered state
	released bool
}

func (c *conn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 && !c.heard.Load() {
		c.heard.Store(true)
	}
	return n, err
}

func (c *conn) Close() error {
	c.cs.release(c)
	return c.Conn.Close()
}

// listener admits the connections conns allows.
type listener struct {
	net.Listener
	cs *conns
}

func (l listener) Accept() (net.Conn, error) {
	for {
		nc, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if c := l.cs.admit(nc); c != nil {
			return c, nil
		}
	}
}

// busy is what a connection turned away is told, if it listens.
const busy = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 35\r\n\r\nToo many connections: retry later.\n"

// admit takes nc if the limits allow, closing a connection that carries
// no request to make room if need be; else it turns nc away and returns
// nil.
func (cs *conns) admit(nc net.Conn) *conn {
	peer := realip.Peer(nc.RemoteAddr().String())
	c := &conn{Conn: nc, cs: cs, state: http.StateNew, since: time.Now()}
	if !cs.lim.Proxies.Trusts(peer) {
		c.client = realip.Key(peer)
	}
	var victims []*conn
	cs.mu.Lock()
	if c.client != "" && cs.lim.MaxConnsPerClient > 0 && cs.byClient[c.client] >= cs.lim.MaxConnsPerClient {
		v := cs.reclaimableLocked(c.client)
		if v == nil {
			cs.mu.Unlock()
			cs.turnAway(nc)
			return nil
		}
		victims = append(victims, v)
	}
	if cs.lim.MaxConns > 0 && len(cs.open) >= cs.lim.MaxConns {
		v := cs.reclaimableLocked("")
		if v == nil {
			cs.mu.Unlock()
			cs.turnAway(nc)
			return nil
		}
		victims = append(victims, v)
	}
	cs.open[c] = struct{}{}
	if c.client != "" {
		cs.byClient[c.client]++
	}
	cs.mu.Unlock()
	for _, v := range victims {
		cs.reclaimed.Add(1)
		v.Conn.Close() // the server's goroutine for it ends on the error
	}
	return c
}

// reclaimableLocked picks, and releases, the connection to close for a
// new one: of client's connections, or, for "", of the client holding
// the most. It is the one carrying no request longest: idle between
// requests before one that has sent nothing since it was accepted,
// either before one that has started a request; nil when every
// connection is answering a request.
func (cs *conns) reclaimableLocked(client string) *conn {
	var best *conn
	rank := func(c *conn) int {
		switch {
		case c.heard.Load():
			return 2
		case c.state == http.StateIdle:
			return 0
		}
		return 1
	}
	better := func(c, than *conn) bool {
		if client == "" && c.client != than.client {
			// The client holding more goes first; a trusted proxy, many
			// clients at once, after anyone holding more than it.
			if n, m := cs.byClient[c.client], cs.byClient[than.client]; n != m && c.client != "" && than.client != "" {
				return n > m
			}
		}
		if r, s := rank(c), rank(than); r != s {
			return r < s
		}
		return c.since.Before(than.since)
	}
	for {
		best = nil
		for c := range cs.open {
			if c.state != http.StateNew && c.state != http.StateIdle || client != "" && c.client != client {
				continue
			}
			if best == nil || better(c, best) {
				best = c
			}
		}
		// One that has sent bytes the server has not read yet is sending
		// a request: look again.
		if best == nil || best.heard.Load() || !pending(best.Conn) {
			break
		}
		best.heard.Store(true)
	}
	if best != nil {
		cs.releaseLocked(best)
	}
	return best
}

// turnAway closes a connection the limits have no room for, telling it
// so if it reads.
func (cs *conns) turnAway(nc net.Conn) {
	cs.turnedAway.Add(1)
	nc.SetWriteDeadline(time.Now().Add(100 * time.Millisecond))
	nc.Write([]byte(busy))
	nc.Close()
}

// setState is the server's ConnState hook.
func (cs *conns) setState(nc net.Conn, st http.ConnState) {
	c, ok := nc.(*conn)
	if !ok {
		return
	}
	if st == http.StateHijacked || st == http.StateClosed {
		cs.release(c)
		return
	}
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if c.released {
		return
	}
	c.state, c.since = st, time.Now()
	c.heard.Store(false)
}

func (cs *conns) release(c *conn) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.releaseLocked(c)
}

func (cs *conns) releaseLocked(c *conn) {
	if c.released {
		return
	}
	c.released = true
	delete(cs.open, c)
	if c.client != "" {
		if cs.byClient[c.client]--; cs.byClient[c.client] <= 0 {
			delete(cs.byClient, c.client)
		}
	}
}
