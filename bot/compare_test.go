package bot_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/google/go-cmp/cmp"

	"mandatebot/bot"
	"mandatebot/bot/discordtest"
	"mandatebot/corpus/compare"
	"mandatebot/corpus/undoc"
	"mandatebot/corpus/undoc/undoctest"
	"mandatebot/web/permalink"
)

// withLibreOfficePair adds the fictional LibreOffice resolutions 9998 and
// 9999 (corpus/undoc/testdata) to the corpus folder and reindexes, as an
// admin would.
func withLibreOfficePair(t *testing.T, h *harness) {
	t.Helper()
	for _, name := range []string{"lo-resolution-9998", "lo-resolution-9999"} {
		pdf, err := os.ReadFile(filepath.Join("..", "corpus", "undoc", "testdata", "libreoffice", name+".pdf"))
		if err != nil {
			t.Fatal(err)
		}
		d, md, err := undoc.ConvertPDF(context.Background(), pdf, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(h.dir, d.ID+".md"), md, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "reindex"), func(r discordtest.Response) bool {
		return len(r.Edits) > 0 && strings.Contains(r.Final().Content, "Reindexed")
	})
}

func TestMandateCompare(t *testing.T) {
	t.Parallel()
	h := start(t, nil)

	// Before the resolutions are added: a clear message, privately.
	r := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "mandate", str("compare", "2100 → 2164")), nil)
	if !r.Ephemeral() || !strings.Contains(r.Callback.Content, "There is no resolution “2100” in the corpus. The corpus holds no resolution yet") {
		t.Errorf("compare without resolutions: %+v", r.Callback)
	}
	// Nothing to offer is an empty list, which Discord takes; null is
	// "Loading options failed".
	for _, option := range []string{"compare", "resolution"} {
		ac := h.srv.WaitResponse(h.srv.Autocomplete(discordtest.Alice, "mandate",
			discordtest.Option{Name: option, Type: discordgo.ApplicationCommandOptionString, Value: "", Focused: true}), nil)
		if ac.Type != discordgo.InteractionApplicationCommandAutocompleteResult || len(ac.Refused) > 0 || !strings.Contains(string(ac.Raw[0].Body), `"choices":[]`) {
			t.Errorf("%s: choices with no resolutions = %s, refused %v", option, ac.Raw[0].Body, ac.Refused)
		}
	}

	r = h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "mandate", str("theme", "elections")), nil)
	if !r.Ephemeral() || !strings.Contains(r.Callback.Content, "the corpus holds none yet") {
		t.Errorf("theme without resolutions: %+v", r.Callback)
	}

	withLibreOfficePair(t, h)

	// resolution: autocompletes the corpus's resolutions and takes a number.
	ac0 := h.srv.WaitResponse(h.srv.Autocomplete(discordtest.Alice, "mandate",
		discordtest.Option{Name: "resolution", Type: discordgo.ApplicationCommandOptionString, Value: "9998", Focused: true}), nil)
	if len(ac0.Callback.Choices) != 1 || ac0.Callback.Choices[0].Value != "S/RES/9998 (2031)" {
		t.Errorf("resolution choices = %+v", ac0.Callback.Choices)
	}
	r = h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "mandate", str("resolution", "9998"), str("theme", "cultural-heritage")), nil)
	if got := text(r.Final()); !strings.Contains(got, "S/RES/9998 (2031) — Cultural heritage") || !strings.Contains(got, "**op. 4(f)**") {
		t.Errorf("/mandate resolution:9998 theme:cultural-heritage:\n%s", got)
	}
	for in, want := range map[string]string{
		"S/RES/2164 (2014)": "[S/RES/2164 (2014)](<https://undocs.org/S/RES/2164(2014)>) is not in the corpus yet (the link opens it at the UN). An admin can add it",
		"banana":            "There is no resolution “banana” in the corpus. The corpus holds S/RES/9998 (2031), S/RES/9999 (2032).",
	} {
		r = h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "mandate", str("resolution", in)), nil)
		if !r.Ephemeral() || !strings.Contains(r.Callback.Content, want) {
			t.Errorf("resolution %q: %+v; want %q", in, r.Callback, want)
		}
	}

	// Themes filter /mandate: the latest resolution's paragraphs tagged.
	r = h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "mandate", str("theme", "children")), nil)
	checkSafe(t, r)
	got := text(r.Final())
	if !strings.Contains(got, "S/RES/9999 (2032) — Children and armed conflict") || !strings.Contains(got, "**op. 4(a)(iii)**") || !strings.Contains(got, "**op. 4(j)**") || strings.Count(got, "**op. ") != 2 {
		t.Errorf("/mandate theme:children:\n%s", got)
	}
	r = h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "mandate", str("theme", "'; DROP")), nil)
	if !r.Ephemeral() || !strings.Contains(r.Callback.Content, "pick one from the list") {
		t.Errorf("unknown theme: %+v", r.Callback)
	}
	// ... and compare: only the changes on the theme.
	r = h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "mandate", str("compare", "9998 9999"), str("theme", "children")), nil)
	goldenSummary(t, "compare-lo-children", r.Final())
	// Its full list keeps to the theme.
	themed := r.Final().CustomIDs()
	if len(themed) != 1 || !strings.Contains(themed[0], ":children:") {
		t.Fatalf("themed compare buttons %q", themed)
	}
	fl := h.srv.WaitResponse(h.srv.Button(discordtest.Alice, themed[0]), nil)
	if ft := text(fl.Final()); !strings.Contains(ft, "national mechanisms") || strings.Contains(ft, "cultural") || !strings.Contains(ft, "Unchanged: 1 operative and 0 preambular") {
		t.Errorf("themed full list:\n%s", ft)
	}
	bad := h.srv.WaitResponse(h.srv.Button(discordtest.Alice, strings.Replace(themed[0], ":children:", ":nonsense:", 1)), nil)
	if !strings.Contains(bad.Callback.Content, "does not work") {
		t.Errorf("a button with a made-up theme: %+v", bad.Callback)
	}

	// Autocomplete offers the pair, built from the corpus.
	ac := h.srv.WaitResponse(h.srv.Autocomplete(discordtest.Alice, "mandate",
		discordtest.Option{Name: "compare", Type: discordgo.ApplicationCommandOptionString, Value: "99", Focused: true}), nil)
	if len(ac.Callback.Choices) != 1 || ac.Callback.Choices[0].Value != "S/RES/9998 (2031) → S/RES/9999 (2032)" {
		t.Fatalf("compare choices = %+v", ac.Callback.Choices)
	}
	none := h.srv.WaitResponse(h.srv.Autocomplete(discordtest.Alice, "mandate",
		discordtest.Option{Name: "compare", Type: discordgo.ApplicationCommandOptionString, Value: "2164", Focused: true}), nil)
	if len(none.Callback.Choices) != 0 || len(none.Refused) > 0 {
		t.Errorf("choices for 2164 = %+v, refused %v", none.Callback.Choices, none.Refused)
	}

	// The chosen pair, and the same typed by hand in the other order.
	for _, pair := range []string{ac.Callback.Choices[0].Value.(string), "9999 9998"} {
		id := h.srv.Command(discordtest.Alice, "mandate", str("compare", pair))
		r := h.srv.WaitResponse(id, answered)
		checkSafe(t, r)
		m := r.Final()
		got := text(m)
		if r.Ephemeral() || len(m.Embeds) != 1 {
			t.Fatalf("%q: ephemeral %v, %d embeds:\n%s", pair, r.Ephemeral(), len(m.Embeds), got)
		}
		goldenSummary(t, "compare-lo", m)
		ids := m.CustomIDs()
		if len(ids) != 1 || !strings.HasPrefix(ids[0], "cmp:") {
			t.Fatalf("buttons = %q", ids)
		}
		// Anyone's click shows the full list, privately.
		bob := discordtest.Member{UserID: "300000000000000004"}
		full := h.srv.WaitResponse(h.srv.Click(bob, id, ids[0]), nil)
		checkSafe(t, full)
		ft := text(full.Final())
		if !full.Ephemeral() || !strings.Contains(ft, "every change") || !strings.Contains(ft, "Unchanged: 17 operative and 5 preambular paragraphs.") || strings.Count(ft, "*moved*") != 1 || !strings.Contains(ft, "[S/RES/9998 (2031), op. 4(j)](<https://undocs.org/S/RES/9998(2031)>) → [S/RES/9999 (2032), op. 4(b)](<https://undocs.org/S/RES/9999(2032)>)") {
			t.Errorf("full list: ephemeral %v\n%s", full.Ephemeral(), ft)
		}
	}

	// A topic narrows the comparison to the paragraphs about it.
	r = h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "mandate", str("compare", "9998 9999"), str("topic", "elections")), nil)
	got = text(r.Final())
	if !strings.Contains(got, "op. 4(h) → op. 4(h)") || strings.Contains(got, "cultural preservation") || strings.Contains(got, "national mechanisms") || strings.Contains(got, "Tasks added") {
		t.Errorf("compare on elections:\n%s", got)
	}

	for _, tc := range []struct{ pair, want string }{
		{"9998", "Name two resolutions to compare"},
		{"9998 9998", "Name two different resolutions"},
		{"@everyone 1 2", "There is no resolution “1” in the corpus. The corpus holds S/RES/9998 (2031), S/RES/9999 (2032)."},
	} {
		r := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "mandate", str("compare", tc.pair)), nil)
		checkSafe(t, r)
		if !r.Ephemeral() || !strings.Contains(r.Callback.Content, tc.want) {
			t.Errorf("compare %q: %+v; want %q", tc.pair, r.Callback, tc.want)
		}
	}
	// A tampered button gets a clear message.
	bad = h.srv.WaitResponse(h.srv.Button(discordtest.Alice, "cmp:000000000000:111111111111:-:0:00000000"), nil)
	if !bad.Ephemeral() || !strings.Contains(bad.Callback.Content, "no longer in the documents") {
		t.Errorf("tampered compare button: %+v", bad.Callback)
	}
}

