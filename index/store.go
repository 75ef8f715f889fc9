package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"

	"mandatebot/corpus"
	"mandatebot/internal/fault"
)

// Store keeps built indexes on disk under Root, one folder per corpus
// version, for the command line and the bot alike. An index is built in a
// temporary folder, synced, checksummed and renamed into place, so no
// reader ever sees a half-built one; on open its files are checked against
// the checksums written at install and a test search is run, so a damaged
// index is detected, moved aside and rebuilt instead of crashing the
// program or answering wrongly.
type Store struct {
	Root   string
	Logger *slog.Logger // where repairs are reported; slog.Default() when nil
	// Semantic, when set, turns on semantic search for every index the
	// store opens; if the embeddings service fails, the index is lexical.
	Semantic *Semantic

	// checks counts the indexes checked (Index.check), so a test can
	// see that a new index is checked once, not again when reopened;
	// updates the indexes made by updating another (Update).
	checks, updates atomic.Int64
}

// metaFile sits in each index folder and says which corpus it was built
// from and what its files hold. It is written last, so a folder without it
// is an unfinished build.
const metaFile = "mandatebot.json"

// corpusFile sits in each index folder beside metaFile: the corpus the
// index was built from, so that Previous can serve it again whatever the
// corpus folder holds now.
const corpusFile = "corpus.snapshot"

// ErrNotBuilt is Find's error when no index of the corpus is on disk,
// and Previous's when none at all is.
var ErrNotBuilt = fault.New(fault.NotFound, "no index of this corpus is on disk")

type meta struct {
	Fingerprint    string    `json:"fingerprint"`
	MappingVersion string    `json:"mapping_version"`
	BuiltAt        time.Time `json:"built_at"`
	Passages       int       `json:"passages"`
	// Files maps each file of the index (slash-separated, relative to its
	// folder) to its size and CRC-32C at install.
	Files map[string]fileSum `json:"files"`
}

type fileSum struct {
	Size  int64  `json:"size"`
	CRC32 uint32 `json:"crc32c"`
}

