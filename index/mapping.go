// Package index builds and searches mandatebot's bleve index: one bleve
// document per corpus passage, scored with BM25, with the passage's
// footnote texts searchable through it.
package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"

	"mandatebot/corpus"
)

// Field names of a passage in the index.
const (
	fieldText      = "text"      // the passage
	fieldFootnotes = "footnotes" // texts of the footnotes it cites
	fieldContext   = "context"   // document title, symbol and section
	fieldDocID     = "doc_id"
	fieldKind      = "kind"
)

// mappingVersion changes whenever the mapping or what is indexed changes,
// so that an index on disk built by an older binary is not reused.
const mappingVersion = "1"

// passageDoc is what is indexed for a passage.
type passageDoc struct {
	Text      string `json:"text"`
	Footnotes string `json:"footnotes"`
	Context   string `json:"context"`
	DocID     string `json:"doc_id"`
	Kind      string `json:"kind"`
}

// BleveType tells bleve which document mapping applies.
func (passageDoc) BleveType() string { return "passage" }

// newMapping returns the index mapping: English analysis for text fields
// (with term vectors, for highlighting from term locations), keyword
// fields to filter by document and kind, and BM25 scoring.
func newMapping() mapping.IndexMapping {
	text := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.Store = false
		f.IncludeTermVectors = true
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
	p.AddFieldMappingsAt(fieldFootnotes, text())
	p.AddFieldMappingsAt(fieldContext, text())
	p.AddFieldMappingsAt(fieldDocID, kw())
	p.AddFieldMappingsAt(fieldKind, kw())

	m := bleve.NewIndexMapping()
	m.AddDocumentMapping("passage", p)
	m.DefaultMapping = p
	m.DefaultAnalyzer = en.AnalyzerName
	m.ScoringModel = bindex.BM25Scoring
	m.StoreDynamic = false
	m.IndexDynamic = false
	return m
}

// docFor returns what is indexed for passage p of document d.
func docFor(d *corpus.Document, p *corpus.Passage) passageDoc {
	notes := ""
	for _, n := range p.Footnotes {
		if f, ok := d.Resolve(n); ok {
			notes += f.Text + "\n"
		}
	}
	ctx := d.Title + "\n" + p.Section
	if d.Symbol != "" {
		ctx += "\n" + d.Symbol
	}
	return passageDoc{Text: p.Text, Footnotes: notes, Context: ctx, DocID: d.ID, Kind: string(d.Kind)}
}