// TestMandateCompareManyChanges: two unrelated fictional resolutions (the
// fpdf one and the LibreOffice one) differ in nearly every paragraph; the
// summary still fits one short message and says how many it left out, and
// the full list stays within Discord's limits.
func TestMandateCompareManyChanges(t *testing.T) {
	t.Parallel()
	h := start(t, nil)
	for _, f := range []struct {
		pdf []byte
	}{{undoctest.Resolution("9990", "2030")}, {mustRead(t, filepath.Join("..", "corpus", "undoc", "testdata", "libreoffice", "lo-resolution-9998.pdf"))}} {
		d, md, err := undoc.ConvertPDF(context.Background(), f.pdf, "", "")
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(h.dir, d.ID+".md"), md, 0o644)
	}
	h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "reindex"), func(r discordtest.Response) bool {
		return len(r.Edits) > 0 && strings.Contains(r.Final().Content, "Reindexed")
	})
	id := h.srv.Command(discordtest.Alice, "mandate", str("compare", "9990 → 9998"))
	r := h.srv.WaitResponse(id, answered)
	checkSafe(t, r)
	got := text(r.Final())
	if n := len([]rune(got)); n > 2000 || strings.Contains(got, "____") {
		t.Errorf("summary of %d characters:\n%s", n, got)
	}
	goldenSummary(t, "compare-many", r.Final())
	ids := r.Final().CustomIDs()
	if len(ids) != 1 {
		t.Fatalf("buttons %q", ids)
	}
	full := h.srv.WaitResponse(h.srv.Click(discordtest.Alice, id, ids[0]), nil)
	checkSafe(t, full)
	if !full.Ephemeral() || !strings.Contains(text(full.Final()), "*added*") {
		t.Errorf("full list:\n%s", text(full.Final()))
	}
	if n, _ := fullListChanges(t, h, id, ids[0]); n != 19 {
		t.Errorf("the full list holds %d changes, want all 19", n)
	}
}

