package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"mandatebot/corpus"
	"mandatebot/index"
)

// userError is a mistake the user can fix; its message says how. It is
// shown to them alone.
type userError struct{ msg string }

func (e userError) Error() string { return e.msg }

func userErrorf(format string, args ...any) error { return userError{fmt.Sprintf(format, args...)} }

// rateLimitError is the userError of a member asking too quickly.
type rateLimitError struct{ userError }

func rateLimited(wait time.Duration) error {
	return rateLimitError{userError{fmt.Sprintf("You're asking quickly: please wait %d s before your next question.", int(wait.Seconds()+0.999))}}
}

// referenceExample shows how to write a reference to a paragraph.
const referenceExample = "Write it like: 2164 op 13(a), S/RES/2100 para 16, S/2014/692 para 12, or for the brief Recommendation 4 or Introduction ¶2."

// userMessage is the one place where errors become what a user is told.
// It returns the message and true for an error the user caused or should
// know about, and false for an internal failure, which the dispatcher logs
// and answers with an apology.
func userMessage(err error) (string, bool) {
	var ue userError
	var rl rateLimitError
	var re *corpus.ReferenceError
	var ce *corpus.CiteError
	var se *index.UnknownSourceError
	switch {
	case errors.As(err, &rl):
		return rl.msg, true
	case errors.As(err, &ue):
		return ue.msg, true
	case errors.Is(err, index.ErrEmptyQuery):
		return "Your question is empty. Ask something like: What is MINUSMA's authorized strength?", true
	case errors.Is(err, index.ErrQueryTooLong):
		return fmt.Sprintf("Your question is too long; please keep it under %d characters.", index.MaxQueryLen), true
	case errors.Is(err, index.ErrInvalidText):
		return "Your question holds bytes that are not text, so I can't read it. Type it again, or paste it as plain text.", true
	case errors.As(err, &se):
		return fmt.Sprintf("I have no document “%s”. Pick one from the list that appears as you type the source, or see /sources.", cut(escapeMarkdown(se.Source), 100)), true
	case errors.As(err, &re):
		switch {
		case errors.Is(re, corpus.ErrNoReference):
			return "Give a reference. " + referenceExample, true
		case errors.Is(re, corpus.ErrNoParagraph):
			return fmt.Sprintf("I found the document %s but not which paragraph. %s", re.Symbol, referenceExample), true
		default:
			return fmt.Sprintf("I can't tell which document “%s” means. %s", cut(escapeMarkdown(re.Input), 100), referenceExample), true
		}
	case errors.As(err, &ce) && errors.Is(ce, corpus.ErrNotHeld):
		return notInCorpus(ce.Symbol).Error(), true
	case errors.As(err, &ce):
		return fmt.Sprintf("%s has no %s. %s", ce.Doc.Name(), ce.Label, ce.Hint()), true
	case errors.Is(err, index.ErrTimeout):
		return "That question took too long to answer, so I stopped. Ask again, perhaps in fewer words.", true
	case errors.Is(err, index.ErrClosed), errors.Is(err, context.Canceled):
		return "I'm shutting down or restarting right now. Please ask again in a minute.", true
	}
	return "", false
}
