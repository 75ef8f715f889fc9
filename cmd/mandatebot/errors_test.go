package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"mandatebot/internal/fault"
	"mandatebot/internal/fault/faulttest"
	"mandatebot/internal/golden"
)

// TestEveryErrorWorded walks every exported error (faulttest.Cases)
// through the command line's one translator, explain: a usage mistake
// (exit 2) is only ever invalid input, what is not available now says to
// try again, and every error says something. testdata/errors.golden
// holds every wording and exit status; refresh it with -update.
func TestEveryErrorWorded(t *testing.T) {
	var b strings.Builder
	for _, c := range faulttest.Cases() {
		msg, code := explain(c.Err)
		switch {
		case strings.TrimSpace(msg) == "" || code != 1 && code != 2:
			t.Errorf("%s: exit %d, %q", c.Name, code, msg)
		case code == 2 && c.Kind != fault.Invalid:
			t.Errorf("%s [%v]: exit 2, a usage mistake, for what is not invalid input", c.Name, c.Kind)
		case c.Kind == fault.Unavailable && !strings.Contains(msg, "again") && msg != "interrupted":
			t.Errorf("%s: %q does not say to try again", c.Name, msg)
		}
		fmt.Fprintf(&b, "%s [%v]\n\texit %d: %s\n", c.Name, c.Kind, code, msg)
	}
	golden.Text(t, filepath.Join("testdata", "errors.golden"), b.String(), *update)
}
