package index

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/search"

	"mandatebot/corpus"
)

// Index is a bleve index over the passages of a corpus, together with the
// corpus it was built from, so hits come back as passages with their
// documents and footnotes.
type Index struct {
	corpus  *corpus.Corpus
	bleve   bleve.Index
	builtAt time.Time
	path    string // "" for an index in memory

	analyzer analysis.Analyzer
	glossary *Glossary
	french   *french
	docs     float64            // chunks in the index, for IDF
	df       map[string]float64 // analysed term → number of chunks holding it (terms.text)
	terms    *termCounts        // the chunks holding each term, stored with the index
	bm25     *search.BM25Stats  // what BM25 scores with (bm25Stats)
	defines  map[string]string  // a term the corpus spells out (lower case) → the passage that does
	// leadIns holds the ids of the passages whose sub-paragraphs repeat
	// them as their lead-in; when there are some, questions search the
	// sub-paragraphs' lead-ins too (fieldContext).
	leadIns map[string]bool
	// renewals maps a paragraph of an earlier resolution to the paragraph
	// in force holding its task, in the latest resolution on its mission.
	renewals renewals
	names    resolutionNames // how questions name the resolutions
	// semanticCheck is what the guard measured when semantic search was
	// turned on (nil: not checked).
	semanticCheck *SemanticCheck
	analyses      analysisCache
	phrases       struct {
		mu sync.Mutex
		df map[string]uint64 // a glossary phrase → chunks holding it
	}

	semantic *semantic // passage vectors, when semantic search is on

	// derived is what was found in each document of corpus: the terms
	// and acronyms it defines.
	derived *derived

	vocabOnce  sync.Once
	vocabReady chan struct{} // closed once vocabulary is there
	vocabulary *vocabulary   // the corpus's words as written, for suggestions

	closeOnce sync.Once
	closeErr  error
}

// sharedAnalysis returns what every index uses and is costly to make: the
// French glossary, made once. A failure is not kept: the next index tries
// again. (The English analyzer is englishAnalyzer, shared too.)
func sharedAnalysis() (*french, error) {
	frenchMu.Lock()
	defer frenchMu.Unlock()
	if frenchShared != nil {
		return frenchShared, nil
	}
	f, err := makeFrench()
	if err != nil {
		return nil, err
	}
	frenchShared = f
	return f, nil
}

var (
	frenchMu     sync.Mutex
	frenchShared *french
	makeFrench   = newFrench // a test makes it fail once
)

// newIndex makes the Index of corpus c and its bleve index b, from what
// was derived of c (dv, which must cover c), its vocabulary (nil: read
// from path when a suggestion first needs it) and the chunks holding each
// of its terms (tc).
func newIndex(c *corpus.Corpus, b bleve.Index, builtAt time.Time, path string, dv *derived, voc *vocabulary, tc *termCounts) (*Index, error) {
	fr, err := sharedAnalysis()
	if err != nil {
		return nil, fmt.Errorf("french glossary: %w", err)
	}
	ix := &Index{corpus: c, bleve: b, builtAt: builtAt, path: path, analyzer: englishAnalyzer(), french: fr, derived: dv, vocabulary: voc}
	ix.defines = dv.definitions(c)
	ix.leadIns = leadIns(c)
	var ok bool
	if ix.renewals, ok = dv.Renewals.renewals(c); !ok {
		return nil, fmt.Errorf("what was derived of the corpus names passages it does not have")
	}
	ix.names = namesOf(c)
	ix.glossary, err = newGlossary(ix.analyze, dv.acronyms(c))
	if err != nil {
		return nil, err
	}
	n, err := b.DocCount()
	if err != nil {
		return nil, fmt.Errorf("count index: %w", err)
	}
	ix.docs = float64(n)
	ix.terms, ix.df = tc, tc.text
	if ix.bm25, err = bm25Stats(b, n, tc); err != nil {
		return nil, err
	}
	return ix, nil
}

// leadIns returns the ids of the passages of c that a sub-paragraph
// repeats as its lead-in.
func leadIns(c *corpus.Corpus) map[string]bool {
	out := map[string]bool{}
	for _, d := range c.Documents {
		for i := range d.Passages {
			p := &d.Passages[i]
			if j := strings.LastIndexByte(p.Label, '('); j > 0 && d.OwnStart(p) > 0 {
				if parent := d.PassageByLabel(p.Label[:j]); parent != nil {
					out[parent.ID] = true
				}
			}
		}
	}
	return out
}

