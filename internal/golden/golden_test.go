package golden_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mandatebot/internal/golden"
)

// recorder is a testing.TB that keeps what a check reports.
type recorder struct {
	testing.TB
	errs  []string
	fatal bool
}

func (r *recorder) Helper()                   {}
func (r *recorder) Errorf(f string, a ...any) { r.errs = append(r.errs, f) }
func (r *recorder) Fatalf(f string, a ...any) { r.errs = append(r.errs, f); r.fatal = true }
func (r *recorder) Fatal(a ...any)            { r.errs = append(r.errs, "fatal"); r.fatal = true }

func TestText(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "out.golden")
	check := func(got string, update bool) *recorder {
		r := &recorder{TB: t}
		golden.Text(r, path, got, update)
		return r
	}
	if r := check("fictional zeppelins\n", false); !r.fatal || !strings.Contains(r.errs[0], "-update") {
		t.Errorf("a missing golden file: %v, want a failure naming -update", r.errs)
	}
	if r := check("fictional zeppelins\n", true); len(r.errs) != 0 {
		t.Errorf("with update: %v, want it written and passing", r.errs)
	}
	if b, _ := os.ReadFile(path); string(b) != "fictional zeppelins\n" {
		t.Errorf("written %q", b)
	}
	if r := check("fictional zeppelins\n", false); len(r.errs) != 0 {
		t.Errorf("the same text: %v", r.errs)
	}
	if r := check("fictional balloons\n", false); len(r.errs) != 1 || r.fatal {
		t.Errorf("another text: %v, want one error", r.errs)
	}
}
