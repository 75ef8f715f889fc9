package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"mandatebot/corpus"
	"mandatebot/corpus/compare"
	"mandatebot/corpus/intake"
	"mandatebot/index"
	"mandatebot/internal/fault"
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
// and answers with an apology. The errors the bot makes itself
// (userError) say what they say; a few errors of the packages below are
// worded for Discord; any other falls back on its kind (package fault):
// invalid input and what is not there are told as they are, what is not
// available now is told to try again, and nothing else is shown.
func userMessage(err error) (string, bool) {
	var ue userError
	var rl rateLimitError
	var re *corpus.ReferenceError
	var ce *corpus.CiteError
	var se *index.UnknownSourceError
	var pe *compare.PairError
	var rm *intake.RemoveError
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
	case errors.As(err, &ce) && ce.Doc != nil:
		return fmt.Sprintf("%s has no %s. %s", ce.Doc.Name(), ce.Label, ce.Hint()), true
	case errors.As(err, &pe):
		return pairMessage(pe), true
	case errors.Is(err, compare.ErrTooLarge):
		return escapeMarkdown(strings.TrimPrefix(err.Error(), compare.ErrTooLarge.Error()+": ")) + ". Compare two resolutions of ordinary size.", true
	case errors.As(err, &rm) && rm.Shipped:
		return fmt.Sprintf("“%s” is shipped in the bot itself, not a file of its corpus folder, so it cannot be removed. Nothing changed.", cut(escapeMarkdown(rm.Name), 100)), true
	case errors.As(err, &rm) && len(rm.Removable) == 0:
		return fmt.Sprintf("The corpus folder holds no document “%s”: it holds none that can be removed (/sources lists the documents). Nothing changed.", cut(escapeMarkdown(rm.Name), 100)), true
	case errors.As(err, &rm):
		return fmt.Sprintf("The corpus folder holds no document “%s”. Pick one from the list that appears as you type; it holds %s. Nothing changed.", cut(escapeMarkdown(rm.Name), 100), cut(escapeMarkdown(strings.Join(rm.Removable, ", ")), 1200)), true
	case errors.Is(err, index.ErrTimeout):
		return "That question took too long to answer, so I stopped. Ask again, perhaps in fewer words.", true
	case errors.Is(err, index.ErrClosed), errors.Is(err, context.Canceled) && !fault.Has(err):
		return "I'm shutting down or restarting right now. Please ask again in a minute.", true
	case errors.Is(err, context.DeadlineExceeded) && !fault.Has(err):
		return "That took too long, so I stopped. Please try again in a moment.", true
	}
	said := cut(escapeMarkdown(strings.TrimRight(err.Error(), ". ")), 1500)
	switch fault.Of(err) {
	case fault.Invalid:
		return "I can't use that: " + said + ". Change it and try again; /help shows how to ask.", true
	case fault.NotFound:
		return "I can't find that: " + said + ". /sources lists what I hold.", true
	case fault.Unavailable:
		return "I can't do that right now (" + said + "). Please try again in a moment.", true
	}
	return "", false
}

// pairMessage words compare.Pair's error for Discord, saying which
// resolutions the corpus holds and how an admin adds more.
func pairMessage(pe *compare.PairError) string {
	held := "The corpus holds " + strings.Join(pe.Held, ", ") + "."
	switch len(pe.Held) {
	case 0:
		held = "The corpus holds no resolution yet; an admin can add them with /reindex fetch:true."
	case 1:
		held = "The corpus holds only " + pe.Held[0] + "; an admin can add others with /reindex fetch:true."
	}
	switch pe.Problem {
	case compare.TooFew:
		return "A comparison needs two resolutions. " + held
	case compare.NotFound:
		return fmt.Sprintf("There is no resolution “%s” in the corpus. %s", cut(escapeMarkdown(pe.Name), 60), held)
	case compare.Same:
		return "Name two different resolutions to compare. " + held
	}
	return "Name two resolutions to compare, e.g. `2100 → 2164`, or pick a pair from the list. " + held
}