// bm25Stats returns the statistics bleve's BM25 scores chunks with, as an
// index of one segment has them: n chunks, and for each field its count
// of distinct terms (from tc for the fields questions search). Left to
// itself, bleve adds up the terms of each segment's dictionary, so a word
// in two segments counts twice and the scores would depend on how the
// chunks happen to be cut into segments (an update adds one); given
// these, they do not.
func bm25Stats(b bleve.Index, n uint64, tc *termCounts) (*search.BM25Stats, error) {
	st := &search.BM25Stats{DocCount: float64(n), FieldCardinality: map[string]int{fieldText: len(tc.text), fieldContext: len(tc.context)}}
	fields, err := b.Fields()
	if err != nil {
		return nil, fmt.Errorf("read index fields: %w", err)
	}
	for _, f := range fields {
		if _, ok := st.FieldCardinality[f]; ok || f == "_id" {
			continue
		}
		// The filters (a document's id, its kind): a few thousand terms,
		// counted one by one (bleve's dictionary of a field across
		// segments yields each term once).
		dict, err := b.FieldDict(f)
		if err != nil {
			return nil, fmt.Errorf("read index dictionary: %w", err)
		}
		n := 0
		for {
			e, err := dict.Next()
			if err != nil {
				dict.Close()
				return nil, fmt.Errorf("read index dictionary: %w", err)
			}
			if e == nil {
				break
			}
			n++
		}
		dict.Close()
		st.FieldCardinality[f] = n
	}
	return st, nil
}

// idf is the inverse document frequency of an analysed term among the
// indexed chunks, as BM25 computes it.
func (ix *Index) idf(term string) float64 {
	df := ix.df[term]
	return math.Log(1 + (ix.docs-df+0.5)/(df+0.5))
}

// has reports whether any indexed chunk holds the analysed term.
func (ix *Index) has(term string) bool { return ix.df[term] > 0 }

// Corpus returns the corpus the index was built from.
func (ix *Index) Corpus() *corpus.Corpus { return ix.corpus }

// BuiltAt returns when the index was built.
func (ix *Index) BuiltAt() time.Time { return ix.builtAt }

// Path returns the folder of an index on disk, or "" for one in memory.
func (ix *Index) Path() string { return ix.path }

// Close releases the bleve index. Closing twice is harmless.
func (ix *Index) Close() error {
	if ix == nil || ix.bleve == nil {
		return nil
	}
	ix.closeOnce.Do(func() { ix.closeErr = ix.bleve.Close() })
	return ix.closeErr
}

// Build indexes every passage of c. With dir empty the index lives in
// memory; otherwise it is written to dir, which must not exist yet (a
// Store installs it). ctx cancels the build between batches.
func Build(ctx context.Context, c *corpus.Corpus, dir string) (*Index, error) {
	b, err := bleve.NewUsing(dir, newMapping(), scorch.Name, scorch.Name, scorchConfig())
	if err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	// What is derived of the corpus is found while bleve indexes it.
	var dv *derived
	var voc *vocabulary
	found := make(chan struct{})
	go func() {
		defer close(found)
		dv, voc = derive(c, nil), newVocabulary(c, analyzeEnglish)
	}()
	err = addChunks(ctx, b, c)
	if err == nil && dir != "" {
		// Batches leave many segments, and a search walks each of them:
		// merge them into a few before the index is used.
		err = forceMerge(ctx, b, tieredMerges())
	}
	<-found
	if err != nil {
		return nil, errors.Join(err, b.Close())
	}
	tc, err := countTerms(b, c)
	if err != nil {
		return nil, errors.Join(err, b.Close())
	}
	ix, err := newIndex(c, b, time.Now(), dir, dv, voc, tc)
	if err != nil {
		return nil, errors.Join(err, b.Close())
	}
	return ix, nil
}

// maxSegmentChunks bounds the chunks of a segment that merges make: an
// index of thousands of documents is kept in a few segments rather than
// one, so that a reindex that removes a document rewrites the segment
// that held it (see Update), not the whole index. (Scores do not depend
// on the segments: see bm25Stats.)
var maxSegmentChunks int64 = 1 << 15 // a test lowers it

// tieredMerges are bleve's default merge policy, with segments bounded
// by maxSegmentChunks.
func tieredMerges() *mergeplan.MergePlanOptions {
	o := mergeplan.DefaultMergePlanOptions
	o.MaxSegmentSize = maxSegmentChunks
	return &o
}

