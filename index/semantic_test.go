package index

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"mandatebot/corpus"
	"mandatebot/index/embeddings"
)

// fakeEmbeddings plays an OpenAI-compatible embeddings API on 127.0.0.1
// with a toy model: a text's vector counts its words, hashed into 64
// dimensions, after mapping a few words to the word the corpus uses (the
// way a real model puts synonyms near each other).
type fakeEmbeddings struct {
	srv      *httptest.Server
	mu       sync.Mutex
	requests int
	texts    int
	delay    func(input []string) time.Duration
	answer   func(w http.ResponseWriter, input []string) bool // true: answered
}

var (
	toySynonyms = map[string]string{"cops": "police", "cop": "police", "soldiers": "military"}
	toyStop     = map[string]bool{"the": true, "a": true, "are": true, "is": true, "there": true, "how": true, "many": true, "of": true, "to": true, "in": true, "and": true, "what": true}
)

func toyVector(text string) []float32 {
	v := make([]float32, 64)
	for _, w := range regexp.MustCompile(`\p{L}+`).FindAllString(strings.ToLower(text), -1) {
		if toyStop[w] {
			continue
		}
		if s, ok := toySynonyms[w]; ok {
			w = s
		}
		h := fnv.New32a()
		h.Write([]byte(w))
		v[h.Sum32()%64]++
	}
	return v
}

func newFakeEmbeddings(t *testing.T) *fakeEmbeddings {
	f := &fakeEmbeddings{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/embeddings" || r.Method != http.MethodPost {
			http.NotFound(w, r)
			return
		}
		var req struct {
			Model string   `json:"model"`
			Input []string `json:"input"`
		}
		json.NewDecoder(r.Body).Decode(&req)
		f.mu.Lock()
		f.requests++
		f.texts += len(req.Input)
		delay, answer := f.delay, f.answer
		f.mu.Unlock()
		if delay != nil {
			select {
			case <-time.After(delay(req.Input)):
			case <-r.Context().Done():
				return
			}
		}
		if answer != nil && answer(w, req.Input) {
			return
		}
		var data []map[string]any
		for i, in := range req.Input {
			data = append(data, map[string]any{"index": i, "embedding": toyVector(in)})
		}
		json.NewEncoder(w).Encode(map[string]any{"data": data})
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeEmbeddings) counts() (requests, texts int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests, f.texts
}

func (f *fakeEmbeddings) client(batch int) *embeddings.Client {
	return &embeddings.Client{URL: f.srv.URL, Model: "toy", BatchSize: batch}
}

func TestSemanticBatchesAndCaches(t *testing.T) {
	f := newFakeEmbeddings(t)
	cache := filepath.Join(t.TempDir(), "vectors.gob")
	ix := memIndex(t)
	n := ix.corpus.NumPassages()
	if err := ix.UseSemantic(context.Background(), Semantic{Embedder: f.client(8), Cache: OpenVectorCache(cache)}); err != nil {
		t.Fatal(err)
	}
	if req, texts := f.counts(); texts != n || req != (n+7)/8 {
		t.Errorf("%d requests for %d texts, want %d for %d", req, texts, (n+7)/8, n)
	}
	// Another index of the same corpus, as after a restart: nothing to embed.
	ix2 := memIndex(t)
	if err := ix2.UseSemantic(context.Background(), Semantic{Embedder: f.client(8), Cache: OpenVectorCache(cache)}); err != nil {
		t.Fatal(err)
	}
	if _, texts := f.counts(); texts != n {
		t.Errorf("the cached vectors were embedded again: %d texts, want %d", texts, n)
	}
	// Another model's vectors are not reused.
	other := &embeddings.Client{URL: f.srv.URL, Model: "other"}
	if err := ix2.UseSemantic(context.Background(), Semantic{Embedder: other, Cache: OpenVectorCache(cache)}); err != nil {
		t.Fatal(err)
	}
	if _, texts := f.counts(); texts != 2*n {
		t.Errorf("another model: %d texts embedded in all, want %d", texts, 2*n)
	}
}

func TestSemanticFusion(t *testing.T) {
	f := newFakeEmbeddings(t)
	ctx := context.Background()
	ix := memIndex(t)
	if err := ix.UseSemantic(ctx, Semantic{Embedder: f.client(0)}); err != nil {
		t.Fatal(err)
	}
	// "cops" is no word of the corpus: lexically nothing; the vectors
	// bridge it to the passages on police.
	q := Query{Text: "cops", Limit: 3}
	lexical, err := memIndex(t).Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	hybrid, err := ix.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if lexical.Mode != ModeLexical || len(lexical.Hits) != 0 {
		t.Errorf("lexical: mode %q, %d hits", lexical.Mode, len(lexical.Hits))
	}
	if hybrid.Mode != ModeHybrid || len(hybrid.Hits) == 0 || !strings.Contains(strings.ToLower(hybrid.Hits[0].Passage.Text), "police") {
		t.Fatalf("hybrid: mode %q, hits %+v", hybrid.Mode, hybrid.Hits)
	}
	// Fusion keeps what both rankings agree on first: a question both
	// answer keeps the lexical best passage on top.
	both := Query{Text: "What is MINUSMA's authorized strength?", Limit: 1}
	lex, _ := memIndex(t).Search(ctx, both)
	hyb, _ := ix.Search(ctx, both)
	if hyb.Hits[0].Passage.ID != lex.Hits[0].Passage.ID {
		t.Errorf("fusion moved the best answer: %s, was %s", hyb.Hits[0].Passage.ID, lex.Hits[0].Passage.ID)
	}
	// Source filters apply to the vectors too.
	if res, _ := ix.Search(ctx, Query{Text: "cops", Source: "no-such"}); res != nil {
		t.Error("an unknown source was searched")
	}
}

