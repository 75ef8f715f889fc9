package intake

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"mandatebot/corpus"
	"mandatebot/internal/fault"
)

// RemoveError is Remove's error for a name it will not remove: a document
// shipped in the binary (Shipped), or one the corpus folder does not hold.
// Removable lists the ids the folder holds, for saying what may be.
type RemoveError struct {
	Name      string
	Shipped   bool
	Removable []string
}

func (e *RemoveError) Error() string {
	if e.Shipped {
		return fmt.Sprintf("%s is shipped in the binary, not a file of the corpus folder: it cannot be removed", e.Name)
	}
	if len(e.Removable) == 0 {
		return fmt.Sprintf("the corpus folder holds no document %s (it holds none that can be removed)", e.Name)
	}
	return fmt.Sprintf("the corpus folder holds no document %s (it holds %s)", e.Name, strings.Join(e.Removable, ", "))
}

// Kind is fault.Invalid for a shipped document, which cannot be removed,
// and fault.NotFound for a name the folder lacks.
func (e *RemoveError) Kind() fault.Kind {
	if e.Shipped {
		return fault.Invalid
	}
	return fault.NotFound
}

// Removed says what Remove took out of the corpus folder.
type Removed struct {
	Name   string   // as asked for: an id, or a file's name
	ID     string   // the document's id; "" for a file that does not parse
	Symbol string   // its UN symbol, if it has one
	Files  []string // the paths removed, the Markdown first
	// Shipped is set when a document of the same id is shipped in the
	// binary: with this one gone, the shipped one is served again.
	Shipped bool
}

// Remove takes documents out of the corpus folder dir: each name is a
// document's id, or the name of a document file of dir (so that a file
// that does not parse, which stops every load, can be taken out too).
// It removes the Markdown, then the original PDF kept beside it
// (<id>.pdf). Every name is checked before anything is removed: a
// document shipped in the binary, or one dir does not hold, is a
// *RemoveError and nothing is removed. Files over maxDocumentBytes (0 for
// corpus.DefaultMaxDocumentBytes) are not read for their id: the load
// refuses them, and they are removed by name.
func Remove(dir string, names []string, maxDocumentBytes int64) ([]Removed, error) {
	if dir == "" {
		return nil, ErrNoFolder
	}
	writing.Lock()
	defer writing.Unlock()
	if maxDocumentBytes <= 0 {
		maxDocumentBytes = corpus.DefaultMaxDocumentBytes
	}
	present := docsIn(dir, maxDocumentBytes)
	shipped := shippedIDs()
	removable := make([]string, 0, len(present))
	for id := range present {
		removable = append(removable, id)
	}
	slices.Sort(removable)
	var plan []Removed
	var errs []error
	for _, name := range names {
		name = strings.TrimSpace(name)
		r := Removed{Name: name}
		var file string
		switch d, ok := present[name]; {
		case ok:
			r.ID, r.Symbol, file = d.ID, d.Symbol, filepath.Base(d.Source)
		case isFileOf(dir, name):
			file = name
			for _, d := range present {
				if filepath.Base(d.Source) == name {
					r.ID, r.Symbol = d.ID, d.Symbol
				}
			}
		case shipped[name]:
			errs = append(errs, &RemoveError{Name: name, Shipped: true, Removable: removable})
			continue
		default:
			errs = append(errs, &RemoveError{Name: name, Removable: removable})
			continue
		}
		r.Shipped = r.ID != "" && shipped[r.ID]
		r.Files = []string{filepath.Join(dir, file)}
		if r.ID != "" {
			if pdf := filepath.Join(dir, r.ID+".pdf"); isRegular(pdf) {
				r.Files = append(r.Files, pdf)
			}
		}
		if !slices.ContainsFunc(plan, func(p Removed) bool { return p.Files[0] == r.Files[0] }) {
			plan = append(plan, r)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	var out []Removed
	for _, r := range plan {
		for _, f := range r.Files {
			if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
				return out, fmt.Errorf("remove %s: %w", f, err)
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// isFileOf reports whether name is the name of a document file directly
// in dir (no folder in it).
func isFileOf(dir, name string) bool {
	if name == "" || name != filepath.Base(name) || !corpus.IsDocumentFile(name) {
		return false
	}
	return isRegular(filepath.Join(dir, name))
}

func isRegular(path string) bool {
	st, err := os.Lstat(path)
	return err == nil && (st.Mode().IsRegular() || st.Mode()&os.ModeSymlink != 0)
}

// shippedIDs are the ids of the documents embedded in the binary.
func shippedIDs() map[string]bool {
	docs, _ := corpus.ReadFS(context.Background(), corpus.Shipped(), "embedded")
	ids := map[string]bool{}
	for _, d := range docs {
		ids[d.ID] = true
	}
	return ids
}
