package index

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"

	"mandatebot/corpus"
	"mandatebot/corpus/corpustest"
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

// BenchmarkBuildMemory builds an index on disk of about 16 MB of passage
// text and reports the peak resident size of the process while it builds
// (peak-MB, VmHWM, reset before the build), what the build added to it
// (build-MB), and that as a multiple of the text (build/text): of
// synthetic documents in the embedded corpus's words ("words"), and of
// one document of random words in sentences ("random") and on one line
// ("one-line", split into passages of MaxPassageBytes), nearly every
// word distinct, the costliest text to index (each distinct word is a
// term of the dictionary with its own postings). Linux only; run it alone
// (go test ./index -run XXX -bench BuildMemory -benchtime 1x), as the
// peak is the process's.
func BenchmarkBuildMemory(b *testing.B) {
	for _, bm := range []struct {
		name   string
		corpus func(testing.TB) *corpus.Corpus
	}{
		{"words", func(tb testing.TB) *corpus.Corpus { return syntheticCorpus(tb, 450) }},
		{"random", func(tb testing.TB) *corpus.Corpus {
			d, err := corpus.Parse("random.md", corpustest.Sentences("random", 16<<20))
			if err != nil {
				tb.Fatal(err)
			}
			return corpus.New(d)
		}},
		{"one-line", func(tb testing.TB) *corpus.Corpus {
			d, err := corpus.Parse("one-line.md", corpustest.OneLine("one-line", 16<<20))
			if err != nil {
				tb.Fatal(err)
			}
			return corpus.New(d)
		}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			c := bm.corpus(b)
			text := int64(0)
			for _, d := range c.Documents {
				text += d.TextBytes()
			}
			var peak, base int64
			for b.Loop() {
				runtime.GC()
				debug.FreeOSMemory()
				if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
					b.Skipf("cannot reset the peak resident size: %v", err)
				}
				base = status(b, "VmRSS")
				ix, err := Build(context.Background(), c, b.TempDir()+"/index")
				if err != nil {
					b.Fatal(err)
				}
				peak = status(b, "VmHWM")
				ix.Close()
			}
			b.ReportMetric(float64(text)/(1<<20), "text-MB")
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
			b.ReportMetric(float64(peak-base)/(1<<20), "build-MB")
			b.ReportMetric(float64(peak-base)/float64(text), "build/text")
		})
	}
}

// status reads a size in bytes from /proc/self/status ("VmHWM").
func status(tb testing.TB, field string) int64 {
	tb.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		tb.Skipf("no /proc/self/status: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				tb.Fatal(err)
			}
			return kb << 10
		}
	}
	tb.Skipf("no %s in /proc/self/status", field)
	return 0
}
