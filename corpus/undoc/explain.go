package undoc

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"mandatebot/corpus"
)

// Explain says, for an admin, why fetching one document failed and what to
// do next: "the UN server has no such document (404). Check the symbol, or
// add the PDF with /reindex file:". It names neither the symbol (the caller
// shows it once, before) nor any address (the error keeps those for the
// log). addBy ends the advice to add the PDF by hand: "with /reindex
// file:" in Discord, "with mandatebot add FILE.pdf" on the command line.
func Explain(err error, addBy string) string {
	add := "add the PDF " + addBy
	end := "." // after addBy; none after "/reindex file:", which reads as the command
	if strings.HasSuffix(addBy, ":") {
		end = ""
	}
	var (
		status  *StatusError
		limit   *LimitError
		timeout *TimeoutError
		notPDF  *NotPDFError
		convert *ConvertError
		save    *SaveError
	)
	switch {
	case err == nil:
		return "fetched"
	case errors.Is(err, context.Canceled):
		return "the fetch was stopped before it finished (the bot shut down or the fetch was cancelled). Fetch again."
	case errors.Is(err, ErrNotFound):
		return "the UN server has no such document (404). Check the symbol, or " + add + end
	case errors.Is(err, ErrOffline):
		return "the UN document server cannot be reached from this machine (no network, or its address does not resolve). Check the machine's network and HTTPS_PROXY, or " + add + end
	case errors.As(err, &timeout):
		return fmt.Sprintf("the UN document server did not answer within %s. Try again later, or raise UN_FETCH_TIMEOUT.", timeout.After)
	case errors.Is(err, ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return "the UN document server did not answer in time. Try again later, or raise UN_FETCH_TIMEOUT."
	case errors.As(err, &status) && errors.Is(status, ErrServer):
		return fmt.Sprintf("the UN document server failed (%d) each time it was asked. Try again later.", status.Code)
	case errors.As(err, &status):
		return fmt.Sprintf("the UN document server refused the download (%s). Try again later, or %s%s", status.Status, add, end)
	case errors.As(err, &limit):
		return fmt.Sprintf("the PDF is larger than %d MB, the download limit. If it is the right document, raise MAX_PDF_MB.", limit.MaxBytes>>20)
	case errors.Is(err, ErrEmpty):
		return "the UN server sent an empty document: the symbol may not be published yet. Try again later."
	case errors.As(err, &notPDF):
		return fmt.Sprintf("the UN server sent %s, not the PDF. Try again later, or %s%s", notPDF.Sent, add, end)
	case errors.Is(err, ErrRedirect):
		return "the UN server sent the download elsewhere, and it was not followed (" + redirectDetail(err) + "). " + strings.ToUpper(add[:1]) + add[1:] + end
	case errors.Is(err, ErrTruncated):
		return "the PDF downloaded cut short (it does not end as a PDF does). Fetch it again."
	case errors.As(err, &convert):
		return "the PDF downloaded but could not be converted (" + plain(convert.Err) + "). Add it as a corpus .md file " + addBy + end
	case errors.As(err, &save):
		return "the document could not be written to the corpus folder (" + plain(save.Err) + "). Check that CORPUS_DIR is writable by the bot."
	case errors.Is(err, corpus.ErrNotSymbol):
		return plain(err) + "."
	}
	return plain(err) + ". Try again, or " + add + end
}

// redirectDetail is why a redirect was refused, without the address of
// the request that was redirected.
func redirectDetail(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return strings.TrimPrefix(err.Error(), ErrRedirect.Error()+": ")
}

// plain is err's text with no request address: a *url.Error says only
// what went wrong, not which address it went wrong at.
func plain(err error) string {
	if err == nil {
		return "no reason given"
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}
