package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sync/semaphore"

	"mandatebot/corpus"
	"mandatebot/corpus/undoc"
	"mandatebot/index"
	"mandatebot/internal/priority"
	"mandatebot/internal/ratelimit"
	"mandatebot/internal/realip"
	"mandatebot/internal/words"
	"mandatebot/web/permalink"
)

// Searcher is the index the pages read: the one /ask searches.
type Searcher interface {
	Search(ctx context.Context, q index.Query) (*index.Result, error)
	Corpus() *corpus.Corpus
	BuiltAt() time.Time
}

// Config configures the pages.
type Config struct {
	Searcher Searcher
	// RateLimit pages per RateWindow for each client address (default
	// 60 per minute); the stylesheet and script are not counted.
	RateLimit  int
	RateWindow time.Duration
	// SearchTimeout bounds one search (default 10 s).
	SearchTimeout time.Duration
	// Proxies are those whose X-Forwarded-For names the client a rate
	// limit counts (TRUSTED_PROXIES); nil: realip.Loopback.
	Proxies *realip.Proxies
	// MaxPages are made at once (default half the CPUs, at least one),
	// so that the pages never take the CPU the bot answers Discord with;
	// MaxWaiting more wait up to PageWait for their turn (default 4 per
	// page made at once, and 1 s), and any others are answered 503 at
	// once, with Retry-After. A request whose client leaves while it
	// waits or searches stops.
	MaxPages   int
	MaxWaiting int
	PageWait   time.Duration
	// Priority, when set, holds a page back, within PageWait, while it
	// holds urgent work: the bot's answers come first.
	Priority *priority.Gate
	// WithBot says that the pages are served beside the Discord bot
	// (serve): what they tell an admin to do names its commands as well
	// as the command line's; alone (mandatebot web), the command line's.
	WithBot bool
	// FetchStatus tells what the fetch of the cited UN documents at start
	// did, an outcome a document (undoc.Tracker's Outcomes), for the
	// sources page; nil or empty: none.
	FetchStatus func() []undoc.Outcome
	Logger      *slog.Logger
	Now         func() time.Time // for tests; time.Now by default
}

// Default limits.
const (
	DefaultRateLimit  = 60
	DefaultRateWindow = time.Minute
	hitsPerPage       = 10
	// staticPerPage is how many static files a client may fetch per page
	// of its rate limit: a page loads two, and browsers keep them an
	// hour.
	staticPerPage = 4
)

// csp lets a page load only its own stylesheet and script: no inline
// script or style, no other origin, no frames, forms only to itself.
const csp = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Handler serves the pages.
type Handler struct {
	cfg     Config
	log     *slog.Logger
	limiter *ratelimit.Window
	static  *ratelimit.Window // the stylesheet and script, counted apart
	work    *semaphore.Weighted
	waiting atomic.Int64 // requests waiting for work
	pages   map[string]*template.Template
	mux     *http.ServeMux
}

// New returns the pages' handler.
func New(cfg Config) (*Handler, error) {
	if cfg.Searcher == nil {
		return nil, errors.New("web: no searcher")
	}
	if cfg.RateLimit <= 0 {
		cfg.RateLimit = DefaultRateLimit
	}
	if cfg.RateWindow <= 0 {
		cfg.RateWindow = DefaultRateWindow
	}
	if cfg.SearchTimeout <= 0 {
		cfg.SearchTimeout = 10 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Proxies == nil {
		cfg.Proxies = &realip.Loopback
	}
	if cfg.MaxPages <= 0 {
		cfg.MaxPages = max(1, runtime.GOMAXPROCS(0)/2)
	}
	if cfg.MaxWaiting <= 0 {
		cfg.MaxWaiting = 4 * cfg.MaxPages
	}
	if cfg.PageWait <= 0 {
		cfg.PageWait = time.Second
	}
	h := &Handler{cfg: cfg, log: cfg.Logger,
		limiter: ratelimit.New(cfg.RateLimit, cfg.RateWindow, cfg.Now),
		static:  ratelimit.New(staticPerPage*cfg.RateLimit, cfg.RateWindow, cfg.Now),
		work:    semaphore.NewWeighted(int64(cfg.MaxPages))}
	var err error
	if h.pages, err = parsePages(); err != nil {
		return nil, err
	}
	h.mux = http.NewServeMux()
	h.mux.HandleFunc(permalink.StaticPath+"{file...}", h.staticFile)
	h.mux.HandleFunc(permalink.HomePath+"{$}", h.limited(h.home))
	h.mux.HandleFunc(permalink.SearchPath, h.limited(h.search))
	h.mux.HandleFunc(permalink.DocPrefix+"{id}", h.limited(h.document))
	h.mux.HandleFunc(permalink.ComparePath+"{old}/{new}", h.limited(h.compare))
	h.mux.HandleFunc(strings.TrimSuffix(permalink.ComparePath, "/"), h.limited(h.latestCompare))
	h.mux.HandleFunc(permalink.SourcesPath, h.limited(h.sources))
	h.mux.HandleFunc("/", h.limited(h.notFound))
	return h, nil
}

// parsePages parses each page's template with the layout.
func parsePages() (map[string]*template.Template, error) {
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("web: layout: %w", err)
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(templateFS, n)
		if err != nil {
			return nil, fmt.Errorf("web: %s: %w", n, err)
		}
		pages[name] = t
	}
	return pages, nil
}

var funcs = template.FuncMap{
	"plural": words.Count,
}

// ServeHTTP answers GET and HEAD, with the security headers on every
// response.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", csp)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Referrer-Policy", "same-origin")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hd.Set("Allow", "GET, HEAD")
		http.Error(w, "These pages only read: use GET.", http.StatusMethodNotAllowed)
		return
	}
	h.mux.ServeHTTP(w, r)
}

