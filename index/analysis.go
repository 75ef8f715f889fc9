package index

import (
	"bytes"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"

	"mandatebot/corpus"
)

// Names under which the analysis pieces are registered with bleve, so an
// index on disk opens with the same analysis.
const (
	analyzerName    = "mandatebot_en"
	digitGroupsName = "mandatebot_digit_groups"
	stemmerName     = "mandatebot_stem"
	stopName        = "mandatebot_stop"
)

func init() {
	if err := registry.RegisterTokenFilter(digitGroupsName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return digitGroups{}, nil
	}); err != nil {
		panic(err)
	}
	if err := registry.RegisterTokenFilter(stemmerName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return stemmer{}, nil
	}); err != nil {
		panic(err)
	}
	if err := registry.RegisterTokenFilter(stopName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return stopFilter{}, nil
	}); err != nil {
		panic(err)
	}
	if err := registry.RegisterAnalyzer(analyzerName, newAnalyzer); err != nil {
		panic(err)
	}
}

// newAnalyzer is bleve's English analyzer (possessives, lower case, stop
// words, stemming) with digit groups joined, so that "12,640", "12 640"
// and "12640" are one term, British spellings made American, and the
// Snowball (Porter2) stemmer instead of Porter's, which stems "deployed"
// and "deployment" apart. Its stop list is short: bleve's English list
// drops words such as "further", "against" and "between" that a quotation
// hunt needs, and BM25 already weighs common words little.
func newAnalyzer(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
	tok, err := cache.TokenizerNamed(unicodetok.Name)
	if err != nil {
		return nil, err
	}
	var filters []analysis.TokenFilter
	for _, name := range []string{en.PossessiveName, lowercase.Name, digitGroupsName, stopName, stemmerName} {
		f, err := cache.TokenFilterNamed(name)
		if err != nil {
			return nil, err
		}
		filters = append(filters, f)
	}
	return &analysis.DefaultAnalyzer{Tokenizer: tok, TokenFilters: filters}, nil
}

// digitGroups (the "normalize" filter) also maps British spellings to
// American ones (see americanSpelling). It joins thousands written with separators into one number:
// "12,640" becomes 12640, and the two tokens of "12 640" (a space or a
// no-break space between a group of 1-3 digits and one of exactly 3) one
// token 12640. Offsets still cover the original text, so highlighting
// works on it.
type digitGroups struct{}

func (digitGroups) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0]
	for i := 0; i < len(in); i++ {
		t := in[i]
		switch {
		case isGroupedNumber(t.Term):
			t.Term = []byte(strings.ReplaceAll(string(t.Term), ",", ""))
		case len(t.Term) <= 3 && isDigits(t.Term):
			for i+1 < len(in) && gapIsSpace(in[i+1].Start-t.End) && len(in[i+1].Term) == 3 && isDigits(in[i+1].Term) {
				t.Term = append(append([]byte{}, t.Term...), in[i+1].Term...)
				t.End = in[i+1].End
				i++
			}
		default:
			t.Term = americanSpelling(t.Term)
		}
		out = append(out, t)
	}
	for i, t := range out {
		t.Position = i + 1
	}
	return out
}

// americanSpelling maps British spellings to American ones before
// stemming, so "organisations" finds "organizations" and "defence"
// "defense". Both the index and questions go through it, so a word it
// changes needlessly still matches itself.
func americanSpelling(term []byte) []byte {
	for _, r := range britishSuffixes {
		if bytes.HasSuffix(term, r.fromBytes) && len(term)-len(r.from) >= r.stem {
			s := string(term)
			return []byte(s[:len(s)-len(r.from)] + r.to)
		}
	}
	return term
}

var britishSuffixes = withBytes([]britishSuffix{
	{from: "isations", to: "izations", stem: 3}, {from: "isation", to: "ization", stem: 3},
	{from: "ising", to: "izing", stem: 4}, {from: "ised", to: "ized", stem: 4}, {from: "ises", to: "izes", stem: 4}, {from: "ise", to: "ize", stem: 4},
	{from: "ours", to: "ors", stem: 3}, {from: "our", to: "or", stem: 3}, // behaviour, labours; not four, hour, your
	{from: "ence", to: "ense", stem: 3}, // defence, offence; licence
	{from: "tre", to: "ter", stem: 3},   // centre, theatre
	{from: "ogue", to: "og", stem: 3},   // catalogue; not dialogue? (both sides alike)
})

type britishSuffix struct {
	from, to  string
	stem      int // letters the word must have before the suffix
	fromBytes []byte
}

func withBytes(rs []britishSuffix) []britishSuffix {
	for i := range rs {
		rs[i].fromBytes = []byte(rs[i].from)
	}
	return rs
}

// gapIsSpace reports whether n bytes between two tokens can be one space or
// one no-break space (2 or 3 bytes in UTF-8).
func gapIsSpace(n int) bool { return n >= 1 && n <= 3 }

func isDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

// isGroupedNumber matches 1-3 digits followed by groups of ",ddd".
func isGroupedNumber(b []byte) bool {
	if len(b) < 5 || b[0] < '0' || b[0] > '9' || bytes.IndexByte(b, ',') < 0 {
		return false // most tokens: without splitting them
	}
	parts := strings.Split(string(b), ",")
	if len(parts) < 2 || len(parts[0]) == 0 || len(parts[0]) > 3 || !isDigits([]byte(parts[0])) {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 || !isDigits([]byte(p)) {
			return false
		}
	}
	return true
}

