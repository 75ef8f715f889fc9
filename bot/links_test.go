package bot_test

import (
	"strings"
	"testing"

	"mandatebot/bot"
	"mandatebot/bot/discordtest"
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
