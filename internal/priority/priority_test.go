package priority_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"mandatebot/internal/priority"
)

func TestGate(t *testing.T) {
	t.Parallel()
	var g priority.Gate
	if err := g.Wait(context.Background()); err != nil {
		t.Fatalf("nothing urgent: %v", err)
	}
	a, b := g.Urgent(), g.Urgent()
	waited := make(chan error, 1)
	go func() { waited <- g.Wait(context.Background()) }()
	a()
	a() // twice is once
	select {
	case err := <-waited:
		t.Fatalf("Wait returned (%v) while urgent work was under way", err)
	case <-time.After(50 * time.Millisecond):
	}
	b()
	if err := <-waited; err != nil {
		t.Errorf("once the urgent work is over: %v", err)
	}
	// A wait that ends first says so.
	done := g.Urgent()
	defer done()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := g.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait with ctx ended: %v", err)
	}
}
