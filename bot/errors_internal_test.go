package bot

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
// through the bot's one translator, userMessage: an internal one is
// never shown (the member gets the apology), any other is told, within a
// screen, valid for Discord, and what is not available now says to try
// again. testdata/golden/errors.txt holds every wording; refresh it with
// -update.
func TestEveryErrorWorded(t *testing.T) {
	var b strings.Builder
	for _, c := range faulttest.Cases() {
		msg, shown := userMessage(c.Err)
		if shown != (c.Kind != fault.Internal) {
			t.Errorf("%s (%v): shown %v", c.Name, c.Kind, shown)
		}
		if shown {
			if err := checkMessage(msg, nil, nil); err != nil || len([]rune(msg)) > maxReply || strings.TrimSpace(msg) == "" {
				t.Errorf("%s: %q does not fit a reply (%v)", c.Name, msg, err)
			}
			if c.Kind == fault.Unavailable && !strings.Contains(msg, "again") {
				t.Errorf("%s: %q does not say to try again", c.Name, msg)
			}
		} else {
			msg = "(the apology, and the error logged)"
		}
		fmt.Fprintf(&b, "%s [%v]\n\t%s\n", c.Name, c.Kind, msg)
	}
	golden.Text(t, filepath.Join("testdata", "golden", "errors.txt"), b.String(), *update)
}
