// Package httpserve runs the bot's HTTP servers (health and metrics, the
// interactions endpoint, the web pages) so that no client can hold them:
// every phase of a request has a timeout; the connections held are capped
// in all and per client address, and when the cap is reached a connection
// carrying no request (idle between requests first) makes room for a new
// one, so a new client is never queued behind connections that say
// nothing; and shutdown stops accepting before it waits for what is under
// way.
package httpserve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"mandatebot/internal/realip"
)

// Limits are what one server allows a client.
type Limits struct {
	ReadHeaderTimeout time.Duration // the request line and headers
	ReadTimeout       time.Duration // the whole request, body included
	WriteTimeout      time.Duration // from the end of the headers to the end of the response
	IdleTimeout       time.Duration // a keep-alive connection with no request
	MaxHeaderBytes    int
	// MaxConns connections are held at once. A new one past it takes the
	// place of one carrying no request: the one idle longest between
	// requests, else the oldest that has sent nothing, else the oldest
	// still sending its request's headers, of the client holding the
	// most connections; when every connection is answering a request, the
	// new one is told 503 and closed.
	MaxConns int
	// MaxConnsPerClient connections one client address holds at once (an
	// IPv6 client's /64), past which its own connections make room in
	// the same order, or the new one is turned away. Trusted proxies,
	// which carry many clients, are held to MaxConns only.
	MaxConnsPerClient int
	// Proxies are the trusted proxies.
	Proxies realip.Proxies
}

// DefaultLimits suit a small JSON endpoint: a client that does not send
// its headers within 2 s is dropped; at most 2,048 connections are held
// (about 10 KB each, 20 MB in all: a thousand idle or slow clients fit
// without taking anyone's place, and more make room as MaxConns says), 32
// from one address.
var DefaultLimits = Limits{
	ReadHeaderTimeout: 2 * time.Second,
	ReadTimeout:       10 * time.Second,
	WriteTimeout:      30 * time.Second,
	IdleTimeout:       30 * time.Second,
	MaxHeaderBytes:    16 << 10,
	MaxConns:          2048,
	MaxConnsPerClient: 32,
	Proxies:           realip.Loopback,
}

// Server is an HTTP server listening on one address.
type Server struct {
	srv     *http.Server
	ln      net.Listener
	conns   *conns
	done    chan error
	once    sync.Once
	stopErr error
}

// Listen starts serving h on addr ("127.0.0.1:0" for any free port) with
// the given limits.
func Listen(addr string, h http.Handler, lim Limits) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	cs := newConns(lim)
	s := &Server{
		srv: &http.Server{
			Handler:           h,
			ReadHeaderTimeout: lim.ReadHeaderTimeout,
			ReadTimeout:       lim.ReadTimeout,
			WriteTimeout:      lim.WriteTimeout,
			IdleTimeout:       lim.IdleTimeout,
			MaxHeaderBytes:    lim.MaxHeaderBytes,
			ConnState:         cs.setState,
		},
		ln:    ln,
		conns: cs,
		done:  make(chan error, 1),
	}
	go func() { s.done <- s.srv.Serve(listener{ln, cs}) }()
	return s, nil
}

// Addr is the address the server listens on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Shutdown stops accepting connections at once, waits up to grace for the
// requests under way, then closes what is left. It returns when the
// server has stopped; a second call returns the first one's result.
func (s *Server) Shutdown(grace time.Duration) error {
	s.once.Do(func() { s.stopErr = s.shutdown(grace) })
	return s.stopErr
}

func (s *Server) shutdown(grace time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("requests still running after %v: closed", grace)
		s.srv.Close()
	}
	if serr := <-s.done; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}
