// This file: what a question becomes before bleve sees it: meta words set
// apart, glossary alternatives chosen, term weights, and the bleve query.

package index

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Words by which a question refers to the document rather than to its
// subject ("according to the brief", "where's the line saying"), or to
// the mandate in general ("what's MINUSMA's role in the ceasefire": what
// the mandate says of the ceasefire; asksWhatMandateSays reads them).
// They are searched for, but weigh little.
var metaWords = wordSet("role roles job jobs duty duties brief briefs document documents text passage passages paragraph paragraphs line lines sentence say saying says said mention mentions mentioned according source sources cite cites cited citing author authors writer writers quote quoted find")

const metaWeight = 0.15

// splitMeta separates a question's meta words from its content words.
// Two words are meta only where they name a document or its author: a
// report after a determiner ("according to the report", not "the first
// report due" nor "report abuses"), and the Council when it is the subject
// of the question ("what did the Council say about …", "was the Security
// Council worried …"), whose words every resolution is.
func splitMeta(q string) (content, meta string) {
	var c, m []string
	fields := strings.Fields(q)
	bare := make([]string, len(fields))
	for i, w := range fields {
		bare[i] = strings.ToLower(strings.Trim(w, ".,;:!?¿¡'\"‘’“”()[]"))
	}
	for i, w := range fields {
		if isMeta(bare, i) {
			m = append(m, w)
		} else {
			c = append(c, w)
		}
	}
	if len(c) == 0 { // a question only of such words: search them as they are
		return q, ""
	}
	return strings.Join(c, " "), strings.Join(m, " ")
}

// isMeta reports whether words[i] refers to a document rather than to
// the question's subject (see splitMeta).
func isMeta(words []string, i int) bool {
	at := func(j int) string {
		if j < 0 || j >= len(words) {
			return ""
		}
		return words[j]
	}
	switch w := words[i]; {
	case w == "report" || w == "reports":
		return determiners[at(i-1)]
	case w == "security" && at(i+1) == "council":
		return isMeta(words, i+1)
	case w == "council":
		j := i - 1
		if at(j) == "security" {
			j--
		}
		return at(j) == "the" && auxiliaries[at(j-1)]
	default:
		return metaWords[w]
	}
}

var (
	determiners = wordSet("the this that these those its their your his her")
	auxiliaries = wordSet("did does do was is were has have had will would")
)

// answerKind is what a question asks for, when its form says: a number
// ("how many", "combien") or a date ("when", "quand"). The sentence that
// answers it holds one.
type answerKind int

const (
	anyAnswer answerKind = iota
	numberAnswer
	dateAnswer
	personAnswer // "who", "qui"
	placeAnswer  // "where", "où"
	// periodAnswer is a length of time, a frequency or a deadline ("how
	// long", "how often", "how soon"): a figure or a date answers it ("for
	// an initial period of 12 months", "every three months").
	periodAnswer
)

// The words that, after "how", "what" or "quel(le)", ask for a number or
// a date; "when", "quand" and "combien" ask by themselves.
var (
	numberAfterHow  = wordSet("many much large big")
	periodAfterHow  = wordSet("long often soon frequently regularly quickly")
	numberAfterWhat = wordSet("percentage proportion share number fraction")
	numberAfterQuel = wordSet("pourcentage proportion part nombre")
	dateAfterWhat   = wordSet("year date month")
	dateAfterQuel   = wordSet("année date mois")
	quel            = wordSet("quel quelle")
)

// askedFor returns what the question's form asks for; a number when it
// asks for both ("how many years since when…"), a date before a person or
// a place. "Where" asks for a place unless it asks where the documents
// say something ("where's the line saying …").
func askedFor(q string) answerKind {
	words := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) })
	kind := anyAnswer
	aboutText := false
	for _, w := range words {
		aboutText = aboutText || metaWords[w]
	}
	for i, w := range words {
		next := ""
		if i+1 < len(words) {
			next = words[i+1]
		}
		switch {
		case w == "how" && numberAfterHow[next], w == "what" && numberAfterWhat[next],
			w == "combien", quel[w] && numberAfterQuel[next]:
			return numberAnswer
		case (w == "when" || w == "quand") && asksWhen(words, i), w == "what" && dateAfterWhat[next], quel[w] && dateAfterQuel[next]:
			kind = dateAnswer
		case w == "how" && periodAfterHow[next] && kind == anyAnswer:
			kind = periodAnswer
		case kind != anyAnswer:
		case w == "who" || w == "whom" || w == "qui" && i == 0:
			kind = personAnswer
		case (w == "where" || w == "où") && !aboutText:
			kind = placeAnswer
		}
	}
	return kind
}

// whenAfter are the words after which "when" asks for a date in the
// middle of a question ("until when", "by when", "and when").
var whenAfter = wordSet("since until till by from of and or depuis jusqu jusqu'à et ou")

