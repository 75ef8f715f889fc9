package intake

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"mandatebot/corpus"
)

// folderWith writes fictional documents into a new corpus folder: each
// file name to its id ("" for a file that does not parse), with a PDF
// beside those whose id is in pdfs.
func folderWith(t *testing.T, files map[string]string, pdfs ...string) string {
	t.Helper()
	dir := t.TempDir()
	for name, id := range files {
		md := "not a document"
		if id != "" {
			md = "---\nid: " + id + "\ntitle: Fictional " + id + "\nkind: report\n---\n\nThe zeppelins of Ruritania stay grounded.\n"
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(md), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range pdfs {
		if err := os.WriteFile(filepath.Join(dir, id+".pdf"), []byte("%PDF-1.4 fictional"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// filesIn lists the names of dir's files.
func filesIn(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestRemove(t *testing.T) {
	const shipped = "nupi-policy-brief-19-2015"
	files := map[string]string{"a.md": "fictional-a", "b.md": "fictional-b", "broken.md": "", shipped + ".md": shipped}
	for _, tc := range []struct {
		name    string
		remove  []string
		removed []Removed // with paths relative to the folder
		left    []string
		err     []error // each *RemoveError the error joins
	}{{
		name:    "by id, with its PDF",
		remove:  []string{"fictional-a"},
		removed: []Removed{{Name: "fictional-a", ID: "fictional-a", Files: []string{"a.md", "fictional-a.pdf"}}},
		left:    []string{"b.md", "broken.md", shipped + ".md"},
	}, {
		name:    "by the name of a file that does not parse",
		remove:  []string{"broken.md"},
		removed: []Removed{{Name: "broken.md", Files: []string{"broken.md"}}},
		left:    []string{"a.md", "b.md", "fictional-a.pdf", shipped + ".md"},
	}, {
		name:    "by file name, a document that parses",
		remove:  []string{"b.md"},
		removed: []Removed{{Name: "b.md", ID: "fictional-b", Files: []string{"b.md"}}},
		left:    []string{"a.md", "broken.md", "fictional-a.pdf", shipped + ".md"},
	}, {
		name:    "a folder's copy of a shipped document: the shipped one serves again",
		remove:  []string{shipped},
		removed: []Removed{{Name: shipped, ID: shipped, Files: []string{shipped + ".md"}, Shipped: true}},
		left:    []string{"a.md", "b.md", "broken.md", "fictional-a.pdf"},
	}, {
		name:    "twice the same: once",
		remove:  []string{"fictional-b", "b.md"},
		removed: []Removed{{Name: "fictional-b", ID: "fictional-b", Files: []string{"b.md"}}},
		left:    []string{"a.md", "broken.md", "fictional-a.pdf", shipped + ".md"},
	}, {
		name:   "one the folder lacks: nothing is removed",
		remove: []string{"fictional-a", "zzz", "../a.md"},
		left:   []string{"a.md", "b.md", "broken.md", "fictional-a.pdf", shipped + ".md"},
		err: []error{
			&RemoveError{Name: "zzz", Removable: []string{"fictional-a", "fictional-b", shipped}},
			&RemoveError{Name: "../a.md", Removable: []string{"fictional-a", "fictional-b", shipped}},
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := folderWith(t, files, "fictional-a")
			got, err := Remove(dir, tc.remove, 0)
			var gotErrs []error
			if err != nil {
				gotErrs = err.(interface{ Unwrap() []error }).Unwrap()
			}
			if diff := cmp.Diff(tc.err, gotErrs); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			for i := range got {
				for j, f := range got[i].Files {
					got[i].Files[j] = filepath.Base(f)
				}
			}
			if diff := cmp.Diff(tc.removed, got); diff != "" {
				t.Errorf("removed (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.left, filesIn(t, dir)); diff != "" {
				t.Errorf("left in the folder (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRemoveShipped: a document only the binary holds is refused by
// name, and nothing else is removed.
func TestRemoveShipped(t *testing.T) {
	dir := folderWith(t, map[string]string{"a.md": "fictional-a"})
	_, err := Remove(dir, []string{"fictional-a", "nupi-policy-brief-19-2015"}, 0)
	var re *RemoveError
	if !errors.As(err, &re) || !re.Shipped || re.Name != "nupi-policy-brief-19-2015" {
		t.Fatalf("Remove: %v, want the shipped document refused", err)
	}
	if got := filesIn(t, dir); !slices.Equal(got, []string{"a.md"}) {
		t.Errorf("the folder holds %v after a refusal", got)
	}
	if _, err := Remove("", []string{"fictional-a"}, 0); !errors.Is(err, ErrNoFolder) {
		t.Errorf("Remove without a folder: %v", err)
	}
}

func TestList(t *testing.T) {
	dir := folderWith(t, map[string]string{"a.md": "fictional-a", "nupi-policy-brief-19-2015.md": "nupi-policy-brief-19-2015"}, "fictional-a")
	c, err := corpus.Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	got := List(c, dir)
	for i := range got {
		// The file's time varies: only whether there is one is checked.
		if got[i].Added.IsZero() {
			t.Errorf("%s: no time added", got[i].ID)
		}
		got[i].Added = time.Time{}
	}
	want := []Held{
		{ID: "fictional-a", Title: "Fictional fictional-a", Kind: corpus.KindReport, File: filepath.Join(dir, "a.md"), PDF: filepath.Join(dir, "fictional-a.pdf"), Passages: 1},
		{ID: "nupi-policy-brief-19-2015", Title: "Fictional nupi-policy-brief-19-2015", Kind: corpus.KindReport, File: filepath.Join(dir, "nupi-policy-brief-19-2015.md"), Passages: 1, ReplacesShipped: true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("List (-want +got):\n%s", diff)
	}
	shipped, err := corpus.Load(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if l := List(shipped, ""); len(l) != 1 || !l[0].Shipped || l[0].File != "embedded/nupi-policy-brief-19-2015.md" {
		t.Errorf("List of the shipped corpus: %+v", l)
	}
}
