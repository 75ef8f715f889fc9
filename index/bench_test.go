package index

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"

	"mandatebot/corpus"
)

// benchQuestions reads the development questions, or the held-out ones
// when ../shared is not there.
func benchQuestions(b testing.TB) []string {
	b.Helper()
	var qs []string
	for _, path := range []string{"../../shared/eval/dev.jsonl", "../eval/testdata/heldout.jsonl"} {
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var q struct{ Q string }
			if json.Unmarshal(sc.Bytes(), &q) == nil && q.Q != "" {
				qs = append(qs, q.Q)
			}
		}
		f.Close()
		if len(qs) > 0 {
			return qs
		}
	}
	b.Fatal("no questions")
	return nil
}

// BenchmarkAsk is the whole answer to each development question in turn
// on the embedded corpus: search, grouping, best sentence, highlights and
// citations.
func BenchmarkAsk(b *testing.B) {
	ix := memIndex(b)
	qs := benchQuestions(b)
	ctx := context.Background()
	for _, q := range qs { // warm the analysis cache, as a running bot has
		ix.Search(ctx, Query{Text: q})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ix.Search(ctx, Query{Text: qs[i%len(qs)]}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuild indexes the embedded corpus in memory.
func BenchmarkBuild(b *testing.B) {
	c := shipped(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		ix, err := Build(context.Background(), c, "")
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
}

// Size of the synthetic corpus: documents of resolution length.
const (
	largeDocs       = 1000
	largeParagraphs = 30 // × 10 sentences × 20 words = 6,000 words a document
)

// syntheticCorpus makes n documents of about 6,000 words each from the
// embedded corpus's vocabulary. The text is word salad, not a real
// document: it only has the size and word frequencies of one.
func syntheticCorpus(tb testing.TB, n int) *corpus.Corpus {
	tb.Helper()
	var vocab []string
	for _, d := range shipped(tb).Documents {
		for _, p := range d.Passages {
			for _, w := range strings.Fields(p.Text) {
				if w = strings.Trim(w, ".,;:‘’“”()"); w != "" {
					vocab = append(vocab, w)
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	docs := make([]*corpus.Document, n)
	var sb strings.Builder
	for i := range docs {
		d := &corpus.Document{ID: fmt.Sprintf("synthetic-%04d", i), Title: fmt.Sprintf("Synthetic document %d", i), Kind: corpus.KindResolution, Hash: fmt.Sprint(i)}
		for p := 0; p < largeParagraphs; p++ {
			sb.Reset()
			for s := 0; s < 10; s++ {
				for w := 0; w < 20; w++ {
					word := vocab[rng.IntN(len(vocab))]
					if w == 0 {
						word = strings.ToUpper(word)
					}
					sb.WriteString(word)
					if w < 19 {
						sb.WriteByte(' ')
					}
				}
				sb.WriteString(". ")
			}
			d.Passages = append(d.Passages, corpus.Passage{
				ID: fmt.Sprintf("%s#op-%d", d.ID, p+1), DocID: d.ID, Label: fmt.Sprintf("op. %d", p+1), Text: strings.TrimSpace(sb.String()),
			})
		}
		docs[i] = d
	}
	return corpus.New(docs...)
}

// BenchmarkBuildLarge indexes 1,000 synthetic documents of resolution
// length into an index on disk.
func BenchmarkBuildLarge(b *testing.B) {
	c := syntheticCorpus(b, largeDocs)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		ix, err := Build(context.Background(), c, dir+"/index")
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
	b.ReportMetric(float64(largeDocs*b.N)/b.Elapsed().Seconds(), "docs/s")
}

var large struct {
	once sync.Once
	ix   *Index
	err  error
}

// BenchmarkAskLarge answers the development questions on the synthetic
// corpus.
func BenchmarkAskLarge(b *testing.B) {
	large.once.Do(func() {
		large.ix, large.err = Build(context.Background(), syntheticCorpus(b, largeDocs), b.TempDir()+"/index")
	})
	if large.err != nil {
		b.Fatal(large.err)
	}
	qs := benchQuestions(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := large.ix.Search(ctx, Query{Text: qs[i%len(qs)]}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/query")
}
