// Package ratelimit allows each client a number of requests in a sliding
// window: the bot's questions per Discord user, the web pages' per
// address.
package ratelimit

import (
	"sync"
	"time"
)

// Window allows each key (a user, a client address) n requests in a
// sliding window. It remembers about the keys active in one window, so
// that any number of clients coming and going costs bounded memory.
type Window struct {
	mu        sync.Mutex
	n         int
	window    time.Duration
	now       func() time.Time
	seen      map[string][]time.Time
	nextPrune int // prune idle users when seen holds this many
}

// minPrune is the size below which the limiter never bothers pruning.
const minPrune = 1024

// New returns a Window allowing n requests per window; now is the clock
// (time.Now when nil).
func New(n int, window time.Duration, now func() time.Time) *Window {
	if now == nil {
		now = time.Now
	}
	return &Window{n: n, window: window, now: now, seen: map[string][]time.Time{}, nextPrune: minPrune}
}

// Allow records a request from user, or says how long to wait.
func (l *Window) Allow(user string) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	recent := l.seen[user][:0]
	for _, t := range l.seen[user] {
		if now.Sub(t) < l.window {
			recent = append(recent, t)
		}
	}
	if len(recent) >= l.n {
		l.seen[user] = recent
		return l.window - now.Sub(recent[0]), false
	}
	l.seen[user] = append(recent, now)
	if len(l.seen) >= l.nextPrune {
		// Forget users idle for a window. Pruning only when the map has
		// doubled since the last time keeps it at most about twice the
		// users active in a window, at a constant cost per question.
		for u, ts := range l.seen {
			if len(ts) == 0 || now.Sub(ts[len(ts)-1]) >= l.window {
				delete(l.seen, u)
			}
		}
		l.nextPrune = max(minPrune, 2*len(l.seen))
	}
	return 0, true
}
