package corpus

import (
	"bufio"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// cacheVersion changes whenever Parse would read the same files
// differently, so a cache written by an older binary is not used.
const cacheVersion = "corpus-cache-1"

// cached is what the cache file holds.
type cached struct {
	Key       string
	Documents []*Document
	Warnings  []string
}

// cacheKey identifies the files a corpus is read from without reading the
// folder's documents: the shipped documents' bytes (they are in memory)
// and each folder file's name, size and modification time.
func cacheKey(files []diskFile) string {
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
		fmt.Fprintf(h, "file %q %q %d %d\n", f.name, f.path, f.size, f.modTime)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// readCache returns the cached corpus if the cache file holds one for key.
// Any problem with the file means no cache: the corpus is parsed again.
func readCache(path, key string) (c *Corpus) {
	defer func() {
		if recover() != nil {
			c = nil
		}
	}()
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var v cached
	if err := gob.NewDecoder(bufio.NewReader(f)).Decode(&v); err != nil || v.Key != key {
		return nil
	}
	c = New(v.Documents...)
	c.Warnings = v.Warnings
	return c
}

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
	w := bufio.NewWriter(tmp)
	err = gob.NewEncoder(w).Encode(cached{Key: key, Documents: c.Documents, Warnings: c.Warnings})
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
