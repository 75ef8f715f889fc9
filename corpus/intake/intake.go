// Package intake is the corpus folder as admins change it, from the
// command line (mandatebot add, list, remove) or from Discord (/reindex
// file:, remove:): it checks and converts a file an admin adds (a UN
// document's PDF through corpus/undoc, or a stored corpus document), lists
// the documents with where each comes from, and removes those of the
// folder. Everything is checked before anything is written or removed, so
// a file that does not convert, or a name the folder lacks, changes
// nothing.
package intake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"mandatebot/corpus"
	"mandatebot/corpus/undoc"
	"mandatebot/internal/fault"
	"mandatebot/internal/words"
)

// ErrUnsupported is wrapped by the error for a file that is neither a PDF
// nor a corpus Markdown document.
var ErrUnsupported = fault.New(fault.Invalid, "neither a PDF nor a corpus Markdown file (front matter, then Markdown)")

// File is a document ready to be written into the corpus folder.
type File struct {
	From     string           // the name it came with
	Doc      *corpus.Document // as Parse reads it back
	Markdown []byte           // the stored form
	PDF      []byte           // the original, kept beside the Markdown; nil for Markdown
}

// Read checks and converts one file named name. symbol is the UN symbol
// of a PDF ("" to read it from its first page).
func Read(ctx context.Context, name string, b []byte, symbol string) (*File, error) {
	if undoc.IsPDF(b) {
		d, md, err := undoc.ConvertPDF(ctx, b, symbol, "")
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return &File{From: name, Doc: d, Markdown: md, PDF: b}, nil
	}
	if !strings.HasSuffix(strings.ToLower(name), ".md") || !bytes.HasPrefix(b, []byte("---")) {
		return nil, fmt.Errorf("%s: %w", name, ErrUnsupported)
	}
	d, err := corpus.Parse(filepath.Base(name), b)
	if err != nil {
		return nil, err
	}
	return &File{From: name, Doc: d, Markdown: b}, nil
}

// Written says where a File went.
type Written struct {
	*File
	Path     string
	Replaced bool // a document with the same id was there before
}

// writing serialises Write: two admins adding at once must not both pass
// the checks against a folder the other is about to change.
var writing sync.Mutex

// Limits are the corpus's limits that Write checks files against, as a
// load of the folder would (corpus.Loader's).
type Limits struct {
	MaxDocumentBytes int64 // each stored form (MAX_DOCUMENT_MB); corpus.DefaultMaxDocumentBytes when 0
	MaxCorpusBytes   int64 // the passage text of the whole corpus (MAX_CORPUS_MB); corpus.DefaultMaxCorpusBytes when 0
}

