package index

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"mandatebot/corpus"
	"mandatebot/corpus/corpustest"
)

// indexView is what an index answers and knows, for comparing an updated
// index with one built whole.
type indexView struct {
	Chunks     uint64
	DF         map[string]float64 // each term's chunks: what ranking weighs terms by
	Context    map[string]float64 // the same of the context field
	BM25       any
	Defines    map[string]string
	Acronyms   []string
	Glossary   []string
	Vocabulary vocabularyView
	Renewals   storedRenewals
	Answers    map[string][]string
}

func viewIndex(t *testing.T, ix *Index, questions []string) indexView {
	t.Helper()
	n, err := ix.bleve.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	voc, ok := ix.vocab(context.Background())
	if !ok {
		t.Fatal("no vocabulary")
	}
	v := indexView{Chunks: n, DF: ix.df, Context: ix.terms.context, BM25: *ix.bm25, Defines: ix.defines, Acronyms: ix.glossary.acronyms, Glossary: ix.glossary.heads, Vocabulary: viewOf(voc), Renewals: storeRenewals(ix.renewals), Answers: map[string][]string{}}
	for _, q := range questions {
		res, err := ix.Search(context.Background(), Query{Text: q, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		v.Answers[q] = resultView(res)
	}
	return v
}

// TestStoreUpdate changes a few documents of an installed index's corpus
// and checks that the index Update makes from it is the one a whole build
// makes (the same chunks, definitions, acronyms, vocabulary and answers),
// that it was updated rather than built, that the index it was made from
// answers as before meanwhile, and that a restart finds the new one.
func TestStoreUpdate(t *testing.T) {
	ctx := context.Background()
	// Segments of a few hundred chunks, so that the index of a few
	// documents has several, as one of thousands has.
	defer func(n int64, m int) { maxSegmentChunks, maxBatchChunks = n, m }(maxSegmentChunks, maxBatchChunks)
	maxSegmentChunks, maxBatchChunks = 300, 100
	docs := generated(t, 36, 0, 1, 2, 3, 4)
	changed := generated(t, 99, 1)[0] // other words under document 1's id
	changed.ID = docs[1].ID
	base := shipped(t).Documents
	old := corpus.New(append(base, docs[0], docs[1], docs[2], docs[3])...)
	renewal, err := corpus.Load(ctx, "testdata/renewal")
	if err != nil {
		t.Fatal(err)
	}
	later := renewal.Document("s-res-9150-2032")
	var withoutLater []*corpus.Document
	for _, d := range renewal.Documents {
		if d != later {
			withoutLater = append(withoutLater, d)
		}
	}
	tests := []struct {
		name     string
		old, cur *corpus.Corpus
	}{
		{"a renewal added", corpus.New(append(withoutLater, docs[0], docs[2])...), corpus.New(append(renewal.Documents, docs[0], docs[2])...)},
		{"a renewal removed", corpus.New(append(renewal.Documents, docs[0], docs[2])...), corpus.New(append(withoutLater, docs[0], docs[2])...)},
		{"one added", old, corpus.New(append(base, docs...)...)},
		{"one removed", old, corpus.New(append(base, docs[1], docs[2], docs[3])...)},
		{"one changed", old, corpus.New(append(base, docs[0], changed, docs[2], docs[3])...)},
		{"added, removed and changed", old, corpus.New(append(base, changed, docs[2], docs[3], docs[4])...)},
	}
	// Questions whose answers have no ties that bleve might order
	// otherwise in another index (generated text ties often).
	questions := []string{"what is MINUSMA?", "what are TCCs", "reconcilation", "Serval Barkhane",
		"This text holds the word " + corpustest.MarkerWord(0), corpustest.MarkerWord(4), corpustest.MarkerWord(1) + " " + corpustest.MarkerWord(2),
		"Is MINUFIC a Chapter VII mission?", "what did the renewal drop?"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store, logs := newStore(t)
			prev, _, err := store.Open(ctx, tt.old, false)
			if err != nil {
				t.Fatal(err)
			}
			defer prev.Close()
			before := viewIndex(t, prev, questions)

			ix, built, err := store.Update(ctx, prev, tt.cur)
			if err != nil || !built {
				t.Fatalf("update: built %v, err %v\n%s", built, err, logs)
			}
			defer ix.Close()
			if n := store.updates.Load(); n != 1 {
				t.Errorf("%d updates, want 1: the index was built whole\n%s", n, logs)
			}
			whole, err := Build(ctx, tt.cur, "")
			if err != nil {
				t.Fatal(err)
			}
			defer whole.Close()
			if diff := cmp.Diff(viewIndex(t, whole, questions), viewIndex(t, ix, questions)); diff != "" {
				t.Errorf("updated index (-built whole +updated):\n%s\n%s", diff, logs)
			}
			if diff := cmp.Diff(before, viewIndex(t, prev, questions)); diff != "" {
				t.Errorf("the index updated from changed (-before +after):\n%s", diff)
			}
			again, built, err := store.Open(ctx, tt.cur, false)
			if err != nil || built {
				t.Fatalf("reopen: built %v, err %v", built, err)
			}
			again.Close()
			if got := store.folders(buildPrefix); len(got) != 0 {
				t.Errorf("the update left %v", got)
			}
		})
	}
}

