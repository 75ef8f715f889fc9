package index

import (
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"

	"mandatebot/corpus"
)

// Field names of a passage in the index.
const (
	// fieldText holds a chunk's words, then those of the footnotes it
	// cites and of its document's and section's titles: one field, so a
	// question's term is one clause of the search (each clause costs), and
	// the reranking weighs where in the passage a term was found.
	fieldText = "text"
	// fieldContext holds a sub-paragraph's parents' words, the lead-ins
	// its text repeats ("Decides that the mandate … shall be the
	// following:", "(a) Security, stabilization and protection of
	// civilians"): what it is about is partly there, but its own words
	// are in fieldText, so a heading shared by ten items does not make
	// each of them ten times the heading, and weighs less.
	fieldContext = "context"
	fieldDocID   = "doc_id"
	fieldKind    = "kind"
)

// mappingVersion changes whenever the mapping or what is indexed changes,
// so that an index on disk built by an older binary is not reused.
const mappingVersion = "11"

// chunkSep separates a passage id from a chunk number in a chunk's id.
const chunkSep = "~"

// A chunk holds chunkSentences sentences; a new one starts every
// chunkStride sentences.
const (
	chunkSentences = 2
	chunkStride    = 2
)

// chunksOf returns the spans of p's text that are indexed, as chunks: of
// its own words only (a sub-paragraph's lead-ins are its context).
func chunksOf(d *corpus.Document, p *corpus.Passage) []Span {
	start := d.OwnStart(p)
	text := p.Text[start:]
	ss := sentences(text)
	if len(ss) <= chunkSentences {
		return []Span{{Start: start, End: len(p.Text)}}
	}
	var out []Span
	for i := 0; ; i += chunkStride {
		end := min(i+chunkSentences, len(ss))
		out = append(out, Span{Start: start + ss[i].Start, End: start + ss[end-1].End})
		if end == len(ss) {
			return out
		}
	}
}

// passageDoc is what is indexed for a passage.
type passageDoc struct {
	Text    string `json:"text"`
	Context string `json:"context,omitempty"`
	DocID   string `json:"doc_id"`
	Kind    string `json:"kind"`
}

// BleveType tells bleve which document mapping applies.
func (passageDoc) BleveType() string { return "passage" }

// newMapping returns the index mapping: English analysis for text fields
// (with term vectors, for highlighting from term locations), keyword
// fields to filter by document and kind, and BM25 scoring.
func newMapping() mapping.IndexMapping {
	text := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzerName
		f.Store = false
		f.IncludeTermVectors = true
		// Searches name the field, and nothing sorts or facets by it: no
		// copy of its terms in bleve's "_all" field, no doc values. Each
		// would cost as much memory and disk again as the field itself.
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeInAll = false
		return f
	}
	p := bleve.NewDocumentStaticMapping()
	p.AddFieldMappingsAt(fieldText, text())
	ctx := text()
	ctx.IncludeTermVectors = false // never highlighted: not shown as the passage's words
	p.AddFieldMappingsAt(fieldContext, ctx)
	p.AddFieldMappingsAt(fieldDocID, kw())
	p.AddFieldMappingsAt(fieldKind, kw())

	m := bleve.NewIndexMapping()
	m.AddDocumentMapping("passage", p)
	m.DefaultMapping = p
	m.DefaultAnalyzer = analyzerName
	m.ScoringModel = bindex.BM25Scoring
	m.StoreDynamic = false
	m.IndexDynamic = false
	return m
}

// docFor returns what is indexed for the chunk span of passage p of
// document d: its text, the texts of the footnotes cited in it, its
// document's and section's titles, and the names of themes, p's mandate
// themes (d.ThemesOf(p)); and, apart, its parents' lead-ins.
func docFor(d *corpus.Document, p *corpus.Passage, span Span, themes []string) passageDoc {
	notes := ""
	for _, c := range p.Citations {
		if c.Offset < span.Start || c.Offset > span.End+1 {
			continue
		}
		if f, ok := d.Resolve(c.Footnote); ok {
			notes += f.Text + "\n"
		}
	}
	ctx := d.Title + "\n" + p.Section
	if d.Symbol != "" {
		ctx += "\n" + d.Symbol
	}
	// A paragraph's mandate themes, by name and alias, so that "PoC
	// tasks" finds the paragraphs tagged protection of civilians.
	for _, id := range themes {
		if th, ok := corpus.ThemeByID(id); ok {
			ctx += "\n" + th.Name + "\n" + strings.Join(th.Aliases, "\n")
		}
	}
	return passageDoc{
		Text:    p.Text[span.Start:span.End] + "\n" + notes + ctx,
		Context: contextOf(d, p),
		DocID:   d.ID, Kind: string(d.Kind),
	}
}

// contextOf is what fieldContext holds for each chunk of passage p of d:
// the lead-ins of its parents it repeats ("" for most passages).
func contextOf(d *corpus.Document, p *corpus.Passage) string {
	return strings.Join(d.LeadIn(p), "\n")
}