// Write writes files into dir: for each, the original PDF (if any) and
// the Markdown the corpus reads, both or neither. First it makes every
// check a later load of dir would make of them, so that no file it
// writes can stop the next start: each stored form within
// lim.MaxDocumentBytes, each id used by no other file of dir (a file
// named <id>.md is replaced) nor by another of files, and the passage
// text of the corpus they make (the shipped documents, dir's and files)
// within lim.MaxCorpusBytes. If a check fails nothing is written.
func Write(dir string, files []*File, lim Limits) ([]Written, error) {
	if lim.MaxDocumentBytes <= 0 {
		lim.MaxDocumentBytes = corpus.DefaultMaxDocumentBytes
	}
	writing.Lock()
	defer writing.Unlock()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("corpus folder: %w", err)
	}
	present := docsIn(dir, lim.MaxDocumentBytes)
	var errs []error
	for i, f := range files {
		if n := int64(len(f.Markdown)); n > lim.MaxDocumentBytes {
			errs = append(errs, fmt.Errorf("%s: its stored form is %d MB, over the corpus's limit of %d MB (MAX_DOCUMENT_MB)", f.From, (n+1<<20-1)>>20, lim.MaxDocumentBytes>>20))
		}
		want := f.Doc.ID + ".md"
		if owner, ok := present[f.Doc.ID]; ok && filepath.Base(owner.Source) != want {
			errs = append(errs, fmt.Errorf("%s: the id %q is already used by %s in the corpus folder; give this document another id, or replace that file", f.From, f.Doc.ID, filepath.Base(owner.Source)))
		}
		for _, g := range files[:i] {
			if g.Doc.ID == f.Doc.ID {
				errs = append(errs, fmt.Errorf("%s: the id %q is also %s's; add one of them", f.From, f.Doc.ID, g.From))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if err := checkCorpusSize(present, files, lim.MaxCorpusBytes); err != nil {
		return nil, err
	}
	var out []Written
	for _, f := range files {
		path := filepath.Join(dir, f.Doc.ID+".md")
		_, err := os.Stat(path)
		w := Written{File: f, Path: path, Replaced: err == nil}
		pair := []fileBytes{{path, f.Markdown}}
		if f.PDF != nil {
			pair = append([]fileBytes{{filepath.Join(dir, f.Doc.ID+".pdf"), f.PDF}}, pair...)
		}
		if err := writeAll(pair); err != nil {
			return out, fmt.Errorf("%s: nothing of it was written: %w", f.From, err)
		}
		out = append(out, w)
	}
	return out, nil
}

// checkCorpusSize refuses files when the corpus they would make with the
// shipped documents and those of the folder (present, by id) holds more
// passage text than max, naming the largest documents.
func checkCorpusSize(present map[string]*corpus.Document, files []*File, max int64) error {
	byID := map[string]*corpus.Document{}
	shipped, err := corpus.ReadFS(context.Background(), corpus.Shipped(), "embedded")
	if err != nil {
		return err
	}
	for _, d := range shipped {
		byID[d.ID] = d
	}
	for id, d := range present {
		byID[id] = d
	}
	for _, f := range files {
		d := *f.Doc
		d.Source = f.From // as the admin named it
		byID[f.Doc.ID] = &d
	}
	docs := make([]*corpus.Document, 0, len(byID))
	for _, d := range byID {
		docs = append(docs, d)
	}
	return corpus.CheckSize(docs, max)
}

// fileBytes is a file to write and what it holds.
type fileBytes struct {
	path string
	b    []byte
}

// writeTo is how writeAll writes a temporary file's bytes; a test swaps
// in a writer that fails, as a full disk does.
var writeTo = func(f *os.File) io.Writer { return f }

// writeAll writes every file or none: each to a temporary file beside
// it, synced, then all renamed into place. A file a rename replaces is
// kept aside until every rename has succeeded, and put back if one
// fails. (A full disk fails a write, never a rename in the same folder.)
func writeAll(files []fileBytes) (err error) {
	tmps := make([]string, 0, len(files))
	defer func() {
		for _, t := range tmps {
			os.Remove(t) // gone once renamed; left by a failure
		}
	}()
	for _, f := range files {
		t, err := writeTemp(f)
		if err != nil {
			return err
		}
		tmps = append(tmps, t)
	}
	type moved struct{ path, aside string }
	var done []moved
	defer func() {
		if err == nil {
			for _, m := range done {
				if m.aside != "" {
					os.Remove(m.aside)
				}
			}
			return
		}
		for _, m := range done { // undo, last first
			os.Remove(m.path)
			if m.aside != "" {
				os.Rename(m.aside, m.path)
			}
		}
	}()
	for i, f := range files {
		m := moved{path: f.path}
		if _, serr := os.Lstat(f.path); serr == nil {
			m.aside = tmps[i] + ".old"
			if err := os.Rename(f.path, m.aside); err != nil {
				return err
			}
		}
		done = append([]moved{m}, done...)
		if err := os.Rename(tmps[i], f.path); err != nil {
			return err
		}
	}
	return syncDir(filepath.Dir(files[0].path))
}

// writeTemp writes f's bytes to a new temporary file beside f.path,
// synced and readable by all, and returns its name.
func writeTemp(f fileBytes) (string, error) {
	tmp, err := os.CreateTemp(filepath.Dir(f.path), "."+filepath.Base(f.path)+".tmp-*")
	if err != nil {
		return "", err
	}
	_, err = writeTo(tmp).Write(f.b)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	return tmp.Name(), nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// docsIn returns the documents of dir's document files, by id, each with
// its Source, the file's path; a link is followed, as the load does.
// Files that do not parse, or are over max, are left out: the load names
// them.
func docsIn(dir string, max int64) map[string]*corpus.Document {
	out := map[string]*corpus.Document{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !corpus.IsDocumentFile(e.Name()) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if info, err := os.Stat(path); err != nil || !info.Mode().IsRegular() || info.Size() > max {
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		if d, err := corpus.Parse(path, b); err == nil {
			out[d.ID] = d
		}
	}
	return out
}

// Describe counts a document's passages by kind: "s-res-2164-2014,
// resolution S/RES/2164 (2014): 12 preambular paragraphs, 30 operative
// paragraphs, 41 operative sub-paragraphs".
func Describe(d *corpus.Document) string {
	counts := map[string]int{}
	var order []string
	for _, p := range d.Passages {
		kind := "other passage"
		switch {
		case p.IsOperative() && strings.Contains(p.Label, "("):
			kind = "operative sub-paragraph"
		case p.IsOperative():
			kind = "operative paragraph"
		case strings.HasPrefix(p.Label, string(corpus.Preambular)+". "):
			kind = "preambular paragraph"
		case strings.HasPrefix(p.Label, string(corpus.Paragraph)+". "):
			kind = "numbered paragraph"
		case p.IsRecommendation():
			kind = "recommendation"
		}
		if counts[kind] == 0 {
			order = append(order, kind)
		}
		counts[kind]++
	}
	var parts []string
	for _, k := range order {
		parts = append(parts, words.Count(counts[k], k))
	}
	s := fmt.Sprintf("%s, %s", d.ID, d.Kind)
	if d.Symbol != "" {
		s += " " + d.Symbol
	}
	if len(parts) == 0 {
		return s + ", no passages"
	}
	return s + ": " + strings.Join(parts, ", ")
}
