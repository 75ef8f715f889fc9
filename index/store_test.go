package index

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mandatebot/corpus"
	"mandatebot/internal/testlog"
)

func newStore(t *testing.T) (*Store, *testlog.Buffer) {
	t.Helper()
	logs := &testlog.Buffer{}
	return &Store{Root: t.TempDir(), Logger: slog.New(slog.NewTextHandler(logs, nil))}, logs
}

// installed builds c's index in store and returns its folder.
func installed(t *testing.T, store *Store, c *corpus.Corpus) string {
	t.Helper()
	ix, _, err := store.Open(context.Background(), c, false)
	if err != nil {
		t.Fatal(err)
	}
	dir := ix.Path()
	ix.Close()
	return dir
}

// damage applies f to the file of the index folder whose name has suffix.
func damage(t *testing.T, dir, suffix string, f func([]byte) []byte) {
	t.Helper()
	var found string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, suffix) && found == "" {
			found = p
		}
		return nil
	})
	if found == "" {
		t.Fatalf("no file *%s in %s", suffix, dir)
	}
	b, err := os.ReadFile(found)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(found, f(b), 0o644); err != nil {
		t.Fatal(err)
	}
}

// flip inverts every step-th byte from the middle of b on.
func flip(step int) func([]byte) []byte {
	return func(b []byte) []byte {
		for i := len(b) / 2; i < len(b); i += step {
			b[i] ^= 0xff
		}
		return b
	}
}

// TestStoreRepairsDamage damages an installed index in each way seen in
// the field; every time, Open must not panic, must log the repair once,
// and must give an index that answers.
func TestStoreRepairsDamage(t *testing.T) {
	c := shipped(t)
	tests := []struct {
		name   string
		damage func(t *testing.T, dir string)
	}{
		{"bolt file flipped", func(t *testing.T, dir string) { damage(t, dir, "root.bolt", flip(7)) }},
		{"bolt file truncated", func(t *testing.T, dir string) {
			damage(t, dir, "root.bolt", func(b []byte) []byte { return b[:len(b)/3] })
		}},
		{"segment flipped", func(t *testing.T, dir string) { damage(t, dir, ".zap", flip(97)) }},
		{"one byte of a segment", func(t *testing.T, dir string) {
			damage(t, dir, ".zap", func(b []byte) []byte { b[len(b)/2] ^= 1; return b })
		}},
		{"derived file flipped", func(t *testing.T, dir string) { damage(t, dir, derivedFile, flip(5)) }},
		{"derived file removed", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, derivedFile)) }},
		{"terms file flipped", func(t *testing.T, dir string) { damage(t, dir, termsFile, flip(3)) }},
		{"vocabulary file truncated", func(t *testing.T, dir string) {
			damage(t, dir, vocabularyFile, func(b []byte) []byte { return b[:len(b)/2] })
		}},
		{"meta file garbage", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, metaFile), []byte("{not json"), 0o644)
		}},
		{"segment removed", func(t *testing.T, dir string) {
			damage(t, dir, ".zap", func([]byte) []byte { return nil })
		}},
		{"files overwritten by another index", func(t *testing.T, dir string) {
			// Another corpus's index copied over this one's folder.
			other := &Store{Root: t.TempDir()}
			d, _ := corpus.Parse("f.md", []byte("---\nid: fictional\ntitle: Fictional\nkind: report\n---\n\nThe zeppelin of Ruritania.\n"))
			odir := installed(t, other, corpus.New(d))
			filepath.WalkDir(odir, func(p string, e os.DirEntry, err error) error {
				if err != nil || e.IsDir() || e.Name() == metaFile {
					return nil
				}
				rel, _ := filepath.Rel(odir, p)
				b, _ := os.ReadFile(p)
				os.MkdirAll(filepath.Dir(filepath.Join(dir, rel)), 0o755)
				os.WriteFile(filepath.Join(dir, rel), b, 0o644)
				return nil
			})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			store, logs := newStore(t)
			dir := installed(t, store, c)
			tt.damage(t, dir)

			ix, built, err := store.Open(context.Background(), c, false)
			if err != nil {
				t.Fatalf("open after damage: %v", err)
			}
			defer ix.Close()
			if !built {
				t.Error("the damaged index was served instead of rebuilt")
			}
			res, err := ix.Search(context.Background(), Query{Text: "authorized strength"})
			if err != nil || len(res.Hits) == 0 {
				t.Fatalf("search after repair: %v", err)
			}
			if n := strings.Count(logs.String(), "index damaged"); n != 1 {
				t.Errorf("logged the repair %d times, want once:\n%s", n, logs)
			}
			if _, err := os.Stat(filepath.Join(store.Root, damagedPrefix+filepath.Base(dir))); err != nil {
				t.Errorf("the damaged index was not kept aside: %v", err)
			}
			// The next open reuses the repaired index quietly.
			ix2, built, err := store.Open(context.Background(), c, false)
			if err != nil || built {
				t.Errorf("open after repair: built=%v err=%v", built, err)
			} else {
				ix2.Close()
			}
		})
	}
}

