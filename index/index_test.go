package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mandatebot/corpus"
)

func shipped(t testing.TB) *corpus.Corpus {
	t.Helper()
	c, err := corpus.Load(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// memIndex indexes the embedded corpus in memory.
func memIndex(t testing.TB) *Index { return indexOf(t, shipped(t)) }

// indexOf indexes c in memory, closed when the test ends. (Tests of other
// packages use indextest, which this package cannot import.)
func indexOf(t testing.TB, c *corpus.Corpus) *Index {
	t.Helper()
	ix, err := Build(context.Background(), c, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func TestSearchFindsThePassage(t *testing.T) {
	ix := memIndex(t)
	tests := []struct {
		q, want  string
		footnote int
	}{
		{"What is the authorized strength of uniformed personnel?", "12,640 uniformed personnel", 9},
		// The question's words are in footnote 11's text, not the passage's.
		{"CMA rejected the peace deal", "one of the most complex settings", 11},
		{"Serval Barkhane", "‘Serval’ and ‘Barkhane’", 12},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Query{Text: tt.q})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) == 0 {
				t.Fatal("no hits")
			}
			top := res.Hits[0]
			if !strings.Contains(top.Passage.Text, tt.want) {
				t.Errorf("top hit %s does not contain %q", top.Passage.ID, tt.want)
			}
			if !slices.ContainsFunc(top.Footnotes, func(f corpus.Footnote) bool { return f.Number == tt.footnote }) {
				t.Errorf("top hit cites %v, want footnote %d", top.Passage.Footnotes, tt.footnote)
			}
			if top.Rank != 1 || top.Document == nil || top.Document.ID != top.Passage.DocID {
				t.Errorf("hit = rank %d, doc %v", top.Rank, top.Document)
			}
		})
	}
}

func TestSearchHighlightsMatchedWords(t *testing.T) {
	ix := memIndex(t)
	res, err := ix.Search(context.Background(), Query{Text: "Timbuktu", Limit: 1})
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("hits %v, err %v", res, err)
	}
	h := res.Hits[0]
	var got []string
	for _, s := range h.Matches {
		got = append(got, h.Passage.Text[s.Start:s.End])
	}
	if !slices.Equal(got, []string{"Timbuktu"}) {
		t.Errorf("matches = %q, want [Timbuktu]", got)
	}
}

func TestSearchUserInput(t *testing.T) {
	ix := memIndex(t)
	ctx := context.Background()
	tests := []struct {
		name string
		q    Query
		err  error
	}{
		{"empty", Query{Text: "  \t "}, ErrEmptyQuery},
		{"too long", Query{Text: strings.Repeat("a ", MaxQueryLen)}, ErrQueryTooLong},
		{"unknown source", Query{Text: "mandate", Source: "no-such-doc"}, ErrUnknownSource},
		{"query syntax is text", Query{Text: `+foo -bar field:x /.*a.*b.*/ "unclosed`}, nil},
		{"only stop words", Query{Text: "the of and"}, nil},
		{"invalid utf-8", Query{Text: "\xff\xfe"}, ErrInvalidText},
		{"huge limit is capped", Query{Text: "mission", Limit: 1000}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(ctx, tt.q)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if err == nil && len(res.Hits) > MaxLimit {
				t.Errorf("%d hits, more than %d", len(res.Hits), MaxLimit)
			}
		})
	}
}

