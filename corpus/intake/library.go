package intake

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"

	"mandatebot/corpus"
	"mandatebot/corpus/undoc"
	"mandatebot/internal/fault"
)

// ErrNoFolder is the error of Add and FetchMissing for a library without
// a corpus folder (CORPUS_DIR unset): there is nowhere to write.
var ErrNoFolder = fault.New(fault.Unavailable, "no corpus folder is set (CORPUS_DIR)")

// Library is the corpus folder as the bot and the command line change
// it: Add checks, converts and writes a file an admin gives, FetchMissing
// downloads the UN documents the corpus cites but lacks, and Load reads
// the corpus back. A document Add parsed is not parsed again by the next
// Load, nor is one the last Load read whose file has not changed since
// (a reindex after one document changed parses that one). Its methods
// may be called at once.
type Library struct {
	loader  corpus.Loader
	fetcher *undoc.Fetcher
	log     *slog.Logger

	mu     sync.Mutex
	parsed map[string]*corpus.Document // by the SHA-256 of the file written
	last   map[string]*corpus.Document // the last Load's documents, by the SHA-256 of their files
}

// NewLibrary is the library of loader's folder (loader.Dir; "" for the
// shipped documents only), fetching with f (nil: fetching is off). Files
// the load skips are logged to log (nil: not logged).
func NewLibrary(loader corpus.Loader, f *undoc.Fetcher, log *slog.Logger) *Library {
	l := &Library{loader: loader, fetcher: f, log: log, parsed: map[string]*corpus.Document{}}
	l.loader.Parsed = l.known
	return l
}

// Writable reports whether the library has a folder to add documents to
// and fetch them into.
func (l *Library) Writable() bool { return l.loader.Dir != "" }

// Load reads the corpus: the shipped documents and the folder's.
func (l *Library) Load(ctx context.Context) (*corpus.Corpus, error) {
	c, err := l.loader.Load(ctx)
	if err == nil {
		last := make(map[string]*corpus.Document, len(c.Documents))
		for _, d := range c.Documents {
			last[d.Hash] = d
		}
		l.mu.Lock()
		l.last = last
		l.mu.Unlock()
	}
	if err == nil && l.log != nil {
		for _, w := range c.Warnings {
			l.log.Warn("corpus file skipped", "why", w)
		}
		for _, s := range c.Splits() {
			l.log.Warn("corpus paragraph split into parts", "what", s)
		}
	}
	return c, err
}

// Stamp identifies the folder's files as corpus.Loader.Stamp does, for
// noticing a change made by another process.
func (l *Library) Stamp() (string, error) { return l.loader.Stamp() }

// Add checks and converts one file (a UN document's PDF, or a corpus
// Markdown file), writes it into the folder, and describes what it
// parsed: "s-res-2164-2014, resolution S/RES/2164 (2014): … (added
// s-res-2164-2014.md)". symbol is a PDF's UN symbol, for one whose first
// page does not show it ("" to read it there). A file that does not
// convert changes nothing.
func (l *Library) Add(ctx context.Context, name string, content []byte, symbol string) (string, error) {
	if !l.Writable() {
		return "", ErrNoFolder
	}
	f, err := Read(ctx, name, content, symbol)
	if err != nil {
		return "", err
	}
	written, err := Write(l.loader.Dir, []*File{f}, Limits{MaxDocumentBytes: l.loader.MaxDocumentBytes, MaxCorpusBytes: l.loader.MaxCorpusBytes})
	if err != nil {
		return "", err
	}
	l.mu.Lock()
	l.parsed[f.Doc.Hash] = f.Doc
	l.mu.Unlock()
	verb := "added"
	if written[0].Replaced {
		verb = "replaced"
	}
	return fmt.Sprintf("%s (%s %s)", Describe(f.Doc), verb, filepath.Base(written[0].Path)), nil
}

// FetchMissing downloads the UN documents named by symbols into the
// folder, skipping those already there, telling progress before and after
// each as undoc.FetchInto does, and returns what became of each. Its error
// is ErrNoFolder only: a document that failed is an Outcome.
func (l *Library) FetchMissing(ctx context.Context, symbols []string, progress func(o undoc.Outcome, done bool)) ([]undoc.Outcome, error) {
	if !l.Writable() || l.fetcher == nil {
		return nil, ErrNoFolder
	}
	return undoc.FetchInto(ctx, l.fetcher, l.loader.Dir, symbols, false, progress), nil
}

// known is the loader's Parsed: a document Add parsed, taken once (the
// next load caches the whole corpus, and the file may change after), or
// one the last Load read from a file of the same bytes. (Documents are
// not changed once parsed, so two corpora may share one.)
func (l *Library) known(sum string) *corpus.Document {
	l.mu.Lock()
	defer l.mu.Unlock()
	if d, ok := l.parsed[sum]; ok {
		delete(l.parsed, sum)
		return d
	}
	return l.last[sum]
}

// Removable reports whether d, of the corpus the library loaded, is a file
// of its folder that Remove can take out (a shipped document is not).
func (l *Library) Removable(d *corpus.Document) bool { return inFolder(d, l.loader.Dir) }

// Remove takes a document out of the folder, by its id or its file's
// name, as Remove does, and describes what it removed (DescribeRemoved).
func (l *Library) Remove(ctx context.Context, name string) (string, error) {
	if !l.Writable() {
		return "", ErrNoFolder
	}
	removed, err := Remove(l.loader.Dir, []string{name}, l.loader.MaxDocumentBytes)
	if err != nil {
		return "", err
	}
	return DescribeRemoved(removed[0]), nil
}

// DescribeRemoved says what Remove took out: "s-res-9993-2031 (files
// s-res-9993-2031.md and s-res-9993-2031.pdf)", and that the shipped
// version is served again when there is one.
func DescribeRemoved(r Removed) string {
	var files []string
	for _, f := range r.Files {
		files = append(files, filepath.Base(f))
	}
	s := r.ID
	if s == "" {
		s = r.Name
	}
	if len(files) == 1 {
		s += " (file " + files[0] + ")"
	} else {
		s += " (files " + strings.Join(files, " and ") + ")"
	}
	if r.Shipped {
		s += "; the version shipped in the binary is served again"
	}
	return s
}
