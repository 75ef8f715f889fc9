// Package corpus holds mandatebot's documents and their structure: sections,
// passages, paragraph labels, footnotes, and which passage cites which
// footnote.
//
// Documents are stored as Markdown files with YAML front matter (see Parse).
// The shipped documents are embedded in the binary (Shipped); an admin's
// corpus folder adds to them and may replace them by id (Load).
//
// Where things are:
//   - corpus.go: the vocabulary — Document, Passage, Citation, Kind and
//     Corpus (New); finding a document or passage (DocumentBySymbol,
//     PassageByLabel, PassageByKey), a sub-paragraph's lead-ins (LeadIn,
//     OwnText), the resolutions and the mandate's paragraphs (Resolutions,
//     MandatePassages), the corpus's Fingerprint;
//   - footnote.go: Footnote, a document's numbered notes, and FootnotesOf
//     and FootnotesFirst, the one place a passage gets its footnotes (those
//     of a sentence first); Resolve follows an "Ibid.", FootnoteLine
//     writes a note as lists show it;
//   - markdown.go: Parse, the stored form read (FrontMatter, sections,
//     passages, labels, [^n] footnotes), its structural limits checked
//     first; writer.go: Writer, the stored form's one writer, which the
//     importers use (escape.go escapes its Markdown);
//   - load.go: Load and Loader, the shipped documents (documents/,
//     embedded) and the corpus folder read within bounds, Stamp;
//     cache.go: the parsed-corpus cache, and the corpus snapshot kept
//     beside an index on disk (WriteSnapshot, ReadSnapshot);
//   - limits.go: what the documents may make the index hold: a paragraph
//     over MaxPassageBytes split into parts (PartsOf, Splits), CheckSize;
//   - label.go: paragraph labels ("op. 13(a)(i)"): Label, SubLabel,
//     IsParagraphLabel;
//   - reference.go: ParseReference, a reference as people write it ("2164
//     op 13(a)"); cite.go: Cite, the paragraph it names (Cited, CiteError
//     with "Did you mean"), and how a passage is named (Reference, Trail);
//   - mention.go: Mentions, the paragraphs and documents a text refers to
//     ("paragraph 16 (a) above"), for links;
//   - symbol.go: the grammar of UN symbols: ParseSymbol, NormalizeSymbol,
//     Symbols, SymbolURL;
//   - sentence.go: Sentences, where a passage's sentences end (the index
//     chunks and ranks by them);
//   - themes.go, themes.json: Theme, the curated themes of mandates, and
//     ThemesOf a paragraph.
//
// The packages under it: where a PDF becomes
// paragraphs — undoc (a UN document's PDF, fetched by symbol; paragraphs.go
// and resolution.go), pdftext (the brief's extracted text, as in sources/;
// Convert) and internal/linejoin (lines and broken words re-joined for
// both); compare (what a later resolution changed); intake (the corpus
// folder as admins change it: add, list, remove); corpustest (fictional
// documents for tests and benchmarks). A passage becomes chunks, hits and
// a served index in package index (mapping.go; the swap on a reindex in
// live.go).
package corpus
