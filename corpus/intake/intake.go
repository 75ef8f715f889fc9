// Package intake checks and converts a file an admin adds to the corpus
// folder, from the command line (mandatebot add) or from Discord
// (/reindex file:): a UN document's PDF through corpus/undoc, or a stored
// corpus document. Everything is checked before anything is written, so a
// file that does not convert changes nothing.
package intake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"mandatebot/corpus"
	"mandatebot/corpus/undoc"
)

// ErrUnsupported is wrapped by the error for a file that is neither a PDF
// nor a corpus Markdown document.
var ErrUnsupported = errors.New("neither a PDF nor a corpus Markdown file (front matter, then Markdown)")

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

// Write writes files into dir, each atomically: the original PDF, then
// the Markdown the corpus reads. First it makes every check a later load
// of dir would make of them, so that no file it writes can stop the next
// start: each stored form within maxDocumentBytes (the corpus's
// MAX_DOCUMENT_MB; 0 for corpus.DefaultMaxDocumentBytes), and each id
// used by no other file of dir (a file named <id>.md is replaced) nor by
// another of files. If a check fails nothing is written.
func Write(dir string, files []*File, maxDocumentBytes int64) ([]Written, error) {
	if maxDocumentBytes <= 0 {
		maxDocumentBytes = corpus.DefaultMaxDocumentBytes
	}
	writing.Lock()
	defer writing.Unlock()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("corpus folder: %w", err)
	}
	owners := idsIn(dir, maxDocumentBytes)
	var errs []error
	for i, f := range files {
		if n := int64(len(f.Markdown)); n > maxDocumentBytes {
			errs = append(errs, fmt.Errorf("%s: its stored form is %d MB, over the corpus's limit of %d MB (MAX_DOCUMENT_MB)", f.From, (n+1<<20-1)>>20, maxDocumentBytes>>20))
		}
		want := f.Doc.ID + ".md"
		if owner, ok := owners[f.Doc.ID]; ok && owner != want {
			errs = append(errs, fmt.Errorf("%s: the id %q is already used by %s in the corpus folder; give this document another id, or replace that file", f.From, f.Doc.ID, owner))
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
	var out []Written
	for _, f := range files {
		path := filepath.Join(dir, f.Doc.ID+".md")
		_, err := os.Stat(path)
		w := Written{File: f, Path: path, Replaced: err == nil}
		if f.PDF != nil {
			if err := undoc.WriteFile(filepath.Join(dir, f.Doc.ID+".pdf"), f.PDF); err != nil {
				return out, err
			}
		}
		if err := undoc.WriteFile(path, f.Markdown); err != nil {
			return out, err
		}
		out = append(out, w)
	}
	return out, nil
}

// idsIn maps the id of each document file of dir to its file name. Files
// that do not parse are left out: the load names them.
func idsIn(dir string, max int64) map[string]string {
	out := map[string]string{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".md") {
			continue
		}
		if info, err := e.Info(); err != nil || info.Size() > max {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		if d, err := corpus.Parse(e.Name(), b); err == nil {
			out[d.ID] = e.Name()
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
		kind := "other passages"
		switch {
		case p.IsOperative() && strings.Contains(p.Label, "("):
			kind = "operative sub-paragraphs"
		case p.IsOperative():
			kind = "operative paragraphs"
		case strings.HasPrefix(p.Label, string(corpus.Preambular)+". "):
			kind = "preambular paragraphs"
		case strings.HasPrefix(p.Label, string(corpus.Paragraph)+". "):
			kind = "numbered paragraphs"
		case p.IsRecommendation():
			kind = "recommendations"
		}
		if counts[kind] == 0 {
			order = append(order, kind)
		}
		counts[kind]++
	}
	var parts []string
	for _, k := range order {
		parts = append(parts, fmt.Sprintf("%d %s", counts[k], k))
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
