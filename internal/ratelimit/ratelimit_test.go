package ratelimit

import (
	"strconv"
	"testing"
	"time"
)

func TestWindowStaysBounded(t *testing.T) {
	t.Parallel()
	now := time.Unix(0, 0)
	l := New(5, 30*time.Second, func() time.Time { return now })
	for i := 0; i < 10000; i++ {
		l.Allow(strconv.Itoa(i))
		now = now.Add(10 * time.Millisecond) // 10,000 users over 100 s
	}
	// About the users seen within the window (3,000) are remembered, at
	// most twice as many, not all 10,000.
	if n := len(l.seen); n > 2*3001+minPrune {
		t.Errorf("the limiter remembers %d users after 10,000 came and went", n)
	}
	// The same user in any server is one user.
	for i := 0; i < 5; i++ {
		if _, ok := l.Allow("u"); !ok {
			t.Fatalf("question %d refused", i+1)
		}
	}
	if _, ok := l.Allow("u"); ok {
		t.Error("a sixth question within the window was allowed")
	}
}