func TestOpenDirDoesNotPanic(t *testing.T) {
	// With the checksums out of the way (rewritten to match), a damaged
	// bolt file must give an error or an index that still searches: never
	// a panic. Flips past bbolt's two meta pages reach its data pages,
	// which is what panicked before; where they land on free pages the
	// index is fine, so both outcomes are allowed, a panic is not.
	c := shipped(t)
	for _, step := range []int{3, 7, 31, 257} {
		store, _ := newStore(t)
		dir := installed(t, store, c)
		damage(t, dir, "root.bolt", func(b []byte) []byte {
			for i := 8192; i < len(b); i += step {
				b[i] ^= 0xff
			}
			return b
		})
		resum(t, dir)
		ix, err := (&Store{}).openDir(context.Background(), c, dir, false)
		if err != nil {
			if !errors.Is(err, ErrDamaged) {
				t.Errorf("step %d: err = %v, want ErrDamaged", step, err)
			}
			continue
		}
		if _, err := ix.Search(context.Background(), Query{Text: "authorized strength"}); err != nil && !errors.Is(err, ErrDamaged) {
			t.Errorf("step %d: search err = %v", step, err)
		}
		ix.Close()
	}
}

// TestOpenDirDerivedDamaged gives an index files of what it derived that
// pass the checksums (rewritten to match) but do not decode, or describe
// another corpus: opening must say the index is damaged, never panic nor
// serve it.
func TestOpenDirDerivedDamaged(t *testing.T) {
	c := shipped(t)
	other := fictional(t, "The zeppelin of Ruritania.").Corpus()
	for name, write := range map[string]func(path string) error{
		"garbage":      func(p string) error { return os.WriteFile(p, []byte("\x00\xffnot gob"), 0o644) },
		"truncated":    func(p string) error { b, _ := os.ReadFile(p); return os.WriteFile(p, b[:len(b)/2], 0o644) },
		"other corpus": func(p string) error { return writeGob(p, derive(other, nil)) },
		"old version":  func(p string) error { dv := derive(c, nil); dv.Version--; return writeGob(p, dv) },
	} {
		t.Run(name, func(t *testing.T) {
			store, _ := newStore(t)
			dir := installed(t, store, c)
			if err := write(filepath.Join(dir, derivedFile)); err != nil {
				t.Fatal(err)
			}
			resum(t, dir)
			ix, err := (&Store{}).openDir(context.Background(), c, dir, false)
			if !errors.Is(err, ErrDamaged) {
				ix.Close()
				t.Fatalf("err = %v, want ErrDamaged", err)
			}
		})
	}
}

// resum rewrites the checksums of the index in dir to match its files.
func resum(t *testing.T, dir string) {
	t.Helper()
	sums, err := sumFiles(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	delete(sums, metaFile)
	b, _ := os.ReadFile(filepath.Join(dir, metaFile))
	var m meta
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	m.Files = sums
	writeMeta(t, dir, m)
}

func TestStoreRemovesAbandonedBuilds(t *testing.T) {
	store, _ := newStore(t)
	// A build killed mid-way leaves its folder, with a lock nobody holds.
	dead := filepath.Join(store.Root, buildPrefix+"dead")
	os.MkdirAll(filepath.Join(dead, "index"), 0o755)
	unlock, err := lockBuild(dead)
	if err != nil {
		t.Fatal(err)
	}
	unlock()
	// A build running now holds its lock.
	live := filepath.Join(store.Root, buildPrefix+"running")
	os.MkdirAll(live, 0o755)
	unlockLive, err := lockBuild(live)
	if err != nil {
		t.Fatal(err)
	}
	defer unlockLive()
	// A folder just made, not locked yet, is left alone too.
	fresh := filepath.Join(store.Root, buildPrefix+"fresh")
	os.MkdirAll(fresh, 0o755)

	ix, _, err := store.Open(context.Background(), shipped(t), false)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Error("the abandoned build folder is still there")
	}
	for _, p := range []string{live, fresh} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed while a build may use it", filepath.Base(p))
		}
	}
}