// Prefixes of the folders a Store keeps beside the index versions.
const (
	buildPrefix   = "build-"   // a build under way, or left by a killed one
	damagedPrefix = "damaged-" // an index that failed its checks, kept to look at
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func (s *Store) log() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// dirFor returns the folder of c's index.
func (s *Store) dirFor(c *corpus.Corpus) (name, dir string) {
	name = c.Fingerprint()[:24] + "-m" + mappingVersion
	return name, filepath.Join(s.Root, name)
}

// Open returns the index of c, opening the one on disk when it matches c
// and passes its checks, and building it otherwise (always, with force).
// A damaged index is moved aside, logged once, and rebuilt. built reports
// whether a build happened.
//
// When the corpus changed since the newest index on disk was made (a
// document added or removed), c's index is made from that one, changing
// only the documents that differ (see Update).
func (s *Store) Open(ctx context.Context, c *corpus.Corpus, force bool) (ix *Index, built bool, err error) {
	if !force {
		ix, err := s.Find(ctx, c)
		if !errors.Is(err, ErrNotBuilt) {
			return ix, false, err
		}
		if ix, ok := s.updateNewest(ctx, c); ok {
			return ix, true, nil
		}
	}
	return s.build(ctx, c, force)
}

// updateNewest makes c's index from the newest index on disk, if it is
// worth it and works.
func (s *Store) updateNewest(ctx context.Context, c *corpus.Corpus) (*Index, bool) {
	prev, err := s.previous(ctx, false)
	if err != nil {
		return nil, false
	}
	defer prev.Close()
	if !s.canUpdate(prev, c) {
		return nil, false
	}
	ix, err := s.update(ctx, prev, c)
	if err != nil {
		if ctx.Err() == nil {
			s.log().Warn("updating the index failed; building it whole", "err", err)
		}
		return nil, false
	}
	return ix, true
}

// build builds c's index whole and installs it.
func (s *Store) build(ctx context.Context, c *corpus.Corpus, force bool) (ix *Index, built bool, err error) {
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	if force {
		if err := s.prepare(); err != nil {
			return nil, false, err
		}
	}
	name, dir := s.dirFor(c)
	if err := s.install(ctx, c, name, dir, force); err != nil {
		return nil, false, err
	}
	// install checked what is in dir now: it is not checked again.
	ix, err = s.openDir(ctx, c, dir, true)
	if err != nil {
		return nil, false, fmt.Errorf("open the index just built: %w", err)
	}
	s.useSemantic(ctx, ix)
	return ix, true, nil
}

// prepare makes Root and removes what killed builds left in it.
func (s *Store) prepare() error {
	if err := os.MkdirAll(s.Root, 0o755); err != nil {
		return fmt.Errorf("index folder: %w", err)
	}
	s.removeAbandonedBuilds()
	return nil
}

// Find returns the index of c on disk, if it is there and passes its
// checks, without building one: ErrNotBuilt when none is there, or when
// the one there was damaged (moved aside and logged) and must be built
// again.
func (s *Store) Find(ctx context.Context, c *corpus.Corpus) (*Index, error) {
	if err := s.prepare(); err != nil {
		return nil, err
	}
	_, dir := s.dirFor(c)
	ix, err := s.openDir(ctx, c, dir, false)
	switch {
	case err == nil:
		s.useSemantic(ctx, ix)
		return ix, nil
	case errors.Is(err, ErrDamaged):
		s.moveAside(dir, err)
	case ctx.Err() != nil:
		return nil, ctx.Err()
	}
	return nil, fmt.Errorf("%w (%v)", ErrNotBuilt, err)
}

// Previous returns the newest index on disk that opens and passes its
// checks, with the corpus it was built from, whatever the corpus is now:
// what a program starting after its corpus changed (an admin's document
// added, a reindex killed before it finished) serves at once while the
// new corpus's index is built. ErrNotBuilt when there is none.
func (s *Store) Previous(ctx context.Context) (*Index, error) { return s.previous(ctx, true) }

// previous is Previous, with semantic search turned on when semantic is
// set (an index only updated from needs none).
func (s *Store) previous(ctx context.Context, semantic bool) (*Index, error) {
	if err := s.prepare(); err != nil {
		return nil, err
	}
	type built struct {
		dir string
		m   meta
	}
	var found []built
	for _, n := range s.folders("") {
		if !strings.HasSuffix(n, "-m"+mappingVersion) || strings.HasPrefix(n, buildPrefix) || strings.HasPrefix(n, damagedPrefix) {
			continue
		}
		dir := filepath.Join(s.Root, n)
		mb, err := os.ReadFile(filepath.Join(dir, metaFile))
		var m meta
		if err != nil || json.Unmarshal(mb, &m) != nil || m.MappingVersion != mappingVersion {
			continue // unfinished, or another version's: not to be served
		}
		found = append(found, built{dir, m})
	}
	sort.Slice(found, func(i, j int) bool { return found[i].m.BuiltAt.After(found[j].m.BuiltAt) })
	for _, b := range found {
		c, err := corpus.ReadSnapshot(filepath.Join(b.dir, corpusFile), b.m.Fingerprint)
		if err != nil {
			s.log().Warn("an index on disk cannot be served again: its corpus does not read", "index", b.dir, "err", err)
			continue
		}
		ix, err := s.openDir(ctx, c, b.dir, false)
		switch {
		case err == nil:
			if semantic {
				s.useSemantic(ctx, ix)
			}
			return ix, nil
		case errors.Is(err, ErrDamaged):
			s.moveAside(b.dir, err)
		case ctx.Err() != nil:
			return nil, ctx.Err()
		}
	}
	return nil, ErrNotBuilt
}

// useSemantic turns on semantic search for ix when configured, saying so
// in the log when the service fails: the index then answers lexically.
func (s *Store) useSemantic(ctx context.Context, ix *Index) {
	if s.Semantic == nil {
		return
	}
	cfg := *s.Semantic
	if cfg.Logger == nil {
		cfg.Logger = s.log()
	}
	if err := ix.UseSemantic(ctx, cfg); err != nil {
		cfg.fellBack()
		s.log().Warn("semantic search is off for this index; answering lexically", "err", err)
	}
}

// moveAside renames a damaged index folder so that it is rebuilt, keeping
// it (only the latest) for whoever wants to look at it.
func (s *Store) moveAside(dir string, why error) {
	for _, old := range s.folders(damagedPrefix) {
		os.RemoveAll(filepath.Join(s.Root, old))
	}
	aside := filepath.Join(s.Root, damagedPrefix+filepath.Base(dir))
	if err := os.Rename(dir, aside); err != nil {
		os.RemoveAll(dir)
		aside = "(removed)"
	}
	s.log().Warn("index damaged; moved aside and rebuilding", "index", dir, "moved_to", aside, "err", why)
}

// install builds c's index in a temporary folder and renames it to dir,
// replacing what is there when replace is set or when it does not open.
func (s *Store) install(ctx context.Context, c *corpus.Corpus, name, dir string, replace bool) error {
	tmp, err := os.MkdirTemp(s.Root, buildPrefix)
	if err != nil {
		return fmt.Errorf("index folder: %w", err)
	}
	defer os.RemoveAll(tmp) // gone after the rename; cleans up after a failure
	unlock, err := lockBuild(tmp)
	if err != nil {
		return fmt.Errorf("lock build folder: %w", err)
	}
	defer unlock()
	bdir := filepath.Join(tmp, "index")
	b, err := Build(ctx, c, bdir)
	if err != nil {
		return err
	}
	if err := s.check(ctx, b); err != nil {
		return errors.Join(err, b.Close())
	}
	if err := s.seal(ctx, b, ""); err != nil {
		return err
	}
	if err := s.rename(ctx, c, tmp, bdir, dir, replace); err != nil {
		return err
	}
	s.removeOtherVersions(name)
	return nil
}

// seal closes ix, an index just made in a build folder (ix.Path()), and
// writes beside bleve's files the corpus it was made from, what it
// derived of it, and last the checksums of every file and metaFile: the
// folder is then complete. Files linked from the index in linkedFrom
// ("" for none) keep the checksums they were installed with.
func (s *Store) seal(ctx context.Context, ix *Index, linkedFrom string) error {
	bdir, c := ix.path, ix.corpus
	builtAt, dv, voc, tc := ix.builtAt, ix.derived, ix.vocabulary, ix.terms
	if err := ix.Close(); err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := corpus.WriteSnapshot(filepath.Join(bdir, corpusFile), c); err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	if err := writeGob(filepath.Join(bdir, derivedFile), dv); err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	if err := writeVocabulary(filepath.Join(bdir, vocabularyFile), voc); err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	if err := writeTerms(filepath.Join(bdir, termsFile), tc); err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	files, err := sumFiles(bdir, linkedFrom)
	if err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	m := meta{Fingerprint: c.Fingerprint(), MappingVersion: mappingVersion, BuiltAt: builtAt, Passages: c.NumPassages(), Files: files}
	mb, _ := json.MarshalIndent(m, "", "  ")
	if err := writeSynced(filepath.Join(bdir, metaFile), mb); err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	if err := syncDir(bdir); err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	return nil
}

// rename installs the sealed index in bdir (inside the build folder tmp)
// as dir, the folder of c's index, replacing what is there when replace
// is set or when it does not open.
func (s *Store) rename(ctx context.Context, c *corpus.Corpus, tmp, bdir, dir string, replace bool) error {
	if err := os.Rename(bdir, dir); err != nil {
		// A folder is there already: another process built the same
		// version meanwhile (use it), or it is stale or damaged (replace it).
		if !replace {
			if ix, oerr := s.openDir(ctx, c, dir, false); oerr == nil {
				return ix.Close()
			}
		}
		if merr := os.Rename(dir, filepath.Join(tmp, "old")); merr != nil && !errors.Is(merr, fs.ErrNotExist) {
			return fmt.Errorf("replace index %s: %w", dir, merr)
		}
		if err := os.Rename(bdir, dir); err != nil {
			return fmt.Errorf("install index: %w", err)
		}
	}
	if err := syncDir(s.Root); err != nil {
		return fmt.Errorf("install index: %w", err)
	}
	return nil
}

// check runs ix's checks, counting them.
func (s *Store) check(ctx context.Context, ix *Index) error {
	s.checks.Add(1)
	return ix.check(ctx)
}

// openDir opens the index in dir read-only if it was built from c and
// passes its checks; checked skips them, for an index install has just
// built and checked (its files' checksums were taken from what was
// checked). An error wrapping ErrDamaged means the folder is there but
// must not be used; any other means there is no usable index of c (none
// built yet, or another corpus's).
func (s *Store) openDir(ctx context.Context, c *corpus.Corpus, dir string, checked bool) (ix *Index, err error) {
	mb, err := os.ReadFile(filepath.Join(dir, metaFile))
	if err != nil {
		return nil, err
	}
	var m meta
	if err := json.Unmarshal(mb, &m); err != nil {
		return nil, fmt.Errorf("%w: %s: unreadable %s: %v", ErrDamaged, dir, metaFile, err)
	}
	if m.Fingerprint != c.Fingerprint() || m.MappingVersion != mappingVersion {
		return nil, fmt.Errorf("index %s was built from another corpus", dir)
	}
	if !checked {
		if err := verifyFiles(dir, m.Files); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrDamaged, dir, err)
		}
	}
	var b bleve.Index
	// bbolt and zapx trust their mmapped files; a damage the checksums
	// missed must not take the program down: a fault reading the mapping
	// becomes a panic on this goroutine, and the panic an error.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			if b != nil {
				b.Close()
			}
			ix, err = nil, fmt.Errorf("%w: %s: opening it failed: %v", ErrDamaged, dir, p)
		}
	}()
	b, err = bleve.OpenUsing(dir, map[string]interface{}{"read_only": true})
	if err != nil {
		return nil, fmt.Errorf("%w: open %s: %v", ErrDamaged, dir, err)
	}
	// What was derived of the corpus is read, not found again: the
	// scans of every passage would cost more than the rest of opening.
	dv, err := readDerived(filepath.Join(dir, derivedFile))
	if err == nil && !dv.covers(c) {
		err = fmt.Errorf("%s does not describe the index's corpus", derivedFile)
	}
	var tc *termCounts
	if err == nil {
		tc, err = readTerms(filepath.Join(dir, termsFile))
	}
	if err == nil {
		ix, err = newIndex(c, b, m.BuiltAt, dir, dv, nil, tc)
	}
	if err == nil && !checked {
		err = s.check(ctx, ix)
	}
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("%w: %s: %v", ErrDamaged, dir, err)
	}
	return ix, nil
}

