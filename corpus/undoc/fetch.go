package undoc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"mandatebot/corpus"
	"mandatebot/internal/fault"
	"mandatebot/internal/words"
)

// DefaultBaseURL is the UN Official Document System's address for a
// document by symbol; undocs.org/<symbol> redirects there.
const DefaultBaseURL = "https://documents.un.org/api/symbol/access"

// Errors of a fetch that retrying will not mend, and, ErrServer and
// ErrTimeout, of one it did not mend. Explain says each in words.
var (
	ErrNotFound = fault.New(fault.NotFound, "no such document")
	ErrEmpty    = fault.New(fault.Unavailable, "the server sent an empty document (the symbol may not be published yet)")
	ErrTooLarge = fault.New(fault.Invalid, "the document is too large")
	ErrOffline  = fault.New(fault.Unavailable, "the document server cannot be reached")
	ErrServer   = fault.New(fault.Unavailable, "the document server failed")
	ErrRefused  = fault.New(fault.Unavailable, "the document server refused the download")
	ErrTimeout  = fault.New(fault.Unavailable, "the document server did not answer in time")
	ErrRedirect = fault.New(fault.Unavailable, "redirect refused")
	ErrConvert  = fault.New(fault.Invalid, "the PDF could not be converted")
	ErrSave     = fault.New(fault.Internal, "the document could not be saved")
)

// StatusError is the HTTP status a document server answered with, when it
// was neither 200 nor 404: ErrServer for a 5xx (retried), else ErrRefused.
type StatusError struct {
	Code   int
	Status string // "503 Service Unavailable"
}

func (e *StatusError) Error() string { return fmt.Sprintf("%s: HTTP %s", e.kind(), e.Status) }

// Is makes a StatusError ErrServer or ErrRefused, by its code.
func (e *StatusError) Is(target error) bool { return target == e.kind() }

// Kind is fault.Unavailable.
func (e *StatusError) Kind() fault.Kind { return fault.Unavailable }

func (e *StatusError) kind() error {
	if e.Code >= 500 {
		return ErrServer
	}
	return ErrRefused
}

// LimitError is a PDF over the download limit; it is ErrTooLarge.
type LimitError struct{ MaxBytes int64 }

func (e *LimitError) Error() string {
	return fmt.Sprintf("%s: larger than %d MB (MAX_PDF_MB)", ErrTooLarge, e.MaxBytes>>20)
}

// Is makes a LimitError ErrTooLarge.
func (e *LimitError) Is(target error) bool { return target == ErrTooLarge }

// Kind is fault.Invalid.
func (e *LimitError) Kind() fault.Kind { return fault.Invalid }

// TimeoutError is a try that took longer than the fetcher's Timeout; it
// is ErrTimeout and wraps what the transport said.
type TimeoutError struct {
	After time.Duration
	Err   error
}

func (e *TimeoutError) Error() string { return fmt.Sprintf("%s (%s): %v", ErrTimeout, e.After, e.Err) }

// Is makes a TimeoutError ErrTimeout.
func (e *TimeoutError) Is(target error) bool { return target == ErrTimeout }

func (e *TimeoutError) Unwrap() error { return e.Err }

// Kind is fault.Unavailable.
func (e *TimeoutError) Kind() fault.Kind { return fault.Unavailable }

// NotPDFError is an answer that was not a PDF; it is ErrNotPDF.
type NotPDFError struct {
	Sent string // "an HTML page", or the content type
}

func (e *NotPDFError) Error() string { return fmt.Sprintf("%s: the server sent %s", ErrNotPDF, e.Sent) }

// Is makes a NotPDFError ErrNotPDF.
func (e *NotPDFError) Is(target error) bool { return target == ErrNotPDF }

// Kind is fault.Unavailable.
func (e *NotPDFError) Kind() fault.Kind { return fault.Unavailable }

// SaveError is a fetched document that could not be written to the
// corpus folder; it is ErrSave and wraps why.
type SaveError struct{ Err error }

func (e *SaveError) Error() string { return fmt.Sprintf("%s: %v", ErrSave, e.Err) }

// Is makes a SaveError ErrSave.
func (e *SaveError) Is(target error) bool { return target == ErrSave }

func (e *SaveError) Unwrap() error { return e.Err }

// Kind is fault.Internal.
func (e *SaveError) Kind() fault.Kind { return fault.Internal }