// TestMandateCompareFullListPages: a comparison with more changes than a
// message holds is paged, every change on one page or another, each page
// within Discord's limits.
func TestMandateCompareFullListPages(t *testing.T) {
	t.Parallel()
	h := start(t, nil)
	// Two fictional resolutions whose 40 tasks are each reworded: 40 long changes, more than a message holds.
	for _, r := range []struct{ number, year, what string }{{"9980", "2030", "zeppelin"}, {"9981", "2031", "submarine"}} {
		var b strings.Builder
		fmt.Fprintf(&b, "---\nid: s-res-%s-%s\ntitle: Resolution %s (%s)\nkind: resolution\nsymbol: S/RES/%s (%s)\n---\n\n## Operative paragraphs\n\n", r.number, r.year, r.number, r.year, r.number, r.year)
		for i := 1; i <= 40; i++ {
			fmt.Fprintf(&b, "**op. %d** Requests the fictional %s authority number %d to report on its %s fleet %d, its %s pilots and its %s harbours in the fictional province %d of Ruritania;\n\n", i, r.what, i, r.what, i*7, r.what, r.what, i*3)
		}
		os.WriteFile(filepath.Join(h.dir, "s-res-"+r.number+"-"+r.year+".md"), []byte(b.String()), 0o644)
	}
	h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "reindex"), func(r discordtest.Response) bool {
		return len(r.Edits) > 0 && strings.Contains(r.Final().Content, "Reindexed")
	})
	id := h.srv.Command(discordtest.Alice, "mandate", str("compare", "9980 9981"))
	r := h.srv.WaitResponse(id, answered)
	checkSafe(t, r)
	if got := text(r.Final()); !strings.Contains(got, "the full list has all 40 changes") {
		t.Errorf("the summary does not say how many changes there are:\n%s", got)
	}
	ids := r.Final().CustomIDs()
	if len(ids) != 1 {
		t.Fatalf("buttons %q on the reply %+v", ids, r.Final())
	}
	if n, pages := fullListChanges(t, h, id, ids[0]); n != 40 || pages < 2 {
		t.Errorf("the full list's %d pages hold %d changes, want all 40 over several pages", pages, n)
	}
}

