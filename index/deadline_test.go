package index

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"mandatebot/corpus"
	"mandatebot/corpus/corpustest"
)

// withDocument is the embedded corpus and one more document, read from
// its stored form src.
func withDocument(t testing.TB, src []byte) *corpus.Corpus {
	t.Helper()
	d, err := corpus.Parse("extra.md", src)
	if err != nil {
		t.Fatal(err)
	}
	return corpus.New(append(shipped(t).Documents, d)...)
}

// TestSearchHonoursItsContext: a search whose deadline has passed stops
// with ErrTimeout (and context.DeadlineExceeded, which the pages read);
// one whose client left stops with context.Canceled; suggestions with
// no time left are left out rather than waited for (the vocabulary they
// need is made in the background meanwhile, for the next search); with
// time, the same question gets them.
func TestSearchHonoursItsContext(t *testing.T) {
	ix := memIndex(t)
	expired, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	_, err := ix.Search(expired, Query{Text: "how many helicopters does the mission have?"})
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("past its deadline: %v, want ErrTimeout", err)
	}
	left, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(left, Query{Text: "how many helicopters does the mission have?"}); !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Errorf("client gone: %v, want context.Canceled", err)
	}

	if got := ix.suggest(expired, "helicoptr", 5); got != nil {
		t.Errorf("suggestions with no time left: %q", got)
	}
	if got := ix.suggest(context.Background(), "helicoptr", 5); !slices.Contains(got, "helicopters") {
		t.Errorf("suggestions with time: %q, want helicopters among them", got)
	}
	if got := ix.suggest(expired, "helicoptr", 5); got != nil {
		t.Errorf("the vocabulary made, but no time left: %q", got)
	}
}

// TestSuggestionsBounded: however many words the corpus holds, the
// vocabulary keeps at most maxVocabulary, the words of the smaller
// documents first, so a document of random words neither takes the
// memory nor crowds out the corpus's own words.
func TestSuggestionsBounded(t *testing.T) {
	ix := indexOf(t, withDocument(t, corpustest.Vocabulary("random-words", maxVocabulary+20_000)))
	v, _ := ix.vocab(context.Background())
	if len(v.count) > maxVocabulary {
		t.Errorf("vocabulary of %d words, over %d", len(v.count), maxVocabulary)
	}
	for _, w := range []string{"helicopters", "peacekeepers", "reconciliation"} {
		if v.count[w] == 0 {
			t.Errorf("the corpus's own word %q was crowded out", w)
		}
	}
	if got := ix.suggest(context.Background(), "helicoptr", 5); !slices.Contains(got, "helicopters") {
		t.Errorf("suggestions: %q, want helicopters among them", got)
	}
}

// typos is a question of about 900 characters of made-up words of 8 to 11
// letters: each a typo to look up, the longest a question may ask.
func typos() string {
	rng := rand.New(rand.NewPCG(3, 4))
	var ws []string
	for len(strings.Join(ws, " ")) < 900 {
		var b strings.Builder
		for range 8 + rng.IntN(4) {
			b.WriteByte(byte('a' + rng.IntN(26)))
		}
		ws = append(ws, b.String())
	}
	return strings.Join(ws, " ")
}

// BenchmarkDeadline is issue #34's measure of deadlines: a weak question
// (about 900 characters of typos) with a 100 ms deadline, on the embedded
// corpus with a document of random words added (20,000 and 100,000 words,
// and 5 MB). It reports how long the first search after the index is
// built takes (first-ms: it makes the vocabulary suggestions read) and
// how long each later one takes (ms/search), deadline included.
func BenchmarkDeadline(b *testing.B) {
	for _, bm := range []struct {
		name string
		src  []byte
	}{
		{"words=20000", corpustest.Vocabulary("extra", 20_000)},
		{"words=100000", corpustest.Vocabulary("extra", 100_000)},
		{"5MB", corpustest.Vocabulary("extra", 5<<20/7)},
	} {
		b.Run(bm.name, func(b *testing.B) {
			ix, err := Build(context.Background(), withDocument(b, bm.src), "")
			if err != nil {
				b.Fatal(err)
			}
			defer ix.Close()
			q := Query{Text: typos()}
			search := func() time.Duration {
				ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
				defer cancel()
				start := time.Now()
				ix.Search(ctx, q)
				return time.Since(start)
			}
			first := search()
			time.Sleep(2 * time.Second) // let a vocabulary made in the background finish
			b.ResetTimer()
			var total time.Duration
			for b.Loop() {
				total += search()
			}
			b.ReportMetric(float64(first.Milliseconds()), "first-ms")
			b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/search")
		})
	}
}