// DefaultLinkURL is the UN's short-link service: undocs.org/<symbol>
// redirects to the document. Fetch tries it when the document API does
// not know a symbol.
const DefaultLinkURL = "https://undocs.org/"

// DefaultMaxBytes is the largest PDF Fetch downloads when MaxBytes is not
// set: 50 MB, many times a long Security Council report.
const DefaultMaxBytes = 50 << 20

// Fetcher downloads official PDFs by symbol.
type Fetcher struct {
	BaseURL  string       // DefaultBaseURL when empty
	LinkURL  string       // DefaultLinkURL when empty
	Client   *http.Client // its Transport decides proxies; http.DefaultClient's honours HTTPS_PROXY
	Retries  int          // after the first try, on 5xx and timeouts
	Backoff  time.Duration
	Timeout  time.Duration // for each try
	MaxBytes int64         // DefaultMaxBytes when 0
}

// CanonicalSymbol writes a symbol as UN document addresses do, with no
// space before the year: "S/RES/2164 (2014)" → "S/RES/2164(2014)".
// Citations keep the display form with the space.
func CanonicalSymbol(symbol string) string {
	return strings.ReplaceAll(strings.TrimSpace(symbol), " (", "(")
}

// URL returns the address of the English PDF of symbol in the document
// API, with the symbol in its canonical form.
func (f *Fetcher) URL(symbol string) string { return f.apiURL(CanonicalSymbol(symbol)) }

func (f *Fetcher) apiURL(symbol string) string {
	base := f.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	// Percent-encoded throughout: "S/RES/2164 (2014)" → S%2FRES%2F2164%20%282014%29.
	return base + "?s=" + strings.ReplaceAll(url.QueryEscape(symbol), "+", "%20") + "&l=en&t=pdf"
}

// URLs returns the addresses Fetch tries for symbol, in order: the
// document API with the canonical symbol, then with the spaced one, then
// the short-link service.
func (f *Fetcher) URLs(symbol string) []string {
	canon := CanonicalSymbol(symbol)
	out := []string{f.apiURL(canon)}
	if spaced := strings.TrimSpace(symbol); spaced != canon {
		out = append(out, f.apiURL(spaced))
	}
	link := f.LinkURL
	if link == "" {
		link = DefaultLinkURL
	}
	return append(out, link+canon)
}

// Fetch downloads the PDF of symbol from the first of URLs that has it,
// retrying with backoff on server errors and timeouts, never on 404. When
// the network is down (no DNS, connection refused) it fails at once with
// ErrOffline rather than retrying for minutes.
func (f *Fetcher) Fetch(ctx context.Context, symbol string) ([]byte, error) {
	var notFound []string
	for _, u := range f.URLs(symbol) {
		b, err := f.fetchURL(ctx, symbol, u)
		if errors.Is(err, ErrNotFound) {
			notFound = append(notFound, u)
			continue
		}
		return b, err
	}
	// The addresses are for the log; Explain leaves them out.
	return nil, fmt.Errorf("%s: %w (HTTP 404 at %s)", symbol, ErrNotFound, strings.Join(notFound, ", "))
}

