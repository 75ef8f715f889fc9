package fault_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"mandatebot/internal/fault"
)

// kinded is an error type that says its kind, as the packages' are.
type kinded struct{ err error }

func (e kinded) Error() string  { return "fictional: " + e.err.Error() }
func (e kinded) Unwrap() error  { return e.err }
func (kinded) Kind() fault.Kind { return fault.NotFound }

func TestOf(t *testing.T) {
	sentinel := fault.New(fault.Invalid, "the question is empty")
	for _, tc := range []struct {
		name string
		err  error
		want fault.Kind
	}{
		{"nil", nil, fault.Internal},
		{"no kind", errors.New("disk full"), fault.Internal},
		{"a sentinel", sentinel, fault.Invalid},
		{"a sentinel wrapped", fmt.Errorf("search: %w", sentinel), fault.Invalid},
		{"Errorf", fault.Errorf(fault.Unavailable, "fetch: %w", errors.New("refused")), fault.Unavailable},
		{"a type saying its kind", kinded{errors.New("x")}, fault.NotFound},
		{"the outer kind wins", kinded{sentinel}, fault.NotFound},
		{"a context out of time", fmt.Errorf("search: %w", context.DeadlineExceeded), fault.Unavailable},
		{"a context cancelled", context.Canceled, fault.Unavailable},
		{"a kind before the context's", fmt.Errorf("%w (%w)", sentinel, context.DeadlineExceeded), fault.Invalid},
	} {
		if got := fault.Of(tc.err); got != tc.want {
			t.Errorf("%s: Of = %v, want %v", tc.name, got, tc.want)
		}
	}
	e := fault.Errorf(fault.NotFound, "load %s: %w", "x.md", sentinel)
	if diff := cmp.Diff("load x.md: the question is empty", e.Error()); diff != "" || !errors.Is(e, sentinel) || !fault.Has(e) || fault.Has(context.Canceled) {
		t.Errorf("Errorf: %q, wraps %v, Has %v", e, errors.Is(e, sentinel), fault.Has(e))
	}
}