// sumFiles returns the size and checksum of every file under dir. A file
// that is the very file (a hard link) of the same name in the index
// folder linkedFrom ("" for none) keeps the checksum it was installed
// with there: it has not been written since.
func sumFiles(dir, linkedFrom string) (map[string]fileSum, error) {
	out := map[string]fileSum{}
	var prev map[string]fileSum
	if linkedFrom != "" {
		prev = previousSums(linkedFrom)
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if sum, ok := prev[filepath.ToSlash(rel)]; ok && sameFile(p, filepath.Join(linkedFrom, rel)) {
			out[filepath.ToSlash(rel)] = sum
			return nil
		}
		sum, err := sumFile(p, true)
		if err != nil {
			return err
		}
		out[filepath.ToSlash(rel)] = sum
		return nil
	})
	return out, err
}

// sameFile reports whether paths a and b are the same file.
func sameFile(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}

// sumFile checksums a file, syncing it to disk first when asked.
func sumFile(p string, sync bool) (fileSum, error) {
	f, err := os.Open(p)
	if err != nil {
		return fileSum{}, err
	}
	defer f.Close()
	if sync {
		if err := f.Sync(); err != nil {
			return fileSum{}, err
		}
	}
	h := crc32.New(castagnoli)
	n, err := io.Copy(h, f)
	if err != nil {
		return fileSum{}, err
	}
	return fileSum{Size: n, CRC32: h.Sum32()}, nil
}

