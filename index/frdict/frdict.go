// Package frdict gives the English translations of a French word in the
// FreeDict French–English dictionary (see LICENSE), from the first sense
// of each headword, keyed by the French stem the index makes of the word.
// The index asks it about a French question's words, so that a word the
// curated glossary (index/glossary/fr.txt) lacks ("aider", "janvier")
// still finds the corpus's English; its translations weigh less than the
// question's own words.
//
// The dictionary is licensed under the GPL (version 2 or later), so a
// binary that embeds it is one its distributor must offer under the GPL's
// terms. Building with -tags nofrdict leaves it out: Translations then
// finds nothing, and French questions rely on the curated glossary alone.
package frdict

import (
	"mandatebot/internal/sortedtsv"
	"strings"
)

//go:generate sh -c "go run ./gen /usr/share/dictd > fra-eng.txt"

// table is the dictionary, looked up by French stem.
var table = sortedtsv.New(data)

// Translations returns the English translations of the French stem
// (as index's French analysis makes it: "aid" for "aider"), nil for a
// stem the dictionary lacks. The first call finds where the embedded
// data's lines start; each call is then a binary search. The result is
// new: callers may keep it.
func Translations(stem string) []string {
	en, _, ok := table.Lookup(stem)
	if !ok {
		return nil
	}
	return strings.Split(en, ";")
}
