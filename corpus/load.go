package corpus

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"mandatebot/internal/fault"
)

//go:embed documents/*.md
var shipped embed.FS

// Shipped returns the folder of documents embedded in the binary.
func Shipped() fs.FS {
	sub, err := fs.Sub(shipped, "documents")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder
	}
	return sub
}

// DefaultMaxDocumentBytes is the largest document file Load reads when
// Loader.MaxDocumentBytes is not set: 20 MB, far above any real brief or
// resolution, far below what would exhaust memory once indexed.
const DefaultMaxDocumentBytes = 20 << 20

// ErrTooLarge is wrapped by the error for a document file over the size
// limit; it is checked before the file is read.
var ErrTooLarge = fault.New(fault.Invalid, "document is too large")

// IsDocumentFile reports whether a file name in a corpus folder is a
// stored document: a .md file that is not a README and does not start with
// '_' or '.' (so admins can keep notes and drafts beside documents).
func IsDocumentFile(name string) bool {
	base := path.Base(name)
	return strings.HasSuffix(base, ".md") &&
		!strings.HasPrefix(base, "_") && !strings.HasPrefix(base, ".") &&
		!strings.EqualFold(base, "README.md")
}

// Loader reads the corpus: the shipped documents, plus those in Dir, where
// a document in Dir replaces the shipped one with the same id. What it
// reads from Dir is input from outside, so it is bounded: regular files
// only (named pipes, devices and sockets are skipped with a warning),
// symbolic links only when they stay inside Dir, at most MaxDocumentBytes
// a file (checked before reading), and the structural limits of Parse.
type Loader struct {
	Dir              string // "" for the shipped documents only
	MaxDocumentBytes int64  // DefaultMaxDocumentBytes when 0
	// MaxCorpusBytes bounds the passage text of all the documents
	// together (DefaultMaxCorpusBytes when 0): what indexing them costs.
	MaxCorpusBytes int64
	// Cache, when set, is a file where the parsed corpus is kept, keyed
	// by the names and contents of Dir's files and by the shipped
	// documents, with a checksum: a later Load with nothing changed decodes it
	// instead of parsing every document again.
	Cache string
	// CacheDamaged, when set, is told when the cache file was there but
	// damaged (a checksum that does not hold, a body that does not
	// decode); the corpus is parsed again and the cache rewritten.
	CacheDamaged func(path, why string)
	// Parsed, when set, returns a document already parsed from a file
	// whose bytes have this SHA-256 (hex), or nil: Load takes it instead
	// of parsing the file again. The library that has just written a
	// document it parsed knows it.
	Parsed func(sha256 string) *Document
}

// Load reads the corpus with the default limits; see Loader.
func Load(ctx context.Context, dir string) (*Corpus, error) {
	return Loader{Dir: dir}.Load(ctx)
}

// Load reads the corpus. All files are read and the errors of every bad
// file are returned together, so an admin sees every problem at once. A
// dir that does not exist is an error, since it is most likely a typo in
// the configuration. ctx cancels loading between files.
func (l Loader) Load(ctx context.Context) (*Corpus, error) {
	max := l.MaxDocumentBytes
	if max <= 0 {
		max = DefaultMaxDocumentBytes
	}
	var files []diskFile
	var warnings []string
	if l.Dir != "" {
		var err error
		files, warnings, err = listDir(l.Dir, max)
		if err != nil {
			return nil, err
		}
	}
	var key string
	if l.Cache != "" {
		key = cacheKey(files)
		c, why := readCache(l.Cache, key)
		if c != nil {
			if err := CheckSize(c.Documents, l.MaxCorpusBytes); err != nil {
				return nil, err // the limit may have been lowered since
			}
			return c, nil
		}
		if why != "" && l.CacheDamaged != nil {
			l.CacheDamaged(l.Cache, why)
		}
	}
	docs, err := readShipped(ctx)
	if err != nil {
		return nil, err
	}
	extra, err := readFiles(ctx, files, max, l.Parsed)
	if err != nil {
		return nil, err
	}
	c := New(append(docs, extra...)...)
	if err := CheckSize(c.Documents, l.MaxCorpusBytes); err != nil {
		return nil, err
	}
	c.Warnings = warnings
	if l.Cache != "" {
		writeCache(l.Cache, key, c) // a cache that cannot be written only costs time
	}
	return c, nil
}

// Stamp identifies the files Load would read, by their names, sizes and
// modification times and the shipped documents, without reading the
// folder's documents: cheap enough to poll, so that replicas sharing a
// corpus folder notice when it changes.
func (l Loader) Stamp() (string, error) {
	max := l.MaxDocumentBytes
	if max <= 0 {
		max = DefaultMaxDocumentBytes
	}
	var files []diskFile
	if l.Dir != "" {
		var err error
		if files, _, err = listDir(l.Dir, max); err != nil {
			return "", err
		}
	}
	return stampKey(files), nil
}

// ReadFS parses every document at the top of fsys, a trusted folder such
// as the embedded one. origin prefixes Document.Source.
func ReadFS(ctx context.Context, fsys fs.FS, origin string) ([]*Document, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read corpus folder %s: %w", origin, err)
	}
	var docs []*Document
	var errs []error
	for _, e := range entries {
		if e.IsDir() || !IsDocumentFile(e.Name()) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("load corpus: %w", err)
		}
		name := path.Join(origin, e.Name())
		src, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			errs = append(errs, fmt.Errorf("read %s: %w", name, err))
			continue
		}
		d, err := Parse(name, src)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		docs = append(docs, d)
	}
	return uniqueIDs(docs, errs)
}

