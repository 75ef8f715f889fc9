package corpus

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
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

// IsDocumentFile reports whether a file name in a corpus folder is a
// stored document: a .md file that is not a README and does not start with
// '_' or '.' (so admins can keep notes and drafts beside documents).
func IsDocumentFile(name string) bool {
	base := path.Base(name)
	return strings.HasSuffix(base, ".md") &&
		!strings.HasPrefix(base, "_") && !strings.HasPrefix(base, ".") &&
		!strings.EqualFold(base, "README.md")
}

// ReadFS parses every document at the top of fsys. origin prefixes
// Document.Source ("embedded", or the folder's path). All files are read,
// and the errors of every bad file are returned together, so an admin sees
// every problem at once.
func ReadFS(fsys fs.FS, origin string) ([]*Document, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read corpus folder %s: %w", origin, err)
	}
	var docs []*Document
	var errs []error
	fileOf := map[string]string{}
	for _, e := range entries {
		if e.IsDir() || !IsDocumentFile(e.Name()) {
			continue
		}
		src, err := fs.ReadFile(fsys, e.Name())
		name := path.Join(origin, e.Name())
		if err != nil {
			errs = append(errs, fmt.Errorf("read %s: %w", name, err))
			continue
		}
		d, err := Parse(name, src)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if other, dup := fileOf[d.ID]; dup {
			errs = append(errs, fmt.Errorf("%s: %w: id %q is already used by %s", name, ErrInvalid, d.ID, other))
			continue
		}
		fileOf[d.ID] = name
		docs = append(docs, d)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID })
	return docs, errors.Join(errs...)
}

// Load returns the shipped documents together with those in dir, where a
// document in dir replaces the shipped one with the same id. dir may be
// empty (shipped documents only); a dir that does not exist is an error,
// since it is most likely a typo in the configuration.
func Load(dir string) (*Corpus, error) {
	docs, err := ReadFS(Shipped(), "embedded")
	if err != nil {
		return nil, err
	}
	if dir != "" {
		st, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("corpus folder: %w", err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("corpus folder %s is not a folder", dir)
		}
		extra, err := ReadFS(os.DirFS(dir), dir)
		if err != nil {
			return nil, err
		}
		docs = append(docs, extra...)
	}
	return New(docs...), nil
}
