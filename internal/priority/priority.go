// Package priority puts the bot's answers first: while an interaction
// waits for its first answer (Discord gives three seconds, and the
// acknowledgement should take milliseconds), work that can wait, a web
// page, does not start. Whatever runs already finishes; the next waits.
package priority

import (
	"context"
	"sync"
)

// Gate counts urgent work under way, and holds other work back while
// there is any. The zero Gate is ready to use.
type Gate struct {
	mu     sync.Mutex
	urgent int
	clear  chan struct{} // closed when urgent falls to 0; nil while 0
}

// Urgent marks urgent work begun; done marks it over (calling it again
// does nothing).
func (g *Gate) Urgent() (done func()) {
	g.mu.Lock()
	if g.urgent == 0 {
		g.clear = make(chan struct{})
	}
	g.urgent++
	g.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			g.mu.Lock()
			defer g.mu.Unlock()
			if g.urgent--; g.urgent == 0 {
				close(g.clear)
				g.clear = nil
			}
		})
	}
}

// Wait returns when no urgent work is under way, or with ctx's error if
// ctx ends first.
func (g *Gate) Wait(ctx context.Context) error {
	for {
		g.mu.Lock()
		clear := g.clear
		g.mu.Unlock()
		if clear == nil {
			return nil
		}
		select {
		case <-clear:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
