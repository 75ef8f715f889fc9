package index

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"mandatebot/corpus"
)

// TestQuestionShapes: small talk and definition questions are read from
// the message's shape, however it is phrased.
func TestQuestionShapes(t *testing.T) {
	for _, tt := range []struct {
		q         string
		smallTalk bool
		defines   string // the term a definition question asks about
	}{
		{"thanks a lot!", true, ""},
		{"hi there", true, ""},
		{"ok, merci beaucoup", true, ""},
		{"how are you?", true, ""},
		{"Thank you so much, that's helpful 🙏", true, ""},
		{"👍", true, ""},
		{"hi, what is the ZFA?", false, "zfa"},
		{"what is ZFA exactly?", false, "zfa"},
		{"so what's the ZFA again", false, "zfa"},
		{"whats ZFA", false, "zfa"},
		{"can you tell me what the ZFA is?", false, "zfa"},
		{"do you know what ZFA means", false, "zfa"},
		{"what does ZFA stand for?", false, "zfa"},
		{"who are the RZC, precisely?", false, "rzc"},
		{"Qu'est-ce que la ZFA ?", false, "zfa"},
		{"Qu’est-ce que c’est que le RZC ?", false, "rzc"},
		{"que veut dire ZFA", false, "zfa"},
		{"la ZFA, c'est quoi ?", false, "zfa"},
		{"what is the mandate of the ZFA?", false, ""},
		{"what are the mission's main opportunities", false, ""},
		{"ok what about Gao", false, ""},
		{"thanks, and how many police?", false, ""},
	} {
		words := questionWords(tt.q)
		if got := isSmallTalk(words); got != tt.smallTalk {
			t.Errorf("%q: small talk %v, want %v", tt.q, got, tt.smallTalk)
		}
		if got := definitionTerm(words); got != tt.defines {
			t.Errorf("%q: defines %q, want %q", tt.q, got, tt.defines)
		}
	}
}

// TestGrammarIsNeverAbsent: the words of asking and function words are
// never reported absent; a word of the subject is.
func TestGrammarIsNeverAbsent(t *testing.T) {
	ix := memIndex(t)
	for q, want := range map[string][]string{
		"Who called MINUSMA the deadliest UN mission?":                nil,
		"What does the brief mean by robust?":                         nil,
		"how would you describe the relationship with the government": nil,
		"Who called the drones a threat?":                             {"drones"},
	} {
		res, err := ix.Search(t.Context(), Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, res.Absent); diff != "" {
			t.Errorf("%q: absent (-want +got)\n%s", q, diff)
		}
	}
}

// TestReferencesAreNoFigures: a resolution's number and year, a
// paragraph it cites and a document symbol are not figures or dates a
// sentence gives.
func TestReferencesAreNoFigures(t *testing.T) {
	for text, want := range map[string]answerKinds{
		"Recalling its resolutions 9050 (2030) and 9101 (2031), and paragraphs 3 and 4 of S/2031/77,": {},
		"Decides that the mission will comprise up to 9,000 military personnel,":                      {number: true},
		"Decides that the authority be transferred on 1 July 2031, as set out in paragraph 7 above,":  {number: true, date: true, name: true},
	} {
		if got := kindsOf(withoutReferences(text, corpus.Operative)); got != want {
			t.Errorf("%q holds %+v, want %+v", text, got, want)
		}
	}
}
