package web

import (
	"testing"

	"mandatebot/corpus"
)

// LongDocument is longDocument, for the tests of package web_test.
func LongDocument(t testing.TB) *corpus.Document { return longDocument(t) }