func TestSemanticFallsBack(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		setup func(f *fakeEmbeddings)
	}{
		{"slow", func(f *fakeEmbeddings) {
			f.delay = func(in []string) time.Duration {
				if len(in) == 1 {
					return 5 * time.Second // the question, not the passages
				}
				return 0
			}
		}},
		{"wrong dimensions", func(f *fakeEmbeddings) {
			f.answer = func(w http.ResponseWriter, in []string) bool {
				if len(in) != 1 {
					return false
				}
				json.NewEncoder(w).Encode(map[string]any{"data": []map[string]any{{"index": 0, "embedding": []float32{1, 2, 3}}}})
				return true
			}
		}},
		{"bad JSON", func(f *fakeEmbeddings) {
			f.answer = func(w http.ResponseWriter, in []string) bool {
				if len(in) != 1 {
					return false
				}
				w.Write([]byte(`{"data": [`))
				return true
			}
		}},
		{"down", func(f *fakeEmbeddings) {
			f.answer = func(w http.ResponseWriter, in []string) bool {
				if len(in) != 1 {
					return false
				}
				http.Error(w, "overloaded", http.StatusServiceUnavailable)
				return true
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeEmbeddings(t)
			ix := memIndex(t)
			var fallbacks atomic.Int64
			if err := ix.UseSemantic(ctx, Semantic{Embedder: f.client(0), Timeout: 300 * time.Millisecond, Fallbacks: &fallbacks}); err != nil {
				t.Fatal(err)
			}
			tt.setup(f)
			start := time.Now()
			res, err := ix.Search(ctx, Query{Text: "What is MINUSMA's authorized strength?", Limit: 1})
			if err != nil {
				t.Fatalf("the user got an error: %v", err)
			}
			if res.Mode != ModeLexical || len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Passage.Text, "12,640") {
				t.Errorf("mode %q, hits %d: want the lexical answer", res.Mode, len(res.Hits))
			}
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("took %v", took)
			}
			if fallbacks.Load() != 1 {
				t.Error("the fallback was not counted")
			}
		})
	}
}

func TestStoreSemanticServiceDown(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close() // nothing listens there
	store, logs := newStore(t)
	store.Semantic = &Semantic{Embedder: &embeddings.Client{URL: "http://" + addr, Model: "toy"}}
	ix, _, err := store.Open(context.Background(), shipped(t), false)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(context.Background(), Query{Text: "authorized strength"})
	if err != nil || res.Mode != ModeLexical || len(res.Hits) == 0 {
		t.Errorf("with the service down: %v, mode %q", err, res.Mode)
	}
	if !strings.Contains(logs.String(), "semantic search is off for this index") {
		t.Errorf("logs:\n%s", logs)
	}
}

// guardQuestions are the shipped evaluation questions, as the guard
// takes them.
func guardQuestions(t *testing.T) []GuardQuestion {
	t.Helper()
	b, err := os.ReadFile("../eval/testdata/dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var qs []GuardQuestion
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var q struct {
			Q      string
			Expect []string
		}
		if err := json.Unmarshal([]byte(line), &q); err != nil {
			t.Fatal(err)
		}
		qs = append(qs, GuardQuestion{Q: q.Q, Expect: q.Expect})
	}
	return qs
}