// verifyFiles checks every file recorded at install.
func verifyFiles(dir string, files map[string]fileSum) error {
	if len(files) == 0 {
		return fmt.Errorf("%s lists no files (built by an older version)", metaFile)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		want := files[n]
		got, err := sumFile(filepath.Join(dir, filepath.FromSlash(n)), false)
		switch {
		case err != nil:
			return fmt.Errorf("file %s: %v", n, err)
		case got != want:
			return fmt.Errorf("file %s does not match its checksum", n)
		}
	}
	return nil
}

func writeSynced(p string, b []byte) error {
	f, err := os.Create(p)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// folders returns the names of the folders under Root that start with prefix.
func (s *Store) folders(prefix string) []string {
	entries, err := os.ReadDir(s.Root)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), prefix) {
			out = append(out, e.Name())
		}
	}
	return out
}

// removeAbandonedBuilds deletes build folders that no build holds the
// lock of: what a killed build left behind.
func (s *Store) removeAbandonedBuilds() {
	for _, n := range s.folders(buildPrefix) {
		p := filepath.Join(s.Root, n)
		unlock, ok := lockAbandoned(p)
		if !ok {
			continue // a build is running there
		}
		os.RemoveAll(p)
		unlock()
	}
}

// removeOtherVersions deletes the index folders of other corpus versions.
// A process still reading one keeps its open files.
func (s *Store) removeOtherVersions(keep string) {
	entries, err := os.ReadDir(s.Root)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() && n != keep && strings.Contains(n, "-m") && !strings.HasPrefix(n, buildPrefix) && !strings.HasPrefix(n, damagedPrefix) {
			os.RemoveAll(filepath.Join(s.Root, n))
		}
	}
}
