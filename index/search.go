package index

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"regexp"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Scoring constants, chosen on the development questions (see the
// closing notes of the retrieval issue for the measurements).
const (
	coverageWeight = 1.0  // how much the best sentence's coverage of the question adds
	definedBoost   = 0.5  // added coverage for the passage that spells out an asked-about acronym
	recommendBoost = 0.3  // added coverage for a recommendation when the question asks what should be done
	operativeBoost = 0.02 // breaks ties for an operative paragraph over a preambular one
	footnoteShare  = 0.6  // the weight of a question's term found in a sentence's footnote, not the sentence
	contextShare   = 0.5  // the weight of a question's term found in a sub-paragraph's lead-ins, not its own words
	passageShare   = 0.5  // how much the share of the question the whole passage holds (its words, lead-ins and the glossary's alternatives) adds
	weakCoverage   = 0.15 // below this share of the question's weight, an answer is weak
	duplicateShare = 0.8  // passages sharing this share of their terms say the same thing
	candidates     = 15   // chunks fetched beyond the page, to group into passages
	rerankDepth    = 15   // passages reranked by their best sentence
	// namedCandidates is how many chunks of a resolution the question
	// names by number are fetched, and reranked, at least: about half of
	// a resolution's, so that a paragraph holding the question's commoner
	// words ("report") is among them.
	namedCandidates = 50
)

// Search answers q with ranked passages. A panic inside bleve (a damaged
// segment the checks at open missed) is returned as an error wrapping
// ErrDamaged, never passed on; so is a fault reading its memory-mapped
// files.
func (ix *Index) Search(ctx context.Context, q Query) (res *Result, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("%w: search failed: %v", ErrDamaged, p)
		}
	}()
	text, err := CheckQuestion(q.Text)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, stopped(err) // the client left, or its time ran out, before the search began
	}
	if q.Source != "" && ix.corpus.Document(q.Source) == nil {
		known := make([]string, 0, len(ix.corpus.Documents))
		for _, d := range ix.corpus.Documents {
			known = append(known, d.ID)
		}
		return nil, &UnknownSourceError{Source: q.Source, Known: known}
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	offset := min(max(q.Offset, 0), MaxOffset)

	out := &Result{Query: text, Language: "en", Searched: text, Mode: ModeLexical, Corpus: ix.corpus}
	var translated []Alternative // the dictionary's English for a French question's words
	if isFrench(text) {
		out.Language = "fr"
		out.Searched, translated = ix.searchFrench(text)
	}
	named, searched := ix.names.named(out.Searched)
	if out.Language == "fr" {
		// Read on the member's words: the translation may lose the ones
		// that tell a year from a date ("janvier 2013").
		named, _ = ix.names.named(text)
	}
	content, meta := splitMeta(searched)
	if searched != out.Searched {
		meta += " " + removedWords(out.Searched, searched) // "2100" still finds its resolution's chunks, weakly
	}
	terms := ix.analyze(content)
	want := askedFor(text)
	if want == numberAnswer {
		terms = withoutQuantifiers(content, terms)
	}
	alts := ix.expand(terms, translated...)
	metaTerms := ix.analyze(meta)
	weights, total := ix.termWeights(terms, metaTerms, alts)
	out.Absent, out.Bridged = ix.lacking(content, terms, alts)
	words := questionWords(text)
	out.SmallTalk = isSmallTalk(words)
	if out.Unheld = ix.names.unheld(text); len(out.Unheld) > 0 {
		// The answer says the resolution is not held; its number is not
		// also a word the documents never mention.
		out.Absent = slices.DeleteFunc(out.Absent, func(w string) bool { return namedRE.MatchString(w) && !strings.ContainsFunc(w, unicode.IsLetter) })
	}
	if out.Language == "fr" {
		// Only words the member wrote are reported: not the glossary's
		// English for their French.
		out.Absent, out.Bridged = written(text, out.Absent, out.Bridged)
	}

	var hits []Hit
	rc := rankContext{
		weights: weights, weighted: weightedTerms(weights), total: total,
		defined:   ix.definedFor(terms, alts, weights, total),
		recommend: asksForRecommendation(text + " " + out.Searched),
		want:      want,
		asked:     askedTerms(terms, weights),
		named:     named,
		mandate:   len(ix.names.numbers) > 0 && asksWhatMandateSays(text+" "+out.Searched),
	}
	rc.named = ix.renewals.namedByOrder(words, rc.named)
	var changeWord string
	rc.change, changeWord = askedChange(words)
	if rc.change < 0 {
		rc.named = ix.renewals.droppedBy(rc.named)
	}
	for _, t := range ix.analyze(changeWord) {
		rc.changeTerms = append(rc.changeTerms, weightedTerm{t.term, weights[t.term]})
	}
	rc.alts, rc.altOnly = altGroups(alts, weights, terms, metaTerms)
	if id := ix.definitionAsked(words); id != "" {
		rc.defined, rc.definition = id, true // "what is X": the passage that spells X out
	}
	if bq := ix.query(terms, metaTerms, alts, q); bq != nil {
		n := offset + limit + candidates
		res, err := ix.topChunks(ctx, bq, n)
		if err == nil && q.Source == "" {
			res, err = ix.searchNamed(ctx, res, terms, metaTerms, alts, q, rc.named, n)
		}
		if err != nil {
			if cerr := ctx.Err(); cerr != nil {
				return nil, stopped(cerr)
			}
			return nil, fmt.Errorf("search %q: %w", text, err)
		}
		if hits, err = ix.rank(ctx, res, rc, offset+limit); err != nil {
			return nil, stopped(err)
		}
	}
	// Weakness is judged on the lexical answer: how much of the question
	// the corpus's words cover.
	weak := len(hits) == 0 || hits[0].coverage < weakCoverage || mostlyAbsent(content, terms, out.Absent)
	if ix.semantic != nil {
		var fused bool
		if hits, fused = ix.fuse(ctx, text, q, hits, rc); fused {
			out.Mode = ModeHybrid
		}
	}
	out.Total = len(hits)
	if weak {
		out.Weak = true
		out.Suggestions = ix.suggest(ctx, text+" "+out.Searched, 5)
	}
	if offset >= len(hits) {
		return out, nil
	}
	hits = hits[offset:min(len(hits), offset+limit)]
	for i := range hits {
		hits[i].Rank = offset + i + 1
		// The bold sentence's footnotes first: they are what it cites.
		h := &hits[i]
		h.Footnotes, h.BestNotes = h.Document.FootnotesFirst(h.Passage, h.Best.Start, h.Best.End)
	}
	out.Hits = hits
	return out, nil
}

