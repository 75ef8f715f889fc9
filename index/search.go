package index

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"mandatebot/corpus"
)

// Limits on a query.
const (
	DefaultLimit = 5
	MaxLimit     = 50
	MaxQueryLen  = 1000 // characters
)

// Errors a user can cause; callers turn them into a message saying what
// to do.
var (
	ErrEmptyQuery    = errors.New("the question is empty: type what you want to know, e.g. \"What is MINUSMA's authorized strength?\"")
	ErrQueryTooLong  = fmt.Errorf("the question is too long: keep it under %d characters", MaxQueryLen)
	ErrUnknownSource = errors.New("no document has that id")
)

// Query is a question to the index.
type Query struct {
	Text   string // the user's words, taken as plain text, never as query syntax
	Source string // a document id to search in; "" for all
	Kind   corpus.Kind
	Limit  int // hits to return; DefaultLimit when 0
	Offset int // hits to skip, for the next page
}

// Span is a byte range of a passage's text.
type Span struct{ Start, End int }

// Hit is one ranked passage.
type Hit struct {
	Rank      int // 1-based, counting from the first page
	Score     float64
	Passage   *corpus.Passage
	Document  *corpus.Document
	Footnotes []corpus.Footnote // the footnotes the passage cites, in order
	Matches   []Span            // where the question's terms occur in Passage.Text
}

// Result is the answer to a Query.
type Result struct {
	Query string
	Total int // hits in all, beyond this page too
	Hits  []Hit
}

// Search answers q with ranked passages.
func (ix *Index) Search(ctx context.Context, q Query) (*Result, error) {
	text := strings.TrimSpace(q.Text)
	if text == "" || !utf8.ValidString(text) {
		return nil, ErrEmptyQuery
	}
	if utf8.RuneCountInString(text) > MaxQueryLen {
		return nil, ErrQueryTooLong
	}
	if q.Source != "" && ix.corpus.Document(q.Source) == nil {
		return nil, fmt.Errorf("%w: %q", ErrUnknownSource, q.Source)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	offset := max(q.Offset, 0)

	req := bleve.NewSearchRequestOptions(ix.query(text, q), limit, offset, false)
	req.IncludeLocations = true
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", text, err)
	}
	out := &Result{Query: text, Total: int(res.Total)}
	for i, h := range res.Hits {
		p := ix.corpus.Passage(h.ID)
		if p == nil {
			continue // cannot happen: the index is built from this corpus
		}
		d := ix.corpus.Document(p.DocID)
		out.Hits = append(out.Hits, Hit{
			Rank: offset + i + 1, Score: h.Score, Passage: p, Document: d,
			Footnotes: footnotesOf(d, p), Matches: spans(h.Locations[fieldText], len(p.Text)),
		})
	}
	return out, nil
}

// query builds the bleve query for a question: the words matched against
// the passage, and more weakly against its footnotes and its document and
// section titles.
func (ix *Index) query(text string, q Query) query.Query {
	match := func(field string, boost float64) query.Query {
		m := bleve.NewMatchQuery(text)
		m.SetField(field)
		m.SetBoost(boost)
		return m
	}
	var root query.Query = bleve.NewDisjunctionQuery(
		match(fieldText, 1.0),
		match(fieldFootnotes, 0.4),
		match(fieldContext, 0.3),
	)
	var filters []query.Query
	if q.Source != "" {
		t := bleve.NewTermQuery(q.Source)
		t.SetField(fieldDocID)
		filters = append(filters, t)
	}
	if q.Kind != "" {
		t := bleve.NewTermQuery(string(q.Kind))
		t.SetField(fieldKind)
		filters = append(filters, t)
	}
	if len(filters) > 0 {
		for _, f := range filters {
			f.(*query.TermQuery).SetBoost(0)
		}
		root = bleve.NewConjunctionQuery(append([]query.Query{root}, filters...)...)
	}
	return root
}

func footnotesOf(d *corpus.Document, p *corpus.Passage) []corpus.Footnote {
	var out []corpus.Footnote
	for _, n := range p.Footnotes {
		if f, ok := d.Footnote(n); ok {
			out = append(out, f)
		}
	}
	return out
}

// spans turns bleve's term locations into sorted, merged byte ranges.
func spans(locs search.TermLocationMap, textLen int) []Span {
	var out []Span
	for _, ls := range locs {
		for _, l := range ls {
			if int(l.End) <= textLen && l.Start < l.End {
				out = append(out, Span{int(l.Start), int(l.End)})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	merged := out[:0]
	for _, s := range out {
		if n := len(merged); n > 0 && s.Start <= merged[n-1].End {
			merged[n-1].End = max(merged[n-1].End, s.End)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}