// asksWhen reports whether the "when" at words[i] asks for a date: it
// opens the question or follows a word that makes it ask ("until when");
// elsewhere it joins a clause ("help MINUSMA when it is attacked").
func asksWhen(words []string, i int) bool {
	return i == 0 || whenAfter[words[i-1]]
}

// Words that ask for what should be done: such a question prefers the
// recommendations.
var recommendWords = wordSet("should recommend recommends recommended recommendation recommendations suggest suggests suggested suggestion suggestions propose proposes proposed proposal proposals advise advice ought")

// asksForRecommendation reports whether a question asks what should be
// done: it holds a word of advice ("should", "recommend"), or asks how
// something can or could be done ("how can MINUSMA win back …", "how to
// stop …"), which only advice answers.
func asksForRecommendation(q string) bool {
	words := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) })
	for i, w := range words {
		if recommendWords[w] {
			return true
		}
		if w == "how" && i+1 < len(words) && howAdvice[words[i+1]] {
			return true
		}
	}
	return false
}

// howAdvice are the words after "how" that ask for advice.
var howAdvice = wordSet("can could might to")

// minExpandIDF is the IDF a question's term needs for the glossary to
// expand it: a word found in most passages (MINUSMA, mission) would only
// add noise.
const minExpandIDF = 1.0

// minQueryIDF is the IDF below which a question's term is left out of the
// bleve query (it is in roughly more than a third of the chunks).
const minQueryIDF = 0.9

// maxQueryTerms is how many of a question's terms, the rarest, the bleve
// query looks for; the reranking still counts them all.
const maxQueryTerms = 6

// queryTerms picks the terms the bleve query searches for: the question's
// distinct terms, leaving out those no chunk holds (they can find
// nothing, yet as the "rarest" they would take the places of terms that
// can; their synonyms are alternatives) and those found in most chunks
// (they find nothing by themselves but cost a walk through most of the
// index) unless nothing rarer is left, and at most maxQueryTerms of the
// rarest.
func queryTerms(terms []token, idf func(string) float64, inCorpus func(string) bool) []string {
	var out []string
	for _, t := range terms {
		if inCorpus(t.term) && !slices.Contains(out, t.term) {
			out = append(out, t.term)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return idf(out[i]) > idf(out[j]) })
	n := 0
	for n < len(out) && idf(out[n]) >= minQueryIDF {
		n++
	}
	if n == 0 {
		n = len(out)
	}
	return out[:min(n, maxQueryTerms)]
}

// maxAlternatives bounds the glossary alternatives added to a question.
const maxAlternatives = 6

// expand returns the glossary's alternatives for the question's terms,
// leaving out those called for only by very common terms.
func (ix *Index) expand(terms []token, more ...Alternative) []Alternative {
	type scored struct {
		a     Alternative
		score float64
	}
	have := make(map[string]bool, len(terms))
	for _, t := range terms {
		have[t.term] = true
	}
	found := append(ix.glossary.Expand(terms), ix.relatedAlternatives(terms, have)...)
	found = append(found, more...)
	all := make([]scored, 0, len(found))
	for _, a := range found {
		idf := 0.0
		for _, t := range a.from {
			idf = max(idf, ix.idf(t))
		}
		if idf >= minExpandIDF {
			all = append(all, scored{a, a.Weight * idf})
		}
	}
	// Each alternative is a clause of the search: keep the strongest, and
	// first those for the question's rarest words; a word the corpus does
	// not have at all needs its synonyms most.
	sort.SliceStable(all, func(i, j int) bool { return all[i].score > all[j].score })
	out := make([]Alternative, 0, min(len(all), maxAlternatives))
	for _, s := range all[:min(len(all), maxAlternatives)] {
		out = append(out, s.a)
	}
	return out
}

// termWeights gives each analysed term of the question its IDF (meta
// terms a fraction of it), and each term an alternative adds its IDF times
// the alternative's weight. total is the weight of the question's content
// terms.
func (ix *Index) termWeights(terms, meta []token, alts []Alternative) (map[string]float64, float64) {
	w := map[string]float64{}
	total := 0.0
	for _, t := range terms {
		if _, ok := w[t.term]; ok {
			continue
		}
		w[t.term] = ix.idf(t.term)
		total += w[t.term]
	}
	for _, t := range meta {
		if _, ok := w[t.term]; !ok {
			w[t.term] = metaWeight * ix.idf(t.term)
		}
	}
	for _, a := range alts {
		for _, t := range a.terms {
			if v := ix.idf(t) * a.Weight; v > w[t] {
				w[t] = v
			}
		}
	}
	return w, total
}

// definedFor returns the passage that spells out an acronym the question
// is mostly about ("what are PCCs?"), or "".
func (ix *Index) definedFor(terms []token, alts []Alternative, weights map[string]float64, total float64) string {
	for _, a := range alts {
		if a.Defined == "" {
			continue
		}
		// The acronym is the question's term that the alternative came from:
		// find a question term the alternative does not share.
		for _, t := range terms {
			if isAcronymTerm(t.term, a) && weights[t.term] >= total/2 {
				return a.Defined
			}
		}
	}
	return ""
}

