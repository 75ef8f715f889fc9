package index

import (
	"context"
	"github.com/google/go-cmp/cmp"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mandatebot/corpus"
)

func top(t *testing.T, ix *Index, q string) Hit {
	t.Helper()
	res, err := ix.Search(context.Background(), Query{Text: q})
	if err != nil {
		t.Fatalf("%q: %v", q, err)
	}
	if len(res.Hits) == 0 {
		t.Fatalf("%q: no hits", q)
	}
	return res.Hits[0]
}

func TestNumbersMatchHoweverWritten(t *testing.T) {
	ix := memIndex(t)
	for _, q := range []string{"12640", "12,640", "12 640", "12\u00a0640 troops"} {
		if h := top(t, ix, q); !strings.Contains(h.Passage.Text, "12,640 uniformed personnel") {
			t.Errorf("%q: top hit %s", q, h.Passage.Label)
		}
	}
	for q, want := range map[string]string{"2164": "2164", "resolution 2100": "Resolution 2100", "S/RES/2100": "2100"} {
		if h := top(t, ix, q); !strings.Contains(h.Passage.Text, want) {
			t.Errorf("%q: top hit %s lacks %q", q, h.Passage.Label, want)
		}
	}
}

func TestAcronymQuestionsFindTheDefinition(t *testing.T) {
	ix := memIndex(t)
	tests := map[string]string{
		"what are PCCs?":               "(TCCs and PCCs)",
		"what are TCCs":                "troop-contributing countries (TCCs)",
		"What does EUTM stand for?":    "European Union Training Mission (EUTM)",
		"IEDs":                         "improvised explosive devices (IEDs)",
		"troop contributing countries": "TCCs",
	}
	for q, want := range tests {
		if h := top(t, ix, q); !strings.Contains(h.Passage.Text, want) {
			t.Errorf("%q: top hit %s lacks %q", q, h.Passage.Label, want)
		}
	}
}

func TestExpansionBefore(t *testing.T) {
	tests := []struct{ before, acr, want string }{
		{"armed groups in Northern Mali, troop-contributing countries ", "TCC", "troop-contributing countries"},
		{"Ansar Dine, and al-Qaida in the Islamic Maghreb ", "AQIM", "al-Qaida in the Islamic Maghreb"},
		{"a representative of the UN Office for the Coordination of Humanitarian Affairs ", "OCHA", "Office for the Coordination of Humanitarian Affairs"},
		{"the Movement for Unity and Jihad in West Africa ", "MUJAO", "Movement for Unity and Jihad in West Africa"},
		{"rejected by the Coordination of Azawad Movements ", "CMA", "Coordination of Azawad Movements"},
		{"a quick brown fox ", "UNSC", ""},
		{"", "UN", ""},
	}
	for _, tt := range tests {
		if got := expansionBefore(tt.before, tt.acr); got != tt.want {
			t.Errorf("expansionBefore(%q, %s) = %q, want %q", tt.before, tt.acr, got, tt.want)
		}
	}
}