// staticFile serves the stylesheet and script, which the browser may
// keep a while; a folder is not a file (its listing is not shown). They
// have a rate limit of their own, so a page's files never count against
// its client's pages.
func (h *Handler) staticFile(w http.ResponseWriter, r *http.Request) {
	if wait, ok := h.static.Allow(h.clientOf(r)); !ok {
		h.tooMany(w, r, wait)
		return
	}
	name := r.PathValue("file")
	if st, err := fs.Stat(staticFS, "static/"+name); err != nil || st.IsDir() || !fs.ValidPath(name) {
		h.fail(w, r, h.notFound(w, r))
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeFileFS(w, r, staticFS, "static/"+name)
}

// limited counts a page against its client's rate limit, and makes it
// when its turn comes.
func (h *Handler) limited(page func(http.ResponseWriter, *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if wait, ok := h.limiter.Allow(h.clientOf(r)); !ok {
			h.tooMany(w, r, wait)
			return
		}
		release, err := h.turn(r.Context())
		if err != nil {
			h.fail(w, r, err)
			return
		}
		defer release()
		if err := page(w, r); err != nil {
			h.fail(w, r, err)
		}
	}
}

// errBusy is the answer when the pages being made, and those waiting,
// are all there may be.
var errBusy = &pageError{status: http.StatusServiceUnavailable, retryAfter: 2,
	msg: "Many pages are being asked for right now. Reload in a moment."}

// turn waits for a page's turn to be made: at once if fewer than
// MaxPages are being made, else in line behind at most MaxWaiting others
// for PageWait; past that, or if the client leaves, it gives up. A page
// whose turn has come still waits, within PageWait, for the bot's urgent
// work (Priority).
func (h *Handler) turn(ctx context.Context) (release func(), err error) {
	ctx, cancel := context.WithTimeout(ctx, h.cfg.PageWait)
	defer cancel()
	if !h.work.TryAcquire(1) {
		if h.waiting.Add(1) > int64(h.cfg.MaxWaiting) {
			h.waiting.Add(-1)
			return nil, errBusy
		}
		err := h.work.Acquire(ctx, 1)
		h.waiting.Add(-1)
		if err != nil {
			return nil, errBusy
		}
	}
	if g := h.cfg.Priority; g != nil {
		if err := g.Wait(ctx); err != nil {
			h.work.Release(1)
			return nil, errBusy
		}
	}
	return func() { h.work.Release(1) }, nil
}

// tooMany tells a client over its rate limit when to come back.
func (h *Handler) tooMany(w http.ResponseWriter, r *http.Request, wait time.Duration) {
	secs := int(wait.Seconds() + 0.999)
	h.fail(w, r, &pageError{status: http.StatusTooManyRequests, retryAfter: secs,
		msg: fmt.Sprintf("Too many pages from your address at once: wait %d s, then reload.", secs)})
}

// clientOf is who a rate limit counts: the client's address, or for a
// request from a trusted proxy (loopback by default: a reverse proxy in
// front of WEB_ADDR on this machine), the client it forwards for; from
// anywhere else X-Forwarded-For is ignored, so no client can choose whom
// it counts as. An IPv6 client counts by its /64.
func (h *Handler) clientOf(r *http.Request) string {
	if k := realip.Key(h.cfg.Proxies.Client(r)); k != "" {
		return k
	}
	return r.RemoteAddr
}

type errorPage struct {
	Message string
	Query   string
}

// frame is what the layout shows around every page.
type frame struct {
	Title   string
	Query   string // in the header's search box
	Version string // of the corpus
	Built   string
	// Compare links the comparison of the latest resolutions: only when
	// the corpus holds two, else the page could not answer.
	Compare bool
	Page    any
}

// render writes page name with status, framed by the layout. It renders
// into memory first, so a template failure is a 500, not half a page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, page titled) {
	t := h.pages[name]
	c := h.cfg.Searcher.Corpus()
	f := frame{Title: page.title(), Query: page.query(), Page: page, Version: c.Version(),
		Built: h.builtAt(), Compare: len(c.Resolutions()) >= 2}
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, "layout.html", f); err != nil {
		h.log.Error("web template failed", "page", name, "err", err)
		http.Error(w, "This page could not be shown. Try again; if it keeps failing, tell an admin.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache") // the corpus may be reindexed at any time
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write([]byte(b.String()))
	}
}

// builtAt says when the index served was built, as the pages write it.
func (h *Handler) builtAt() string {
	return h.cfg.Searcher.BuiltAt().UTC().Format("2 January 2006, 15:04 MST")
}

// titled is a page's own title and the question its header shows.
type titled interface {
	title() string
	query() string
}

func (e *errorPage) title() string { return "Not available" }
func (e *errorPage) query() string { return e.Query }

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) error {
	return notFoundf("", "There is no page at %s. Search the documents, or see what they are on the sources page.", r.URL.Path)
}

// fetchAdvice is how the pages tell a reader that an admin can fetch the
// UN documents the corpus lacks: with the command line, and with
// Discord's command when the pages are served beside the bot.
func (h *Handler) fetchAdvice() string {
	if h.cfg.WithBot {
		return "an admin can fetch them with /reindex fetch:true in Discord, or mandatebot fetch on the command line"
	}
	return "an admin can fetch them with mandatebot fetch on the command line"
}

// addBy ends the advice to add a UN document's PDF by hand (see
// undoc.Explain).
func (h *Handler) addBy() string {
	if h.cfg.WithBot {
		return "with /reindex file: in Discord, or mandatebot add FILE.pdf"
	}
	return "with mandatebot add FILE.pdf"
}
