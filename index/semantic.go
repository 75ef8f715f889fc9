// This file: optional dense retrieval, fused with the lexical ranking.

package index

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"mandatebot/corpus"
)

// Embedder turns texts into unit-length vectors (see package embeddings).
// Name identifies the model, so vectors of two models are never mixed.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
	Name() string
}

// Semantic configures the optional semantic search: passages are embedded
// when an index is opened (only those the cache lacks), and each question
// when it is asked; the passages nearest to the question are fused with
// the lexical ranking. Whatever goes wrong with the service, the answer is
// the lexical one.
type Semantic struct {
	Embedder Embedder
	Timeout  time.Duration // for embedding a question; DefaultEmbedTimeout when 0
	Cache    *VectorCache  // may be nil: then every open embeds every passage
	Logger   *slog.Logger  // slog.Default() when nil
	// Fallbacks, when set, counts the questions answered lexically
	// because the embeddings service failed them (down, slow, wrong
	// answer), and the indexes opened without semantic search for it.
	Fallbacks *atomic.Int64
	// Questions, when given, guard the hybrid answers: when an index is
	// opened, lexical and hybrid retrieval are scored on them (Hit@1 and
	// MRR@10, a question's rank being that of the first passage
	// IsExpected recognises), the semantic ranking's weight in the
	// fusion is chosen on them, and hybrid is used only if it is not
	// worse than lexical on either measure. See SemanticCheck.
	Questions []GuardQuestion
}

// GuardQuestion is a question with how its right passage is recognised:
// texts it contains, or the passages it may be (see IsExpected).
type GuardQuestion struct {
	Q        string
	Expect   []string
	Passages []PassageRef
}

// PassageRef names a passage by its document's id and its label, as an
// evaluation question gives its right passage without quoting it:
// {"s-res-2164-2014", "op. 13(a)(ii)"}, {"nupi-policy-brief-19-2015",
// "Recommendation 4"}.
type PassageRef struct {
	Doc   string `json:"doc"`
	Label string `json:"label"`
}

// SemanticCheck is what the guard measured when an index was opened.
type SemanticCheck struct {
	Questions               int
	LexicalHit1, LexicalMRR float64
	HybridHit1, HybridMRR   float64 // with the weight chosen
	Weight                  float64 // of the semantic ranking in the fusion; the lexical one weighs 1
	Accepted                bool
}

// fellBack counts a fallback to the lexical answer.
func (s Semantic) fellBack() {
	if s.Fallbacks != nil {
		s.Fallbacks.Add(1)
	}
}

// DefaultEmbedTimeout bounds the wait for a question's vector.
const DefaultEmbedTimeout = 2 * time.Second

// Answer modes, as Result.Mode reports them.
const (
	ModeLexical = "lexical"
	ModeHybrid  = "hybrid"
)

// fusionK is reciprocal rank fusion's constant (Cormack et al. 2009): a
// passage scores 1/(fusionK+rank) in each ranking it is in.
const fusionK = 60

// fusionDepth is how deep each ranking is read for fusion.
const fusionDepth = 50

// semantic is an index's passage vectors.
type semantic struct {
	cfg    Semantic
	ids    []string // passage ids, in the order of vecs
	vecs   [][]float32
	weight float64 // of the semantic ranking in the fusion; 1 when unguarded
}

// UseSemantic embeds the passages of ix (those cfg.Cache does not hold)
// and turns on hybrid answers. On error ix stays lexical.
func (ix *Index) UseSemantic(ctx context.Context, cfg Semantic) error {
	if cfg.Embedder == nil {
		return errors.New("semantic search needs an embedder")
	}
	var ids, texts []string
	for _, d := range ix.corpus.Documents {
		for i := range d.Passages {
			ids = append(ids, d.Passages[i].ID)
			texts = append(texts, d.Passages[i].Text)
		}
	}
	keys := make([]string, len(texts))
	vecs := make([][]float32, len(texts))
	var missing []int
	for i, t := range texts {
		keys[i] = vectorKey(cfg.Embedder.Name(), t)
		if v, ok := cfg.Cache.get(keys[i]); ok {
			vecs[i] = v
		} else {
			missing = append(missing, i)
		}
	}
	if len(missing) > 0 {
		batch := make([]string, len(missing))
		for j, i := range missing {
			batch[j] = texts[i]
		}
		got, err := cfg.Embedder.Embed(ctx, batch)
		if err != nil {
			return fmt.Errorf("embed passages: %w", err)
		}
		if len(got) != len(batch) {
			return fmt.Errorf("embed passages: %d vectors for %d passages", len(got), len(batch))
		}
		for j, i := range missing {
			vecs[i] = got[j]
			cfg.Cache.put(keys[i], got[j])
		}
	}
	for _, v := range vecs {
		if len(v) != len(vecs[0]) {
			return fmt.Errorf("embed passages: vectors of %d and %d dimensions (the model changed?)", len(vecs[0]), len(v))
		}
	}
	if err := cfg.Cache.save(keys); err != nil {
		cfg.logger().Warn("could not save the passage vectors; they will be computed again", "err", err)
	}
	sem := &semantic{cfg: cfg, ids: ids, vecs: vecs, weight: 1}
	if len(cfg.Questions) > 0 {
		check, err := ix.checkSemantic(ctx, sem)
		if err != nil {
			return fmt.Errorf("check semantic search: %w", err)
		}
		ix.semanticCheck = &check
		cfg.logger().Info("semantic search checked on the shipped questions", "accepted", check.Accepted, "weight", check.Weight,
			"lexical_hit1", check.LexicalHit1, "lexical_mrr10", check.LexicalMRR, "hybrid_hit1", check.HybridHit1, "hybrid_mrr10", check.HybridMRR, "questions", check.Questions)
		if !check.Accepted {
			return nil // lexical answers: the model does not help on these documents
		}
		sem.weight = check.Weight
	}
	ix.semantic = sem
	return nil
}