// token is an analysed term with its place in the original text.
type token struct {
	term       string
	start, end int // byte offsets
	pos        int // position among the words, stop words counted
}

// analyze runs the index's analyzer over s.
func (ix *Index) analyze(s string) []token { return analyzeWith(ix.analyzer, s) }

// analyzeEnglish runs the index's analyzer (englishAnalyzer) over s.
func analyzeEnglish(s string) []token { return analyzeWith(englishAnalyzer(), s) }

func analyzeWith(a analysis.Analyzer, s string) []token {
	ts := a.Analyze([]byte(s))
	out := make([]token, len(ts))
	for i, t := range ts {
		out[i] = token{term: string(t.Term), start: t.Start, end: t.End, pos: t.Position}
	}
	return out
}

// sentences returns the byte spans of the sentences of text, as
// corpus.Sentences finds them.
func sentences(text string) []Span { return corpus.Sentences(text) }

// stemmer is the Snowball English stemmer with a few exceptions where it
// joins words this corpus needs apart ("authorized" strength and Malian
// "authorities") or keeps apart words it needs joined ("northern", north).
type stemmer struct{}

var stemExceptions = map[string]string{
	"authorized": "authoriz", "authorize": "authoriz", "authorizes": "authoriz",
	"authorization": "authoriz", "authorizations": "authoriz", "authorizing": "authoriz",
	"northern": "north", "southern": "south", "eastern": "east", "western": "west",
	"officer": "officer", "officers": "officer", // not "office"
	"environmental": "environ", "environmentally": "environ", // as "environment"
	"northward": "north", "southward": "south", "northwards": "north", "southwards": "south",
}

func (stemmer) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if x, ok := stemExceptions[string(t.Term)]; ok {
			t.Term = []byte(x)
			continue
		}
		t.Term = []byte(stems.of(t.Term))
	}
	return in
}

// adverbSuffixes turn an adverb into the adjective it is made from, which
// the stemmer then stems as the adjective: "primarily" finds "primary
// responsibility", "effectively" "effective". Only suffixes that cannot
// end a word of another kind ("early", "only", "family" keep theirs).
var adverbSuffixes = []struct {
	from, to string
	stem     int // letters the word must have before the suffix
}{
	{"ically", "ic", 3}, {"ively", "ive", 3}, {"ously", "ous", 3}, {"ently", "ent", 3},
	{"antly", "ant", 3}, {"ately", "ate", 3}, {"fully", "ful", 3}, {"ably", "able", 3},
	{"arily", "ary", 3}, {"ally", "al", 4},
}

// adjectiveOf returns the adjective an adverb is made from, or w.
func adjectiveOf(w string) string {
	for _, r := range adverbSuffixes {
		if strings.HasSuffix(w, r.from) && len(w)-len(r.from) >= r.stem {
			return w[:len(w)-len(r.from)] + r.to
		}
	}
	return w
}

// stemCache keeps the stems of the words met, so that the Snowball
// stemmer runs once a word, not once an occurrence: a corpus's every word
// is stemmed when it is indexed, and most are common. It is bounded: past
// maxStems words, the others are stemmed each time.
type stemCache struct {
	mu sync.RWMutex
	m  map[string]string
}

const maxStems = 1 << 18

var stems = &stemCache{m: map[string]string{}}

func (c *stemCache) of(word []byte) string {
	c.mu.RLock()
	s, ok := c.m[string(word)]
	c.mu.RUnlock()
	if ok {
		return s
	}
	env := snowballstem.NewEnv(adjectiveOf(string(word)))
	english.Stem(env)
	s = env.Current()
	c.mu.Lock()
	if len(c.m) < maxStems {
		c.m[string(word)] = s
	}
	c.mu.Unlock()
	return s
}

// stopFilter drops function words: Lucene's classic English list and
// pronouns, auxiliaries and question words.
type stopFilter struct{}

var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an and are as at be but by for if in into is it no not of on or such
		that the their then there these they this to was will with
		what which who whom whose why when where how does do did done has have had having were been being
		its his her hers our ours your yours i you we he she me my us them him
		would could should can may might shall must am so than too very just also
		about s t don't doesn't didn't isn't aren't wasn't weren't won't`) {
		stopWords[w] = true
	}
}

func (stopFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0]
	for _, t := range in {
		if !stopWords[string(t.Term)] {
			out = append(out, t)
		}
	}
	return out
}

// Terms returns the terms the index makes of s: the words of s after
// its English analysis (lower case, stop words dropped, stems). The
// thesaurus generator keys its entries by them.
func Terms(s string) []string {
	var out []string
	for _, t := range englishAnalyzer().Analyze([]byte(s)) {
		out = append(out, string(t.Term))
	}
	return out
}

// englishAnalyzer is the index's analyzer, made once and shared by every
// index and by Terms (bleve's analyzers hold no state between calls).
var englishAnalyzer = sync.OnceValue(func() analysis.Analyzer {
	a, err := registry.NewCache().AnalyzerNamed(analyzerName)
	if err != nil {
		panic(err) // registered in init: cannot fail
	}
	return a
})
