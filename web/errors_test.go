package web_test

import (
	"flag"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"mandatebot/internal/fault"
	"mandatebot/internal/fault/faulttest"
	"mandatebot/internal/golden"
	"mandatebot/web"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestEveryErrorWorded walks every exported error (faulttest.Cases)
// through the pages' one translator: its status follows its kind (4xx for
// invalid input and what is not there, 503 with Retry-After for what is
// not available now, 500 for anything else, with an apology and never
// the error's words). testdata/errors.golden holds every wording; refresh
// it with -update.
func TestEveryErrorWorded(t *testing.T) {
	h, err := web.New(web.Config{Searcher: &swappable{}})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, c := range faulttest.Cases() {
		status, msg, retry, internal := h.ErrorPageOf(c.Err)
		ok := false
		switch c.Kind {
		case fault.Invalid, fault.NotFound:
			ok = status >= 400 && status < 500 && !internal
		case fault.Unavailable:
			ok = status == http.StatusServiceUnavailable && retry > 0 && !internal
		default:
			ok = status == http.StatusInternalServerError && internal && !strings.Contains(msg, c.Err.Error())
		}
		if !ok || strings.TrimSpace(msg) == "" {
			t.Errorf("%s [%v]: %d (Retry-After %d, internal %v) %q", c.Name, c.Kind, status, retry, internal, msg)
		}
		fmt.Fprintf(&b, "%s [%v]\n\t%d %s\n", c.Name, c.Kind, status, msg)
	}
	golden.Text(t, filepath.Join("testdata", "errors.golden"), b.String(), *update)
}
