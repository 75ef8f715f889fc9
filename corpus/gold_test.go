package corpus_test

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"mandatebot/corpus"
)

// Gold is the expected structure of the brief, ../shared/corpus/brief-gold.json.
type Gold struct {
	Sections               []string            `json:"sections"`
	Recommendations        int                 `json:"recommendations"`
	Marker                 map[string]string   `json:"marker"`
	Footnote               map[string][]string `json:"footnote"`
	FootnoteMustNotContain map[string][]string `json:"footnote_must_not_contain"`
	Ibid                   map[string]int      `json:"ibid"`
	CitedUNDocuments       map[string][]string `json:"cited_un_documents"`
	PageFurniture          []string            `json:"page_furniture"`
}

// readGold reads the shared gold file, or the copy in testdata when the
// shared folder is not beside the repository.
func readGold(t *testing.T) Gold {
	t.Helper()
	b, err := os.ReadFile("../../shared/corpus/brief-gold.json")
	if err != nil {
		b, err = os.ReadFile("testdata/brief-gold.json")
	}
	if err != nil {
		t.Fatal(err)
	}
	var g Gold
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func shippedBrief(t *testing.T) *corpus.Document {
	t.Helper()
	c, err := corpus.Load(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	d := c.Document("nupi-policy-brief-19-2015")
	if d == nil {
		t.Fatal("the shipped corpus has no brief")
	}
	return d
}

func TestShippedBriefMatchesGold(t *testing.T) {
	g := readGold(t)
	d := shippedBrief(t)
	if len(d.Warnings) > 0 {
		t.Errorf("warnings: %q", d.Warnings)
	}

	t.Run("sections", func(t *testing.T) {
		var body []string
		for _, s := range d.Sections {
			if !strings.HasPrefix(s, "About ") {
				body = append(body, s)
			}
		}
		if !slices.Equal(body, g.Sections) {
			t.Errorf("sections = %q, want %q", body, g.Sections)
		}
	})

	t.Run("recommendations", func(t *testing.T) {
		n := 0
		for _, p := range d.Passages {
			if strings.HasPrefix(p.Label, "Recommendation ") {
				n++
				if want := "Recommendation " + strconv.Itoa(n); p.Label != want {
					t.Errorf("label %q, want %q", p.Label, want)
				}
			}
		}
		if n != g.Recommendations {
			t.Errorf("%d recommendations, want %d", n, g.Recommendations)
		}
	})

	t.Run("markers", func(t *testing.T) {
		for num, phrase := range g.Marker {
			n, _ := strconv.Atoi(num)
			var holders []corpus.Passage
			for _, p := range d.Passages {
				if strings.Contains(collapse(p.Text), collapse(phrase)) {
					holders = append(holders, p)
				}
			}
			if len(holders) != 1 {
				t.Errorf("footnote %d: %d passages hold %q, want 1", n, len(holders), phrase)
				continue
			}
			if !slices.Contains(holders[0].Footnotes, n) {
				t.Errorf("footnote %d: passage %s cites %v, want it to cite %d", n, holders[0].ID, holders[0].Footnotes, n)
			}
		}
		// No passage cites a footnote the gold does not place there.
		for _, p := range d.Passages {
			for _, n := range p.Footnotes {
				phrase := g.Marker[strconv.Itoa(n)]
				if !strings.Contains(collapse(p.Text), collapse(phrase)) {
					t.Errorf("passage %s cites footnote %d, whose marker belongs with %q", p.ID, n, phrase)
				}
			}
		}
	})

	t.Run("footnote texts", func(t *testing.T) {
		if len(d.Footnotes) != len(g.Footnote) {
			t.Errorf("%d footnotes, want %d", len(d.Footnotes), len(g.Footnote))
		}
		for num, phrases := range g.Footnote {
			n, _ := strconv.Atoi(num)
			f, ok := d.Footnote(n)
			if !ok {
				t.Errorf("footnote %d missing", n)
				continue
			}
			for _, ph := range phrases {
				if !strings.Contains(collapse(f.Text), collapse(ph)) {
					t.Errorf("footnote %d = %q, want it to contain %q", n, f.Text, ph)
				}
			}
			for _, ph := range g.FootnoteMustNotContain[num] {
				if strings.Contains(f.Text, ph) {
					t.Errorf("footnote %d = %q holds %q glued from a neighbour", n, f.Text, ph)
				}
			}
		}
	})

	t.Run("ibid", func(t *testing.T) {
		for _, f := range d.Footnotes {
			want := g.Ibid[strconv.Itoa(f.Number)]
			if f.IbidOf != want {
				t.Errorf("footnote %d: IbidOf = %d, want %d", f.Number, f.IbidOf, want)
			}
		}
	})

	t.Run("cited UN documents", func(t *testing.T) {
		for _, f := range d.Footnotes {
			want := g.CitedUNDocuments[strconv.Itoa(f.Number)]
			if !slices.Equal(f.Symbols, want) && !(len(f.Symbols) == 0 && len(want) == 0) {
				t.Errorf("footnote %d: symbols %q, want %q", f.Number, f.Symbols, want)
			}
		}
	})

	t.Run("page furniture", func(t *testing.T) {
		for _, p := range d.Passages {
			if !slices.Contains(g.Sections, p.Section) {
				continue
			}
			for _, f := range g.PageFurniture {
				if strings.Contains(p.Text, f) {
					t.Errorf("passage %s holds page furniture %q", p.ID, f)
				}
			}
		}
	})
}

func TestShippedBriefSaysWhatWasRestored(t *testing.T) {
	d := shippedBrief(t)
	notes := strings.Join(d.Notes, " ")
	for _, want := range []string{"[^2]", "[^5]", "lost"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes do not mention %q: %q", want, notes)
		}
	}
}

func TestPassageIDsAreUniqueAndLabelled(t *testing.T) {
	c, err := corpus.Load(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, d := range c.Documents {
		for _, p := range d.Passages {
			if seen[p.ID] {
				t.Errorf("duplicate passage id %s", p.ID)
			}
			seen[p.ID] = true
			if p.Label == "" || p.DocID != d.ID || c.Passage(p.ID) == nil {
				t.Errorf("passage %s: label %q, doc %q", p.ID, p.Label, p.DocID)
			}
		}
	}
}