func TestSearchFiltersAndPages(t *testing.T) {
	dir := t.TempDir()
	// A fictional document, to have a second one to filter on.
	src := "---\nid: fictional\ntitle: Fictional notes\nkind: report\n---\n\nThe mandate of the fictional mission in Ruritania.\n"
	if err := os.WriteFile(filepath.Join(dir, "f.md"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := corpus.Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	ix := indexOf(t, c)
	ctx := context.Background()
	for _, q := range []Query{{Text: "mandate", Source: "fictional"}, {Text: "mandate", Kind: corpus.KindReport}} {
		res, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 || res.Hits[0].Document.ID != "fictional" {
			t.Errorf("%+v: hits %d", q, len(res.Hits))
		}
	}
	all, _ := ix.Search(ctx, Query{Text: "mandate", Limit: 4})
	next, _ := ix.Search(ctx, Query{Text: "mandate", Limit: 4, Offset: 4})
	if len(next.Hits) == 0 || next.Hits[0].Rank != 5 || next.Hits[0].Passage.ID == all.Hits[0].Passage.ID {
		t.Errorf("second page starts with %+v", next.Hits)
	}
}

func TestStoreOpen(t *testing.T) {
	ctx := context.Background()
	store := &Store{Root: t.TempDir()}
	c := shipped(t)
	ix, built, err := store.Open(ctx, c, false)
	if err != nil || !built {
		t.Fatalf("first: built=%v err=%v", built, err)
	}
	ix.Close()
	ix, built, err = store.Open(ctx, c, false)
	if err != nil || built {
		t.Fatalf("second: built=%v err=%v, want the index on disk reused", built, err)
	}
	res, err := ix.Search(ctx, Query{Text: "authorized strength"})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("search the reopened index: %v", err)
	}
	ix.Close()

	// A changed corpus gets a new index; the old one is removed.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "f.md"), []byte("---\nid: fictional\ntitle: Fictional\nkind: report\n---\n\nText.\n"), 0o644)
	c2, _ := corpus.Load(ctx, dir)
	ix2, built, err := store.Open(ctx, c2, false)
	if err != nil || !built {
		t.Fatalf("changed corpus: built=%v err=%v", built, err)
	}
	defer ix2.Close()
	if n, _ := ix2.bleve.DocCount(); int(n) != derive(c2, nil).chunks() {
		t.Errorf("index holds %d chunks, want %d", n, derive(c2, nil).chunks())
	}
	entries, _ := os.ReadDir(store.Root)
	if len(entries) != 1 {
		t.Errorf("index folder holds %d entries, want 1", len(entries))
	}

	// A folder without its meta file (an interrupted build) is not used.
	os.Remove(filepath.Join(ix2.Path(), metaFile))
	if _, err := (&Store{}).openDir(ctx, c2, ix2.Path(), false); err == nil {
		t.Error("opened an index without its meta file")
	}
}

func TestHugeOffset(t *testing.T) {
	// A crafted "More results" button once asked for this page.
	res, err := memIndex(t).Search(context.Background(), Query{Text: "mandate", Offset: 9223372036854775807, Limit: 5})
	if err != nil || len(res.Hits) != 0 {
		t.Errorf("hits %v, err %v", res, err)
	}
}

// A failure to make the French glossary is not kept: the next index
// tries again, so a transient failure does not break every reindex until
// a restart.
func TestSharedAnalysisRetriesAfterAnError(t *testing.T) {
	frenchMu.Lock()
	saved, savedMake := frenchShared, makeFrench
	fails := 1
	frenchShared = nil
	makeFrench = func() (*french, error) {
		if fails > 0 {
			fails--
			return nil, errors.New("glossary unreadable")
		}
		return newFrench()
	}
	frenchMu.Unlock()
	t.Cleanup(func() {
		frenchMu.Lock()
		frenchShared, makeFrench = saved, savedMake
		frenchMu.Unlock()
	})
	if _, err := sharedAnalysis(); err == nil {
		t.Fatal("the injected failure was not returned")
	}
	f, err := sharedAnalysis()
	if err != nil || f == nil {
		t.Fatalf("after a failure: %v; want the glossary made again", err)
	}
	if again, _ := sharedAnalysis(); again != f {
		t.Error("the glossary was made twice after it succeeded")
	}
}

func TestSmallTalk(t *testing.T) {
	ix := memIndex(t)
	for q, want := range map[string]bool{
		"thanks!": true, "hi": true, "ok?": true, "merci": true, "Thank you very much 🙏": true, "bonjour !": true,
		"hi, what is MINUSMA?": false, "thanks, and how many police?": false, "ok what about Gao": false, "why north?": false,
	} {
		res, err := ix.Search(context.Background(), Query{Text: q})
		if err != nil && !errors.Is(err, ErrEmptyQuery) {
			t.Fatal(err)
		}
		if res != nil && res.SmallTalk != want {
			t.Errorf("%q: small talk %v, want %v", q, res.SmallTalk, want)
		}
	}
}

// "What is X" puts first the passage that spells X out, whichever way the
// corpus does: a name in capitals with X in brackets, "X is a …", or in a
// footnote of the passage.
func TestDefinitionQuestions(t *testing.T) {
	// A fictional document: the zeppelin terms appear in every passage, the
	// definitions in one each.
	filler := "The fictional weather over the northern provinces was mild that season, the harvest was late, the roads were dusty and the markets were crowded with traders from the southern valleys. "
	src := "---\nid: fictional\ntitle: Fictional brief\nkind: brief\n---\n\n## Fictional section\n\n"
	for i := 0; i < 6; i++ {
		src += "The ZFA, the ZFA and the RZC: the RZC stands with the ZFA, and the KRT stands for the KRT. What the ZFA is, the RZC is.\n\n"
	}
	src += filler + "In 2031 the Zeppelin Flight Authority (ZFA) was set up. " + filler + "\n\n" +
		"RZC is a club of fictional Ruritanian zeppelin pilots. " + filler + filler + "\n\n" +
		filler + "The KRT kept its zeppelins at home.[^1] " + filler + "\n\n" +
		"[^1]: The Kingdom of Ruritania Trust [KRT] is a fictional charity.\n"
	d, err := corpus.Parse("f.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	ix := indexOf(t, corpus.New(d))
	for _, tt := range []struct{ q, want string }{
		{"What is the ZFA?", "Zeppelin Flight Authority (ZFA)"},
		{"what does ZFA stand for", "Zeppelin Flight Authority (ZFA)"},
		{"who are the RZC?", "RZC is a club"},
		{"What is KRT?", "The KRT kept its zeppelins at home."},
		{"Qu'est-ce que la ZFA ?", "Zeppelin Flight Authority (ZFA)"},
	} {
		res, err := ix.Search(context.Background(), Query{Text: tt.q, Limit: 3})
		if err != nil || len(res.Hits) == 0 {
			t.Fatalf("%q: %v", tt.q, err)
		}
		if got := res.Hits[0].Passage.Text; !strings.Contains(got, tt.want) {
			t.Errorf("%q answered first by %q, want the passage with %q", tt.q, got, tt.want)
		}
	}
}

// "How many N" puts first the sentence with a figure next to N, over
// sentences that say "many" or hold a figure of something else.
func TestHowManyPrefersTheFigureOfWhatIsCounted(t *testing.T) {
	// A fictional document.
	src := "---\nid: fictional\ntitle: Fictional brief\nkind: brief\n---\n\n## Fictional section\n\n" +
		"Many zeppelins flew over the many provinces of Ruritania, and many pilots said the zeppelins flew too many times.\n\n" +
		"There were 30 boats in the harbour of the capital, and the zeppelins above them were painted blue for the festival.\n\n" +
		"The harbour of the capital counted boats and balloons for the festival, and in all 12 zeppelins were painted blue.\n"
	d, err := corpus.Parse("f.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	ix := indexOf(t, corpus.New(d))
	for _, q := range []string{"how many zeppelins?", "How many zeppelins were painted blue?", "how much zeppelins"} {
		res, err := ix.Search(context.Background(), Query{Text: q, Limit: 3})
		if err != nil || len(res.Hits) == 0 {
			t.Fatalf("%q: %v", q, err)
		}
		if got := res.Hits[0].BestSentence(); !strings.Contains(got, "12 zeppelins") {
			t.Errorf("%q answered first by %q, want the sentence with 12 zeppelins", q, got)
		}
	}
}