func TestFrench(t *testing.T) {
	for q, want := range map[string]bool{
		"Depuis quand la sécurité se dégrade-t-elle dans le nord du Mali ?": true,
		"Pourquoi parler anglais ne suffit pas ?":                           true,
		"Combien de casques bleus ont été tués ?":                           true,
		"What is the mandate of MINUSMA?":                                   false,
		"Gao":                                                               false,
		"la":                                                                false,
	} {
		if got := isFrench(q); got != want {
			t.Errorf("isFrench(%q) = %v, want %v", q, got, want)
		}
	}
	ix := memIndex(t)
	res, err := ix.Search(context.Background(), Query{Text: "Combien de casques bleus ont été tués ?"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Language != "fr" || !strings.Contains(res.Searched, "peacekeepers") {
		t.Errorf("language %q, searched %q", res.Language, res.Searched)
	}
	if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Passage.Text, "46 fatalities") {
		t.Errorf("top hit does not give the fatalities")
	}
	if h := top(t, ix, "Pourquoi parler anglais ne suffit pas ?"); !strings.Contains(h.Passage.Text, "speak English") {
		t.Errorf("French question on English: top hit %s", h.Passage.Label)
	}
}

func TestBestSentence(t *testing.T) {
	ix := memIndex(t)
	h := top(t, ix, "What is MINUSMA's authorized strength?")
	want := "So far, MINUSMA has an authorized strength of 12,640 uniformed personnel, of which 11,200 military and 1,440 police."
	if got := h.BestSentence(); got != want {
		t.Errorf("best sentence = %q, want %q", got, want)
	}
	var bold []string
	for _, m := range h.Matches {
		bold = append(bold, h.Passage.Text[m.Start:m.End])
	}
	if !slices.Contains(bold, "authorized strength") {
		t.Errorf("matches %q do not join \"authorized strength\"", bold)
	}
}

func TestWeakAnswers(t *testing.T) {
	ix := memIndex(t)
	for _, q := range []string{"zebra migration patterns", "how do I bake sourdough bread", "the of and", "Who is the SRSG?"} {
		res, err := ix.Search(context.Background(), Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Weak {
			t.Errorf("%q: not weak", q)
		}
		// Suggestions come from the question, never repeat its words, and
		// are no fixed list: nothing near, nothing suggested.
		for _, s := range res.Suggestions {
			for _, w := range strings.Fields(strings.ToLower(strings.Trim(q, "?"))) {
				if strings.ToLower(s) == w {
					t.Errorf("%q: suggests its own word %q", q, s)
				}
			}
		}
	}
	if res, _ := ix.Search(context.Background(), Query{Text: "zebra migration patterns"}); len(res.Suggestions) != 0 {
		t.Errorf("suggestions for words near nothing in the corpus: %q", res.Suggestions)
	}
	res, _ := ix.Search(context.Background(), Query{Text: "Who asked for a rapid intervention force?"})
	if res.Weak {
		t.Error("a good question was marked weak")
	}
	for typo, want := range map[string]string{"helicoptr": "helicopters", "peacekepers": "peacekeepers", "Timbuctu": "timbuktu"} {
		res, _ = ix.Search(context.Background(), Query{Text: typo})
		if !res.Weak || !slices.Contains(res.Suggestions, want) {
			t.Errorf("misspelt %q: weak=%v suggestions %q, want %q among them", typo, res.Weak, res.Suggestions, want)
		}
	}
}

func TestOneHitPerPassage(t *testing.T) {
	ix := memIndex(t)
	res, err := ix.Search(context.Background(), Query{Text: "MINUSMA mission security Mali", Limit: MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, h := range res.Hits {
		if seen[h.Passage.ID] {
			t.Errorf("passage %s returned twice", h.Passage.ID)
		}
		seen[h.Passage.ID] = true
	}
	if len(res.Hits) < 10 {
		t.Errorf("only %d hits for a broad question", len(res.Hits))
	}
}

func TestRepeatedPassagesShownOnce(t *testing.T) {
	dir := t.TempDir()
	// Fictional documents: the second repeats a paragraph of the first.
	para := "The fictional mission in Ruritania lacks helicopters, trucks and engineers to open roads to the northern garrisons before the rainy season."
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("---\nid: fictional-a\ntitle: A\nkind: report\n---\n\n"+para+"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.md"), []byte("---\nid: fictional-b\ntitle: B\nkind: report\n---\n\n"+para+" As noted.\n"), 0o644)
	c, err := corpus.Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	res, _ := indexOf(t, c).Search(context.Background(), Query{Text: "Ruritania helicopters garrisons"})
	n := 0
	for _, h := range res.Hits {
		if strings.Contains(h.Passage.Text, "Ruritania") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d hits say the same thing, want 1", n)
	}
}

func TestAnalyzer(t *testing.T) {
	ix := memIndex(t)
	terms := func(s string) string {
		var out []string
		for _, tk := range ix.analyze(s) {
			out = append(out, tk.term)
		}
		return strings.Join(out, " ")
	}
	same := [][]string{
		{"12,640", "12 640", "12640", "12\u00a0640"},
		{"organisations", "organizations"},
		{"deploy", "deployed", "deployment"},
		{"defence", "defense"},
		{"north", "northern"},
	}
	for _, group := range same {
		for _, s := range group[1:] {
			if terms(s) != terms(group[0]) {
				t.Errorf("%q → %q, %q → %q; want the same", group[0], terms(group[0]), s, terms(s))
			}
		}
	}
	if terms("authorized") == terms("authorities") {
		t.Error("authorized and authorities stem alike")
	}
	if got := terms("further against between"); got != "further against between" {
		t.Errorf("content words dropped as stop words: %q", got)
	}
	if got := terms("in 2013 and 2014"); got != "2013 2014" {
		t.Errorf("years joined as a number: %q", got)
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"One. Two! Three?", []string{"One.", "Two!", "Three?"}},
		{"He said ‘go.’ Then left.", []string{"He said ‘go.’", "Then left."}},
		{"The U.N. sent J. Smith to Mali. It worked.", []string{"The U.N. sent J. Smith to Mali.", "It worked."}},
		{"Costs rose by 2.5 per cent. See p. 4 for more.", []string{"Costs rose by 2.5 per cent.", "See p. 4 for more."}},
		{"no end", []string{"no end"}},
		{"", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range sentences(tt.in) {
			got = append(got, tt.in[s.Start:s.End])
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("sentences(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAskedFor(t *testing.T) {
	tests := []struct {
		q    string
		want answerKind
	}{
		{"How many troops are there?", numberAnswer},
		{"how much did it cost", numberAnswer},
		{"What share of personnel is in the north?", numberAnswer},
		{"Combien de casques bleus ?", numberAnswer},
		{"Quelle proportion du personnel ?", numberAnswer},
		{"When was Resolution 2164 adopted?", dateAnswer},
		{"since when has security been worse", dateAnswer},
		{"In what year did MINUSMA start?", dateAnswer},
		{"Depuis quand la sécurité se dégrade-t-elle ?", dateAnswer},
		{"En quelle année ?", dateAnswer},
		{"when did how many troops arrive", numberAnswer}, // both: the number wins
		{"How did the mission start?", anyAnswer},
		{"until when is the mission mandated", dateAnswer},
		{"in 2100, by when was it to be reviewed", dateAnswer},
		{"Who called MINUSMA the deadliest mission?", personAnswer},
		{"Where does the mission expand its presence?", placeAnswer},
		{"Can French troops help MINUSMA when it's attacked?", anyAnswer}, // "when" joins a clause
		{"What rules apply when MINUSMA operates jointly?", anyAnswer},
		{"where's the line saying the mission is failing?", anyAnswer}, // where the documents say it
		{"what happened in Gao", anyAnswer},
		{"How long was the first mandate meant to last?", periodAnswer},
		{"How soon was the first report due, and how often after that?", periodAnswer},
		{"how often must the Secretary-General report", periodAnswer},
		{"how long and how many troops", numberAnswer}, // both: the number wins
		{"How did the mission last so long?", anyAnswer},
		{"somewhen, anyhow", anyAnswer}, // whole words only
		{"", anyAnswer},
	}
	for _, tt := range tests {
		if got := askedFor(tt.q); got != tt.want {
			t.Errorf("askedFor(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}

// TestSplitMeta: words naming a document or its author weigh as meta
// words; "report" and "Council" only where they do ("according to the
// report", "what did the Council say"), not where they are the subject
// ("the first report due", "report abuses to the Council").
func TestSplitMeta(t *testing.T) {
	for _, tt := range []struct{ q, content, meta string }{
		{"what does the brief say about roads", "what does the about roads", "brief say"},
		{"according to the report, who attacked Gao?", "to the who attacked Gao?", "according report,"},
		{"How soon was the first report due?", "How soon was the first report due?", ""},
		{"what were the 2014 reports supposed to focus on", "what were the 2014 reports supposed to focus on", ""},
		{"must MINUSMA report abuses to the Council?", "must MINUSMA report abuses to the Council?", ""},
		{"What did the Council say about the agreement?", "What did the about the agreement?", "Council say"},
		{"Was the Security Council worried about the delays?", "Was the worried about the delays?", "Security Council"},
		{"what did the minister ask the council for", "what did the minister ask the council for", ""},
		{"what's MINUSMA's role in the ceasefire", "what's MINUSMA's in the ceasefire", "role"},
	} {
		content, meta := splitMeta(tt.q)
		if content != tt.content || meta != tt.meta {
			t.Errorf("splitMeta(%q) = %q, %q; want %q, %q", tt.q, content, meta, tt.content, tt.meta)
		}
	}
}

// TestAsksForRecommendation: a word of advice, or asking how something
// can be done, asks what should be done.
func TestAsksForRecommendation(t *testing.T) {
	for q, want := range map[string]bool{
		"What does the brief recommend about language skills?": true,
		"Should officers brief the next ones?":                 true,
		"How can MINUSMA win back the trust of the Malians?":   true,
		"how to stop the un and partners doing the same work":  true,
		"How many troops can MINUSMA deploy?":                  false,
		"can the blue helmets use force":                       false,
		"how did the mission start":                            false,
	} {
		if got := asksForRecommendation(q); got != want {
			t.Errorf("asksForRecommendation(%q) = %v, want %v", q, got, want)
		}
	}
}

func TestQueryTermsLeaveOutUnknownWords(t *testing.T) {
	var terms []token
	for _, w := range []string{"zzcop", "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "zzfuzz", "eta"} {
		terms = append(terms, token{term: w})
	}
	idf := func(t string) float64 {
		if strings.HasPrefix(t, "zz") {
			return 9 // unknown to the corpus: the highest IDF of all
		}
		return 2
	}
	got := queryTerms(terms, idf, func(t string) bool { return !strings.HasPrefix(t, "zz") })
	if len(got) != maxQueryTerms || slices.ContainsFunc(got, func(t string) bool { return strings.HasPrefix(t, "zz") }) {
		t.Errorf("queryTerms = %q: want %d terms the corpus has, no unknown one", got, maxQueryTerms)
	}
	if got := queryTerms(terms[:1], idf, func(string) bool { return false }); len(got) != 0 {
		t.Errorf("only unknown words: %q, want nothing to search", got)
	}
}

// TestFrenchDictionary: a French word the glossary lacks is searched
// through the dictionary's English that the corpus uses, weighing less
// than the question's own words; a word the glossary knows alone gets the
// dictionary's other senses as alternatives to the glossary's English.
func TestFrenchDictionary(t *testing.T) {
	ix := indexOf(t, withDocument(t, []byte(`---
id: fictional-inquiry
title: A fictional note on an inquiry
kind: report
notes:
    - "Fictional: a test document, no real text."
---

## The inquiry

The commission of inquiry will help the mission; its investigation ends in 2031.
`)))
	type alt struct {
		Text   string
		From   []string
		Weight float64
	}
	for _, tt := range []struct {
		q        string
		searched string
		want     []alt
	}{
		// "aider" is not in the glossary: searched as itself (the corpus
		// lacks it), its translations the brief uses as alternatives.
		{"La MINUSMA doit-elle aider la population ?", "MINUSMA population aider",
			[]alt{{"assist", []string{"aider"}, weightDictionary}, {"help", []string{"aider"}, weightDictionary}}},
		// "enquête" is the glossary's "research, interviews"; the
		// dictionary's "inquiry" and "investigation" stand for them.
		{"Qui a mené l'enquête ?", "research interviews",
			[]alt{{"inquiry", []string{"research", "interview"}, weightDictionary}, {"investigation", []string{"research", "interview"}, weightDictionary}}},
		// A word the corpus has as written is searched as it is.
		{"La commission ?", "commission", nil},
	} {
		searched, alts := ix.searchFrench(tt.q)
		var got []alt
		for _, a := range alts {
			got = append(got, alt{a.Text, a.from, a.Weight})
		}
		if searched != tt.searched {
			t.Errorf("%q: searched %q, want %q", tt.q, searched, tt.searched)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%q: alternatives (-want +got)\n%s", tt.q, diff)
		}
	}
}
