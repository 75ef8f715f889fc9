package bot

import (
	"sync"
	"time"
)

// limiter allows each user n questions in a sliding window, wherever they
// ask: a user is one user in every server.
type limiter struct {
	mu        sync.Mutex
	n         int
	window    time.Duration
	now       func() time.Time
	seen      map[string][]time.Time
	nextPrune int // prune idle users when seen holds this many
}

// minPrune is the size below which the limiter never bothers pruning.
const minPrune = 1024

func newLimiter(n int, window time.Duration, now func() time.Time) *limiter {
	return &limiter{n: n, window: window, now: now, seen: map[string][]time.Time{}, nextPrune: minPrune}
}

// allow records a question from user, or says how long to wait.
func (l *limiter) allow(user string) (time.Duration, bool) {
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
