// Package index builds and searches mandatebot's bleve index.
//
// What is indexed is chunks, not passages: each passage of the corpus is
// cut into windows of a few sentences (chunksOf in mapping.go), and each
// chunk is one bleve document holding its words and those of the
// footnotes it cites. A search scores chunks with BM25 (and, with
// Semantic, fuses in embeddings), then groups them back into passages:
// a Hit is a passage, with the spans that matched and its footnotes
// (corpus.Document.FootnotesOf).
//
// Where things are:
//   - query.go: the vocabulary — Query, Result, Hit, Span, the limits and
//     the errors a search returns;
//   - index.go and mapping.go: building an index of a corpus, and what a
//     chunk holds;
//   - search.go, rank.go, question.go: a question's analysis, its search
//     and the ranking of passages;
//   - store.go: the index on disk, checked when opened;
//   - live.go: the index being served, swapped whole by a reindex
//     (Live.Reindex), so that a failed reindex leaves the old one serving.
package index
