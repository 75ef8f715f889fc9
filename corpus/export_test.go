package corpus

// SplitSpans is splitSpans, for the fuzz test of package corpus_test.
var SplitSpans = splitSpans
