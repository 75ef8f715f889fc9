package corpus

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// cacheVersion changes whenever Parse would read the same files
// differently, so a cache written by an older binary is not used.
const cacheVersion = "corpus-cache-4"

// cached opens the body of a cache file; its Documents documents follow,
// each encoded on its own (gob encodes a value whole in memory before
// writing it: the corpus as one value would be copied whole).
type cached struct {
	Key       string
	Documents int
	Warnings  []string
}

// cacheKey identifies the files a corpus is read from by their bytes: the
// shipped documents' and each folder file's (name and content hash), so
// that a document edited in place with the same size and modification
// time is read again. Reading a corpus folder's few MB to hash them costs
// milliseconds; parsing them again costs far more.
func cacheKey(files []diskFile) string {
	return filesKey(files, func(f diskFile) string {
		b, err := os.ReadFile(f.path)
		if err != nil {
			return "unreadable: " + err.Error()
		}
		return fmt.Sprintf("%x", sha256.Sum256(b))
	})
}

// stampKey identifies the files by the folder's names, sizes and
// modification times alone, without reading them: cheap enough to poll.
func stampKey(files []diskFile) string {
	return filesKey(files, func(f diskFile) string { return fmt.Sprintf("%d %d", f.size, f.modTime) })
}

func filesKey(files []diskFile, id func(diskFile) string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n", cacheVersion)
	fs.WalkDir(Shipped(), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(Shipped(), p)
			sum := sha256.Sum256(b)
			fmt.Fprintf(h, "embedded %s %x\n", p, sum)
		}
		return nil
	})
	for _, f := range files {
		fmt.Fprintf(h, "file %q %q %s\n", f.name, f.path, id(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// cacheMagic starts a cache file. The key follows on a line of its own
// with its SHA-256, so that a cache of other files is told apart (and not
// decoded) at once; then the SHA-256 of the rest, the gob-encoded corpus,
// so that a damaged cache (a flipped byte that still decodes: a URL
// changed) is never served. The body is hashed as it is read and
// written, never held whole in memory beside the corpus it encodes.
const cacheMagic = "mandatebot corpus cache 2\n"

// oldCacheMagic started the caches of earlier versions: replaced quietly.
const oldCacheMagic = "mandatebot corpus cache\n"

// maxCacheKey bounds the key line.
const maxCacheKey = 512

// readCache returns the cached corpus if the cache file holds one for key.
// Any problem with the file means no cache: the corpus is parsed again.
// why says what was wrong with a file that is there but damaged ("" for
// none there, or one for other files).
func readCache(path, key string) (c *Corpus, why string) {
	defer func() {
		if p := recover(); p != nil {
			c, why = nil, fmt.Sprintf("decoding it failed: %v", p)
		}
	}()
	f, err := os.Open(path)
	if err != nil {
		return nil, ""
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	magic := make([]byte, len(cacheMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != cacheMagic {
		if bytes.HasPrefix(magic, []byte(oldCacheMagic)) {
			return nil, "" // an earlier version's
		}
		return nil, "not a corpus cache of this version"
	}
	line, err := r.ReadSlice('\n')
	if err != nil || len(line) > maxCacheKey {
		return nil, "its key is unreadable"
	}
	var sums [2 * sha256.Size]byte
	if _, err := io.ReadFull(r, sums[:]); err != nil {
		return nil, "it is cut short"
	}
	if got := sha256.Sum256(line); !bytes.Equal(got[:], sums[:sha256.Size]) {
		return nil, "its key does not match its checksum"
	}
	if string(line[:len(line)-1]) != key {
		return nil, "" // for other files: not damage
	}
	h := sha256.New()
	dec := gob.NewDecoder(io.TeeReader(r, h))
	var v cached
	if err := dec.Decode(&v); err != nil {
		return nil, "it does not decode: " + err.Error()
	}
	if v.Documents < 0 || v.Documents > maxDocuments {
		return nil, fmt.Sprintf("it claims %d documents", v.Documents)
	}
	docs := make([]*Document, 0, min(v.Documents, 1024))
	for range v.Documents {
		d := &Document{}
		if err := dec.Decode(d); err != nil {
			return nil, "it does not decode: " + err.Error()
		}
		docs = append(docs, d)
	}
	if _, err := io.Copy(h, r); err != nil { // anything after the body counts too
		return nil, "it does not read: " + err.Error()
	}
	if !bytes.Equal(h.Sum(nil), sums[sha256.Size:]) {
		return nil, "its checksum does not match its content"
	}
	for _, d := range docs {
		d.indexLabels() // not kept in the cache
	}
	c = New(docs...)
	c.Warnings = v.Warnings
	return c, ""
}

// maxDocuments bounds the documents a cache file may claim to hold.
const maxDocuments = 1 << 20

// WriteSnapshot writes c to path in the cache's form, checksummed: the
// corpus an index on disk was built from, kept beside it so that the
// index can be served again (ReadSnapshot) before the corpus's files are
// read, or when they have changed since.
func WriteSnapshot(path string, c *Corpus) error {
	return writeCache(path, snapshotKey(c.Fingerprint()), c)
}

// ReadSnapshot reads the corpus WriteSnapshot wrote to path, which must
// have the given fingerprint.
func ReadSnapshot(path, fingerprint string) (*Corpus, error) {
	c, why := readCache(path, snapshotKey(fingerprint))
	switch {
	case c == nil && why == "":
		return nil, fmt.Errorf("corpus snapshot %s: not there, or of another corpus", path)
	case c == nil:
		return nil, fmt.Errorf("corpus snapshot %s: %s", path, why)
	case c.Fingerprint() != fingerprint:
		return nil, fmt.Errorf("corpus snapshot %s: holds another corpus", path)
	}
	return c, nil
}

func snapshotKey(fingerprint string) string { return cacheVersion + " snapshot " + fingerprint }

// writeCache replaces the cache file atomically.
func writeCache(path, key string, c *Corpus) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".corpus-cache-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	line := []byte(key + "\n")
	keySum := sha256.Sum256(line)
	w := bufio.NewWriterSize(tmp, 1<<20)
	w.WriteString(cacheMagic)
	w.Write(line)
	w.Write(keySum[:])
	w.Write(make([]byte, sha256.Size)) // the body's, written once known
	bodyAt := int64(len(cacheMagic) + len(line) + 2*sha256.Size)
	h := sha256.New()
	enc := gob.NewEncoder(io.MultiWriter(w, h))
	err = enc.Encode(cached{Key: key, Documents: len(c.Documents), Warnings: c.Warnings})
	for _, d := range c.Documents {
		if err != nil {
			break
		}
		err = enc.Encode(d)
	}
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		_, err = tmp.WriteAt(h.Sum(nil), bodyAt-sha256.Size)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
