package corpus

// SplitSpans is splitSpans' spans, for the fuzz test of package corpus_test.
func SplitSpans(text string, max int) []Span {
	spans, _ := splitSpans(text, max)
	return spans
}
