package intake

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"

	"mandatebot/corpus"
	"mandatebot/corpus/corpustest"
)

// fullDisk writes the first n bytes it is given, then fails as a full
// disk does.
type fullDisk struct {
	w io.Writer
	n int
}

func (d *fullDisk) Write(p []byte) (int, error) {
	if len(p) > d.n {
		w, _ := d.w.Write(p[:d.n])
		d.n = 0
		return w, syscall.ENOSPC
	}
	d.n -= len(p)
	return d.w.Write(p)
}

// listing is what dir holds: each file's name and content.
func listing(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

// pdfFile is a document as Read makes it of a PDF: the stored form, and
// the original beside it (the "PDF" here is stand-in bytes; Write does
// not read it).
func pdfFile(t *testing.T, md string) *File {
	t.Helper()
	d, err := corpus.Parse("fictional-report.md", []byte(md))
	if err != nil {
		t.Fatal(err)
	}
	return &File{From: "upload.pdf", Doc: d, Markdown: []byte(md), PDF: []byte("%PDF-1.4 fictional stand-in\n")}
}

// TestWriteBothOrNeither: a disk that fills up while a PDF's document is
// written leaves the folder as it was, new or replacing, with no orphan
// PDF and no temporary file; a write that succeeds puts both in place.
func TestWriteBothOrNeither(t *testing.T) {
	old := fictionalMD
	newer := strings.Replace(fictionalMD, "stay grounded", "fly again", 1)
	for _, tc := range []struct {
		name   string
		before map[string]string // the folder's files before
		room   int               // bytes the disk takes before it is full; -1: room enough
		want   map[string]string
	}{
		{"full after the PDF", nil, 40, map[string]string{}},
		{"full at once", nil, 0, map[string]string{}},
		{"full while replacing", map[string]string{"fictional-report.md": old, "fictional-report.pdf": "old pdf"}, 40,
			map[string]string{"fictional-report.md": old, "fictional-report.pdf": "old pdf"}},
		{"room enough", map[string]string{"fictional-report.md": old, "fictional-report.pdf": "old pdf"}, -1,
			map[string]string{"fictional-report.md": newer, "fictional-report.pdf": "%PDF-1.4 fictional stand-in\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tc.before {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if tc.room >= 0 {
				disk := &fullDisk{n: tc.room}
				writeTo = func(f *os.File) io.Writer { disk.w = f; return disk }
				t.Cleanup(func() { writeTo = func(f *os.File) io.Writer { return f } })
			}
			_, err := Write(dir, []*File{pdfFile(t, newer)}, Limits{})
			if full := tc.room >= 0; full != errors.Is(err, syscall.ENOSPC) {
				t.Errorf("Write: %v", err)
			}
			if diff := cmp.Diff(tc.want, listing(t, dir)); diff != "" {
				t.Errorf("the folder after (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWriteChecksCorpusSize: a document that would take the corpus over
// MaxCorpusBytes is refused by name, nothing written, and the error names
// the largest documents.
func TestWriteChecksCorpusSize(t *testing.T) {
	dir := t.TempDir()
	big := corpustest.Sentences("big-report", 300<<10)
	d, err := corpus.Parse("big-report.md", big)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Write(dir, []*File{{From: "big-report.md", Doc: d, Markdown: big}}, Limits{MaxCorpusBytes: 256 << 10})
	if !errors.Is(err, corpus.ErrCorpusTooLarge) || !strings.Contains(err.Error(), "the largest are big-report.md (300 KB), embedded/nupi-policy-brief-19-2015.md (24 KB)") {
		t.Errorf("Write: %v", err)
	}
	if got := listing(t, dir); len(got) != 0 {
		var names []string
		for n := range got {
			names = append(names, n)
		}
		sort.Strings(names)
		t.Errorf("written anyway: %v", names)
	}
	if _, err := Write(dir, []*File{{From: "big-report.md", Doc: d, Markdown: big}}, Limits{MaxCorpusBytes: 1 << 20}); err != nil {
		t.Errorf("within the limit: %v", err)
	}
}