// TestStoreUpdateFails: an update that cannot finish (cancelled) leaves
// the index it started from serving and nothing behind; one whose base is
// unusable (its folder gone) builds whole instead.
func TestStoreUpdateFails(t *testing.T) {
	docs := generated(t, 36, 0, 1)
	base := shipped(t).Documents
	old, cur := corpus.New(append(base, docs[0])...), corpus.New(append(base, docs...)...)

	t.Run("cancelled", func(t *testing.T) {
		store, _ := newStore(t)
		prev, _, err := store.Open(context.Background(), old, false)
		if err != nil {
			t.Fatal(err)
		}
		defer prev.Close()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, _, err := store.Update(ctx, prev, cur); !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		if res, err := prev.Search(context.Background(), Query{Text: corpustest.MarkerWord(0)}); err != nil || len(res.Hits) == 0 {
			t.Errorf("the index updated from does not answer: %v", err)
		}
		if got := store.folders(buildPrefix); len(got) != 0 {
			t.Errorf("a cancelled update left %v", got)
		}
	})
	t.Run("base gone", func(t *testing.T) {
		store, logs := newStore(t)
		prev, _, err := store.Open(context.Background(), old, false)
		if err != nil {
			t.Fatal(err)
		}
		defer prev.Close()
		os.RemoveAll(prev.Path())
		ix, built, err := store.Update(context.Background(), prev, cur)
		if err != nil || !built {
			t.Fatalf("built %v, err %v", built, err)
		}
		defer ix.Close()
		if res, err := ix.Search(context.Background(), Query{Text: corpustest.MarkerWord(1)}); err != nil || len(res.Hits) == 0 {
			t.Errorf("the index built whole does not answer: %v", err)
		}
		if !strings.Contains(logs.String(), "building it whole") {
			t.Errorf("the failed update was not logged:\n%s", logs)
		}
	})
}

// TestOpenUpdatesTheNewest: the command line opening the index of a
// corpus one document larger than the index on disk updates that one.
func TestOpenUpdatesTheNewest(t *testing.T) {
	ctx := context.Background()
	docs := generated(t, 36, 0, 1)
	base := shipped(t).Documents
	store, _ := newStore(t)
	installed(t, store, corpus.New(append(base, docs[0])...))
	ix, built, err := store.Open(ctx, corpus.New(append(base, docs...)...), false)
	if err != nil || !built {
		t.Fatalf("built %v, err %v", built, err)
	}
	defer ix.Close()
	if n := store.updates.Load(); n != 1 {
		t.Errorf("%d updates, want 1", n)
	}
	for i := range docs {
		if res, err := ix.Search(ctx, Query{Text: corpustest.MarkerWord(i)}); err != nil || len(res.Hits) == 0 || res.Hits[0].Document.ID != docs[i].ID {
			t.Errorf("%s: %v %v", corpustest.MarkerWord(i), res, err)
		}
	}
	if entries, _ := os.ReadDir(store.Root); len(entries) != 1 {
		t.Errorf("index folder holds %v, want the new index alone", entries)
	}
}