func (f *Fetcher) fetchURL(ctx context.Context, symbol, u string) ([]byte, error) {
	client := f.Client
	if client == nil {
		client = http.DefaultClient
	}
	policy := *client // the caller's transport, with this package's redirect rules
	policy.CheckRedirect = f.redirectPolicy()
	client = &policy
	timeout := f.Timeout
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	backoff := f.Backoff
	if backoff <= 0 {
		backoff = time.Second
	}
	var last error
	for try := 0; try <= f.Retries; try++ {
		if try > 0 {
			select {
			case <-time.After(backoff << (try - 1)):
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		b, retry, err := f.try(ctx, client, symbol, u, timeout)
		if err == nil {
			return b, nil
		}
		last = err
		if !retry || ctx.Err() != nil {
			break
		}
	}
	return nil, last
}

// isTimeout reports whether err is a network timeout.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// offline reports whether err means the server cannot be reached at all:
// no DNS answer, or the connection refused. Retrying will not mend that
// within a fetch.
func offline(err error) bool {
	var dns *net.DNSError
	return errors.As(err, &dns) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH)
}

func (f *Fetcher) try(ctx context.Context, client *http.Client, symbol, u string, timeout time.Duration) (body []byte, retry bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, false, err
	}
	req.Header.Set("Accept", "application/pdf")
	req.Header.Set("User-Agent", "mandatebot")
	resp, err := client.Do(req)
	if err != nil {
		switch {
		case offline(err):
			return nil, false, fmt.Errorf("download %s: %w: %v", symbol, ErrOffline, err)
		case errors.Is(err, ErrRedirect):
			return nil, false, fmt.Errorf("download %s: %w", symbol, err)
		case ctx.Err() == context.DeadlineExceeded || isTimeout(err):
			return nil, true, fmt.Errorf("download %s: %w", symbol, &TimeoutError{timeout, err})
		}
		return nil, true, fmt.Errorf("download %s: %w", symbol, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return nil, false, fmt.Errorf("%s: %w (HTTP 404)", symbol, ErrNotFound)
	case resp.StatusCode >= 500:
		return nil, true, fmt.Errorf("%s: %w", symbol, &StatusError{resp.StatusCode, resp.Status})
	case resp.StatusCode != http.StatusOK:
		return nil, false, fmt.Errorf("%s: %w", symbol, &StatusError{resp.StatusCode, resp.Status})
	}
	max := f.MaxBytes
	if max <= 0 {
		max = DefaultMaxBytes
	}
	tooLarge := fmt.Errorf("%s: %w", symbol, &LimitError{max})
	if resp.ContentLength > max {
		return nil, false, tooLarge
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		if ctx.Err() == context.DeadlineExceeded || isTimeout(err) {
			return nil, true, fmt.Errorf("download %s: %w", symbol, &TimeoutError{timeout, err})
		}
		return nil, true, fmt.Errorf("download %s: %w", symbol, err)
	}
	switch {
	case int64(len(b)) > max:
		return nil, false, tooLarge
	case len(strings.TrimSpace(string(b[:min(len(b), 64)]))) == 0:
		return nil, false, fmt.Errorf("%s: %w", symbol, ErrEmpty)
	case !IsPDF(b):
		return nil, false, fmt.Errorf("%s: %w", symbol, &NotPDFError{describe(resp.Header.Get("Content-Type"), b)})
	}
	return b, false, nil
}

func describe(contentType string, b []byte) string {
	if strings.Contains(contentType, "html") || strings.Contains(strings.ToLower(string(b[:min(len(b), 200)])), "<html") {
		return "an HTML page"
	}
	if contentType != "" {
		return contentType
	}
	return "something else"
}

// WriteFile writes b to path atomically: to a temporary file in the same
// folder, then renamed, so a reader never sees half a file.
func WriteFile(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// Outcome is what became of one symbol in FetchInto.
type Outcome struct {
	Symbol   string // as normalised, or as given when it is not a symbol
	Path     string // the Markdown written or found
	Status   string // "fetched", "skipped" or "failed"
	Passages int
	Err      error
}

// FetchInto fetches each symbol into dir as <id>.md (the stored document)
// and <id>.pdf (the original), skipping those already there unless force.
// progress, if not nil, is told before and after each document.
func FetchInto(ctx context.Context, f *Fetcher, dir string, symbols []string, force bool, progress func(o Outcome, done bool)) []Outcome {
	if progress == nil {
		progress = func(Outcome, bool) {}
	}
	var out []Outcome
	for _, raw := range symbols {
		sym, err := corpus.ParseSymbol(raw)
		o := Outcome{Symbol: sym}
		if err != nil {
			o.Symbol, o.Status, o.Err = raw, "failed", err
			progress(o, true)
			out = append(out, o)
			continue
		}
		id := ID(o.Symbol)
		o.Path = filepath.Join(dir, id+".md")
		if _, err := os.Stat(o.Path); err == nil && !force {
			o.Status = "skipped"
			progress(o, true)
			out = append(out, o)
			continue
		}
		progress(o, false)
		o.Passages, o.Err = fetchOne(ctx, f, o.Symbol, dir, id)
		o.Status = "fetched"
		if o.Err != nil {
			o.Status = "failed"
		}
		progress(o, true)
		out = append(out, o)
	}
	return out
}

// fetchOne downloads, converts and checks one document, then writes the
// PDF and the Markdown, each atomically. When the Markdown cannot be
// written (a full disk), a PDF it wrote is removed again, so that no
// original is left without the document the corpus reads.
func fetchOne(ctx context.Context, f *Fetcher, sym, dir, id string) (int, error) {
	pdf, err := f.Fetch(ctx, sym)
	if err != nil {
		return 0, err
	}
	d, md, err := ConvertPDF(ctx, pdf, sym, f.URL(sym))
	if err != nil {
		return 0, fmt.Errorf("%s: %w", sym, err)
	}
	pdfPath := filepath.Join(dir, id+".pdf")
	_, statErr := os.Stat(pdfPath)
	hadPDF := statErr == nil
	if err := WriteFile(pdfPath, pdf); err != nil {
		return 0, fmt.Errorf("%s: %w", sym, &SaveError{err})
	}
	if err := WriteFile(filepath.Join(dir, id+".md"), md); err != nil {
		if !hadPDF {
			os.Remove(pdfPath)
		}
		return 0, fmt.Errorf("%s: %w", sym, &SaveError{err})
	}
	return len(d.Passages), nil
}

// Result says what became of the document, for an admin, after its
// symbol: "fetched (58 passages)", "already in the corpus", "fetching…"
// while it runs, or, when it failed, the cause and the next step as
// Explain says them (addBy as there).
func (o Outcome) Result(addBy string) string {
	switch {
	case o.Status == "":
		return "fetching…"
	case o.Err != nil:
		return Explain(o.Err, addBy)
	case o.Status == "fetched":
		return "fetched (" + words.Count(o.Passages, "passage") + ")"
	case o.Status == "skipped":
		return "already in the corpus"
	}
	return o.Status
}

// Tracker keeps what became of each document of a fetch running in the
// background, so that it can be shown while it runs.
type Tracker struct {
	mu    sync.Mutex
	order []string
	state map[string]Outcome
}

// Observe records an outcome, as FetchInto reports it; one not done yet
// is kept with an empty Status.
func (t *Tracker) Observe(o Outcome, done bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.state == nil {
		t.state = map[string]Outcome{}
	}
	if _, seen := t.state[o.Symbol]; !seen {
		t.order = append(t.order, o.Symbol)
	}
	if !done {
		o.Status = ""
	}
	t.state[o.Symbol] = o
}

// Outcomes returns an outcome a document, in the order they were begun.
func (t *Tracker) Outcomes() []Outcome {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]Outcome, 0, len(t.order))
	for _, s := range t.order {
		out = append(out, t.state[s])
	}
	return out
}

