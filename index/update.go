// This file: a reindex in proportion to the change — the index of a
// corpus made from the index of an earlier one by changing only the
// documents that differ, on a copy, so that the earlier one serves
// untouched until the new one is installed.

package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"

	"mandatebot/corpus"
)

// Update returns the index of c, as Open does, making it from prev (an
// index of this store, of an earlier corpus) when few documents differ:
// prev's files are copied (its immutable segments linked, not copied),
// the copy's chunks of the documents removed or changed are deleted and
// those of the documents added or changed indexed, what was derived of
// the unchanged documents is kept, and the copy is checked and installed
// as Open installs a build. prev keeps serving meanwhile, and stays as it
// was if anything fails. When prev cannot be used so (in memory, of
// another store or version, most documents changed), or the update
// fails, c's index is built whole. built reports whether an index was
// made (updated or built).
func (s *Store) Update(ctx context.Context, prev *Index, c *corpus.Corpus) (ix *Index, built bool, err error) {
	ix, err = s.Find(ctx, c)
	if !errors.Is(err, ErrNotBuilt) {
		return ix, false, err
	}
	if !s.canUpdate(prev, c) {
		return s.Open(ctx, c, false)
	}
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	ix, err = s.update(ctx, prev, c)
	if err == nil || ctx.Err() != nil {
		return ix, err == nil, err
	}
	s.log().Warn("updating the index failed; building it whole", "err", err)
	return s.build(ctx, c, false)
}

// canUpdate reports whether c's index is best made from prev's.
func (s *Store) canUpdate(prev *Index, c *corpus.Corpus) bool {
	if prev == nil || prev.path == "" || prev.derived == nil || prev.terms == nil || filepath.Dir(filepath.Clean(prev.path)) != filepath.Clean(s.Root) {
		return false
	}
	gone, added := changedDocuments(prev.corpus, c)
	// Each changed document costs about what building it costs: past
	// half the corpus, building it whole costs less.
	return len(gone)+len(added) <= len(c.Documents)
}

// changedDocuments returns the documents of old that cur lacks or has
// changed, and those of cur that old lacks or had otherwise.
func changedDocuments(old, cur *corpus.Corpus) (gone, added []*corpus.Document) {
	for _, d := range old.Documents {
		if n := cur.Document(d.ID); n == nil || n.Hash != d.Hash {
			gone = append(gone, d)
		}
	}
	for _, d := range cur.Documents {
		if o := old.Document(d.ID); o == nil || o.Hash != d.Hash {
			added = append(added, d)
		}
	}
	return gone, added
}

// update makes c's index from prev's in a build folder and installs it.
func (s *Store) update(ctx context.Context, prev *Index, c *corpus.Corpus) (*Index, error) {
	if err := s.prepare(); err != nil {
		return nil, err
	}
	name, dir := s.dirFor(c)
	tmp, err := os.MkdirTemp(s.Root, buildPrefix)
	if err != nil {
		return nil, fmt.Errorf("index folder: %w", err)
	}
	defer os.RemoveAll(tmp)
	unlock, err := lockBuild(tmp)
	if err != nil {
		return nil, fmt.Errorf("lock build folder: %w", err)
	}
	defer unlock()
	bdir := filepath.Join(tmp, "index")
	if err := copyIndex(prev.path, bdir); err != nil {
		return nil, fmt.Errorf("copy index: %w", err)
	}
	b, err := bleve.OpenUsing(bdir, scorchConfig())
	if err != nil {
		return nil, fmt.Errorf("open the copy of the index: %w", err)
	}
	gone, added := changedDocuments(prev.corpus, c)
	if err := updateChunks(ctx, b, gone, added); err != nil {
		return nil, errors.Join(err, b.Close())
	}
	if err := mergeSmall(ctx, b); err != nil {
		return nil, errors.Join(err, b.Close())
	}
	voc := prev.vocabularyFor(ctx, c)
	ix, err := newIndex(c, b, time.Now(), bdir, derive(c, prev.derived), voc, prev.terms.updated(gone, added))
	if err != nil {
		return nil, errors.Join(err, b.Close())
	}
	if err := s.check(ctx, ix); err != nil {
		return nil, errors.Join(err, ix.Close())
	}
	if err := s.seal(ctx, ix, prev.path); err != nil {
		return nil, err
	}
	if err := s.rename(ctx, c, tmp, bdir, dir, false); err != nil {
		return nil, err
	}
	s.removeOtherVersions(name)
	ix, err = s.openDir(ctx, c, dir, true)
	if err != nil {
		return nil, fmt.Errorf("open the index just updated: %w", err)
	}
	s.updates.Add(1)
	s.useSemantic(ctx, ix)
	return ix, nil
}

