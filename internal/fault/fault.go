// Package fault gives errors a kind, set where they arise: invalid
// input, not found, unavailable or timed out, or internal. An error of a
// kind carries a neutral message, one that names no front end's commands,
// so that each front end (the bot, the web pages, the command line) has
// one translator that words an error for its medium, overriding the
// wording only where it must and falling back on the kind: a new error is
// safe by default (an internal one is never shown, only apologised for).
//
// It follows benbjohnson/wtf's Error{Code, Message} and upspin's
// errors.Kind.
package fault

import (
	"context"
	"errors"
	"fmt"
)

// Kind is what sort of failure an error is, for a front end to word.
type Kind int

// Kinds of error.
const (
	// Internal is a failure on our side: logged, and the user is told
	// only that something went wrong. An error of no kind is Internal.
	Internal Kind = iota
	// Invalid is input that cannot be used as given (a question, a
	// reference, a file): the user can change it.
	Invalid
	// NotFound is input that names something that is not there (a
	// document, a paragraph, a resolution).
	NotFound
	// Unavailable is a failure of the moment (shutting down, busy, too
	// slow, a server that does not answer): the same may work later.
	Unavailable
)

func (k Kind) String() string {
	switch k {
	case Invalid:
		return "invalid input"
	case NotFound:
		return "not found"
	case Unavailable:
		return "unavailable"
	}
	return "internal"
}

// Error is an error of a kind: a neutral message and, optionally, what
// caused it.
type Error struct {
	kind Kind
	msg  string
	err  error
}

// New returns an error of kind k saying msg, for a sentinel that callers
// compare with errors.Is.
func New(k Kind, msg string) error { return &Error{kind: k, msg: msg} }

// Errorf returns an error of kind k with a message made as fmt.Errorf
// makes one; a %w verb wraps its cause.
func Errorf(k Kind, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &Error{kind: k, msg: err.Error(), err: errors.Unwrap(err)}
}

// Error returns the neutral message.
func (e *Error) Error() string { return e.msg }

// Unwrap returns the cause, if any.
func (e *Error) Unwrap() error { return e.err }

// Kind returns the error's kind.
func (e *Error) Kind() Kind { return e.kind }

// Kinder is an error that says its kind; the error types of the packages
// that make them (index, corpus, compare, undoc, …) are.
type Kinder interface {
	error
	Kind() Kind
}

// Has reports whether err's chain holds an error that says its kind (as
// opposed to one of no kind, or a context's).
func Has(err error) bool {
	var k Kinder
	return errors.As(err, &k)
}

// Of returns the kind of err: the first error in its chain that says its
// kind (so a wrapper may say another), else Unavailable for a context
// cancelled or out of time, else Internal.
func Of(err error) Kind {
	if err == nil {
		return Internal
	}
	var k Kinder
	if errors.As(err, &k) {
		return k.Kind()
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return Unavailable
	}
	return Internal
}
