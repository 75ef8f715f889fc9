// Package faulttest lists every exported error of the packages whose
// errors reach a user (index, corpus, compare, undoc, intake, feedback,
// pdftext, embeddings), each as a front end may meet it and with the kind
// it must have, so that the bot's, the pages' and the command line's
// tests walk every one through their translator. Its own test fails when
// a package exports an error this list lacks.
package faulttest

import (
	"context"
	"fmt"
	"time"

	"mandatebot/corpus"
	"mandatebot/corpus/compare"
	"mandatebot/corpus/intake"
	"mandatebot/corpus/pdftext"
	"mandatebot/corpus/undoc"
	"mandatebot/feedback"
	"mandatebot/index"
	"mandatebot/index/embeddings"
	"mandatebot/internal/fault"
)

// Case is an exported error as a front end may meet it: Name is how its
// package exports it ("index.ErrEmptyQuery", "corpus.CiteError"), Err an
// error holding it (wrapped, as it arises), Kind the kind it must have.
type Case struct {
	Name string
	Err  error
	Kind fault.Kind
}

// fictional is a fictional resolution, for the errors that name one.
var fictional = &corpus.Document{ID: "s-res-9999-2031", Symbol: "S/RES/9999 (2031)", Title: "Resolution 9999 (2031)",
	Kind: corpus.KindResolution, Passages: []corpus.Passage{{ID: "s-res-9999-2031#op-1", DocID: "s-res-9999-2031", Label: "op. 1", Text: "Decides to remain seized of the fictional matter."}}}

