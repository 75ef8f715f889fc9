package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"mandatebot/corpus"
)

func TestLiveReindex(t *testing.T) {
	ix := memIndex(t)
	l := NewLive(ix, nil)
	ctx := context.Background()

	// A second reindex while one runs is refused at once.
	started, release := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		l.Reindex(ctx, func(context.Context) (*corpus.Corpus, error) {
			close(started)
			<-release
			return corpus.Load(context.Background(), "")
		})
	}()
	<-started
	if _, err := l.Reindex(ctx, func(context.Context) (*corpus.Corpus, error) { return corpus.Load(context.Background(), "") }); !errors.Is(err, ErrReindexRunning) {
		t.Errorf("second reindex: err = %v, want ErrReindexRunning", err)
	}
	// Searches go on meanwhile.
	if res, err := l.Search(ctx, Query{Text: "authorized strength"}); err != nil || len(res.Hits) == 0 {
		t.Errorf("search during a reindex: %v", err)
	}
	// ReindexAfter waits for the one under way (here, until its context
	// ends), and then builds.
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	if _, err := l.ReindexAfter(short, func(context.Context) (*corpus.Corpus, error) { return corpus.Load(context.Background(), "") }); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("ReindexAfter while one runs: err = %v, want it to wait until its deadline", err)
	}
	cancel()
	after := make(chan error, 1)
	go func() {
		_, err := l.ReindexAfter(ctx, func(context.Context) (*corpus.Corpus, error) { return corpus.Load(context.Background(), "") })
		after <- err
	}()
	close(release)
	wg.Wait()
	if err := <-after; err != nil {
		t.Errorf("ReindexAfter once the other finished: %v", err)
	}

	// A failed load leaves the index serving.
	before := l.BuiltAt()
	if _, err := l.Reindex(ctx, func(context.Context) (*corpus.Corpus, error) { return nil, errors.New("bad.md: broken") }); err == nil {
		t.Fatal("a failed load reindexed")
	}
	if l.BuiltAt() != before {
		t.Error("a failed reindex replaced the index")
	}

	// A new document is found after a reindex, and the change is counted.
	dir := t.TempDir()
	// Fictional document.
	os.WriteFile(filepath.Join(dir, "f.md"), []byte("---\nid: fictional\ntitle: Fictional\nkind: report\n---\n\nThe zeppelin of Ruritania.\n"), 0o644)
	ch, err := l.Reindex(ctx, func(context.Context) (*corpus.Corpus, error) { return corpus.Load(context.Background(), dir) })
	if err != nil || len(ch.DocumentsAdded) != 1 || ch.PassagesAdded != 1 {
		t.Fatalf("change = %+v, err %v", ch, err)
	}
	res, _ := l.Search(ctx, Query{Text: "zeppelin"})
	if len(res.Hits) == 0 || res.Hits[0].Document.ID != "fictional" {
		t.Error("the new document is not searched")
	}
	// A result carries the corpus it was searched on, whatever is served
	// after it.
	if res.Corpus != l.Corpus() || res.Corpus.Document("fictional") == nil {
		t.Error("the result does not carry the corpus it was searched on")
	}
	if _, err := l.Reindex(ctx, func(context.Context) (*corpus.Corpus, error) { return corpus.Load(context.Background(), "") }); err != nil {
		t.Fatal(err)
	}
	if res.Corpus == l.Corpus() || res.Corpus.Document("fictional") == nil || l.Corpus().Document("fictional") != nil {
		t.Error("a reindex changed the corpus of a result made before it")
	}
	l.Close()
	if _, err := l.Search(ctx, Query{Text: "zeppelin"}); !errors.Is(err, ErrClosed) {
		t.Errorf("search after Close: err = %v, want ErrClosed", err)
	}
}