// fusionWeights are the weights of the semantic ranking tried by the
// guard, lightest first: a model that helps only a little gets a light
// vote.
var fusionWeights = []float64{0.25, 0.5, 1}

// checkSemantic scores lexical and hybrid retrieval on the configured
// questions, with each fusion weight, and says which to use.
func (ix *Index) checkSemantic(ctx context.Context, sem *semantic) (SemanticCheck, error) {
	qs := sem.cfg.Questions
	texts := make([]string, len(qs))
	for i, q := range qs {
		texts[i] = q.Q
	}
	vs, err := sem.cfg.Embedder.Embed(ctx, texts)
	if err != nil {
		return SemanticCheck{}, err
	}
	if len(vs) != len(texts) {
		return SemanticCheck{}, fmt.Errorf("%d vectors for %d questions", len(vs), len(texts))
	}
	memo := map[string][]float32{}
	for i, t := range texts {
		memo[t] = vs[i]
	}
	score := func(s *semantic) (hit1, mrr float64, err error) {
		saved := ix.semantic
		ix.semantic = s
		defer func() { ix.semantic = saved }()
		for _, q := range qs {
			res, err := ix.Search(ctx, Query{Text: q.Q, Limit: 10})
			if err != nil {
				return 0, 0, err
			}
			for _, h := range res.Hits {
				if IsExpected(h.Passage, q.Expect, q.Passages) {
					if h.Rank == 1 {
						hit1++
					}
					mrr += 1 / float64(h.Rank)
					break
				}
			}
		}
		n := float64(len(qs))
		return hit1 / n, mrr / n, nil
	}
	check := SemanticCheck{Questions: len(qs)}
	if check.LexicalHit1, check.LexicalMRR, err = score(nil); err != nil {
		return check, err
	}
	cfg := sem.cfg
	cfg.Embedder = memoEmbedder{memo, sem.cfg.Embedder}
	for _, w := range fusionWeights {
		h1, mrr, err := score(&semantic{cfg: cfg, ids: sem.ids, vecs: sem.vecs, weight: w})
		if err != nil {
			return check, err
		}
		better := !check.Accepted || mrr > check.HybridMRR || mrr == check.HybridMRR && h1 > check.HybridHit1
		if h1 >= check.LexicalHit1 && mrr >= check.LexicalMRR && better {
			check.HybridHit1, check.HybridMRR, check.Weight, check.Accepted = h1, mrr, w, true
		}
		if !check.Accepted && w == fusionWeights[len(fusionWeights)-1] {
			check.HybridHit1, check.HybridMRR, check.Weight = h1, mrr, w // what was refused
		}
	}
	return check, nil
}

// SemanticCheck returns what the guard measured when semantic search was
// turned on, or nil when it was not checked.
func (ix *Index) SemanticCheck() *SemanticCheck { return ix.semanticCheck }

// memoEmbedder answers the texts it holds without asking the service.
type memoEmbedder struct {
	memo map[string][]float32
	Embedder
}

func (m memoEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	if len(texts) == 1 {
		if v, ok := m.memo[texts[0]]; ok {
			return [][]float32{v}, nil
		}
	}
	return m.Embedder.Embed(ctx, texts)
}

// IsExpected reports whether p is an evaluation question's right
// passage: it holds one of the expect texts (HoldsExpected), or it is one
// of passages, by document id and label. The guard and package eval
// recognise a right passage by this alone.
func IsExpected(p *corpus.Passage, expect []string, passages []PassageRef) bool {
	if HoldsExpected(p.Text, expect) {
		return true
	}
	return IsOneOf(p, passages)
}

// IsOneOf reports whether p is one of refs, by document id and label.
func IsOneOf(p *corpus.Passage, refs []PassageRef) bool {
	for _, r := range refs {
		if p.DocID == r.Doc && p.Label == r.Label {
			return true
		}
	}
	return false
}

