package pdftext

import (
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"mandatebot/corpus"
)

func readRaw(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("../sources/nupi-policy-brief-19-2015-minusma.txt")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type gold struct {
	Sections               []string            `json:"sections"`
	Marker                 map[string]string   `json:"marker"`
	Footnote               map[string][]string `json:"footnote"`
	FootnoteMustNotContain map[string][]string `json:"footnote_must_not_contain"`
	PageFurniture          []string            `json:"page_furniture"`
}

func readGold(t *testing.T) gold {
	t.Helper()
	b, err := os.ReadFile("../../../shared/corpus/brief-gold.json")
	if err != nil {
		b, err = os.ReadFile("../testdata/brief-gold.json")
	}
	if err != nil {
		t.Fatal(err)
	}
	var g gold
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// lostMarkers are the footnotes whose markers the PDF extraction dropped.
var lostMarkers = map[int]bool{2: true, 5: true}

func TestConvertBrief(t *testing.T) {
	g := readGold(t)
	r := Convert(readRaw(t), Options{})

	t.Run("all footnote numbers", func(t *testing.T) {
		for i := 1; i <= 24; i++ {
			if _, ok := r.Footnotes[i]; !ok {
				t.Errorf("footnote %d not found", i)
			}
		}
		if len(r.Footnotes) != 24 {
			t.Errorf("%d footnotes, want 24", len(r.Footnotes))
		}
	})

	t.Run("surviving markers on the right blocks", func(t *testing.T) {
		found := 0
		for num, phrase := range g.Marker {
			n, _ := strconv.Atoi(num)
			if lostMarkers[n] {
				continue
			}
			var holder *Block
			for i := range r.Blocks {
				if strings.Contains(collapse(r.Blocks[i].Text), collapse(phrase)) {
					holder = &r.Blocks[i]
				}
			}
			if holder == nil {
				t.Errorf("no block holds %q", phrase)
				continue
			}
			if !slices.ContainsFunc(holder.Markers, func(m Marker) bool { return m.Number == n }) {
				t.Errorf("footnote %d: the block holding %q has markers %v", n, phrase, holder.Markers)
				continue
			}
			found++
		}
		if found != 22 {
			t.Errorf("%d surviving markers placed, want 22", found)
		}
	})

	t.Run("no prose number taken for a marker", func(t *testing.T) {
		total := 0
		for _, b := range r.Blocks {
			for _, m := range b.Markers {
				total++
				phrase := g.Marker[strconv.Itoa(m.Number)]
				if lostMarkers[m.Number] || !strings.Contains(collapse(b.Text), collapse(phrase)) {
					t.Errorf("marker %d in a block without %q: %.80q", m.Number, phrase, b.Text)
				}
			}
		}
		if total != 22 {
			t.Errorf("%d markers in all, want 22", total)
		}
		text := ""
		for _, b := range r.Blocks {
			text += b.Text + "\n"
		}
		for _, s := range []string{"2014 as part of", "12,640 uniformed", "11,200 military", "1,440 police", "8,831 military", "46 fatalities", "100 Blue Helmets", "25 June 2014", "1 July 2013"} {
			if !strings.Contains(text, s) {
				t.Errorf("prose number lost: %q", s)
			}
		}
	})

	t.Run("footnote texts", func(t *testing.T) {
		exact := 0
		for num, phrases := range g.Footnote {
			n, _ := strconv.Atoi(num)
			ok := true
			for _, ph := range phrases {
				if !strings.Contains(collapse(r.Footnotes[n]), collapse(ph)) {
					ok = false
					t.Logf("footnote %d = %q lacks %q", n, r.Footnotes[n], ph)
				}
			}
			for _, ph := range g.FootnoteMustNotContain[num] {
				if strings.Contains(r.Footnotes[n], ph) {
					ok = false
					t.Logf("footnote %d = %q holds %q", n, r.Footnotes[n], ph)
				}
			}
			if ok {
				exact++
			}
		}
		if exact < 22 {
			t.Errorf("%d of 24 footnote texts as in the gold, want at least 22", exact)
		}
	})

	t.Run("sections and furniture", func(t *testing.T) {
		var headings []string
		for _, b := range r.Blocks {
			if b.Kind == Heading {
				headings = append(headings, b.Text)
			}
			for _, f := range g.PageFurniture {
				if strings.Contains(b.Text, f) {
					t.Errorf("body block holds page furniture %q: %.80q", f, b.Text)
				}
			}
		}
		if !slices.Equal(headings, g.Sections) {
			t.Errorf("headings = %q, want %q", headings, g.Sections)
		}
		if len(r.Asides) != 1 || !strings.HasPrefix(r.Asides[0].Text, "Established in 1959") {
			t.Errorf("asides = %+v, want the publisher's box", r.Asides)
		}
	})

	t.Run("words and URLs re-joined", func(t *testing.T) {
		all := ""
		for _, b := range r.Blocks {
			all += b.Text + "\n"
		}
		for _, f := range r.Footnotes {
			all += f + "\n"
		}
		for _, want := range []string{
			"cross-cultural", "al-Qaeda", "counter-insurgency", "authorities of Mali", "implementation of the transitional",
			"MINUSMA’s mandate allows", "full potential and implementing its mandate", "Peacekeeping Operations",
			"short-term contracts", "http://www.un.org/en/peacekeeping/missions/minusma/mandate.shtml",
			"http://theglobalobservatory.org/2014/06/minusma-mandate-include-people-mali/",
			"http://www.reuters.com/article/2015/03/16/us-mali-talks-idUSKBN0MC0WD20150316",
			"S/RES/2100.", "undermining", "military operations ‘Serval’",
		} {
			if !strings.Contains(all, want) {
				t.Errorf("output lacks %q", want)
			}
		}
		for _, bad := range []string{"authori-ties", "MINUS-MA", "implement- ing", "leader-ship", "www. un.org", "S/ RES"} {
			if strings.Contains(all, bad) {
				t.Errorf("output holds %q", bad)
			}
		}
	})

	t.Run("paragraph interrupted by a page break continues", func(t *testing.T) {
		for _, b := range r.Blocks {
			if strings.Contains(b.Text, "Overcoming these challenges") && !strings.Contains(b.Text, "will require revised doctrinal guidance") {
				t.Errorf("paragraph split at the page break: %.80q…", b.Text)
			}
		}
	})

	t.Run("quotation after a colon", func(t *testing.T) {
		for _, b := range r.Blocks {
			if strings.HasPrefix(b.Text, "…the humanitarian community") && b.Kind != Quote {
				t.Errorf("OCHA quotation is kind %d, want Quote", b.Kind)
			}
		}
	})
}

func TestConvertedBriefLoads(t *testing.T) {
	r := Convert(readRaw(t), Options{})
	md, err := r.Markdown(corpus.FrontMatter{ID: "brief", Title: "Brief", Kind: corpus.KindBrief, Publisher: "NUPI"})
	if err != nil {
		t.Fatal(err)
	}
	d, err := corpus.Parse("brief.md", md)
	if err != nil {
		t.Fatal(err)
	}
	checkRoundTrip(t, r, d)
	// The shipped brief is this output with two markers restored by hand.
	shipped, err := os.ReadFile("../documents/nupi-policy-brief-19-2015.md")
	if err != nil {
		t.Fatal(err)
	}
	body := string(shipped[strings.Index(string(shipped), "\n---\n")+5:])
	body = strings.Replace(body, "shocks.’.[^2]", "shocks.’.", 1)
	body = strings.Replace(body, "human rights’.[^5]", "human rights’.", 1)
	gotBody := string(md[strings.Index(string(md), "\n---\n")+5:])
	if body != gotBody {
		t.Error("the shipped brief differs from the importer's output by more than the two restored markers; regenerate it or record the edit in its notes")
	}
}

// checkRoundTrip asserts that the Markdown written for r reads back as the
// same passages with the same markers.
func checkRoundTrip(t *testing.T, r *Result, d *corpus.Document) {
	t.Helper()
	var want []Block
	for _, b := range r.Blocks {
		if b.Kind != Heading && strings.TrimSpace(b.Text) != "" {
			want = append(want, b)
		}
	}
	for _, b := range r.Asides {
		if strings.TrimSpace(b.Text) != "" {
			want = append(want, b)
		}
	}
	if len(d.Passages) != len(want) {
		t.Fatalf("%d passages, want %d", len(d.Passages), len(want))
	}
	for i, b := range want {
		p := d.Passages[i]
		if collapse(p.Text) != collapse(b.Text) {
			t.Errorf("passage %d = %q, want %q", i, p.Text, b.Text)
		}
		var nums []int
		for _, m := range b.Markers {
			if !slices.Contains(nums, m.Number) {
				nums = append(nums, m.Number)
			}
		}
		if !slices.Equal(p.Footnotes, nums) && !(len(nums) == 0 && len(p.Footnotes) == 0) {
			t.Errorf("passage %d cites %v, want %v", i, p.Footnotes, nums)
		}
	}
}

// The inputs below are fictional snippets laid out like PDF-extracted text.
func TestFindMarkers(t *testing.T) {
	notes := map[int]string{1: "a", 2: "b", 3: "c", 12: "d"}
	tests := []struct {
		in, text string
		want     []int
	}{
		{"the elections’.1 A rocky year", "the elections’. A rocky year", []int{1}},
		{"deployed in Ruritania.1", "deployed in Ruritania.", []int{1}},
		{"signs of fragmentation,12 making", "signs of fragmentation, making", []int{12}},
		{"its deployment.’3 So far", "its deployment.’ So far", []int{3}},
		{"in 2014 as part of", "in 2014 as part of", nil},
		{"strength of 12,640 uniformed", "strength of 12,640 uniformed", nil},
		{"see S/2014/692. Next", "see S/2014/692. Next", nil},
		{"journal 7(4): 1-7.", "journal 7(4): 1-7.", nil},
		{"a mission,1 then,2 again,2", "a mission, then, again,2", []int{1, 2}},
		{"undefined note.9 here", "undefined note.9 here", nil},
		{"in March 2015.3", "in March 2015.3", nil}, // 3 is not the next marker
		{"in March 2015.1 Then", "in March 2015. Then", []int{1}},
		{"version 2.1 Then", "version 2.1 Then", nil},
		{"see S/RES/2100.1 Then", "see S/RES/2100.1 Then", nil},
	}
	for _, tt := range tests {
		text, ms, _ := findMarkers(tt.in, notes, 0)
		var got []int
		for _, m := range ms {
			got = append(got, m.Number)
		}
		if text != tt.text || !slices.Equal(got, tt.want) {
			t.Errorf("findMarkers(%q) = %q %v, want %q %v", tt.in, text, got, tt.text, tt.want)
		}
	}
}

func TestConvertLayout(t *testing.T) {
	// Fictional text about a fictional mission, laid out like the brief's
	// extraction: a heading, a paragraph broken by a page with footnotes,
	// a footnote continued across a blank line, a glued footnote, and a box.
	raw := " Background\nThe mission in Ruritania was estab-\nlished in 2031 with a broad man-\ndate.1 It has twelve bases\n\n1\tFictional Council, S/RES/9999.3 Other note.\n\n2\tA note that goes on across a \n\nblank line.\n\n7\n\n21 · 2031\n\nand a busy head-\nquarters.2\n\nA second paragraph starts here and is being interrupted by a box that start-\n3\tOwn line for note three.\nEstablished long ago, the institute\nis independent.\ning in the next column.3\n\n•\tFirst recommendation.\n\n•\tSecond recommendation, which goes on\n\nafter a page break.\n"
	r := Convert(raw, Options{})
	var got []string
	for _, b := range r.Blocks {
		got = append(got, strconv.Itoa(int(b.Kind))+":"+b.Text)
	}
	want := []string{
		"0:Background",
		"1:The mission in Ruritania was established in 2031 with a broad mandate. It has twelve bases and a busy headquarters.",
		"1:A second paragraph starts here and is being interrupted by a box that starting in the next column.",
		"3:First recommendation.",
		"3:Second recommendation, which goes on after a page break.",
	}
	if !slices.Equal(got, want) {
		t.Errorf("blocks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r.Footnotes[1] != "Fictional Council, S/RES/9999." || r.Footnotes[2] != "A note that goes on across a blank line." || r.Footnotes[3] != "Own line for note three." {
		t.Errorf("footnotes = %v", r.Footnotes)
	}
	if len(r.Asides) != 1 || r.Asides[0].Text != "Established long ago, the institute is independent." {
		t.Errorf("asides = %+v", r.Asides)
	}
}

func TestEscapeRoundTrip(t *testing.T) {
	r := &Result{
		Blocks: []Block{
			{Kind: Paragraph, Text: "# not a heading, *not* emphasis, [not a link], <not html>, a_b and _c_ & \\ `code`"},
			{Kind: Paragraph, Text: "1. not a list"},
			{Kind: Item, Text: "- not nested"},
			{Kind: Paragraph, Text: "> not a quote", Markers: []Marker{{Offset: 13, Number: 1}}},
		},
		Footnotes: map[int]string{1: "Note with mali_14.php and *stars*."},
	}
	md, err := r.Markdown(corpus.FrontMatter{ID: "x", Title: "X", Kind: corpus.KindBrief})
	if err != nil {
		t.Fatal(err)
	}
	d, err := corpus.Parse("x.md", md)
	if err != nil {
		t.Fatal(err)
	}
	checkRoundTrip(t, r, d)
	if f, _ := d.Footnote(1); f.Text != r.Footnotes[1] {
		t.Errorf("footnote = %q, want %q", f.Text, r.Footnotes[1])
	}
}

func FuzzConvert(f *testing.F) {
	f.Add(readRaw(f))
	f.Add(" Heading\nText.1\n\n1\tNote.\n")
	f.Add("a-\n\nB\n•\tx\n1\ty.2 Z\n2\t")
	f.Fuzz(func(t *testing.T, raw string) {
		r := Convert(raw, Options{})
		md, err := r.Markdown(corpus.FrontMatter{ID: "fuzz", Title: "Fuzz", Kind: corpus.KindBrief})
		if err != nil {
			t.Fatal(err)
		}
		d, err := corpus.Parse("fuzz.md", md)
		if err != nil {
			t.Fatalf("output does not load: %v\n%s", err, md)
		}
		checkRoundTrip(t, r, d)
	})
}
