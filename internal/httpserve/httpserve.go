// Package httpserve runs the bot's HTTP servers (health and metrics, the
// interactions endpoint, the web pages) so that no client can hold them:
// every phase of a request has a timeout, the number of connections is
// capped, and shutdown stops accepting before it waits for what is under
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

	"golang.org/x/net/netutil"
)

// Limits are what one server allows a client.
type Limits struct {
	ReadHeaderTimeout time.Duration // the request line and headers
	ReadTimeout       time.Duration // the whole request, body included
	WriteTimeout      time.Duration // from the end of the headers to the end of the response
	IdleTimeout       time.Duration // a keep-alive connection with no request
	MaxHeaderBytes    int
	MaxConns          int // connections held at once; more wait in the kernel's queue
}

// DefaultLimits suit a small JSON endpoint: a slow client is dropped
// within seconds, and at most 128 connections are held, so a thousand
// slow or idle clients cost a few MB.
var DefaultLimits = Limits{
	ReadHeaderTimeout: 5 * time.Second,
	ReadTimeout:       10 * time.Second,
	WriteTimeout:      30 * time.Second,
	IdleTimeout:       30 * time.Second,
	MaxHeaderBytes:    16 << 10,
	MaxConns:          128,
}

// Server is an HTTP server listening on one address.
type Server struct {
	srv     *http.Server
	ln      net.Listener
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
	if lim.MaxConns > 0 {
		ln = netutil.LimitListener(ln, lim.MaxConns)
	}
	s := &Server{
		srv: &http.Server{
			Handler:           h,
			ReadHeaderTimeout: lim.ReadHeaderTimeout,
			ReadTimeout:       lim.ReadTimeout,
			WriteTimeout:      lim.WriteTimeout,
			IdleTimeout:       lim.IdleTimeout,
			MaxHeaderBytes:    lim.MaxHeaderBytes,
		},
		ln:   ln,
		done: make(chan error, 1),
	}
	go func() { s.done <- s.srv.Serve(ln) }()
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
