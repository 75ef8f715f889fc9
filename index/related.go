// This file: words of a question that the corpus does not have, bridged
// to the corpus's own words through the thesaurus.

package index

import (
	"sort"

	"mandatebot/index/thesaurus"
)

// Weights of the thesaurus's synonyms, relative to the question's own
// words: less than a curated glossary synonym (WordNet does not know which
// sense the question meant), and a word of a multi-word synonym ("coup" of
// "coup d'etat") less than a synonym of one word.
const (
	weightRelatedSynonym = 0.4
	weightRelatedPart    = 0.6 // times weightRelatedSynonym, for each word of a multi-word synonym
	maxRelatedPerTerm    = 4
	// weightDictionary is the weight of a French word's translation by
	// the dictionary (package frdict): as a WordNet synonym's, since the
	// dictionary does not know which of its words the question meant
	// either.
	weightDictionary = weightRelatedSynonym
)

// relatedAlternatives returns, for each of the question's terms that no
// chunk holds, the terms of its WordNet synonyms that the corpus has
// ("takeover" → "coup"). A term the corpus has is never expanded: its own
// word is the best evidence there is, and measured, expanding every term
// cost more right answers than it found.
func (ix *Index) relatedAlternatives(terms []token, have map[string]bool) []Alternative {
	var out []Alternative
	seen := map[string]bool{}
	for _, t := range terms {
		if ix.has(t.term) || seen[t.term] || len(t.term) < 3 || isDigits([]byte(t.term)) {
			continue
		}
		seen[t.term] = true
		best := map[string]float64{}
		for _, syn := range thesaurus.Synonyms(t.term) {
			w := weightRelatedSynonym
			if len(syn) > 1 {
				w *= weightRelatedPart
			}
			for _, rt := range syn {
				if !ix.has(rt) || have[rt] || ix.idf(rt) < minExpandIDF {
					continue
				}
				best[rt] = max(best[rt], w)
			}
		}
		cands := make([]string, 0, len(best))
		for rt := range best {
			cands = append(cands, rt)
		}
		sort.Slice(cands, func(i, j int) bool {
			a, b := cands[i], cands[j]
			if best[a] != best[b] {
				return best[a] > best[b]
			}
			if ix.df[a] != ix.df[b] {
				return ix.df[a] < ix.df[b] // the more specific
			}
			return a < b
		})
		for _, rt := range cands[:min(len(cands), maxRelatedPerTerm)] {
			out = append(out, Alternative{Text: rt, Weight: best[rt], from: []string{t.term}, terms: []string{rt}, phrase: []string{rt}, related: true})
		}
	}
	return out
}
