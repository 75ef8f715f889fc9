package intake

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mandatebot/corpus"
)

// A fictional document, as an admin would attach it.
const fictionalMD = "---\nid: fictional-report\ntitle: Fictional report\nkind: report\n---\n\nThe zeppelins of Ruritania stay grounded.\n"

func TestLibraryAddThenLoad(t *testing.T) {
	ctx := context.Background()
	l := NewLibrary(corpus.Loader{Dir: t.TempDir()}, nil, nil)
	got, err := l.Add(ctx, "upload.md", []byte(fictionalMD), "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, "fictional-report") || !strings.Contains(got, "added fictional-report.md") {
		t.Errorf("Add says %q", got)
	}
	var added *corpus.Document
	for _, d := range l.parsed {
		added = d
	}
	if added == nil {
		t.Fatal("Add kept no parsed document")
	}
	c, err := l.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d := c.Document("fictional-report")
	if d == nil {
		t.Fatal("the added document is not loaded")
	}
	// Parsed once: the loaded document shares the passages Add parsed,
	// under the name of the file in the folder.
	if &d.Passages[0] != &added.Passages[0] {
		t.Error("Load parsed the document Add had just parsed")
	}
	// Taken once: a later load reads the file, and parses it again only
	// if it changed (a reindex after one document changed parses that
	// one).
	if len(l.parsed) != 0 {
		t.Errorf("%d parsed documents still kept", len(l.parsed))
	}
	c2, err := l.Load(ctx)
	if err != nil || c2.Document("fictional-report") == nil {
		t.Fatalf("second load: %v", err)
	}
	if reread := c2.Document("fictional-report"); &reread.Passages[0] != &added.Passages[0] || d.Source != reread.Source || d.Hash != reread.Hash {
		t.Errorf("the unchanged file was parsed again: %s %s; read from the folder, %s %s", d.Source, d.Hash, reread.Source, reread.Hash)
	}
	path := filepath.Join(l.loader.Dir, "fictional-report.md")
	if err := os.WriteFile(path, []byte(strings.Replace(fictionalMD, "\n\n", "\n\nAn added paragraph of fictional text.\n\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	c3, err := l.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if changed := c3.Document("fictional-report"); changed == nil || changed.Hash == d.Hash || len(changed.Passages) == len(d.Passages) {
		t.Errorf("the changed file was not parsed again: %+v", changed)
	}

	// A second add replaces it, and says so.
	if got, err := l.Add(ctx, "again.md", []byte(fictionalMD), ""); err != nil || !strings.Contains(got, "replaced fictional-report.md") {
		t.Errorf("second add: %q, %v", got, err)
	}
}

func TestLibraryWithoutFolder(t *testing.T) {
	l := NewLibrary(corpus.Loader{}, nil, nil)
	if l.Writable() {
		t.Error("a library without a folder says it is writable")
	}
	if _, err := l.Add(context.Background(), "upload.md", []byte(fictionalMD), ""); !errors.Is(err, ErrNoFolder) {
		t.Errorf("Add: %v, want ErrNoFolder", err)
	}
	if _, err := l.FetchMissing(context.Background(), []string{"S/RES/2164 (2014)"}, nil); !errors.Is(err, ErrNoFolder) {
		t.Errorf("FetchMissing: %v, want ErrNoFolder", err)
	}
	if c, err := l.Load(context.Background()); err != nil || len(c.Documents) == 0 {
		t.Errorf("Load: %v", err)
	}
}
