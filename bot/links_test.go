package bot_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mandatebot/bot"
	"mandatebot/bot/discordtest"
	"mandatebot/corpus"
	"mandatebot/corpus/undoc"
	"mandatebot/corpus/undoc/undoctest"
	"mandatebot/web/permalink"
)

// TestCitationsLinkToPermalinks: with PUBLIC_URL set, every citation the
// bot posts links to its paragraph's page, the brief's (which has no
// address of its own) included.
func TestCitationsLinkToPermalinks(t *testing.T) {
	t.Parallel()
	site, err := permalink.New("https://mandatebot.example.org")
	if err != nil {
		t.Fatal(err)
	}
	h := start(t, func(c *bot.Config) { c.Site = site })
	const brief = "https://mandatebot.example.org/d/nupi-policy-brief-19-2015"
	at := func(anchor string) string { return brief + "?p=" + anchor + "#" + anchor }

	id := h.srv.Command(discordtest.Alice, "ask", str("question", "What is the authorized strength of uniformed personnel?"))
	r := h.srv.WaitResponse(id, nil)
	checkSafe(t, r)
	e := r.Final().Embeds[0]
	if e.URL != at("minusmas-mandate-and-capacity-2") {
		t.Errorf("the answer's title links to %q, want the paragraph's permalink", e.URL)
	}
	also := e.Fields[len(e.Fields)-1].Value
	if !strings.HasPrefix(also, "2. **[MINUSMA’s") || !strings.Contains(also, "](<"+brief+"?p=") {
		t.Errorf("the further answers do not link to their permalinks:\n%s", also)
	}

	full := h.srv.WaitResponse(h.srv.Click(discordtest.Alice, id, r.Final().CustomIDs()[0]), nil)
	checkSafe(t, full)
	m := full.Final()
	if m.Embeds[0].URL != at("minusmas-mandate-and-capacity-2") {
		t.Errorf("Full passage's title links to %q", m.Embeds[0].URL)
	}
	if links := m.Links(); len(links) != 1 || links[0] != at("minusmas-mandate-and-capacity-2") {
		t.Errorf("Full passage's link buttons: %q, want one to the paragraph in context", links)
	}

	// A passage with more footnotes than fit sends readers to its page,
	// where they are all, instead of to /footnote.
	r = h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "ask", str("question", "lack of commitment by member states to contribute troops"), num("count", 1)), nil)
	checkSafe(t, r)
	notes := r.Final().Embeds[0].Fields[0].Value
	if !strings.Contains(notes, "more: [11], [12], [13], [14], [15]; [all on its page](<"+at("minusmas-challenges-1")+">)") || strings.Contains(notes, "see /footnote") {
		t.Errorf("footnotes cut short point to:\n%s", notes)
	}

	fn := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "footnote", num("number", 9)), nil)
	checkSafe(t, fn)
	if u := fn.Final().Embeds[0].URL; u != at("fn.9") {
		t.Errorf("/footnote 9 links to %q, want the note on the brief's page", u)
	}
	src := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "sources"), nil)
	checkSafe(t, src)
	if d := src.Final().Embeds[0].Description; !strings.Contains(d, "[NUPI Policy Brief 19 · 2015 on MINUSMA](<"+brief+">)") {
		t.Errorf("/sources does not link the brief to its page:\n%s", d)
	}
}

// TestCitationsWithoutSite: with no PUBLIC_URL, nothing links to pages
// that are not published, and Full passage has no link button.
func TestCitationsWithoutSite(t *testing.T) {
	t.Parallel()
	h := start(t, nil)
	id := h.srv.Command(discordtest.Alice, "ask", str("question", "lack of commitment by member states to contribute troops"))
	r := h.srv.WaitResponse(id, nil)
	checkSafe(t, r)
	if e := r.Final().Embeds[0]; e.URL != "" || strings.Contains(text(r.Final()), "/d/") || !strings.Contains(e.Fields[0].Value, "see /footnote") {
		t.Errorf("without a site: url %q\n%s", e.URL, text(r.Final()))
	}
	full := h.srv.WaitResponse(h.srv.Click(discordtest.Alice, id, r.Final().CustomIDs()[0]), nil)
	if links := full.Final().Links(); len(links) != 0 {
		t.Errorf("Full passage links to %q with no site", links)
	}
}