// searchNamed adds to hits the best chunks of each resolution the
// question names by number ("in resolution 2100"), searched apart: its
// paragraphs come first where they answer (rank), so they must be among
// the candidates even where other documents hold the question's words
// more.
func (ix *Index) searchNamed(ctx context.Context, hits search.DocumentMatchCollection, terms, meta []token, alts []Alternative, q Query, named map[string]naming, size int) (search.DocumentMatchCollection, error) {
	ids := make([]string, 0, len(named))
	for id, how := range named {
		if how == byNumber {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		q.Source = id
		bq := ix.query(terms, meta, alts, q)
		if bq == nil {
			continue
		}
		more, err := ix.topChunks(ctx, bq, max(size, namedCandidates))
		if err != nil {
			return nil, err
		}
		have := make(map[string]bool, len(hits))
		for _, h := range hits {
			have[h.ID] = true
		}
		for _, h := range more {
			if !have[h.ID] {
				hits = append(hits, h)
			}
		}
	}
	if len(ids) > 0 {
		sort.SliceStable(hits, func(i, j int) bool {
			if a, b := hits[i].Score, hits[j].Score; a != b {
				return a > b
			}
			return hits[i].ID < hits[j].ID
		})
	}
	return hits, nil
}

// topChunks returns the n best chunks bq finds, by score and, among
// chunks scoring the same (a paragraph two resolutions hold word for
// word), by id, not in the order the build happened to number them: the
// same corpus gives the same answers. That is bleve's order sorting by
// "-_score" then "_id"; but sorting so, bleve reads the id of every chunk
// that matches (most of a question's allocations). So it asks for the 2n
// best by score alone, reads only their ids, and sorts those: that is the
// same n, unless chunks tied with the n-th run to the end of the 2n (a
// word in thousands of chunks of the same length, in one question of
// fifty at 1,000 documents), when it asks for bleve's sort.
func (ix *Index) topChunks(ctx context.Context, bq query.Query, n int) (search.DocumentMatchCollection, error) {
	req := bleve.NewSearchRequestOptions(bq, 2*n, 0, false)
	req.PreSearchData = map[string]interface{}{search.BM25PreSearchDataKey: ix.bm25}
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	hits := res.Hits
	if len(hits) < 2*n || hits[2*n-1].Score < hits[n-1].Score {
		slices.SortStableFunc(hits, func(a, b *search.DocumentMatch) int {
			if a.Score != b.Score {
				return cmp.Compare(b.Score, a.Score)
			}
			return strings.Compare(a.ID, b.ID)
		})
		return hits[:min(n, len(hits))], nil
	}
	req = bleve.NewSearchRequestOptions(bq, n, 0, false)
	req.PreSearchData = map[string]interface{}{search.BM25PreSearchDataKey: ix.bm25}
	req.SortBy([]string{"-_score", "_id"})
	if res, err = ix.bleve.SearchInContext(ctx, req); err != nil {
		return nil, err
	}
	return res.Hits, nil
}

// stopped is the error of a search that ctx stopped before its passages
// were ranked: ErrTimeout when its deadline passed, else (the client
// left, the program is stopping) ctx's error.
func stopped(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	return err
}

// CheckQuestion returns the question as it will be searched (see
// NormalizeQuestion), or the error a user should be told: ErrInvalidText,
// ErrEmptyQuery or ErrQueryTooLong.
func CheckQuestion(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", ErrInvalidText
	}
	text := NormalizeQuestion(s)
	switch {
	case text == "":
		return "", ErrEmptyQuery
	case utf8.RuneCountInString(text) > MaxQueryLen:
		return "", ErrQueryTooLong
	}
	return text, nil
}

