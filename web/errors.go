package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"mandatebot/corpus/compare"
	"mandatebot/index"
	"mandatebot/internal/fault"
)

// pageError is a failure a reader is told about, with its status.
type pageError struct {
	status     int
	msg        string
	query      string // offered in the search box of the error page
	retryAfter int    // seconds, for a Retry-After header; 0 for none
}

func (e *pageError) Error() string { return e.msg }

func notFoundf(query, format string, args ...any) error {
	return &pageError{status: http.StatusNotFound, msg: fmt.Sprintf(format, args...), query: query}
}

func badRequestf(query, format string, args ...any) error {
	return &pageError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, args...), query: query}
}

// apology is what a reader is told of a failure on our side.
const apology = "Something went wrong on our side showing this page. Try again in a moment; if it keeps failing, tell an admin."

// pageErrorOf is the one place where an error becomes what a reader is
// told; query, when the error answers a search, is offered again in the
// search box. A pageError is told as it is; a few errors of the packages
// below are worded for the pages; any other falls back on its kind
// (package fault): 400 for invalid input and 404 for what is not there,
// each with its message, 503 with Retry-After for what is not available
// now, and 500 with an apology for anything else (internal reports it,
// for the log).
func (h *Handler) pageErrorOf(err error, query string) (pe *pageError, internal bool) {
	var se *index.UnknownSourceError
	var pair *compare.PairError
	switch {
	case errors.As(err, &pe):
		return pe, false
	case errors.Is(err, index.ErrEmptyQuery):
		return &pageError{status: http.StatusBadRequest, msg: "The question is empty. Ask something like: what is MINUSMA's authorized strength?"}, false
	case errors.Is(err, index.ErrQueryTooLong):
		return &pageError{status: http.StatusBadRequest, msg: fmt.Sprintf("The question is longer than %d characters: shorten it and search again.", index.MaxQueryLen)}, false
	case errors.Is(err, index.ErrInvalidText):
		return &pageError{status: http.StatusBadRequest, msg: "The question holds bytes that are not text. Type it again as plain text."}, false
	case errors.As(err, &se):
		return &pageError{status: http.StatusBadRequest, msg: fmt.Sprintf("There is no document %q to search in. Search them all, or pick one from the list.", se.Source), query: query}, false
	case errors.Is(err, index.ErrTimeout), errors.Is(err, context.DeadlineExceeded) && !fault.Has(err):
		return &pageError{status: http.StatusServiceUnavailable, retryAfter: 5, msg: "The search took too long. Try again, or with fewer words.", query: query}, false
	case errors.Is(err, index.ErrClosed), errors.Is(err, context.Canceled) && !fault.Has(err):
		return &pageError{status: http.StatusServiceUnavailable, retryAfter: 5, msg: "The index is restarting. Reload in a moment.", query: query}, false
	case errors.As(err, &pair) && pair.Problem == compare.TooFew:
		return &pageError{status: http.StatusNotFound, msg: fmt.Sprintf("A comparison needs two resolutions, and the corpus holds %d: %s.", len(pair.Held), h.fetchAdvice())}, false
	case errors.As(err, &pair) && pair.Problem == compare.NotFound:
		return &pageError{status: http.StatusNotFound, msg: fmt.Sprintf("No resolution %q is in the corpus. The sources page lists the resolutions held.", pair.Name)}, false
	case errors.Is(err, compare.ErrTooLarge):
		return &pageError{status: http.StatusUnprocessableEntity, msg: strings.TrimPrefix(err.Error(), compare.ErrTooLarge.Error()+": ") + ". Compare two resolutions of ordinary size."}, false
	}
	said := strings.TrimRight(err.Error(), ". ")
	switch fault.Of(err) {
	case fault.Invalid:
		return &pageError{status: http.StatusBadRequest, msg: "This cannot be shown as asked: " + said + ".", query: query}, false
	case fault.NotFound:
		return &pageError{status: http.StatusNotFound, msg: "Not found: " + said + ". The sources page lists what the corpus holds.", query: query}, false
	case fault.Unavailable:
		return &pageError{status: http.StatusServiceUnavailable, retryAfter: 5, msg: "This is not available right now (" + said + "). Reload in a moment.", query: query}, false
	}
	return &pageError{status: http.StatusInternalServerError, msg: apology, query: query}, true
}

// fail renders err as an error page, as pageErrorOf words it; an internal
// failure's cause is logged.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	pe, internal := h.pageErrorOf(err, "")
	if internal {
		h.log.Error("web page failed", "path", r.URL.Path, "err", err)
	}
	if pe.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(pe.retryAfter))
	}
	h.render(w, r, pe.status, "error", &errorPage{Message: pe.msg, Query: pe.query})
}