// vocabularyFor returns the vocabulary of c, a corpus that differs from
// ix's by a few documents: ix's updated, or counted afresh.
func (ix *Index) vocabularyFor(ctx context.Context, c *corpus.Corpus) *vocabulary {
	if v, ok := ix.vocab(ctx); ok && v != nil {
		if nv := v.updated(ix.corpus, c, ix.analyze); nv != nil {
			return nv
		}
	}
	return newVocabulary(c, ix.analyze)
}

// updateChunks deletes the chunks of the documents gone (as they were)
// and indexes those of the documents added, in bounded batches.
func updateChunks(ctx context.Context, b bleve.Index, gone, added []*corpus.Document) error {
	batch := b.NewBatch()
	for _, d := range gone {
		for i := range d.Passages {
			p := &d.Passages[i]
			for j := range chunksOf(d, p) {
				batch.Delete(p.ID + chunkSep + strconv.Itoa(j))
			}
		}
	}
	if err := b.Batch(batch); err != nil {
		return fmt.Errorf("index batch: %w", err)
	}
	batch.Reset()
	return addDocuments(ctx, b, batch, added)
}

// mergeSmall rewrites each segment an update deleted chunks from without
// them (a deleted chunk's terms would otherwise stay in its segment's
// dictionary, so that the corpus would seem to still use the words of a
// document removed), then merges the small segments updates leave as
// the index's merge policy does (tieredMerges), so that updates do not
// pile up segments for every search to walk.
func mergeSmall(ctx context.Context, b bleve.Index) error {
	if err := forceMerge(ctx, b, reclaimMerges()); err != nil {
		return err
	}
	if err := forceMerge(ctx, b, tieredMerges()); err != nil {
		return err
	}
	// bleve's planner merges nothing in an index of one segment: a
	// small index whose update only deleted is built whole instead.
	if n, err := deletedChunks(b); err != nil || n > 0 {
		return errors.Join(err, fmt.Errorf("%d deleted chunks are left in the index's segments", n))
	}
	return nil
}

// deletedChunks counts the chunks deleted from b's segments but still in
// them.
func deletedChunks(b bleve.Index) (int64, error) {
	adv, err := b.Advanced()
	if err != nil {
		return 0, err
	}
	r, err := adv.Reader()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0, fmt.Errorf("not a scorch index")
	}
	n := int64(0)
	for _, s := range snap.Segments() {
		n += s.FullSize() - s.LiveSize()
	}
	return n, nil
}

// reclaimMerges plan one merge of each segment that has deleted chunks,
// alone, and no other.
func reclaimMerges() *mergeplan.MergePlanOptions {
	return &mergeplan.MergePlanOptions{
		MaxSegmentsPerTier: 1, MaxSegmentSize: mergeplan.MaxSegmentSizeLimit, TierGrowth: 1,
		SegmentsPerMergeTask: 1, FloorSegmentSize: 1,
		// Every segment is looked at (a budget of none), those with
		// deletions first; a segment without any is never a task.
		CalcBudget: func(int64, int64, *mergeplan.MergePlanOptions) int { return 0 },
		ScoreSegments: func(segs []mergeplan.Segment, _ *mergeplan.MergePlanOptions) float64 {
			if segs[0].LiveSize() < segs[0].FullSize() {
				return 0
			}
			return 1
		},
	}
}

// ownFiles are the files a Store writes in an index folder beside
// bleve's: an update writes them anew.
var ownFiles = map[string]bool{metaFile: true, corpusFile: true, derivedFile: true, vocabularyFile: true, termsFile: true}

// copyIndex copies bleve's files of the index in src to dst, linking the
// segments (bleve never writes to a segment file once written; it writes
// new ones and forgets old ones) and copying the rest.
func copyIndex(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(to, 0o755)
		case ownFiles[rel]:
			return nil
		case filepath.Ext(p) == ".zap":
			if os.Link(p, to) == nil {
				return nil
			}
		}
		return copyFile(p, to)
	})
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// previousSums returns the checksums the index in dir was installed
// with, for the files an update links rather than writes.
func previousSums(dir string) map[string]fileSum {
	mb, err := os.ReadFile(filepath.Join(dir, metaFile))
	if err != nil {
		return nil
	}
	var m meta
	if json.Unmarshal(mb, &m) != nil {
		return nil
	}
	return m.Files
}