// searchFrench turns a French question into the words searched: the
// glossary's English for what it knows, and of the words it does not know
// those the corpus uses, as written (names: Gao, MINUSMA) or without their
// accents (cognates: hésitent → hesitent, which stems like hesitant). A
// French word the corpus never uses could not match, and would only make
// every answer look weak, unless the dictionary (package frdict) has
// English for it that the corpus uses: then it is searched too, with
// those translations as its alternatives, weighing less than the
// question's own words ("aider" → "assist", "help"). So are the
// dictionary's senses of a word the glossary knows alone that the
// glossary does not give ("enquête" → "inquiry", beside the glossary's
// "research"), as alternatives to the glossary's English.
func (ix *Index) searchFrench(text string) (string, []Alternative) {
	english, unknown, senses := ix.french.translate(text)
	words := english
	kept := map[string]bool{}
	for _, w := range unknown {
		for _, form := range []string{w, stripAccents.Replace(w)} {
			if ix.inCorpus(form) {
				words = append(words, form)
				kept[w] = true
				break
			}
		}
	}
	var alts []Alternative
	for _, s := range senses {
		if kept[s.word] {
			continue // the corpus has the word itself: a name, a cognate
		}
		var found []Alternative
		for _, e := range s.english {
			ts := ix.analyze(e)
			if len(ts) != 1 || !ix.has(ts[0].term) || slices.ContainsFunc(found, func(a Alternative) bool { return a.terms[0] == ts[0].term }) {
				continue
			}
			found = append(found, Alternative{Text: e, Weight: weightDictionary, terms: []string{ts[0].term}, phrase: []string{ts[0].term}, related: true})
		}
		if len(found) == 0 {
			continue
		}
		// The alternatives stand for the glossary's words for it, or for
		// the French word itself, searched without its accents.
		from := s.glossed
		if len(from) == 0 {
			w := stripAccents.Replace(s.word)
			words = append(words, w)
			from = []string{w}
		}
		var fromTerms []string
		for _, f := range from {
			for _, t := range ix.analyze(f) {
				fromTerms = append(fromTerms, t.term)
			}
		}
		for i := range found {
			found[i].from = fromTerms
		}
		alts = append(alts, found...)
	}
	return strings.Join(words, " "), alts
}

// inCorpus reports whether every term of s occurs in the corpus.
func (ix *Index) inCorpus(s string) bool {
	terms := ix.analyze(s)
	for _, t := range terms {
		if !ix.has(t.term) {
			return false
		}
	}
	return len(terms) > 0
}