func TestStoreForceReplaces(t *testing.T) {
	store, _ := newStore(t)
	c := shipped(t)
	dir := installed(t, store, c)
	before, _ := os.ReadFile(filepath.Join(dir, metaFile))
	ix, built, err := store.Open(context.Background(), c, true)
	if err != nil || !built {
		t.Fatalf("force: built=%v err=%v", built, err)
	}
	ix.Close()
	after, _ := os.ReadFile(filepath.Join(dir, metaFile))
	if bytes.Equal(before, after) {
		t.Error("force did not replace the index")
	}
}

func TestBuildCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	store, _ := newStore(t)
	if _, _, err := store.Open(ctx, shipped(t), false); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if got := store.folders(buildPrefix); len(got) != 0 {
		t.Errorf("a cancelled build left %v", got)
	}
}

func writeMeta(t *testing.T, dir string, m meta) {
	t.Helper()
	b, _ := json.Marshal(m)
	if err := os.WriteFile(filepath.Join(dir, metaFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// A new index is checked once, when built: not again when the store opens
// the folder it has just installed. An index opened from disk later is
// checked, since its files may have changed since.
func TestStoreChecksANewIndexOnce(t *testing.T) {
	store, _ := newStore(t)
	c, err := corpus.Load(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	ix, built, err := store.Open(context.Background(), c, false)
	if err != nil || !built {
		t.Fatalf("built %v, err %v", built, err)
	}
	if _, err := ix.Search(context.Background(), Query{Text: "authorized strength"}); err != nil {
		t.Errorf("the index just built does not answer: %v", err)
	}
	ix.Close()
	if n := store.checks.Load(); n != 1 {
		t.Errorf("a new index was checked %d times, want once", n)
	}
	ix, built, err = store.Open(context.Background(), c, false)
	if err != nil || built {
		t.Fatalf("reopen: built %v, err %v", built, err)
	}
	ix.Close()
	if n := store.checks.Load(); n != 2 {
		t.Errorf("after reopening from disk: %d checks, want 2", n)
	}
}

// TestPreviousIndex: when the corpus has changed since its index was
// built (a document added, a reindex killed before it finished), the
// index on disk is still there to serve with the corpus it was built
// from, found without building anything; a damaged one is moved aside,
// and with none left there is nothing to serve.
func TestPreviousIndex(t *testing.T) {
	ctx := context.Background()
	store, logs := newStore(t)
	old := shipped(t)
	dir := installed(t, store, old)
	// What a killed build leaves: a build folder, and a newer corpus.
	if err := os.MkdirAll(filepath.Join(store.Root, buildPrefix+"killed", "index"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(store.Root, buildPrefix+"killed", ".lock"), nil, 0o644); err != nil {
		t.Fatal(err) // its lock, which nobody holds now
	}
	added, err := corpus.Parse("added.md", []byte("---\nid: added\ntitle: A fictional report\nkind: report\n---\n\nThe zeppelins of Ruritania stay grounded.\n"))
	if err != nil {
		t.Fatal(err)
	}
	cur := corpus.New(append(old.Documents, added)...)

	if _, err := store.Find(ctx, cur); !errors.Is(err, ErrNotBuilt) {
		t.Fatalf("Find of the new corpus: %v, want ErrNotBuilt", err)
	}
	checks := store.checks.Load()
	prev, err := store.Previous(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if prev.Path() != dir || prev.Corpus().Fingerprint() != old.Fingerprint() || prev.Corpus().Document("added") != nil {
		t.Errorf("Previous served %s of corpus %s, want %s of %s", prev.Path(), prev.Corpus().Version(), dir, old.Version())
	}
	if res, err := prev.Search(ctx, Query{Text: "authorized strength"}); err != nil || len(res.Hits) == 0 {
		t.Errorf("the previous index does not answer: %v", err)
	}
	prev.Close()
	if n := store.checks.Load() - checks; n != 1 {
		t.Errorf("the previous index was checked %d times, want once", n)
	}
	if _, err := os.Stat(filepath.Join(store.Root, buildPrefix+"killed")); !os.IsNotExist(err) {
		t.Errorf("the killed build's folder is still there: %v", err)
	}

	damage(t, dir, corpusFile, flip(3))
	if _, err := store.Previous(ctx); !errors.Is(err, ErrNotBuilt) {
		t.Errorf("Previous with its corpus damaged: %v, want ErrNotBuilt", err)
	}
	if !strings.Contains(logs.String(), "cannot be served again") {
		t.Errorf("the damaged corpus was not logged:\n%s", logs.String())
	}
}