// HoldsExpected reports whether text holds one of the expected
// substrings, spaces collapsed: how an evaluation question's right
// passage is recognised by its words (eval.Contains is this).
func HoldsExpected(text string, expect []string) bool {
	t := collapse(text)
	for _, e := range expect {
		if e = collapse(e); e != "" && strings.Contains(t, e) {
			return true
		}
	}
	return false
}

func (cfg Semantic) logger() *slog.Logger {
	if cfg.Logger != nil {
		return cfg.Logger
	}
	return slog.Default()
}

// vectorKey identifies a passage's vector: the model and the text's hash.
func vectorKey(model, text string) string {
	h := sha256.Sum256([]byte(text))
	return model + "\x00" + hex.EncodeToString(h[:])
}

// fuse merges the lexical hits with the passages nearest the question by
// reciprocal rank fusion. It returns the lexical hits unchanged, and
// false, when the question cannot be embedded in time.
func (ix *Index) fuse(ctx context.Context, question string, q Query, lexical []Hit, rc rankContext) ([]Hit, bool) {
	s := ix.semantic
	timeout := s.cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultEmbedTimeout
	}
	ectx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	vs, err := s.cfg.Embedder.Embed(ectx, []string{question})
	if err == nil && (len(vs) != 1 || len(s.vecs) > 0 && len(vs[0]) != len(s.vecs[0])) {
		err = fmt.Errorf("a question vector of the wrong size")
	}
	if err != nil {
		s.cfg.fellBack()
		s.cfg.logger().Warn("embeddings failed; answering lexically", "err", err)
		return lexical, false
	}
	qv := vs[0]
	type near struct {
		id  string
		sim float32
	}
	var ns []near
	for i, v := range s.vecs {
		p := ix.corpus.Passage(s.ids[i])
		if p == nil || !matchesFilter(ix.corpus, p, q) {
			continue
		}
		var dot float32
		for j := range v {
			dot += v[j] * qv[j]
		}
		ns = append(ns, near{s.ids[i], dot})
	}
	sort.SliceStable(ns, func(i, j int) bool { return ns[i].sim > ns[j].sim })
	ns = ns[:min(len(ns), fusionDepth)]

	score := map[string]float64{}
	byID := map[string]Hit{}
	for r, h := range lexical[:min(len(lexical), fusionDepth)] {
		score[h.Passage.ID] += 1 / float64(fusionK+r+1)
		byID[h.Passage.ID] = h
	}
	for r, n := range ns {
		score[n.id] += s.weight / float64(fusionK+r+1)
		if _, ok := byID[n.id]; !ok {
			p := ix.corpus.Passage(n.id)
			d := ix.corpus.Document(p.DocID)
			best, cov, matches := bestSentence(ix.analyzed(p), rc)
			byID[n.id] = Hit{Passage: p, Document: d, Matches: matches, Best: best, coverage: cov}
		}
	}
	out := make([]Hit, 0, len(byID))
	for id, h := range byID {
		h.Score = score[id] * fusionK // about 1 for a passage first in one ranking
		out = append(out, h)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Passage.ID < out[j].Passage.ID
	})
	return out, true
}

// matchesFilter reports whether p is in the document and of the kind q
// asks for.
func matchesFilter(c *corpus.Corpus, p *corpus.Passage, q Query) bool {
	if q.Source != "" && p.DocID != q.Source {
		return false
	}
	if q.Kind != "" {
		if d := c.Document(p.DocID); d == nil || d.Kind != q.Kind {
			return false
		}
	}
	return true
}

// VectorCache keeps passage vectors on disk between runs, by model and
// passage text, so a reindex embeds only the passages that changed. It
// holds only the vectors of the last corpus saved, so it does not grow.
type VectorCache struct {
	path string
	mu   sync.Mutex
	m    map[string][]float32
}

// OpenVectorCache reads the cache at path; a missing or unreadable file
// is an empty cache.
func OpenVectorCache(path string) *VectorCache {
	c := &VectorCache{path: path, m: map[string][]float32{}}
	f, err := os.Open(path)
	if err != nil {
		return c
	}
	defer f.Close()
	var m map[string][]float32
	if gob.NewDecoder(bufio.NewReader(f)).Decode(&m) == nil {
		c.m = m
	}
	return c
}

func (c *VectorCache) get(key string) ([]float32, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[key]
	return v, ok
}

func (c *VectorCache) put(key string, v []float32) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[key] = v
}

// save keeps the vectors of keep, and writes them atomically.
func (c *VectorCache) save(keep []string) error {
	if c == nil || c.path == "" {
		return nil
	}
	c.mu.Lock()
	m := make(map[string][]float32, len(keep))
	for _, k := range keep {
		if v, ok := c.m[k]; ok {
			m[k] = v
		}
	}
	c.m = m
	c.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(c.path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.path), ".vectors-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriter(tmp)
	if err := gob.NewEncoder(w).Encode(m); err != nil {
		tmp.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), c.path)
}