// scorchConfig is the configuration of every bleve index a Store makes or
// opens to write: its merges are tieredMerges.
func scorchConfig() map[string]interface{} {
	o := tieredMerges()
	return map[string]interface{}{"scorchMergePlanOptions": map[string]interface{}{
		"MaxSegmentsPerTier": o.MaxSegmentsPerTier, "MaxSegmentSize": o.MaxSegmentSize, "TierGrowth": o.TierGrowth,
		"SegmentsPerMergeTask": o.SegmentsPerMergeTask, "FloorSegmentSize": o.FloorSegmentSize, "ReclaimDeletesWeight": o.ReclaimDeletesWeight,
	}}
}

// forceMerge merges b's segments as opts plan, once.
func forceMerge(ctx context.Context, b bleve.Index, opts *mergeplan.MergePlanOptions) error {
	adv, err := b.Advanced()
	if err != nil {
		return nil
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	if err := s.ForceMerge(ctx, opts); err != nil {
		return fmt.Errorf("merge index: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("merge index: %w", err)
	}
	return nil
}

// A batch of chunks is analysed and turned into a segment in memory
// before it is written: its cost grows with its text and with the
// distinct words in it, so a batch is bounded by both its chunks and its
// bytes.
var (
	maxBatchChunks = 1000 // a test lowers it
	maxBatchBytes  = 512 << 10
)

// addChunks indexes every passage of c as chunks: windows of a few
// sentences, so a long paragraph is found by the sentences that answer,
// not drowned by its length.
func addChunks(ctx context.Context, b bleve.Index, c *corpus.Corpus) error {
	return addDocuments(ctx, b, b.NewBatch(), c.Documents)
}

// addDocuments indexes the chunks of docs, in batches of at most
// maxBatchChunks chunks or maxBatchBytes of text. Batches are made while
// earlier ones are indexed, two at a time: bleve analyses a batch in
// parallel but writes its segment on one core, so while one batch's
// segment is written the next one is analysed.
func addDocuments(ctx context.Context, b bleve.Index, batch *bleve.Batch, docs []*corpus.Document) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	full := make(chan *bleve.Batch)
	var indexing sync.WaitGroup
	for range indexers {
		indexing.Add(1)
		go func() {
			defer indexing.Done()
			for batch := range full {
				if err := b.Batch(batch); err != nil {
					cancel(fmt.Errorf("index batch: %w", err))
				}
			}
		}()
	}
	err := fillBatches(ctx, b, batch, docs, full)
	close(full)
	indexing.Wait()
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return cause // a batch that failed
	}
	return err
}

// indexers is how many batches are indexed at once.
const indexers = 2

// fillBatches adds the chunks of docs to batches and sends each full one,
// and the last, to full.
func fillBatches(ctx context.Context, b bleve.Index, batch *bleve.Batch, docs []*corpus.Document, full chan<- *bleve.Batch) error {
	size := 0 // bytes of text in batch
	send := func() error {
		select {
		case full <- batch:
		case <-ctx.Done():
			return fmt.Errorf("build index: %w", context.Cause(ctx))
		}
		batch, size = b.NewBatch(), 0
		return nil
	}
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("build index: %w", context.Cause(ctx))
		}
		for i := range d.Passages {
			p := &d.Passages[i]
			themes := d.ThemesOf(p) // once a passage: it reads the whole text
			for j, span := range chunksOf(d, p) {
				doc := docFor(d, p, span, themes)
				if err := batch.Index(p.ID+chunkSep+strconv.Itoa(j), doc); err != nil {
					return fmt.Errorf("index passage %s: %w", p.ID, err)
				}
				size += len(doc.Text)
			}
			if batch.Size() >= maxBatchChunks || size >= maxBatchBytes {
				if err := send(); err != nil {
					return err
				}
			}
		}
	}
	if batch.Size() == 0 {
		return nil
	}
	return send()
}

// check verifies that the index holds every passage of its corpus and
// answers a question (the first words of its first passage) without
// failing, so a damaged segment is found before anyone asks.
func (ix *Index) check(ctx context.Context) error {
	n, err := ix.bleve.DocCount()
	if err != nil {
		return fmt.Errorf("check index: %w", err)
	}
	if want := ix.derived.chunks(); n != uint64(want) {
		return fmt.Errorf("check index: holds %d chunks, corpus has %d", n, want)
	}
	for _, d := range ix.corpus.Documents {
		if len(d.Passages) == 0 {
			continue
		}
		words := strings.Fields(d.Passages[0].Text)
		q := Query{Text: strings.Join(words[:min(len(words), 12)], " "), Limit: MaxLimit}
		if _, err := ix.Search(ctx, q); err != nil && !errors.Is(err, ErrEmptyQuery) && !errors.Is(err, ErrQueryTooLong) {
			return fmt.Errorf("check index: test search: %w", err)
		}
		break
	}
	return nil
}
