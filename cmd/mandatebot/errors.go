package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"mandatebot/corpus"
	"mandatebot/corpus/compare"
	"mandatebot/index"
	"mandatebot/internal/fault"
)

// explain is the one place where a command's error becomes what the
// terminal is told, and the exit status: 2 for a usage mistake (how the
// program was called: a flag, an argument, a question or a reference
// that does not read), 1 for any other failure. A few errors of the
// packages below are worded for the command line; any other says its
// message and falls back on its kind (package fault): what is not
// available now says to try again. On the command line an internal
// failure is shown too: the person reading it runs the program.
func explain(err error) (msg string, code int) {
	var ue usageError
	var se *index.UnknownSourceError
	var re *corpus.ReferenceError
	var ce *corpus.CiteError
	var pe *compare.PairError
	switch {
	case errors.As(err, &ue):
		return ue.msg, 2
	case errors.Is(err, index.ErrEmptyQuery):
		return "the question is empty: give a question, e.g. mandatebot ask \"What is MINUSMA's authorized strength?\"", 2
	case errors.Is(err, index.ErrQueryTooLong):
		return fmt.Sprintf("the question is too long: keep it under %d characters", index.MaxQueryLen), 2
	case errors.Is(err, index.ErrInvalidText):
		return "the question is not valid UTF-8 text: check the terminal's encoding, or type it again", 2
	case errors.As(err, &se):
		return fmt.Sprintf("no document has the id %q; the documents are: %s", se.Source, strings.Join(se.Known, ", ")), 1
	case errors.As(err, &re) && errors.Is(re, corpus.ErrNoReference):
		return "give a reference: " + referenceExamples, 2
	case errors.As(err, &re) && errors.Is(re, corpus.ErrNoParagraph):
		return fmt.Sprintf("%s is named but not which paragraph: %s", re.Symbol, referenceExamples), 2
	case errors.As(err, &re):
		return fmt.Sprintf("cannot tell which document %q means: %s", re.Input, referenceExamples), 2
	case errors.As(err, &ce) && errors.Is(ce, corpus.ErrNotHeld):
		return fmt.Sprintf("%s is not in the corpus yet (the UN's copy: %s); add it with: mandatebot fetch %q", ce.Symbol, corpus.SymbolURL(ce.Symbol), ce.Symbol), 1
	case errors.As(err, &ce) && ce.Doc != nil:
		return fmt.Sprintf("%s has no %s. %s", ce.Doc.Name(), ce.Label, ce.Hint()), 1
	case errors.As(err, &pe):
		return pairMessage(pe)
	case errors.Is(err, compare.ErrTooLarge):
		return err.Error() + "; compare two resolutions of ordinary size", 1
	case errors.Is(err, context.Canceled):
		return "interrupted", 1
	}
	if fault.Of(err) == fault.Unavailable {
		return err.Error() + " (try again in a moment)", 1
	}
	return err.Error(), 1
}

// pairMessage words compare.Pair's error: what the corpus lacks is a
// failure (exit 1), naming two resolutions wrongly a usage mistake (2).
func pairMessage(pe *compare.PairError) (string, int) {
	have := "The corpus holds no resolution: fetch them with 'mandatebot fetch S/RES/2100 S/RES/2164' or add their PDFs with 'mandatebot add'."
	if len(pe.Held) > 0 {
		have = "The corpus holds " + strings.Join(pe.Held, ", ") + "."
	}
	switch pe.Problem {
	case compare.TooFew:
		return "compare needs two resolutions. " + have, 1
	case compare.NotFound:
		return fmt.Sprintf("no resolution %q in the corpus. %s", pe.Name, have), 1
	case compare.Same:
		return fmt.Sprintf("compare: both sides are %s; name two different resolutions", pe.Name), 2
	}
	return "compare takes the earlier and the later resolution (e.g. 'compare 2100 2164'), or none for the two latest", 2
}
