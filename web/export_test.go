package web

import (
	"testing"

	"mandatebot/corpus"
)

// LongDocument is longDocument, for the tests of package web_test.
func LongDocument(t testing.TB) *corpus.Document { return longDocument(t) }

// ErrorPageOf is how the pages tell a reader of err: the status, the
// message and whether it is a failure of ours (logged), for the test that
// walks every exported error through the translator.
func (h *Handler) ErrorPageOf(err error) (status int, msg string, retryAfter int, internal bool) {
	pe, internal := h.pageErrorOf(err, "")
	return pe.status, pe.msg, pe.retryAfter, internal
}
