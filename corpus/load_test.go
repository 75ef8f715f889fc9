package corpus_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"mandatebot/corpus"
)

// fictionalDoc is a small stored document about a fictional mission.
func fictionalDoc(id string) string {
	return "---\nid: " + id + "\ntitle: Fictional " + id + "\nkind: report\n---\n\nThe zeppelin of Ruritania.\n"
}

// TestLoadHostileFiles puts in the corpus folder each kind of file that
// once hung or killed the loader. Each must be reported and must not stop
// the other documents from loading, within seconds.
func TestLoadHostileFiles(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "outside.md")
	os.WriteFile(outside, []byte(fictionalDoc("outside")), 0o644)
	tests := []struct {
		name    string
		make    func(t *testing.T, dir string)
		warning string // in Corpus.Warnings, the load succeeding
		err     string // in the load's error, instead
	}{
		{"named pipe", func(t *testing.T, dir string) {
			if err := syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o644); err != nil {
				t.Skip("no FIFOs here:", err)
			}
		}, "pipe.md: skipped: not a regular file (a named pipe)", ""},
		{"link to /dev/zero", func(t *testing.T, dir string) {
			os.Symlink("/dev/zero", filepath.Join(dir, "zero.md"))
		}, "zero.md: skipped: a link to /dev/zero, outside the corpus folder", ""},
		{"link outside the folder", func(t *testing.T, dir string) {
			os.Symlink(outside, filepath.Join(dir, "out.md"))
		}, "out.md: skipped: a link to " + outside, ""},
		{"dangling link", func(t *testing.T, dir string) {
			os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "dangling.md"))
		}, "dangling.md: skipped: a link whose target cannot be read", ""},
		{"oversized document", func(t *testing.T, dir string) {
			f, _ := os.Create(filepath.Join(dir, "huge.md"))
			f.Truncate(200 << 20) // sparse: 200 MB that take no disk
			f.Close()
		}, "", "huge.md: document is too large: 200 MB, over the limit of 20 MB"},
		{"100,000 footnotes", func(t *testing.T, dir string) {
			var b strings.Builder
			b.WriteString(fictionalDoc("notes"))
			for i := 1; i <= 100000; i++ {
				fmt.Fprintf(&b, "Text.[^%d]\n", i%9000+1)
			}
			os.WriteFile(filepath.Join(dir, "notes.md"), []byte(b.String()), 0o644)
		}, "", "notes.md: invalid document: 100000 footnote markers"},
		{"400 KB line of nested quotes", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "nested.md"), []byte(fictionalDoc("nested")+strings.Repeat(">", 400000)+" x\n"), 0o644)
		}, "", "nested.md: invalid document: line 8 nests quotes or lists 400000 deep"},
		{"800 KB of unclosed links", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "links.md"), []byte(fictionalDoc("links")+strings.Repeat("[a](", 200000)+"\n"), 0o644)
		}, "", "links.md: invalid document: 200000 square brackets"},
		{"paragraphs of unclosed links", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "links.md"), []byte(fictionalDoc("links")+strings.Repeat(strings.Repeat("[a](", 300)+"\n\n", 100)), 0o644)
		}, "", "links.md: invalid document: the paragraph at line 7 opens more than 256 square brackets"},
		{"indented lists", func(t *testing.T, dir string) {
			var b strings.Builder
			b.WriteString(fictionalDoc("indented"))
			for i := 0; i < 3000; i++ {
				b.WriteString(strings.Repeat(" ", 2*i) + "- x\n")
			}
			os.WriteFile(filepath.Join(dir, "indented.md"), []byte(b.String()), 0o644)
		}, "", "indented.md: invalid document: line 41 is indented 66 columns"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "good.md"), []byte(fictionalDoc("good")), 0o644)
			tt.make(t, dir)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			c, err := corpus.Load(ctx, dir)
			if ctx.Err() != nil {
				t.Fatal("the load did not finish in time")
			}
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want one saying %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			if c.Document("good") == nil {
				t.Error("the good document was not loaded")
			}
			if len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0], tt.warning) {
				t.Errorf("warnings = %q, want one saying %q", c.Warnings, tt.warning)
			}
		})
	}
}

func TestLoadFollowsLinksInside(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "drafts"), 0o755)
	os.WriteFile(filepath.Join(dir, "drafts", "real.txt"), []byte(fictionalDoc("linked")), 0o644)
	os.Symlink(filepath.Join("drafts", "real.txt"), filepath.Join(dir, "linked.md"))
	c, err := corpus.Load(context.Background(), dir)
	if err != nil || c.Document("linked") == nil || len(c.Warnings) != 0 {
		t.Errorf("a link inside the folder: err %v, warnings %q", err, c.Warnings)
	}
}

