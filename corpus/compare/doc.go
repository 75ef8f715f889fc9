// Package compare aligns two resolutions paragraph by paragraph and says
// what the later one changed: first the facts of the mandate side by side
// (how long it runs, the personnel ceilings, the headings of its tasks,
// who may use all necessary means, when the Secretary-General reports),
// then the tasks added and dropped by theme, then every paragraph's
// change.
//
// Paragraphs are paired by what they say, not by their numbers or their
// part: a task inserted as (b) renumbers every task after it, and a
// renumbered task is unchanged; a paragraph can be kept, reworded, moved
// (also between the preamble and the operative part, and under another
// heading), merged with others into one, split into several, added or
// removed. Paragraphs that say the same words pair first; the rest are
// weighed against the paragraphs that share their rarest words, and pair
// when they are alike (Threshold) or one holds most of the other's words
// (Contained), or when they state the same fact of the mandate. Only a
// paragraph none of that finds a partner for is added or removed. A pair
// whose order among the others changed (the longest run that kept its
// order stays put) is moved.
//
// The files:
//
//	compare.go  the Comparison and its Entries; Resolutions, Compare, Limits
//	align.go    the alignment: paragraphs, candidates, groups, entries
//	facts.go    the facts of a mandate, read by rule; tasks by theme
//	words.go    the word-level difference of a reworded paragraph
//	cache.go    the latest comparisons, by the two documents' content
//	pair.go     which two resolutions a user named; how an entry is headed
package compare