// Cases returns every exported error, each at least once.
func Cases() []Case {
	held := []string{"S/RES/9998 (2031)", "S/RES/9999 (2032)"}
	wrap := func(op string, err error) error { return fmt.Errorf("%s: %w", op, err) }
	return []Case{
		{"index.ErrEmptyQuery", wrap("search", index.ErrEmptyQuery), fault.Invalid},
		{"index.ErrQueryTooLong", index.ErrQueryTooLong, fault.Invalid},
		{"index.ErrInvalidText", index.ErrInvalidText, fault.Invalid},
		{"index.ErrUnknownSource", index.ErrUnknownSource, fault.NotFound},
		{"index.UnknownSourceError", &index.UnknownSourceError{Source: "zzz", Known: []string{"nupi-policy-brief-19-2015", "s-res-9999-2031"}}, fault.NotFound},
		{"index.ErrTimeout", fmt.Errorf("%w (%w)", index.ErrTimeout, context.DeadlineExceeded), fault.Unavailable},
		{"index.ErrReindexRunning", index.ErrReindexRunning, fault.Unavailable},
		{"index.ErrClosed", wrap("search", index.ErrClosed), fault.Unavailable},
		{"index.ErrDamaged", fmt.Errorf("%w: search failed: runtime error", index.ErrDamaged), fault.Internal},
		{"index.ErrNotBuilt", index.ErrNotBuilt, fault.NotFound},
		{"embeddings.ErrBadResponse", embeddings.ErrBadResponse, fault.Unavailable},

		{"corpus.ErrNotHeld", &corpus.CiteError{Input: "2999 op 1", Symbol: "S/RES/2999 (2030)", Label: "op. 1", Err: corpus.ErrNotHeld}, fault.NotFound},
		{"corpus.ErrNoSuchParagraph", &corpus.CiteError{Input: "9999 op 7", Symbol: fictional.Symbol, Doc: fictional, Label: "op. 7", Err: corpus.ErrNoSuchParagraph}, fault.NotFound},
		{"corpus.CiteError", &corpus.CiteError{Input: "9999 op 1(z)", Symbol: fictional.Symbol, Doc: fictional, Label: "op. 1(z)", Near: []string{"op. 1"}, Err: corpus.ErrNoSuchParagraph}, fault.NotFound},
		{"corpus.ErrNoReference", &corpus.ReferenceError{Input: "", Err: corpus.ErrNoReference}, fault.Invalid},
		{"corpus.ErrUnknownDocument", &corpus.ReferenceError{Input: "banana", Err: corpus.ErrUnknownDocument}, fault.Invalid},
		{"corpus.ErrNoParagraph", &corpus.ReferenceError{Input: "9999", Symbol: fictional.Symbol, Err: corpus.ErrNoParagraph}, fault.Invalid},
		{"corpus.ReferenceError", &corpus.ReferenceError{Input: "op", Err: corpus.ErrUnknownDocument}, fault.Invalid},
		{"corpus.ErrNotSymbol", fmt.Errorf("%w: %q; write it like S/RES/2164 (2014)", corpus.ErrNotSymbol, "banana"), fault.Invalid},
		{"corpus.ErrInvalid", fmt.Errorf("fictional.md: %w: no front matter", corpus.ErrInvalid), fault.Invalid},
		{"corpus.ErrTooLarge", fmt.Errorf("fictional.md: %w: 21 MB, over the limit of 20 MB (MAX_DOCUMENT_MB)", corpus.ErrTooLarge), fault.Invalid},
		{"corpus.ErrCorpusTooLarge", fmt.Errorf("%w: 40 MB of passage text, over 32 MB (MAX_CORPUS_MB)", corpus.ErrCorpusTooLarge), fault.Invalid},

		{"compare.PairError", &compare.PairError{Problem: compare.NotFound, Name: "2164", Held: held}, fault.NotFound},
		{"compare.PairError (too few)", &compare.PairError{Problem: compare.TooFew, Held: held[:1]}, fault.NotFound},
		{"compare.PairError (not two)", &compare.PairError{Problem: compare.NotTwo, Held: held}, fault.Invalid},
		{"compare.PairError (the same)", &compare.PairError{Problem: compare.Same, Name: "9998", Held: held}, fault.Invalid},
		{"compare.ErrNotComparable", wrap("compare", compare.ErrNotComparable), fault.Invalid},
		{"compare.ErrTooLarge", fmt.Errorf("%w: S/RES/9999 (2031) has more than 3 paragraphs, the most a comparison takes", compare.ErrTooLarge), fault.Invalid},

		{"undoc.ErrNoSymbol", fmt.Errorf("scan.pdf: %w", undoc.ErrNoSymbol), fault.Invalid},
		{"undoc.ErrNotPDF", fmt.Errorf("notes.pdf: %w", undoc.ErrNotPDF), fault.Invalid},
		{"undoc.ErrTooComplex", fmt.Errorf("%w: more than 500 pages", undoc.ErrTooComplex), fault.Invalid},
		{"undoc.ErrEncrypted", undoc.ErrEncrypted, fault.Invalid},
		{"undoc.ErrTruncated", fmt.Errorf("broken.pdf: %w", undoc.ErrTruncated), fault.Invalid},
		{"undoc.ErrNotFound", wrap("S/2014/692", undoc.ErrNotFound), fault.NotFound},
		{"undoc.ErrEmpty", undoc.ErrEmpty, fault.Unavailable},
		{"undoc.ErrTooLarge", undoc.ErrTooLarge, fault.Invalid},
		{"undoc.ErrOffline", undoc.ErrOffline, fault.Unavailable},
		{"undoc.ErrServer", undoc.ErrServer, fault.Unavailable},
		{"undoc.ErrRefused", undoc.ErrRefused, fault.Unavailable},
		{"undoc.ErrTimeout", undoc.ErrTimeout, fault.Unavailable},
		{"undoc.ErrRedirect", undoc.ErrRedirect, fault.Unavailable},
		{"undoc.ErrConvert", undoc.ErrConvert, fault.Invalid},
		{"undoc.ErrSave", undoc.ErrSave, fault.Internal},
		{"undoc.StatusError", &undoc.StatusError{Code: 503, Status: "503 Service Unavailable"}, fault.Unavailable},
		{"undoc.LimitError", &undoc.LimitError{MaxBytes: 50 << 20}, fault.Invalid},
		{"undoc.TimeoutError", &undoc.TimeoutError{After: time.Minute, Err: context.DeadlineExceeded}, fault.Unavailable},
		{"undoc.NotPDFError", &undoc.NotPDFError{Sent: "an HTML page"}, fault.Unavailable},
		{"undoc.SaveError", &undoc.SaveError{Err: fmt.Errorf("write: no space left on device")}, fault.Internal},
		{"undoc.ConvertError", &undoc.ConvertError{Err: fmt.Errorf("no operative paragraph")}, fault.Invalid},

		{"intake.ErrUnsupported", fmt.Errorf("notes.docx: %w", intake.ErrUnsupported), fault.Invalid},
		{"intake.ErrNoFolder", intake.ErrNoFolder, fault.Unavailable},
		{"intake.RemoveError", &intake.RemoveError{Name: "zzz", Removable: []string{"s-res-9999-2031"}}, fault.NotFound},
		{"intake.RemoveError (shipped)", &intake.RemoveError{Name: "nupi-policy-brief-19-2015", Shipped: true}, fault.Invalid},

		{"feedback.ErrBusy", fmt.Errorf("read feedback: %w for over 2s", feedback.ErrBusy), fault.Unavailable},
		{"feedback.ErrDamaged", fmt.Errorf("%w: unexpected fault address", feedback.ErrDamaged), fault.Internal},
		{"feedback.ErrNoStore", feedback.ErrNoStore, fault.Unavailable},

		{"pdftext.ErrNotText", fmt.Errorf("brief.txt: %w: it holds a NUL byte", pdftext.ErrNotText), fault.Invalid},

		// Errors of no package, as they arrive.
		{"context.Canceled", wrap("search", context.Canceled), fault.Unavailable},
		{"context.DeadlineExceeded", wrap("search", context.DeadlineExceeded), fault.Unavailable},
		{"an error of no kind", fmt.Errorf("open /var/lib/mandatebot/x: permission denied"), fault.Internal},
	}
}

// Packages are the folders, from the module's root, whose exported
// errors Cases must hold, with the name each is known by.
var Packages = map[string]string{
	"index": "index", "index/embeddings": "embeddings", "corpus": "corpus", "corpus/compare": "compare",
	"corpus/undoc": "undoc", "corpus/intake": "intake", "feedback": "feedback", "corpus/pdftext": "pdftext",
}
