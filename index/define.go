package index

// This file: "what is X" questions, answered by the passage that spells X
// out, whatever X is, as long as the corpus defines it in one of the ways
// texts do: "Full Name In Capitals (X)" or "[X]", or "X is a …", "X, the
// …".

import (
	"regexp"
	"strings"

	"mandatebot/corpus"
)

var (
	// spelledOutRE is a name in capitals followed by its short form in
	// brackets: "Multidimensional Integrated Stabilization Mission in Mali
	// (MINUSMA)", "Norwegian Institute of International Affairs [NUPI]".
	spelledOutRE = regexp.MustCompile(`\p{Lu}[\p{L}’'-]*(?:\s+(?:(?:of|in|for|the|and|on|de|des|du|la|le|et|pour|au)\s+)*\p{Lu}[\p{L}’'-]*)+\s*[(\[]\s*(\p{Lu}[\p{L}]{1,11})\s*[)\]]`)
	// isDefinedRE is a sentence that opens by saying what a term is: "X
	// is a …", "X, the …".
	isDefinedRE = regexp.MustCompile(`(?:^|[.!?]\s+)(\p{Lu}[\p{L}]{1,11})(?: (?:is|are|was) (?:a|an|the)\b|, (?:a|an|the)\b)`)
)

// documentDefinitions returns the terms document d spells out (lower
// case), each with the first passage of d that does, in the order d
// spells them out: its passages first, then the footnotes they cite (a
// term spelled out in a footnote is defined by the passage citing it,
// with which the footnote is searched).
func documentDefinitions(d *corpus.Document) []definition {
	var out []definition
	seen := map[string]bool{}
	add := func(term, id string) {
		if k := strings.ToLower(term); !seen[k] {
			seen[k] = true
			out = append(out, definition{Term: k, Passage: id})
		}
	}
	scan := func(text, id string) {
		for _, m := range spelledOutRE.FindAllStringSubmatch(text, -1) {
			add(m[1], id)
		}
		for _, m := range isDefinedRE.FindAllStringSubmatch(text, -1) {
			add(m[1], id)
		}
	}
	for i := range d.Passages {
		scan(d.Passages[i].Text, d.Passages[i].ID)
	}
	for i := range d.Passages {
		for _, f := range d.FootnotesOf(&d.Passages[i]) {
			scan(f.Text, d.Passages[i].ID)
		}
	}
	return out
}

// definitionAsked returns the passage defining the term a "what is X"
// question asks about, or "".
func (ix *Index) definitionAsked(words []string) string {
	term := definitionTerm(words)
	if term == "" {
		return ""
	}
	if id := ix.defines[term]; id != "" {
		return id
	}
	return ix.defines[strings.TrimSuffix(term, "s")] // "what are PCCs"
}
