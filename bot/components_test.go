package bot_test

import (
	"slices"
	"strings"
	"testing"

	"mandatebot/bot"
)

// FuzzCustomID checks the one writer and the one reader of custom ids
// against each other: whatever parts are written (any text, ":" and "%"
// included) are read back exactly, and no string, however made, crashes
// the reader or reads as an id the writer would not have written.
func FuzzCustomID(f *testing.F) {
	f.Add("full", "nupi-policy-brief-19-2015#p3", "", "v1:abc", "full:x:v")
	f.Add("more", "3", "3", "-", "more:3:3:-:v")
	f.Add("cmp", "s-res-2100-2013", "s-res-2164-2014", "%3A", "cmp:a:b:-:%2")
	f.Add("vote", "up", "a.b.c", "", "vote:up:a.b::")
	f.Add("", "", "", "", "%")
	f.Fuzz(func(t *testing.T, kind, a, b, version, raw string) {
		var args []string
		for _, s := range []string{a, b} {
			if s != "" {
				args = append(args, s)
			}
		}
		id := bot.EncodeID(kind, args, version)
		gotKind, gotArgs, gotVersion, err := bot.ParseID(id)
		switch {
		case len(id) > 100:
			if err == nil {
				t.Errorf("%q (%d bytes) read, but Discord holds 100", id, len(id))
			}
		case id == "":
			// Not possible: there is always a ":".
			t.Errorf("empty id for %q %q %q", kind, args, version)
		case err != nil:
			t.Errorf("ParseID(EncodeID(%q, %q, %q)) = %v", kind, args, version, err)
		case gotKind != kind || gotVersion != version || !slices.Equal(gotArgs, args) && !(len(args) == 0 && len(gotArgs) == 0):
			t.Errorf("round trip of %q %q %q gave %q %q %q", kind, args, version, gotKind, gotArgs, gotVersion)
		}

		// Any string: no crash, and what reads is written back the same.
		k, as, v, err := bot.ParseID(raw)
		if err != nil {
			return
		}
		if again := bot.EncodeID(k, as, v); again != raw && strings.Count(raw, "%") == 0 {
			t.Errorf("ParseID(%q) then EncodeID gives %q", raw, again)
		}
	})
}
