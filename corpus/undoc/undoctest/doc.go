// Package undoctest makes PDFs laid out like UN Security Council
// documents, for tests. Their text is SYNTHETIC and about a FICTIONAL
// mission in a fictional country; it is not, and does not quote, any UN
// document.
//
// It has two parts: fixed fictional fixtures for unit tests, and the
// harness that checks undoc's reading of PDFs against real resolution
// texts (outside the repository), laid out again by two producers.
//
// Where things are:
//   - fixture.go: the fictional fixtures — Block, ResolutionPDF (S/RES/9999
//     (2031)) and Resolution under another symbol, LaterResolutionPDF (a
//     later mandate, to compare with), TabbedResolutionPDF, and PDF, any
//     document of blocks;
//   - hostile.go: HostilePDFs, the crafted files that once crashed or hung
//     the bot, with the error each must give; EncryptedPDF; RawPDF, a PDF
//     of hand-written objects;
//   - source.go: Source, a UN document as data (the JSON make_fodt.py
//     reads: front lines and body items, with Run for upright and italic
//     text), ReadSource, and FPDF, a Source laid out with go-pdf/fpdf as
//     the Official Document System sets it;
//   - sctext.go: ReadText, a resolution of the public dataset of texts
//     read into a Source (UnreadableError when it will not guess);
//     italics.go: the words UN documents set in italics, for its runs;
//   - render.go: Producer (FPDF or LibreOffice, through
//     corpus/undoc/testdata/libreoffice/make_fodt.py) and Renderer, PDFs of
//     Sources made with either and cached by content;
//   - structured.go: Structured and StructuredDocument, the document a
//     perfect conversion of a Source would give;
//   - check.go: Property, Check and Failure, what every resolution
//     converted from a PDF must have (operative paragraphs 1..N, its
//     labels and lead-ins, its words in order, no page furniture), and
//     Spellings, the collection's word counts Check weighs hyphens by;
//   - survey.go: Survey and Report, dataset texts rendered by each
//     producer, converted as the product does and checked (DatasetFiles,
//     CountSpellings);
//   - cmd/scrender: the survey, and the rendered PDFs and converted
//     documents, from the command line; undoc's TestDataset runs the
//     survey when MANDATEBOT_SC_TEXTS names the dataset's folder.
package undoctest
