package index

import (
	"bufio"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/registry"

	"mandatebot/index/frdict"
)

// french turns a question asked in French into English search terms with a
// curated glossary (glossary/fr.txt). Terms are matched on French-stemmed
// words, longest first; words it does not know (names, mostly) are kept.
type french struct {
	analyzer analysis.Analyzer
	terms    map[string][]string // stemmed French words, space-joined → English
	longest  int
}

// frenchAnalyzer is bleve's French analysis (elision, lower case, stop
// words, light stemming), made once.
var frenchAnalyzer = sync.OnceValues(func() (analysis.Analyzer, error) {
	return registry.NewCache().AnalyzerNamed(fr.AnalyzerName)
})

// FrenchTerms returns the stems the index makes of French text s, by
// which the French glossary and the dictionary (package frdict, whose
// generator keys its entries by them) are looked up.
func FrenchTerms(s string) []string {
	a, err := frenchAnalyzer()
	if err != nil {
		panic(err) // registered by bleve's fr package: cannot fail
	}
	var out []string
	for _, t := range a.Analyze([]byte(s)) {
		out = append(out, string(t.Term))
	}
	return out
}

func newFrench() (*french, error) {
	a, err := frenchAnalyzer()
	if err != nil {
		return nil, err
	}
	f := &french{analyzer: a, terms: map[string][]string{}}
	file, err := glossaryFiles.Open("glossary/fr.txt")
	if err != nil {
		return nil, err
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		from, to, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("glossary/fr.txt:%d: want \"french = english\"", n)
		}
		key := f.stems(from)
		if len(key) == 0 {
			continue // only stop words
		}
		k := strings.Join(key, " ")
		f.terms[k] = append(f.terms[k], splitList(to, ",")...)
		f.longest = max(f.longest, len(key))
	}
	return f, sc.Err()
}

func (f *french) stems(s string) []string {
	var out []string
	for _, t := range f.analyzer.Analyze([]byte(s)) {
		out = append(out, string(t.Term))
	}
	return out
}

// sense is a French word of a question and the dictionary's English
// for it.
type sense struct {
	word    string   // as the member wrote it
	english []string // the dictionary's translations the glossary does not give
	glossed []string // what the glossary gave for it, if it knows the word alone
}

// translate returns English search words for a French question: the
// glossary's translations, and apart the French words it does not know
// (names, mostly, and cognates), for the caller to keep those the corpus
// uses, and the dictionary's translations of the question's words that
// the glossary does not know or knows alone (its words for "enquête" are
// those of the brief's field research: the dictionary adds "inquiry").
func (f *french) translate(q string) (english, unknown []string, senses []sense) {
	toks := f.analyzer.Analyze([]byte(q))
	for i := 0; i < len(toks); {
		matched := 0
		var glossed []string
		for n := min(f.longest, len(toks)-i); n >= 1; n-- {
			var key []string
			for _, t := range toks[i : i+n] {
				key = append(key, string(t.Term))
			}
			if en, ok := f.terms[strings.Join(key, " ")]; ok {
				for _, e := range en {
					if !slices.Contains(english, e) {
						english = append(english, e)
					}
				}
				matched, glossed = n, en
				break
			}
		}
		word := q[toks[i].Start:toks[i].End]
		if matched <= 1 {
			var extra []string
			for _, e := range frdict.Translations(string(toks[i].Term)) {
				if !slices.ContainsFunc(glossed, func(g string) bool { return strings.EqualFold(g, e) }) {
					extra = append(extra, e)
				}
			}
			if len(extra) > 0 {
				senses = append(senses, sense{word: word, english: extra, glossed: glossed})
			}
		}
		if matched == 0 {
			unknown = append(unknown, word)
			matched = 1
		}
		i += matched
	}
	return english, unknown, senses
}

// stripAccents spells a French word without its diacritics, as its
// English cognate often is: "hésitent" → "hesitent" (hesitant).
var stripAccents = strings.NewReplacer("é", "e", "è", "e", "ê", "e", "ë", "e", "à", "a", "â", "a", "î", "i", "ï", "i", "ô", "o", "ù", "u", "û", "u", "ü", "u", "ç", "c", "œ", "oe",
	"É", "E", "È", "E", "Ê", "E", "À", "A", "Â", "A", "Î", "I", "Ô", "O", "Ç", "C")

// Function words that tell French from English.
var (
	frenchWords  = wordSet("le la les des du de un une est sont dans pour pourquoi quand depuis qui que quoi comment ont ils elles il elle au aux sur avec quel quelle quels quelles ce cette ces se son sa ses leur leurs nous vous pas ne où et ou mais donc car été l d qu n s c j t y a-t-il est-ce combien")
	englishWords = wordSet("the a an is are was were of in on for why when who what how did do does to from with that this which by at as be have has and or not it its there their")
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// isFrench guesses the language of a question from its function words.
func isFrench(q string) bool {
	fr, en := 0, 0
	for _, w := range strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r)
	}) {
		if frenchWords[w] {
			fr++
		}
		if englishWords[w] {
			en++
		}
	}
	return fr >= 2 && fr > en
}