// fullListChanges clicks a comparison's "Full list" button on the answer
// to interaction id, turns its pages with Next, and counts the changes
// listed; each page must say which changes it holds and be valid.
func fullListChanges(t *testing.T, h *harness, id, button string) (changes, pages int) {
	t.Helper()
	changeRE := regexp.MustCompile(`(?m)^\*(added|removed|reworded|moved|merged|split)\* `)
	at := h.srv.Click(discordtest.Alice, id, button)
	listed := 0
	for pages = 1; ; pages++ {
		page := h.srv.WaitResponse(at, answered)
		checkSafe(t, page)
		m := page.Final()
		if len(m.Embeds) != 1 {
			t.Fatalf("page %d: %d embeds", pages, len(m.Embeds))
		}
		listed += len(changeRE.FindAllString(m.Embeds[0].Description, -1))
		next := ""
		for _, cid := range m.CustomIDs() {
			if parts := strings.Split(cid, ":"); len(parts) == 6 && parts[4] == strconv.Itoa(pages) {
				next = cid
			}
		}
		if next == "" {
			if !strings.Contains(m.Embeds[0].Description, "Unchanged:") {
				t.Errorf("the last page does not count the unchanged paragraphs")
			}
			return listed, pages
		}
		if pages > 30 {
			t.Fatal("more than 30 pages")
		}
		if !strings.Contains(m.Embeds[0].Title, "changes ") {
			t.Errorf("page %d does not say which changes it holds: %q", pages, m.Embeds[0].Title)
		}
		at = h.srv.Click(discordtest.Alice, at, next)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// goldenSummary compares the summary of a comparison (its embed's title
// and description) with testdata/golden/<name>.md, rewritten with
// -update, and checks what every summary must be: within Discord's
// 2,000 characters, no line said twice.
func goldenSummary(t *testing.T, name string, m discordtest.Message) {
	t.Helper()
	if len(m.Embeds) != 1 {
		t.Fatalf("%s: %d embeds", name, len(m.Embeds))
	}
	got := m.Embeds[0].Title + "\n\n" + m.Embeds[0].Description + "\n"
	if n := len([]rune(text(m))); n > 2000 {
		t.Errorf("%s: the reply is %d characters, more than Discord's 2,000", name, n)
	}
	seen := map[string]bool{}
	for _, l := range strings.Split(m.Embeds[0].Description, "\n") {
		if l != "" && seen[l] {
			t.Errorf("%s: a line said twice: %q", name, l)
		}
		seen[l] = true
	}
	path := filepath.Join("testdata", "golden", name+".md")
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot -run TestMandateCompare -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

// TestMandateCompareRenewal: the fictional renewal in the structures of
// real ones (corpus/compare/testdata/renewal): the facts come first, the
// ceiling unchanged and the mandate's end, each with its paragraphs; then
// the tasks by theme; then the rest, in one message of Discord's size.
//
// With the pages published (PUBLIC_URL) every paragraph named links to
// its permalink, which takes room: the summary still holds every fact
// and the tasks, and names no heading it has nothing under.
func TestMandateCompareRenewal(t *testing.T) {
	t.Parallel()
	site, err := permalink.New("https://mandatebot.example.org")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		golden string
		tune   func(*bot.Config)
	}{
		{"compare-renewal", nil},
		{"compare-renewal-linked", func(c *bot.Config) { c.Site = site }},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			mandateCompareRenewal(t, tt.golden, start(t, tt.tune))
		})
	}
}