// maxRedirects bounds how many redirects one download follows.
const maxRedirects = 10

// redirectPolicy lets a download follow redirects only to the hosts the
// fetcher is configured with and their domains (documents.un.org allows
// daccess-ods.un.org; undocs.org sends to documents.un.org, which is
// configured too), never from https to http, and never to an address on
// this machine or a private network unless that address is the
// configured host itself (a test server).
func (f *Fetcher) redirectPolicy() func(*http.Request, []*http.Request) error {
	var allowed []*url.URL
	for _, s := range []string{f.BaseURL, f.LinkURL, DefaultBaseURL, DefaultLinkURL} {
		if s == "" {
			continue
		}
		if u, err := url.Parse(s); err == nil && u.Host != "" {
			allowed = append(allowed, u)
		}
	}
	return func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return fmt.Errorf("%w: stopped after %d redirects", ErrRedirect, maxRedirects)
		}
		if via[0].URL.Scheme == "https" && req.URL.Scheme != "https" {
			return fmt.Errorf("%w: refused a redirect from https to %s", ErrRedirect, req.URL.Redacted())
		}
		if !hostAllowed(req.URL, allowed) {
			return fmt.Errorf("%w: refused a redirect to %s, not a UN document server", ErrRedirect, req.URL.Host)
		}
		return nil
	}
}

// hostAllowed reports whether u's host is one of allowed's, or (for a
// named host, not an address) in the same domain as one.
func hostAllowed(u *url.URL, allowed []*url.URL) bool {
	h := u.Hostname()
	for _, a := range allowed {
		ah := a.Hostname()
		if u.Host == a.Host {
			return true
		}
		if net.ParseIP(ah) != nil || net.ParseIP(h) != nil {
			continue // an address: only itself, port included
		}
		if h == ah {
			return true
		}
		if d := domainOf(ah); d != "" && (h == d || strings.HasSuffix(h, "."+d)) {
			return true
		}
	}
	return false
}

// domainOf is a host name's last two labels ("documents.un.org" → "un.org").
func domainOf(host string) string {
	labels := strings.Split(strings.TrimSuffix(host, "."), ".")
	if len(labels) < 2 {
		return ""
	}
	return strings.Join(labels[len(labels)-2:], ".")
}