// The guard refuses a model that makes answers worse (noise), and then
// answers as the lexical index does; it accepts one that places each
// question near its right passage.
func TestSemanticGuard(t *testing.T) {
	ctx := context.Background()
	qs := guardQuestions(t)
	lexical := memIndex(t)
	passages := map[string]int{} // text → dimension
	for _, d := range lexical.corpus.Documents {
		for i := range d.Passages {
			passages[d.Passages[i].Text] = len(passages)
		}
	}
	dims := len(passages)
	oneHot := func(i int) []float32 { v := make([]float32, dims); v[i] = 1; return v }
	noise := func(text string) []float32 {
		h := fnv.New64a()
		h.Write([]byte(text))
		r := rand.New(rand.NewPCG(h.Sum64(), 1))
		v := make([]float32, dims)
		for i := range v {
			v[i] = float32(r.NormFloat64())
		}
		return v
	}
	aligned := func(text string) []float32 {
		if i, ok := passages[text]; ok {
			return oneHot(i)
		}
		for _, q := range qs {
			if q.Q == text {
				for p, i := range passages {
					if HoldsExpected(p, q.Expect) {
						return oneHot(i)
					}
				}
			}
		}
		return noise(text)
	}
	for _, tt := range []struct {
		name   string
		vector func(string) []float32
		accept bool
	}{{"noise", noise, false}, {"word hashing", toyVector, false}, {"aligned", aligned, true}} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeEmbeddings(t)
			f.answer = func(w http.ResponseWriter, in []string) bool {
				var data []map[string]any
				for i, s := range in {
					data = append(data, map[string]any{"index": i, "embedding": tt.vector(s)})
				}
				json.NewEncoder(w).Encode(map[string]any{"data": data})
				return true
			}
			ix := memIndex(t)
			if err := ix.UseSemantic(ctx, Semantic{Embedder: f.client(0), Questions: qs}); err != nil {
				t.Fatal(err)
			}
			check := ix.SemanticCheck()
			if check == nil || check.Accepted != tt.accept || check.Questions != len(qs) {
				t.Fatalf("check %+v, want accepted %v", check, tt.accept)
			}
			res, err := ix.Search(ctx, Query{Text: qs[0].Q, Limit: 3})
			if err != nil {
				t.Fatal(err)
			}
			want := ModeLexical
			if tt.accept {
				want = ModeHybrid
				if check.HybridMRR < check.LexicalMRR || check.HybridHit1 < check.LexicalHit1 {
					t.Errorf("accepted though worse: %+v", check)
				}
			} else {
				lex, _ := lexical.Search(ctx, Query{Text: qs[0].Q, Limit: 3})
				if len(lex.Hits) == 0 || res.Hits[0].Passage.ID != lex.Hits[0].Passage.ID {
					t.Error("a refused model changed the answer")
				}
			}
			if res.Mode != want {
				t.Errorf("mode %q, want %q (check %+v)", res.Mode, want, check)
			}
		})
	}
}

// IsExpected recognises a right passage by its words or by its document
// and label; the passages here are fictional.
func TestIsExpected(t *testing.T) {
	p := &corpus.Passage{DocID: "s-res-9999-2032", Label: "op. 4(a)(ii)", Text: "To protect  civilians under threat"}
	tests := []struct {
		name     string
		expect   []string
		passages []PassageRef
		want     bool
	}{
		{"words, spaces collapsed", []string{"protect civilians"}, nil, true},
		{"words it lacks", []string{"ceiling"}, nil, false},
		{"its document and label", nil, []PassageRef{{"s-res-9998-2031", "op. 4(a)(ii)"}, {"s-res-9999-2032", "op. 4(a)(ii)"}}, true},
		{"its label in another document", nil, []PassageRef{{"s-res-9998-2031", "op. 4(a)(ii)"}}, false},
		{"its parent's label", nil, []PassageRef{{"s-res-9999-2032", "op. 4(a)"}}, false},
		{"a label that only starts like it", nil, []PassageRef{{"s-res-9999-2032", "op. 4(a)(i)"}}, false},
		{"either", []string{"ceiling"}, []PassageRef{{"s-res-9999-2032", "op. 4(a)(ii)"}}, true},
		{"nothing expected", nil, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsExpected(p, tt.expect, tt.passages); got != tt.want {
				t.Errorf("IsExpected(%q, %v) = %v, want %v", tt.expect, tt.passages, got, tt.want)
			}
		})
	}
}

// The guard scores a question that names its right passage by document
// and label as it scores the same question quoting that passage's words.
func TestSemanticGuardByLabel(t *testing.T) {
	ctx := context.Background()
	byText := guardQuestions(t)
	c := shipped(t)
	var byLabel []GuardQuestion
	for _, q := range byText {
		var refs []PassageRef
		for _, d := range c.Documents {
			for _, p := range d.Passages {
				if HoldsExpected(p.Text, q.Expect) {
					refs = append(refs, PassageRef{Doc: p.DocID, Label: p.Label})
				}
			}
		}
		if len(refs) == 0 {
			t.Fatalf("no passage holds %q", q.Expect)
		}
		byLabel = append(byLabel, GuardQuestion{Q: q.Q, Passages: refs})
	}
	check := func(qs []GuardQuestion) SemanticCheck {
		f := newFakeEmbeddings(t)
		ix := memIndex(t)
		if err := ix.UseSemantic(ctx, Semantic{Embedder: f.client(0), Questions: qs}); err != nil {
			t.Fatal(err)
		}
		return *ix.SemanticCheck()
	}
	want := check(byText)
	if want.LexicalHit1 == 0 {
		t.Fatalf("the questions quoting their passages score nothing: %+v", want)
	}
	if diff := cmp.Diff(want, check(byLabel)); diff != "" {
		t.Errorf("check by label (-by text +by label):\n%s", diff)
	}
}