func TestOperativeBeforePreambular(t *testing.T) {
	// A fictional resolution whose preambular and operative paragraphs
	// say the same words.
	src := "---\nid: fictional-res\ntitle: Fictional resolution\nkind: resolution\nsymbol: S/RES/9999 (2031)\n---\n\n" +
		"**pp. 1** Stressing the protection of civilians in Ruritania,\n\n" +
		"**op. 1** Decides the protection of civilians in Ruritania;\n"
	d, err := corpus.Parse("r.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	res, err := indexOf(t, corpus.New(d)).Search(context.Background(), Query{Text: "protection of civilians in Ruritania"})
	if err != nil || len(res.Hits) != 2 {
		t.Fatalf("hits %v, err %v", res, err)
	}
	if got := d.Citation(res.Hits[0].Passage); got != "S/RES/9999 (2031), op. 1" {
		t.Errorf("first hit %q, want the operative paragraph", got)
	}
}

func TestLiveCloseDuringReindex(t *testing.T) {
	l := NewLive(memIndex(t), nil)
	started, release := make(chan struct{}), make(chan struct{})
	errc := make(chan error, 1)
	go func() {
		_, err := l.Reindex(context.Background(), func(ctx context.Context) (*corpus.Corpus, error) {
			close(started)
			<-release
			return corpus.Load(ctx, "")
		})
		errc <- err
	}()
	<-started
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	close(release)
	if err := <-errc; !errors.Is(err, ErrClosed) {
		t.Errorf("reindex across Close: err = %v, want ErrClosed", err)
	}
	if _, err := l.Search(context.Background(), Query{Text: "mandate"}); !errors.Is(err, ErrClosed) {
		t.Errorf("search after Close: err = %v, want ErrClosed", err)
	}
	if _, err := l.Reindex(context.Background(), func(ctx context.Context) (*corpus.Corpus, error) { return corpus.Load(ctx, "") }); !errors.Is(err, ErrClosed) {
		t.Errorf("reindex after Close: err = %v, want ErrClosed", err)
	}
}

func TestLiveReindexWritesToStore(t *testing.T) {
	store, _ := newStore(t)
	ctx := context.Background()
	ix, _, err := store.Open(ctx, shipped(t), false)
	if err != nil {
		t.Fatal(err)
	}
	l := NewLive(ix, store)
	defer l.Close()
	dir := t.TempDir()
	// Fictional document.
	os.WriteFile(filepath.Join(dir, "f.md"), []byte("---\nid: fictional\ntitle: Fictional\nkind: report\n---\n\nThe zeppelin of Ruritania.\n"), 0o644)
	if _, err := l.Reindex(ctx, func(ctx context.Context) (*corpus.Corpus, error) { return corpus.Load(ctx, dir) }); err != nil {
		t.Fatal(err)
	}
	// One document added: the index served was updated, not rebuilt.
	if n := store.updates.Load(); n != 1 {
		t.Errorf("%d updates, want 1: the reindex built the index whole", n)
	}
	// A restart finds the reindexed version on disk and builds nothing.
	c, _ := corpus.Load(ctx, dir)
	ix2, built, err := store.Open(ctx, c, false)
	if err != nil || built {
		t.Fatalf("reopen after reindex: built=%v err=%v", built, err)
	}
	ix2.Close()
	if res, err := l.Search(ctx, Query{Text: "zeppelin"}); err != nil || len(res.Hits) == 0 {
		t.Errorf("search after reindex: %v", err)
	}
}

// A paragraph a later resolution keeps word for word is one hit, citing
// the later resolution (the one in force), with the earlier in Identical.
func TestIdenticalParagraphsAreOneHit(t *testing.T) {
	var docs []*corpus.Document
	for _, r := range []struct{ number, year string }{{"9998", "2031"}, {"9999", "2032"}} {
		// Fictional resolutions.
		src := "---\nid: s-res-" + r.number + "\ntitle: Fictional resolution\nkind: resolution\nsymbol: S/RES/" + r.number + " (" + r.year + ")\n---\n\n" +
			"**op. 1** Decides that the zeppelins of the fictional Ruritanian navy shall stay grounded in every harbour of the northern provinces;\n\n" +
			"**op. 2** Requests the Secretary-General to report on the zeppelins of resolution " + r.number + " every " + r.year + " days;\n"
		d, err := corpus.Parse(r.number+".md", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	res, err := indexOf(t, corpus.New(docs...)).Search(context.Background(), Query{Text: "zeppelins grounded in every harbour", Limit: 5})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("hits %v, err %v", res, err)
	}
	top := res.Hits[0]
	if top.Document.ID != "s-res-9999" || len(top.Identical) != 1 || top.Identical[0].DocID != "s-res-9998" {
		t.Errorf("top hit %s with identical %v; want s-res-9999's op. 1 citing s-res-9998's", top.Passage.ID, top.Identical)
	}
	for _, h := range res.Hits[1:] {
		if h.Passage.Label == "op. 1" {
			t.Errorf("op. 1 shown twice: %s", h.Passage.ID)
		}
	}
}