func isAcronymTerm(term string, a Alternative) bool {
	return !slices.Contains(a.terms, term)
}

// query builds the bleve query from the analysed question, so nothing is
// analysed twice: each term of the question against the chunk's text, and
// more weakly its footnotes and titles; meta terms weakly; each glossary
// alternative as a term or phrase with its weight. The user's words never
// reach a query parser. It returns nil when there is nothing to search.
func (ix *Index) query(terms, meta []token, alts []Alternative, q Query) query.Query {
	term := func(t, field string, boost float64) query.Query {
		tq := bleve.NewTermQuery(t)
		tq.SetField(field)
		tq.SetBoost(boost)
		return tq
	}
	var clauses []query.Query
	seen := map[string]bool{}
	for _, t := range queryTerms(terms, ix.idf, ix.has) {
		seen[t] = true
		clauses = append(clauses, term(t, fieldText, 1))
		if len(ix.leadIns) > 0 {
			clauses = append(clauses, term(t, fieldContext, contextShare))
		}
	}
	for _, t := range meta {
		// Like a common content term, a meta word found in most chunks
		// ("brief", in every chunk's title) would cost a walk through the
		// index for nothing; the reranking still counts it.
		if !seen[t.term] && ix.idf(t.term) >= minQueryIDF {
			seen[t.term] = true
			clauses = append(clauses, term(t.term, fieldText, metaWeight))
		}
	}
	for _, a := range alts {
		// Like the question's terms, an alternative made only of common
		// words is left to the reranking.
		rarest := 0.0
		for _, t := range a.terms {
			rarest = max(rarest, ix.idf(t))
		}
		if rarest < minQueryIDF {
			continue
		}
		if len(a.phrase) == 1 {
			if !seen[a.phrase[0]] {
				clauses = append(clauses, term(a.phrase[0], fieldText, a.Weight))
			}
			continue
		}
		switch rarer, rarest := ix.phraseRarer(a.phrase); {
		case rarest == "":
			// The phrase is nowhere: its clause would find nothing.
		case !rarer:
			// Wherever its rarest word is, the phrase is: the chunks
			// holding all its words are those holding the phrase, and
			// bleve scores a phrase as the conjunction of its words, so
			// the conjunction finds the same chunks with the same scores
			// without reading where each word stands.
			var words []query.Query
			for _, w := range a.phrase {
				if w != "" {
					words = append(words, term(w, fieldText, a.Weight))
				}
			}
			clauses = append(clauses, bleve.NewConjunctionQuery(words...))
		default:
			pq := bleve.NewPhraseQuery(a.phrase, fieldText)
			pq.SetBoost(a.Weight)
			clauses = append(clauses, pq)
		}
	}
	if len(clauses) == 0 {
		return nil // no word of the question is in the corpus: nothing to search
	}
	var root query.Query = bleve.NewDisjunctionQuery(clauses...)
	var filters []query.Query
	if q.Source != "" {
		filters = append(filters, term(q.Source, fieldDocID, 0))
	}
	if q.Kind != "" {
		filters = append(filters, term(string(q.Kind), fieldKind, 0))
	}
	if len(filters) > 0 {
		root = bleve.NewConjunctionQuery(append([]query.Query{root}, filters...)...)
	}
	return root
}

// phraseRarer reports whether the phrase (analysed terms, "" where a stop
// word was) is in fewer chunks than its rarest word, which it returns;
// rarest is "" when no chunk holds the phrase. A phrase clause costs a
// look at the positions of its words in every chunk holding them all,
// and is worth it only where the phrase is rarer than its words. What a
// phrase is in is counted once an index, and kept (a glossary's phrases
// are few).
func (ix *Index) phraseRarer(phrase []string) (rarer bool, rarest string) {
	for _, w := range phrase {
		if w == "" {
			continue
		}
		if !ix.has(w) {
			return false, "" // a word the corpus lacks: the phrase is nowhere
		}
		if rarest == "" || ix.df[w] < ix.df[rarest] {
			rarest = w
		}
	}
	key := strings.Join(phrase, " ")
	ix.phrases.mu.Lock()
	n, ok := ix.phrases.df[key]
	ix.phrases.mu.Unlock()
	if !ok {
		req := bleve.NewSearchRequestOptions(bleve.NewPhraseQuery(phrase, fieldText), 0, 0, false)
		res, err := ix.bleve.Search(req)
		if err != nil {
			return true, rarest // as if rarer: searched as a phrase
		}
		n = res.Total
		ix.phrases.mu.Lock()
		if ix.phrases.df == nil || len(ix.phrases.df) >= maxPhrases {
			ix.phrases.df = map[string]uint64{}
		}
		ix.phrases.df[key] = n
		ix.phrases.mu.Unlock()
	}
	if n == 0 {
		return false, ""
	}
	return float64(n) < ix.df[rarest], rarest
}

// maxPhrases bounds the phrases whose chunks an index keeps count of.
const maxPhrases = 4096