func TestLoadCancelled(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.md"), []byte(fictionalDoc("a")), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := corpus.Load(ctx, dir); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestLoadCache(t *testing.T) {
	dir := t.TempDir()
	cache := filepath.Join(t.TempDir(), "corpus.cache")
	doc := filepath.Join(dir, "a.md")
	os.WriteFile(doc, []byte(fictionalDoc("a")), 0o644)
	l := corpus.Loader{Dir: dir, Cache: cache}
	first, err := l.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cache); err != nil {
		t.Fatalf("no cache written: %v", err)
	}
	// Unchanged files: the cache answers, with the same content.
	second, err := l.Load(context.Background())
	if err != nil || second.Fingerprint() != first.Fingerprint() || second.Passage("a#p-1") == nil {
		t.Fatalf("from the cache: err %v", err)
	}
	// An edited file is read again, whatever the cache holds.
	os.WriteFile(doc, []byte(strings.Replace(fictionalDoc("a"), "zeppelin", "airship", 1)), 0o644)
	os.Chtimes(doc, time.Now().Add(time.Minute), time.Now().Add(time.Minute))
	third, err := l.Load(context.Background())
	if err != nil || third.Fingerprint() == first.Fingerprint() || !strings.Contains(third.Passage("a#p-1").Text, "airship") {
		t.Fatalf("after an edit the cache was used: err %v", err)
	}
	// An edit in place that keeps the size and the modification time is
	// read again too: the cache is keyed by content.
	st, _ := os.Stat(doc)
	edited := strings.Replace(fictionalDoc("a"), "zeppelin", "dirigib", 1) // as long as "airship"
	os.WriteFile(doc, []byte(edited), 0o644)
	os.Chtimes(doc, st.ModTime(), st.ModTime())
	if st2, _ := os.Stat(doc); st2.Size() != st.Size() || !st2.ModTime().Equal(st.ModTime()) {
		t.Fatalf("the edit changed size or time: %d %v → %d %v", st.Size(), st.ModTime(), st2.Size(), st2.ModTime())
	}
	fourth, err := l.Load(context.Background())
	if err != nil || !strings.Contains(fourth.Passage("a#p-1").Text, "dirigib") {
		t.Fatalf("an edit with the same size and time was not read: err %v", err)
	}
	// A damaged cache is ignored.
	os.WriteFile(cache, []byte("garbage"), 0o644)
	if c, err := l.Load(context.Background()); err != nil || c.Document("a") == nil {
		t.Fatalf("with a damaged cache: %v", err)
	}
}

// TestLoadCacheFlippedBytes: a cache with any one byte changed is never
// served; the corpus is parsed again and comes out as it should.
func TestLoadCacheFlippedBytes(t *testing.T) {
	dir := t.TempDir()
	cache := filepath.Join(t.TempDir(), "corpus.cache")
	os.WriteFile(filepath.Join(dir, "a.md"), []byte(fictionalDoc("a")), 0o644)
	var told []string
	l := corpus.Loader{Dir: dir, Cache: cache, CacheDamaged: func(path, why string) { told = append(told, why) }}
	want, err := l.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(cache)
	if err != nil {
		t.Fatal(err)
	}
	const samples = 40
	for i := range samples {
		at := i * (len(good) - 1) / (samples - 1)
		b := bytes.Clone(good)
		b[at] ^= 0x01
		os.WriteFile(cache, b, 0o644)
		got, err := l.Load(context.Background())
		if err != nil {
			t.Fatalf("byte %d flipped: %v", at, err)
		}
		// Every field of every document: a URL or a passage changed by
		// the flip would show here (the fingerprint is of the sources).
		if !reflect.DeepEqual(got.Documents, want.Documents) {
			t.Errorf("byte %d of %d flipped: a different corpus was served", at, len(good))
		}
		if len(told) != i+1 {
			t.Errorf("byte %d flipped: the damage was not reported", at)
		}
	}
}

// TestURLsMany: a footnote with 300,000 distinct URLs (a hostile file's) is
// read in linear time: each one once, in order.
func TestURLsMany(t *testing.T) {
	var b strings.Builder
	for i := range 300000 {
		fmt.Fprintf(&b, "http://example.org/%d, ", i)
	}
	b.WriteString("http://example.org/7.")
	got := corpus.URLs(b.String())
	if len(got) != 300000 || got[7] != "http://example.org/7" || got[299999] != "http://example.org/299999" {
		t.Errorf("%d URLs, first %q", len(got), got[:3])
	}
}
