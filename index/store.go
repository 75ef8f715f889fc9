package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"

	"mandatebot/corpus"
)

// metaFile sits in each index folder and says which corpus it was built
// from. It is written last, so a folder without it is an unfinished build.
const metaFile = "mandatebot.json"

type meta struct {
	Fingerprint    string    `json:"fingerprint"`
	MappingVersion string    `json:"mapping_version"`
	BuiltAt        time.Time `json:"built_at"`
	Passages       int       `json:"passages"`
}

// OpenOrBuild returns the index of c kept under root, building it if root
// holds none for this exact corpus (or force is set). Each corpus version
// has its own folder, named by its fingerprint; a build is written to a
// temporary folder and renamed into place, so a reader never sees a
// half-built index and a stale index is never served. built reports
// whether a build happened.
func OpenOrBuild(c *corpus.Corpus, root string, force bool) (ix *Index, built bool, err error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, false, fmt.Errorf("index folder: %w", err)
	}
	name := c.Fingerprint()[:24] + "-m" + mappingVersion
	dir := filepath.Join(root, name)
	if !force {
		if ix, err := openDir(c, dir); err == nil {
			return ix, false, nil
		}
	}
	tmp, err := os.MkdirTemp(root, "build-")
	if err != nil {
		return nil, false, fmt.Errorf("index folder: %w", err)
	}
	defer os.RemoveAll(tmp) // gone after the rename; cleans up after a failure
	bdir := filepath.Join(tmp, "index")
	b, err := Build(c, bdir)
	if err != nil {
		return nil, false, err
	}
	if err := b.check(); err != nil {
		return nil, false, errors.Join(err, b.Close())
	}
	builtAt := b.builtAt
	if err := b.Close(); err != nil {
		return nil, false, fmt.Errorf("write index: %w", err)
	}
	m := meta{Fingerprint: c.Fingerprint(), MappingVersion: mappingVersion, BuiltAt: builtAt, Passages: c.NumPassages()}
	mb, _ := json.MarshalIndent(m, "", "  ")
	if err := os.WriteFile(filepath.Join(bdir, metaFile), mb, 0o644); err != nil {
		return nil, false, fmt.Errorf("write index: %w", err)
	}
	if force {
		// Move the old version aside first; rename cannot replace a
		// folder that has files in it.
		if _, err := os.Stat(dir); err == nil {
			old := filepath.Join(tmp, "old")
			if err := os.Rename(dir, old); err != nil {
				return nil, false, fmt.Errorf("replace index: %w", err)
			}
		}
	}
	if err := os.Rename(bdir, dir); err != nil {
		// Another process may have built the same version meanwhile.
		if ix, oerr := openDir(c, dir); oerr == nil {
			return ix, true, nil
		}
		return nil, false, fmt.Errorf("install index: %w", err)
	}
	removeOtherVersions(root, name)
	ix, err = openDir(c, dir)
	if err != nil {
		return nil, false, err
	}
	return ix, true, nil
}

// openDir opens the index in dir read-only if it was built from c.
func openDir(c *corpus.Corpus, dir string) (*Index, error) {
	mb, err := os.ReadFile(filepath.Join(dir, metaFile))
	if err != nil {
		return nil, err
	}
	var m meta
	if err := json.Unmarshal(mb, &m); err != nil {
		return nil, fmt.Errorf("index meta %s: %w", dir, err)
	}
	if m.Fingerprint != c.Fingerprint() || m.MappingVersion != mappingVersion {
		return nil, fmt.Errorf("index %s was built from another corpus", dir)
	}
	b, err := bleve.OpenUsing(dir, map[string]interface{}{"read_only": true})
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	ix, err := newIndex(c, b, m.BuiltAt, dir)
	if err != nil {
		return nil, errors.Join(err, b.Close())
	}
	if err := ix.check(); err != nil {
		return nil, errors.Join(err, b.Close())
	}
	return ix, nil
}

// removeOtherVersions deletes index folders of other corpus versions and
// builds left behind by a crash. A process still reading one keeps its
// open files.
func removeOtherVersions(root, keep string) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() || n == keep {
			continue
		}
		if strings.Contains(n, "-m") || strings.HasPrefix(n, "build-") {
			if info, err := e.Info(); err == nil && strings.HasPrefix(n, "build-") && time.Since(info.ModTime()) < time.Hour {
				continue // another process may be building right now
			}
			os.RemoveAll(filepath.Join(root, n))
		}
	}
}
