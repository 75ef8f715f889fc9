// Package web serves mandatebot's pages for a browser: a search box and
// its results (the same ranking as /ask), a reader for every document
// with a permalink per paragraph and its footnotes, the comparison of two
// resolutions, and what the corpus holds.
//
// Every page is rendered on the server by html/template from the corpus
// the index serves at that moment, so a reindex reaches the pages at the
// next request. Nothing from a document is ever trusted as HTML: text is
// cut into pieces (plain, linked, a footnote marker) that the templates
// escape. The pages only read: GET and HEAD, no admin action.
//
// Where things are:
//   - web.go: Config, Searcher (the index the pages read: index.Live when
//     served) and New, whose Handler routes every page; the limits (pages
//     per client, pages made at once, a search's time), the layout that
//     frames every page (render), the static files and the security
//     headers;
//   - search.go: the home page (/) and a page of results (/search): the
//     document picker, each hit with its excerpt and footnotes, and what
//     is said when nothing answers well;
//   - reader.go: a document's reader (/d/<id>), a permalink per
//     paragraph; readerpages.go: a long document read a page at a time,
//     whole sections where they fit; notes.go: the footnotes a page shows,
//     linked back to their markers;
//   - text.go: text cut into pieces the templates escape: web addresses,
//     UN symbols and paragraph mentions linked, footnote markers placed
//     (passagePieces), a hit's excerpt around its best sentence;
//   - compare.go: what a later resolution changed (/compare/<old>/<new>,
//     read from package corpus/compare), optionally narrowed to a theme;
//   - sources.go: the sources page (/sources): the documents held, those
//     cited but lacking, and what the fetch at start did;
//   - errors.go: pageErrorOf, the one place an error becomes what a
//     reader is told and with which status, and fail, its page;
//   - templates/: the pages' html/template files, one per page and the
//     layout; static/: the stylesheet and app.js (progressive enhancement
//     only: every page works without it);
//   - permalink/: the pages' addresses, the one writer of them for the
//     pages' links and the bot's citations in Discord alike.
package web