func readShipped(ctx context.Context) ([]*Document, error) {
	return ReadFS(ctx, Shipped(), "embedded")
}

// uniqueIDs sorts docs by id and adds an error for each id used twice.
func uniqueIDs(docs []*Document, errs []error) ([]*Document, error) {
	fileOf := map[string]string{}
	var out []*Document
	for _, d := range docs {
		if other, dup := fileOf[d.ID]; dup {
			errs = append(errs, fmt.Errorf("%s: %w: id %q is already used by %s", d.Source, ErrInvalid, d.ID, other))
			continue
		}
		fileOf[d.ID] = d.Source
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, errors.Join(errs...)
}

// diskFile is a document file of the corpus folder that passed the checks
// of listDir: a regular file (or a link to one inside the folder).
type diskFile struct {
	name    string // as the admin sees it: dir/name.md
	path    string // what to open: the link's target, resolved
	size    int64
	modTime int64
}

// listDir returns the document files of dir that may be read, and a
// warning for each file it skips.
func listDir(dir string, max int64) ([]diskFile, []string, error) {
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fault.Errorf(fault.NotFound, "the corpus folder %s does not exist: check the folder named (CORPUS_DIR, or --dir), or create it", dir)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("corpus folder: %w", err)
	}
	if !st.IsDir() {
		return nil, nil, fmt.Errorf("corpus folder %s is not a folder", dir)
	}
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("corpus folder: %w", err)
	}
	if root, err = filepath.Abs(root); err != nil {
		return nil, nil, fmt.Errorf("corpus folder: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("read corpus folder %s: %w", dir, err)
	}
	var files []diskFile
	var warnings []string
	var errs []error
	for _, e := range entries {
		if !IsDocumentFile(e.Name()) {
			continue
		}
		name := filepath.Join(dir, e.Name())
		target := filepath.Join(root, e.Name())
		if e.Type()&fs.ModeSymlink != 0 {
			resolved, err := filepath.EvalSymlinks(target)
			if err != nil {
				warnings = append(warnings, fmt.Sprintf("%s: skipped: a link whose target cannot be read (%v)", name, err))
				continue
			}
			if !within(root, resolved) {
				warnings = append(warnings, fmt.Sprintf("%s: skipped: a link to %s, outside the corpus folder; copy the file into the folder instead", name, resolved))
				continue
			}
			target = resolved
		}
		info, err := os.Stat(target)
		if err != nil {
			errs = append(errs, fmt.Errorf("read %s: %w", name, err))
			continue
		}
		if !info.Mode().IsRegular() {
			if !info.IsDir() {
				warnings = append(warnings, fmt.Sprintf("%s: skipped: not a regular file (%s)", name, describeMode(info.Mode())))
			}
			continue
		}
		if info.Size() > max {
			errs = append(errs, fmt.Errorf("%s: %w: %d MB, over the limit of %d MB (MAX_DOCUMENT_MB)", name, ErrTooLarge, mb(info.Size()), mb(max)))
			continue
		}
		files = append(files, diskFile{name: name, path: target, size: info.Size(), modTime: info.ModTime().UnixNano()})
	}
	return files, warnings, errors.Join(errs...)
}

func mb(n int64) int64 { return (n + 1<<20 - 1) >> 20 }

// within reports whether path is inside the folder root.
func within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

func describeMode(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	}
	return m.Type().String()
}

// readFiles reads and parses the files listDir allowed.
func readFiles(ctx context.Context, files []diskFile, max int64, parsed func(string) *Document) ([]*Document, error) {
	var docs []*Document
	var errs []error
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("load corpus: %w", err)
		}
		src, err := readBounded(f.path, max)
		if err != nil {
			errs = append(errs, fmt.Errorf("read %s: %w", f.name, err))
			continue
		}
		if d := known(parsed, f.name, src); d != nil {
			docs = append(docs, d)
			continue
		}
		d, err := Parse(f.name, src)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		docs = append(docs, d)
	}
	return uniqueIDs(docs, errs)
}

// readBounded reads a regular file of at most max bytes. It opens without
// blocking, so a file swapped for a named pipe since it was listed cannot
// hang the load, and checks again what it opened.
func readBounded(path string, max int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file (%s)", describeMode(info.Mode()))
	}
	src, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(src)) > max {
		return nil, fmt.Errorf("%w: over the limit of %d MB (MAX_DOCUMENT_MB)", ErrTooLarge, mb(max))
	}
	return src, nil
}

// known returns the document parsed already from src, as read from the
// file named name, or nil.
func known(parsed func(string) *Document, name string, src []byte) *Document {
	if parsed == nil {
		return nil
	}
	sum := sha256.Sum256(src)
	d := parsed(hex.EncodeToString(sum[:]))
	if d == nil || d.Hash != hex.EncodeToString(sum[:]) {
		return nil
	}
	if d.Source != name {
		c := *d // documents are not changed once parsed: a shallow copy shares the rest
		c.Source = name
		d = &c
	}
	return d
}
