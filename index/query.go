package index

import (
	"fmt"

	"mandatebot/corpus"
	"mandatebot/internal/fault"
)

// Limits on a query.
const (
	DefaultLimit = 5
	MaxLimit     = 50
	MaxOffset    = 500  // pages further than this hold nothing: no corpus answers that deep
	MaxQueryLen  = 1000 // characters
)

// Errors a user can cause. They say what is wrong, not what to do, and
// carry their kind (package fault): each front end (the command line, the
// bot, the pages) turns them into its own advice in one place.
var (
	ErrEmptyQuery    = fault.New(fault.Invalid, "the question is empty")
	ErrQueryTooLong  = fault.New(fault.Invalid, fmt.Sprintf("the question is longer than %d characters", MaxQueryLen))
	ErrInvalidText   = fault.New(fault.Invalid, "the question is not valid UTF-8 text")
	ErrUnknownSource = fault.New(fault.NotFound, "no document has that id")
	// ErrTimeout is wrapped, with context.DeadlineExceeded, by the error
	// of a search whose deadline passed before its passages were ranked:
	// the search stopped there. (Suggestions a search had no time for are
	// left out, not waited for.)
	ErrTimeout = fault.New(fault.Unavailable, "the search took longer than its time limit")
)

// UnknownSourceError is the error for a Query.Source that no document
// has; it wraps ErrUnknownSource. Known are the ids of the documents the
// index holds, for saying which there are.
type UnknownSourceError struct {
	Source string
	Known  []string
}

func (e *UnknownSourceError) Error() string { return fmt.Sprintf("%v: %q", ErrUnknownSource, e.Source) }

func (e *UnknownSourceError) Unwrap() error { return ErrUnknownSource }

// Kind is fault.NotFound.
func (e *UnknownSourceError) Kind() fault.Kind { return fault.NotFound }

// Query is a question to the index.
type Query struct {
	Text   string // the user's words, taken as plain text, never as query syntax
	Source string // a document id to search in; "" for all
	Kind   corpus.Kind
	Limit  int // hits to return; DefaultLimit when 0
	Offset int // hits to skip, for the next page
}

// Span is a byte range of a passage's text.
type Span = corpus.Span

// Hit is one ranked passage.
type Hit struct {
	Rank      int // 1-based, counting from the first page
	Score     float64
	Passage   *corpus.Passage
	Document  *corpus.Document
	Footnotes []corpus.Footnote // the footnotes the passage cites: the best sentence's first, then the others, each in order
	BestNotes int               // how many of Footnotes the best sentence cites
	Matches   []Span            // where the question's terms occur in Passage.Text
	Best      Span              // the sentence that best answers the question
	// Identical lists the passages of other documents with the very same
	// text (a paragraph a later resolution kept word for word), left out
	// of the hits so that it is shown once, citing each.
	Identical []*corpus.Passage
	// Earlier lists the paragraphs of earlier resolutions on the same
	// mission that held the task this one holds, reworded or moved: the
	// hit is the paragraph in force, and cites them ("2164 op. 14(b);
	// earlier 2100 op. 16(f)").
	Earlier []*corpus.Passage

	coverage float64 // how much of the question the best sentence covers
}

// Segment is a piece of a passage's text, matched by the question or not.
type Segment struct {
	Text  string
	Match bool
}

// Segments cuts text at the spans (sorted, as Hit.Matches are), skipping
// any that overlap an earlier one or fall outside text, so that each edge
// marks matches its own way (Markdown bold, terminal bold) from one cut.
func Segments(text string, spans []Span) []Segment {
	var out []Segment
	at := 0
	for _, s := range spans {
		if s.Start < at || s.End > len(text) || s.Start >= s.End {
			continue
		}
		if s.Start > at {
			out = append(out, Segment{Text: text[at:s.Start]})
		}
		out = append(out, Segment{Text: text[s.Start:s.End], Match: true})
		at = s.End
	}
	if at < len(text) {
		out = append(out, Segment{Text: text[at:]})
	}
	return out
}

// BestSentence returns the text of the sentence that best answers the
// question.
func (h Hit) BestSentence() string { return h.Passage.Text[h.Best.Start:h.Best.End] }

// Result is the answer to a Query.
type Result struct {
	Query    string
	Language string // "en", or "fr" for a question taken as French
	Mode     string // ModeHybrid when semantic search took part, else ModeLexical
	Searched string // the words searched for, after translation
	Total    int    // passages found in all, beyond this page too
	Hits     []Hit
	// Weak is set when no passage matches the question well; Suggestions
	// then holds words of the corpus near the question's (a typo's
	// correction, another form of a word, a glossary neighbour).
	Weak        bool
	Suggestions []string
	// Absent lists the question's words that no passage uses, even
	// through the glossary, synonyms or translation ("drones"), as the
	// question writes them; Bridged the words found only through another
	// word ("cops" as "police").
	Absent  []string
	Bridged []Bridge
	// Unheld lists the UN symbols of the resolutions the question names
	// ("resolution 2227") that the corpus does not hold: the answer is
	// not from them, and an admin can add them.
	Unheld []string
	// SmallTalk is set for a message with no word of substance ("thanks!",
	// "hi", "merci"): it asks nothing the documents could answer.
	SmallTalk bool
	// Corpus is the corpus the question was searched on. Whatever is
	// shown of the result (buttons, footnotes, links) is read from it,
	// never from the live index again: a reindex landing after the search
	// must not mix two corpora in one answer.
	Corpus *corpus.Corpus
}

// Bridge is a question's word the corpus does not use, searched as the
// words it does.
type Bridge struct {
	Word string
	As   []string
}

// Errors of the index itself, not of a question.
var (
	// ErrReindexRunning is returned by Live.Reindex while another
	// reindex runs.
	ErrReindexRunning = fault.New(fault.Unavailable, "a reindex is already running")
	// ErrClosed is returned by a search on a Live index that was closed.
	ErrClosed = fault.New(fault.Unavailable, "the index is closed")
	// ErrDamaged is wrapped by the errors for an index whose files fail
	// their checksums, or that panics or fails when opened or searched.
	ErrDamaged = fault.New(fault.Internal, "the index is damaged")
)