func mandateCompareRenewal(t *testing.T, golden string, h *harness) {
	for _, name := range []string{"s-res-9994-2033", "s-res-9995-2034"} {
		src, err := undoctest.ReadSource(mustRead(t, filepath.Join("..", "corpus", "compare", "testdata", "renewal", name+".json")))
		if err != nil {
			t.Fatal(err)
		}
		md, err := undoctest.Structured(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(h.dir, name+".md"), md, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "reindex"), func(r discordtest.Response) bool {
		return len(r.Edits) > 0 && strings.Contains(r.Final().Content, "Reindexed")
	})
	id := h.srv.Command(discordtest.Alice, "mandate", str("compare", "9994 → 9995"))
	r := h.srv.WaitResponse(id, answered)
	checkSafe(t, r)
	goldenSummary(t, golden, r.Final())
	ids := r.Final().CustomIDs()
	if len(ids) != 1 {
		t.Fatalf("buttons %q", ids)
	}
	if n, _ := fullListChanges(t, h, id, ids[0]); n != 19 {
		t.Errorf("the full list holds %d changes, want all 19", n)
	}
}

// TestMandateCompareTooLarge: a pair beyond what a comparison takes gets
// a clear private message saying why. (Not parallel: it lowers
// compare.DefaultLimits while it runs.)
func TestMandateCompareTooLarge(t *testing.T) {
	defer func(l compare.Limits) { compare.DefaultLimits = l }(compare.DefaultLimits)
	compare.DefaultLimits = compare.Limits{Paragraphs: 3}
	h := start(t, nil)
	withLibreOfficePair(t, h)
	r := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "mandate", str("compare", "9998 9999")), nil)
	checkSafe(t, r)
	if !r.Ephemeral() || !strings.Contains(r.Callback.Content, "S/RES/9998 (2031) has more than 3 paragraphs, the most a comparison takes. Compare two resolutions of ordinary size.") {
		t.Errorf("too large: %+v", r.Callback)
	}
}

// answered is a WaitResponse condition: the reply is there, edited in
// when it was deferred (a comparison on a loaded machine can take longer
// than the bot waits before deferring).
func answered(r discordtest.Response) bool {
	deferred := r.Type == discordgo.InteractionResponseDeferredChannelMessageWithSource || r.Type == discordgo.InteractionResponseDeferredMessageUpdate
	return !deferred || len(r.Edits) > 0
}
