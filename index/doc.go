// Package index builds and searches mandatebot's bleve index.
//
// What is indexed is chunks, not passages: each passage of the corpus is
// cut into windows of a few sentences of its own words (chunksOf in
// mapping.go), and each chunk is one bleve document holding its words and
// those of the footnotes it cites, and apart, a sub-paragraph's parents'
// lead-ins. A search scores chunks with BM25 (and, with Semantic, fuses in
// embeddings), then groups them back into passages: a Hit is a passage,
// with the spans that matched, the sentence that answers best, and its
// footnotes, that sentence's first (corpus.Document.FootnotesFirst); the
// paragraph in force stands for the earlier ones that held its task.
//
// Where things are:
//   - query.go: the vocabulary — Query, Result, Hit, Span, the limits and
//     the errors a search returns;
//   - index.go and mapping.go: building an index of a corpus, and what a
//     chunk holds;
//   - search.go, rank.go, question.go: a question's analysis, its search
//     and the ranking of passages;
//   - sentence.go: passages analysed once, and the sentence of a passage
//     that best answers a question (with the kind of answer asked);
//   - shape.go: what a question's shape says — small talk, a term asked
//     to be defined (define.go finds the passage defining it), the words
//     of asking that are never absent;
//   - inforce.go: the mandate in force — which later resolution renews
//     which earlier one, paragraph by paragraph, and how questions name
//     resolutions;
//   - derived.go: what an index derives from its corpus besides bleve's
//     postings (the terms and acronyms each document defines, the
//     renewals, the vocabulary of suggestions), found when it is built
//     and stored beside it, so that opening reads it in milliseconds;
//   - terms.go: how many chunks hold each term, stored with the index
//     (reading it from bleve's dictionaries pages the whole index in);
//   - store.go: the index on disk, checked when opened;
//   - update.go: a reindex in proportion to the change (Store.Update):
//     a copy of the served index, its changed documents' chunks deleted
//     and indexed again, installed as a build is;
//   - live.go: the index being served, swapped whole by a reindex
//     (Live.Reindex), so that a failed reindex leaves the old one serving;
//   - indexbench/ (a module of its own): the benchmark of building,
//     opening, asking and reindexing corpora of thousands of generated
//     documents, with SQLite FTS5 as the reference.
package index
