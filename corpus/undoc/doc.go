// Package undoc turns official UN documents (Security Council resolutions,
// reports and meeting records, as PDFs from the Official Document System)
// into stored corpus documents, and fetches them by symbol.
//
// Text is extracted with github.com/ledongthuc/pdf, a pure-Go PDF reader
// (a maintained fork of rsc.io/pdf): no cgo and no external tool, so the
// binary still builds and runs anywhere. It yields each glyph run with its
// position and font, from which lines, page furniture and italics are
// recovered.
//
// Where things are, by job:
//
// Fetching UN documents by symbol:
//   - fetch.go: Fetcher (the Official Document System's addresses,
//     retries, size and redirect limits), FetchInto and fetchOne (a
//     document's PDF and stored Markdown written into the corpus folder),
//     the typed errors of a fetch, Outcome and Tracker;
//   - explain.go: Explain, a failed fetch's cause in words with the next
//     step.
//
// Reading a PDF, in a sandbox, into lines:
//   - extract.go: Lines (the sandboxed read) and extractLines (the work),
//     the limits on what is read, layout (glyphs into lines);
//   - glyphs.go: a page's content stream into glyphs with their place,
//     font and width; stdfonts.go the standard fonts' widths (written by
//     gen/);
//   - structure.go: the checks of a PDF's structure before the reader
//     walks it;
//   - sandbox.go, sandbox_linux.go, sandbox_other.go: the child process
//     the reader runs in, with its memory and time bounded.
//
// Turning lines into a stored document:
//   - convert.go: ConvertPDF (a PDF to a checked document: Lines, then
//     Convert) beside Convert (lines to Markdown), Kind, ID, SymbolOf, and
//     render (paragraphs to the stored form, each sub-paragraph with its
//     parents' lead-ins);
//   - furniture.go: page furniture dropped (running headers, page and job
//     numbers, bar codes), the date and title read;
//   - paragraphs.go: where a paragraph ends, headings, the text block;
//   - resolution.go: a resolution's preambular and operative paragraphs
//     and sub-paragraphs; report.go: a report's numbered paragraphs and a
//     meeting record's speakers.
//
// undoctest makes UN-like PDFs for tests with two producers and holds
// the harness that checks the parser on real resolutions (see its
// cmd/scrender and TestDataset).
package undoc
