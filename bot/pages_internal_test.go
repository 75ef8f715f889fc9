package bot

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/google/go-cmp/cmp"

	"mandatebot/corpus"
	"mandatebot/corpus/compare"
	"mandatebot/index/indextest"
	"mandatebot/web/permalink"
)

// screenCorpus is the shipped corpus with two fictional resolutions and a
// fictional document whose passage and footnote are far longer than a
// screen.
func screenCorpus(t *testing.T) *corpus.Corpus {
	t.Helper()
	long := strings.Repeat("The fictional Ruritania mission patrols the long northern road again, as set out in [the plan](https://example.org/plan). ", 60)
	src := "---\nid: fictional-long\ntitle: A fictional long report\nkind: report\n---\n\n## Findings\n\n" + long + "[^1][^2]\n\n[^1]: " +
		strings.Repeat("A fictional source with https://example.org/a_b_c and more words. ", 30) + "\n[^2]: A short fictional note.\n"
	d, err := corpus.Parse("long.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return indextest.WithResolutions(t, d)
}

// checkPages renders every page of l and holds each to what a reply must
// be: valid for Discord, within maxReply, with Previous wherever there is
// a page before and Next wherever there is one after; it returns the
// pages' descriptions.
func checkPages(t *testing.T, what string, l paged) []string {
	t.Helper()
	var out []string
	for n := 0; n < 100; n++ {
		m := l.page(n)
		if err := checkMessage(m.content, m.embeds, m.components); err != nil {
			t.Errorf("%s, page %d: %v", what, n+1, err)
		}
		if got := replyLength(m); got > maxReply {
			t.Errorf("%s, page %d: %d characters, over %d", what, n+1, got, maxReply)
		}
		out = append(out, m.embeds[0].Description)
		labels := buttonLabels(m)
		if n > 0 && !strings.Contains(labels, "Previous") {
			t.Errorf("%s, page %d: no Previous (buttons: %s)", what, n+1, labels)
		}
		if !strings.Contains(labels, "Next") {
			return out
		}
	}
	t.Fatalf("%s: 100 pages and more", what)
	return nil
}

// buttonLabels lists the labels of m's buttons.
func buttonLabels(m message) string {
	var labels []string
	for _, row := range m.components {
		for _, c := range row.(discordgo.ActionsRow).Components {
			labels = append(labels, c.(discordgo.Button).Label)
		}
	}
	return strings.Join(labels, ", ")
}

// TestPagesFitAScreen: every page of every list the bot pages fits a
// phone's screen (maxReply), and together the pages keep every word.
func TestPagesFitAScreen(t *testing.T) {
	c := screenCorpus(t)
	site, err := permalink.New("https://mandatebot.example.org")
	if err != nil {
		t.Fatal(err)
	}
	for _, lk := range []links{{}, {site}} {
		name := "without the pages"
		if lk.site.Published() {
			name = "with the pages"
		}
		t.Run(name, func(t *testing.T) {
			// Every passage shown whole ("Full passage").
			for _, d := range c.Documents {
				for i := range d.Passages {
					p := &d.Passages[i]
					got := strings.Join(checkPages(t, "full passage "+p.ID, passageListing(p, c, lk)), " ")
					got = unescapeMarkdown(linkRE.ReplaceAllString(got, "$1"))
					for _, w := range strings.Fields(d.OwnText(p)) {
						if !strings.Contains(got, w) {
							t.Errorf("full passage %s lacks %q", p.ID, w)
							break
						}
					}
				}
			}
			got := strings.Join(checkPages(t, "recommendations", recommendationsListing(c, lk)), "\n")
			for _, p := range c.Recommendations() {
				if !strings.Contains(unescapeMarkdown(got), p.Text) {
					t.Errorf("the recommendations lack %s", p.Label)
				}
			}
			brief := corpus.New(c.Document("nupi-policy-brief-19-2015"))
			account, err := accountListing(brief, lk)
			if err != nil {
				t.Fatal(err)
			}
			checkPages(t, "the brief's account of the mandate", account)
			old, new := c.Document("s-res-9999-2031"), c.Document("s-res-9996-2032")
			changes, err := compare.Resolutions(context.Background(), old, new)
			if err != nil {
				t.Fatal(err)
			}
			checkPages(t, "every change", compareList(changes, old, new, func(n int) string { return "cmp:" + strconv.Itoa(n) }, lk))
		})
	}
}

// linkRE finds a Markdown link, its text first.
var linkRE = regexp.MustCompile(`\[([^\]]*)\]\(<[^>]*>\)`)

// TestSplitText: a text longer than a piece is cut between sentences or
// words, never inside a link or an address, and nothing is lost.
func TestSplitText(t *testing.T) {
	link := "[paragraph 16 (a) (i) and (ii)](<https://mandatebot.example.org/d/x#op-16-a-i>)"
	for _, tc := range []struct {
		name string
		in   string
		n    int
		want []string
	}{
		{"short", "One. Two.", 20, []string{"One. Two."}},
		{"at a sentence", "First sentence here. Second one is here.", 30, []string{"First sentence here.", "Second one is here."}},
		{"at a line break", "*op. 2 › (a) Security:*\n(i) To support the authorities in the north", 45, []string{"*op. 2 › (a) Security:*", "(i) To support the authorities in the north"}},
		{"between words", "alpha beta gamma delta epsilon", 12, []string{"alpha beta", "gamma delta", "epsilon"}},
		{"not inside a link", "as set out in " + link + " above", 30, []string{"as set out in", link + " above"}},
		{"nowhere to cut", "https://example.org/" + strings.Repeat("a", 40), 20, []string{"https://example.org/" + strings.Repeat("a", 40)}},
	} {
		if diff := cmp.Diff(tc.want, splitText(tc.in, tc.n)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

// TestRecommendationsOnATopic: /recommendations topic: shows on one
// screen as many of the recommendations found as fit, whole, and names
// the others with how to read one, with the pages published too (whose
// links take room): none is left out, and the example of /cite reads as
// a reference, not as a link.
func TestRecommendationsOnATopic(t *testing.T) {
	c := screenCorpus(t)
	site, err := permalink.New("https://mandatebot.example.org")
	if err != nil {
		t.Fatal(err)
	}
	recs := c.Recommendations()
	d := c.Document(recs[0].DocID)
	// As a search for "training" finds them, best first.
	var found []*corpus.Passage
	for _, n := range []int{5, 6, 3, 10, 9} {
		found = append(found, recs[n-1])
	}
	for _, lk := range []links{{}, {site}} {
		lines := map[*corpus.Passage]string{}
		for _, p := range found {
			lines[p] = lk.label(p, p.Label) + " — " + escapeMarkdown(p.Text)
		}
		m := recommendationsOn("training", found, lines, d, lk).page(0)
		what := fmt.Sprintf("published %v", lk.site.Published())
		if err := checkMessage(m.content, m.embeds, m.components); err != nil {
			t.Errorf("%s: %v", what, err)
		}
		if n := replyLength(m); n > maxReply {
			t.Errorf("%s: %d characters", what, n)
		}
		if m.content != "" || len(m.components) > 0 {
			t.Errorf("%s: more than one page: %q, %d rows of buttons", what, m.content, len(m.components))
		}
		got := m.embeds[0].Description
		for _, p := range found {
			if !strings.Contains(unescapeMarkdown(linkRE.ReplaceAllString(got, "$1")), p.Label) {
				t.Errorf("%s: %s is neither shown nor named:\n%s", what, p.Label, got)
			}
		}
		if ex := regexp.MustCompile("`/cite reference: ([^`]*)`").FindStringSubmatch(got); ex == nil || !strings.HasPrefix(ex[1], "Recommendation ") || strings.ContainsAny(ex[1], "[*<") {
			t.Errorf("%s: the example of /cite is not a reference: %q", what, ex)
		}
	}
}

// TestPageLinesKeepsHeadings: a page never ends with a heading; the
// heading goes to the next page with what it heads.
func TestPageLinesKeepsHeadings(t *testing.T) {
	a, b := strings.Repeat("a", 40), strings.Repeat("b", 40)
	for _, tc := range []struct {
		name  string
		lines []string
		want  [][]string
	}{
		{"fits", []string{"__One__", a}, [][]string{{"__One__", a}}},
		{"heading carried", []string{"__One__", a, "__Two__", b}, [][]string{{"__One__", a}, {"__Two__", b}}},
		{"never alone", []string{"__One__", a + a}, [][]string{{"__One__", cut(a+a, 56)}}},
		{"underlined words are no heading", []string{a, "__put__ in __here__", b}, [][]string{{a, "__put__ in __here__"}, {b}}},
	} {
		if diff := cmp.Diff(tc.want, pageLines(tc.lines, 65)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

// TestPageRanges: a page's range counts the paragraphs listed, not the
// headings over them, and a passage cut into pieces is counted in pages.
func TestPageRanges(t *testing.T) {
	line := strings.Repeat("word ", 100)
	l := paged{title: "t", lines: []string{"__One__", line, line, "__Two__", line, line, line},
		idFor: func(n int) string { return "page:" + strconv.Itoa(n) }, budget: 1100}
	var got []string
	for n := 0; n < 3; n++ {
		got = append(got, l.page(n).embeds[0].Footer.Text)
	}
	if diff := cmp.Diff([]string{"Page 1 of 3 (1–2 of 5)", "Page 2 of 3 (3–4 of 5)", "Page 3 of 3 (5–5 of 5)"}, got); diff != "" {
		t.Errorf("list (-want +got):\n%s", diff)
	}
	l.pieces = true
	if got := l.page(1).embeds[0].Footer.Text; got != "Page 2 of 3" {
		t.Errorf("pieces of a passage: %q", got)
	}
}

// TestMandateOnATopic: /mandate resolution: topic: shows on one screen
// as many of the paragraphs found as fit, under their headings, and names
// the others with a /cite that reads, with the pages published too.
func TestMandateOnATopic(t *testing.T) {
	var src strings.Builder
	src.WriteString("---\nid: s-res-9990-2035\ntitle: Resolution 9990 (2035)\nkind: resolution\nsymbol: S/RES/9990 (2035)\n---\n\n## Fictional mandate\n\n")
	for i := 1; i <= 8; i++ {
		fmt.Fprintf(&src, "**op. %d** Requests the fictional mission to patrol the northern road %s;\n\n", i, strings.Repeat("and the southern one again ", 18))
	}
	d, err := corpus.Parse("fictional.md", []byte(src.String()))
	if err != nil {
		t.Fatal(err)
	}
	c := corpus.New(d)
	var ps []*corpus.Passage
	for i := range d.Passages {
		ps = append(ps, &d.Passages[i])
	}
	site, err := permalink.New("https://mandatebot.example.org")
	if err != nil {
		t.Fatal(err)
	}
	for _, lk := range []links{{}, {site}} {
		what := fmt.Sprintf("published %v", lk.site.Published())
		m := onTopicListing(d, ps, "patrols", c, lk).page(0)
		if err := checkMessage(m.content, m.embeds, m.components); err != nil {
			t.Errorf("%s: %v", what, err)
		}
		if n := replyLength(m); n > maxReply {
			t.Errorf("%s: %d characters", what, n)
		}
		if strings.Contains(m.content, "Showing") || len(m.components) > 0 {
			t.Errorf("%s: more than one page: %q", what, m.content)
		}
		got := strings.ReplaceAll(unescapeMarkdown(linkRE.ReplaceAllString(m.embeds[0].Description, "$1")), "**", "")
		for _, p := range ps {
			if !strings.Contains(got, p.Label+" ") && !strings.Contains(got, p.Label+",") && !strings.Contains(got, p.Label+".") {
				t.Errorf("%s: %s is neither shown nor named:\n%s", what, p.Label, got)
			}
		}
		ex := regexp.MustCompile("`/cite reference: ([^`]*)`").FindStringSubmatch(got)
		if ex == nil {
			t.Fatalf("%s: no example of /cite:\n%s", what, got)
		}
		if _, err := c.Cite(ex[1]); err != nil {
			t.Errorf("%s: the example /cite reference: %s does not cite: %v", what, ex[1], err)
		}
	}
}

// TestMandateOnATopicInOrder: the paragraphs a search found, best first,
// are listed in the resolution's order, each heading once, and a
// paragraph's lead-in is said once: before its sub-paragraphs, which
// show their own words.
func TestMandateOnATopicInOrder(t *testing.T) {
	c := screenCorpus(t)
	d := c.Document("s-res-9999-2031")
	by := func(label string) *corpus.Passage {
		p := d.PassageByLabel(label)
		if p == nil {
			t.Fatalf("%s has no %s", d.ID, label)
		}
		return p
	}
	found := []*corpus.Passage{by("op. 2(a)(ii)"), by("op. 2(a)"), by("op. 2(a)(i)")} // as a search ranks them
	l := onTopicListing(d, found, "civilians", c, links{})
	var want []string
	if s := by("op. 2(a)").Section; s != "" && s != "Operative paragraphs" {
		want = append(want, "__"+escapeMarkdown(s)+"__")
	}
	want = append(want,
		"**op. 2(a)** "+escapeMarkdown(by("op. 2(a)").Text),
		"**op. 2(a)(i)** "+escapeMarkdown(d.OwnText(by("op. 2(a)(i)"))),
		"**op. 2(a)(ii)** "+escapeMarkdown(d.OwnText(by("op. 2(a)(ii)"))))
	if diff := cmp.Diff(want, l.lines); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Without its parent, the first of two siblings says the lead-in, the
	// second only its own words.
	l = onTopicListing(d, []*corpus.Passage{by("op. 2(a)(ii)"), by("op. 2(a)(i)")}, "civilians", c, links{})
	want = append(want[:len(want)-3],
		"**op. 2(a)(i)** "+escapeMarkdown(by("op. 2(a)(i)").Text),
		"**op. 2(a)(ii)** "+escapeMarkdown(d.OwnText(by("op. 2(a)(ii)"))))
	if diff := cmp.Diff(want, l.lines); diff != "" {
		t.Errorf("siblings (-want +got):\n%s", diff)
	}
}

// TestFullPassageShowsWhatIsUnder: "Full passage" of a paragraph with
// sub-paragraphs (a group heading such as "(a) Security, stabilization
// and protection of civilians") shows each of them, not the heading
// alone.
func TestFullPassageShowsWhatIsUnder(t *testing.T) {
	c := screenCorpus(t)
	checked := 0
	for _, d := range c.Documents {
		for i := range d.Passages {
			p := &d.Passages[i]
			cited := d.Cite(p.Label)
			if p.Label == "" || cited == nil || len(cited.Under) == 0 {
				continue
			}
			checked++
			got := unescapeMarkdown(linkRE.ReplaceAllString(strings.Join(checkPages(t, "full passage "+p.ID, passageListing(p, c, links{})), "\n"), "$1"))
			for _, u := range cited.Under {
				if !strings.Contains(got, d.OwnText(u)) {
					t.Errorf("full passage %s lacks %s under it", p.ID, u.Label)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("the corpus has no paragraph with sub-paragraphs to check")
	}
}
