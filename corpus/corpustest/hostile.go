// Package corpustest makes stored corpus documents for tests and
// benchmarks, in the shapes a hostile or careless admin could add: one
// paragraph of megabytes, a million paragraphs, a vocabulary of random
// words. Their text is FICTIONAL: random letters, made afresh by each
// test from a fixed seed, never a real document and never committed.
package corpustest

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// words writes random lower-case words of 3 to 10 letters to b until it
// holds size bytes, calling sep between two words for what goes there (a
// space, a sentence's end, a paragraph break).
func words(b *strings.Builder, rng *rand.Rand, size int, sep func(i int) string) {
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteString(sep(i))
		}
		n := 3 + rng.IntN(8)
		for range n {
			b.WriteByte(byte('a' + rng.IntN(26)))
		}
	}
}

func header(id, title string) *strings.Builder {
	var b strings.Builder
	fmt.Fprintf(&b, "---\nid: %s\ntitle: %s (fictional random words)\nkind: report\n---\n\n", id, title)
	return &b
}

// OneLine is a document of about size bytes whose body is one line of
// random words with no sentence in it: the 19.9 MB one-line Markdown
// document of issue #34, at size 19.9 MB.
func OneLine(id string, size int) []byte {
	b := header(id, "One line")
	words(b, rand.New(rand.NewPCG(34, 1)), size, func(int) string { return " " })
	b.WriteByte('\n')
	return []byte(b.String())
}

// Sentences is a document of about size bytes whose body is one paragraph
// of random words in sentences of about fifteen words.
func Sentences(id string, size int) []byte {
	b := header(id, "Sentences")
	rng := rand.New(rand.NewPCG(34, 2))
	words(b, rng, size, func(i int) string {
		if rng.IntN(15) == 0 {
			return ". " + string(rune('A'+rng.IntN(26)))
		}
		return " "
	})
	b.WriteString(".\n")
	return []byte(b.String())
}

// Paragraphs is a document of n paragraphs of a random word or two each:
// the 1,000,000-paragraph document (17 MB) of issue #34, at n 1,000,000.
func Paragraphs(id string, n int) []byte {
	b := header(id, "Paragraphs")
	rng := rand.New(rand.NewPCG(34, 3))
	b.Grow(n * 17)
	for range n {
		words(b, rng, b.Len()+1, nil)
		if rng.IntN(2) == 0 {
			b.WriteByte(' ')
			words(b, rng, b.Len()+1, nil)
		}
		b.WriteString("\n\n")
	}
	return []byte(b.String())
}

// Vocabulary is a document of n random words in paragraphs of two
// hundred words: nearly every one a word the corpus has no other of, as the
// "20,000 extra words" of issue #34 are at n 20,000.
func Vocabulary(id string, n int) []byte {
	b := header(id, "Vocabulary")
	rng := rand.New(rand.NewPCG(34, 4))
	for i := range n {
		switch {
		case i == 0:
		case i%200 == 0:
			b.WriteString(".\n\n")
		default:
			b.WriteByte(' ')
		}
		words(b, rng, b.Len()+1, nil)
	}
	b.WriteString(".\n")
	return []byte(b.String())
}