// NormalizeQuestion drops what is not text (control, zero-width and
// direction characters), Discord's markup for mentions, channels,
// commands, custom emoji and timestamps ("<@123…>", "<#…>", "<:name:…>"),
// which name no subject, and the marks of search syntax ("title:mandate",
// "police*", "MINUSMA~2", "troops^3"), so that what a member types is
// always searched as words; it collapses white space, and returns "" for
// a question with nothing left or that is not UTF-8.
func NormalizeQuestion(s string) string {
	if !utf8.ValidString(s) {
		return ""
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\u200b', r == '\u200c', r == '\u200d', r == '\u2060', r == '\ufeff':
			return -1
		case unicode.Is(unicode.Bidi_Control, r), unicode.IsControl(r) && !unicode.IsSpace(r):
			return -1
		}
		return r
	}, s)
	// Each pattern only where its mark is: most questions have none.
	if strings.Contains(s, "<") {
		s = discordMarkupRE.ReplaceAllString(s, " ")
	}
	if strings.Contains(s, ":") {
		s = fieldSyntaxRE.ReplaceAllString(s, "$1: $2")
	}
	if strings.ContainsAny(s, "~^") {
		s = fuzzyBoostRE.ReplaceAllString(s, " ")
	}
	if strings.ContainsAny(s, "*\\`") {
		s = syntaxMarks.Replace(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

// discordMarkupRE is how Discord writes a mention of a member, role or
// channel, a command, a custom emoji or a timestamp into a message.
var discordMarkupRE = regexp.MustCompile(`<(?:@[!&]?\d+|#\d+|/[^<>\s]{1,64}:\d+|a?:\w{1,64}:\d+|t:-?\d+(?::[tTdDfFR])?)>`)

// fieldSyntaxRE is a word joined to the next by a colon ("title:mandate"),
// which search syntax reads as a field; one word per side keeps times and
// "op.:" alone.
var fieldSyntaxRE = regexp.MustCompile(`(\pL{2,}):(\pL)`)

// fuzzyBoostRE is search syntax's fuzziness or boost after a word, with
// its number ("~2", "^3").
var fuzzyBoostRE = regexp.MustCompile(`[~^][0-9.]*`)

// syntaxMarks are the other marks search syntax gives a meaning
// (wildcards, code), which no question needs: they become spaces; an
// escape goes, leaving what it escaped.
var syntaxMarks = strings.NewReplacer("*", " ", "\\", "", "`", " ")

// lacking returns the question's words that no passage uses (as written
// in content), and those that only another word of the glossary or the
// thesaurus found. Stop words and question words never count: the
// analyzer has dropped them.
func (ix *Index) lacking(content string, terms []token, alts []Alternative) (absent []string, bridged []Bridge) {
	seen := map[string]bool{}
	for _, t := range terms {
		word := content[t.start:t.end]
		// A plural the stemmer leaves alone ("ngos") is there when its
		// singular is ("NGO").
		if ix.has(t.term) || ix.has(strings.TrimSuffix(t.term, "s")) || seen[t.term] || utf8.RuneCountInString(word) < 3 || isGrammar(word) {
			continue
		}
		seen[t.term] = true
		var as []string
		for _, a := range alts {
			if slices.Contains(a.from, t.term) && slices.ContainsFunc(a.terms, ix.has) && !slices.Contains(as, a.Text) {
				as = append(as, a.Text)
			}
		}
		if len(as) > 0 {
			bridged = append(bridged, Bridge{Word: word, As: as})
		} else {
			absent = append(absent, word)
		}
	}
	return absent, bridged
}

// mostlyAbsent reports whether what the question is about is missing
// from the documents: a name it gives (a capitalised word past the
// first) is absent, or half its words are.
func mostlyAbsent(content string, terms []token, absent []string) bool {
	if len(absent) == 0 {
		return false
	}
	for _, w := range absent {
		if i := strings.Index(content, w); i > 0 && unicode.IsUpper([]rune(w)[0]) {
			return true
		}
	}
	return 2*len(absent) >= len(terms)
}

// fillerWords are words of chat that carry no subject (the analyzer's
// stop words aside): a question's lacking them says nothing of what the
// documents lack, so they are never reported absent.
var fillerWords = wordSet("any anything anyone else really actually supposed doing done does did wont dont cant isnt arent wasnt ok okay next inside outside down lately even still just also very much many lot lots thing things stuff kind sort way get got getting gets go going goes gone make made take takes want wants need needs like know think tell please thanks thank hi hello hey yes yeah nope sure maybe currently current today now")

// isGrammar reports whether a question's word is of its grammar, not of
// its subject: a function word, a verb of asking ("called", "mean"), a
// word of chat or courtesy.
func isGrammar(word string) bool {
	w := straightQuotes.Replace(strings.ToLower(word))
	return fillerWords[w] || functionWords[w] || askingWords[w] || courtesyWords[w]
}

// written keeps the absent and bridged words that occur in text.
func written(text string, absent []string, bridged []Bridge) ([]string, []Bridge) {
	low := strings.ToLower(text)
	in := func(w string) bool { return strings.Contains(low, strings.ToLower(w)) }
	var a []string
	for _, w := range absent {
		if in(w) {
			a = append(a, w)
		}
	}
	var b []Bridge
	for _, w := range bridged {
		if in(w.Word) {
			b = append(b, w)
		}
	}
	return a, b
}

// withoutQuantifiers drops the "many" and "much" of "how many police":
// they say a number is asked for (askedFor), not what it counts, and
// passages saying "many staff" must not outrank "1,440 police".
func withoutQuantifiers(content string, terms []token) []token {
	out := terms[:0:0]
	for _, t := range terms {
		if w := strings.ToLower(content[t.start:t.end]); w != "many" && w != "much" {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return terms
	}
	return out
}