// TestFootnoteOfAHeldDocument: /footnote of a note citing a UN document
// the corpus holds (footnote 7: "United Nations, S/RES/2164.") links the
// UN's copy in the note's text, and under Links says the corpus holds it,
// linking its reader when the pages are published. A source without that
// footnote is named as members know it, with the footnotes it has.
func TestFootnoteOfAHeldDocument(t *testing.T) {
	t.Parallel()
	site, err := permalink.New("https://mandatebot.example.org")
	if err != nil {
		t.Fatal(err)
	}
	un := "https://documents.un.org/api/symbol/access?s=S%2FRES%2F2164%282014%29&l=en&t=pdf"
	for _, tc := range []struct {
		name  string
		site  permalink.Site
		links string
	}{
		{"without the pages", permalink.Site{}, "→ [S/RES/2164 (2014)](<" + un + ">) (in the corpus: s-res-2164-2014)"},
		{"with the pages", site, "→ [S/RES/2164 (2014)](<https://mandatebot.example.org/d/s-res-2164-2014>), in the corpus: read it here"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := start(t, func(c *bot.Config) { c.Site = tc.site })
			d := hold2164(t, h, un)
			r := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "footnote", num("number", 7)), nil)
			checkSafe(t, r)
			e := r.Final().Embeds[0]
			if want := "United Nations, [S/RES/2164](<" + un + ">)."; e.Description != want {
				t.Errorf("the note: %q, want %q", e.Description, want)
			}
			if len(e.Fields) == 0 || e.Fields[0].Name != "Links" || e.Fields[0].Value != tc.links {
				t.Errorf("the links: %+v, want %q", e.Fields, tc.links)
			}
			miss := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "footnote", num("number", 1), str("source", d.ID)), nil)
			if want := "S/RES/2164 (2014) has no footnotes. /footnote without a source looks in every document (the brief's run from 1 to 24)."; miss.Callback.Content != want {
				t.Errorf("a source without footnotes: %q, want %q", miss.Callback.Content, want)
			}
			miss = h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "footnote", num("number", 99), str("source", "nupi-policy-brief-19-2015")), nil)
			if want := "NUPI Policy Brief 19 · 2015 on MINUSMA has no footnote 99: its footnotes run from 1 to 24."; miss.Callback.Content != want {
				t.Errorf("a footnote the source lacks: %q, want %q", miss.Callback.Content, want)
			}
		})
	}
}

// hold2164 adds to h's corpus folder a fictional resolution under the
// symbol S/RES/2164 (2014) whose original is at url, and reindexes.
func hold2164(t *testing.T, h *harness, url string) *corpus.Document {
	t.Helper()
	d, md, err := undoc.ConvertPDF(context.Background(), undoctest.Resolution("2164", "2014"), "S/RES/2164 (2014)", url)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(h.dir, d.ID+".md"), md, 0o644); err != nil {
		t.Fatal(err)
	}
	h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "reindex"), func(r discordtest.Response) bool {
		return len(r.Edits) > 0 && strings.Contains(r.Final().Content, "Reindexed")
	})
	return d
}

// TestSourcesLinkEachAddressOnce: /sources links a resolution's title to
// its page when the pages are published and its symbol to the UN's copy;
// without the pages, only the symbol, not the title to the same address
// again.
func TestSourcesLinkEachAddressOnce(t *testing.T) {
	t.Parallel()
	site, err := permalink.New("https://mandatebot.example.org")
	if err != nil {
		t.Fatal(err)
	}
	un := "https://documents.un.org/api/symbol/access?s=S%2FRES%2F2164%282014%29&l=en&t=pdf"
	for _, tc := range []struct {
		name string
		site permalink.Site
		want string
	}{
		{"without the pages", permalink.Site{}, "**Resolution 2164 (2014)** (resolution, [S/RES/2164 (2014)](<" + un + ">)) — 11 passages, 0 footnotes; id `s-res-2164-2014`"},
		{"with the pages", site, "**[Resolution 2164 (2014)](<https://mandatebot.example.org/d/s-res-2164-2014>)** (resolution, [S/RES/2164 (2014)](<" + un + ">)) — 11 passages, 0 footnotes; id `s-res-2164-2014`"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := start(t, func(c *bot.Config) { c.Site = tc.site })
			hold2164(t, h, un)
			r := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "sources"), nil)
			checkSafe(t, r)
			if got := r.Final().Embeds[0].Description; !strings.Contains(got, tc.want+"\n") {
				t.Errorf("/sources lacks the line %q:\n%s", tc.want, got)
			}
		})
	}
}
