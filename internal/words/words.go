// Package words spells counts for people: "1 document", "2 documents".
package words

import "strconv"

// Count is n and the noun (or noun phrase: "unchanged paragraph"), with an
// s unless n is 1. The nouns mandatebot counts (document, passage,
// footnote, vote, day) are all regular.
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
