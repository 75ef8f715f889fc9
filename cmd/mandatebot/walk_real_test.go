package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"mandatebot/bot/discordtest"
	"mandatebot/corpus"
)

// TestWalkRealResolutions walks /cite, /mandate and the reader on the
// real S/RES/2100 (2013) and S/RES/2164 (2014) as converted from a PDF
// (scrender lays the dataset's texts out with either producer and
// converts them: see the README's Development section). The texts are
// not in the repository, so the walk is opt-in and checks structure only,
// never words:
//
//	MANDATEBOT_REAL_CORPUS=/work/data/real-corpus/lo go test ./cmd/mandatebot -run TestWalkRealResolutions -v
//
// Each resolution has the paragraphs the UN numbered (24 preambular, 35
// operative and 23 sub-paragraphs in 2100; 28, 34 and 26 in 2164), /cite
// finds every one of them, and every link a reply makes to the pages
// lands on the paragraph's anchor. MANDATEBOT_WALK=1 prints the replies.
func TestWalkRealResolutions(t *testing.T) {
	dir := os.Getenv("MANDATEBOT_REAL_CORPUS")
	if dir == "" {
		t.Skip("set MANDATEBOT_REAL_CORPUS to a folder holding the converted real s-res-2100-2013.md and s-res-2164-2014.md (scrender --out) to walk them")
	}
	corpusDir := t.TempDir()
	for _, id := range []string{"s-res-2100-2013", "s-res-2164-2014"} {
		b, err := os.ReadFile(filepath.Join(dir, id+".md"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(corpusDir, id+".md"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := corpus.Load(t.Context(), corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][3]int{"S/RES/2100 (2013)": {24, 35, 23}, "S/RES/2164 (2014)": {28, 34, 26}}
	for sym, counts := range want {
		d := c.DocumentBySymbol(sym)
		var got [3]int
		for _, p := range d.Passages {
			switch {
			case strings.Contains(p.Label, "("):
				got[2]++
			case strings.HasPrefix(p.Label, "pp. "):
				got[0]++
			default:
				got[1]++
			}
		}
		if got != counts {
			t.Errorf("%s: %d preambular, %d operative, %d sub-paragraphs; want %v", sym, got[0], got[1], got[2], counts)
		}
	}

	t.Run("web pages", func(t *testing.T) { walkReal(t, c, corpusDir, true) })
	t.Run("defaults", func(t *testing.T) { walkReal(t, c, corpusDir, false) })
}

// walkReal walks serve on the real resolutions of corpusDir (c), with the
// web pages on and PUBLIC_URL naming them, or not.
func walkReal(t *testing.T, c *corpus.Corpus, corpusDir string, pages bool) {
	env := map[string]string{
		"DISCORD_TOKEN": discordtest.FakeToken, "INDEX_PATH": t.TempDir(), "CORPUS_DIR": corpusDir,
		"FETCH_ON_START": "false", "ALLOWED_GUILD_IDS": discordtest.GuildID,
	}
	site := ""
	if pages {
		addr := freeAddr(t)
		site = "http://" + addr
		env["WEB_ADDR"], env["PUBLIC_URL"] = addr, site
	}
	sv := startServe(t, env)
	srv := sv.srv
	show := os.Getenv("MANDATEBOT_WALK") == "1"
	opened := map[string]string{}
	// Each member opens the links of the replies they get, from their own
	// address: the pages' rate limit (60 a minute for each client) is
	// what each of them meets, not the whole walk's hundreds of pages.
	read := func(what, id, client string) discordtest.Response {
		t.Helper()
		r := srv.WaitResponse(id, nil)
		if show {
			fmt.Printf("\n===== %s\n%s\n", what, readText(r.Final()))
		}
		checkReadable(t, what, r)
		if pages {
			checkPageLinks(t, what, site, r.Final(), opened, client)
		}
		return r
	}
	str := func(name, v string) discordtest.Option {
		return discordtest.Option{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: v}
	}
	// Members may ask only so often: the walk asks as many.
	member := func(i int) discordtest.Member { return discordtest.Member{UserID: fmt.Sprintf("3000000000000%05d", i)} }
	n := 0
	ask := func(name string, opts ...discordtest.Option) discordtest.Response {
		n++
		address := fmt.Sprintf("10.33.%d.%d", n/4/250, n/4%250+1)
		return read(fmt.Sprintf("/%s %v", name, opts), srv.Command(member(n/4), name, opts...), address)
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		r := srv.WaitResponse(srv.Command(discordtest.Alice, "sources"), nil)
		if strings.Contains(readText(r.Final()), "S/RES/2164 (2014)") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the resolutions are not served:\n%s", readText(r.Final()))
		}
	}
	// /cite finds every paragraph: its title is the paragraph's citation.
	for _, sym := range []string{"S/RES/2100 (2013)", "S/RES/2164 (2014)"} {
		d := c.DocumentBySymbol(sym)
		for _, p := range d.Passages {
			ref := strings.TrimSuffix(strings.TrimPrefix(sym, "S/RES/"), "")
			r := ask("cite", str("reference", ref+" "+p.Label))
			if e := r.Final().Embeds; len(e) == 0 || !strings.HasPrefix(e[0].Title, d.Citation(&p)) {
				t.Errorf("/cite %s %s: %q", ref, p.Label, readText(r.Final()))
			}
		}
	}
	// Issue #33's examples, as members ask them: the paragraph in force
	// first, citing the earlier; the sentence that answers in bold; its
	// footnotes first. Labels and the brief's words only: never the
	// resolutions' words.
	for _, ex := range []struct {
		q, title string
		has      []string
	}{
		{"Does MINUSMA have a mandate to protect civilians?", "1. S/RES/2164 (2014), op. 13(a)(ii)", []string{"*op. 13 › (a) Security", "earlier [S/RES/2100 (2013), op. 16(c)(i)]"}},
		{"Is the mission supposed to protect cultural and historical sites?", "1. S/RES/2164 (2014), op. 14(b)", []string{"earlier [S/RES/2100 (2013), op. 16(f)]"}},
		{"DDR", "1. S/RES/2164 (2014), op.", nil},
		{"what does the mandate say about violations against children", "1. S/RES/2164 (2014), op. 13(c)(vi)", []string{"unchanged from [S/RES/2100 (2013), op. 16(d)(iii)]"}},
		{"How many police officers can MINUSMA deploy?", "1. S/RES/2164 (2014), op. 11", nil},
		{"When was authority transferred from AFISMA to MINUSMA?", "1. S/RES/2100 (2013), op. 7", nil},
		{"How often must the Secretary-General report on resolution 2164?", "1. S/RES/2164 (2014), op. 33", nil},
		{"How many troops had actually been deployed by early 2015?", "1. ", []string{"only 8,831"}},
		{"When did MINUSMA replace AFISMA?", "1. Introduction ¶2", []string{"**Then, on 1 July 2013, AFISMA was replaced"}},
		{"Who called MINUSMA the deadliest UN mission?", "1. MINUSMA’s Challenges ¶1", []string{"**According to UN Under-Secretary-General", "Footnotes: [13] United Nations News Centre", "(+4 more: [11], [12], [14], [15]"}},
	} {
		r := ask("ask", str("question", ex.q))
		text := readText(r.Final())
		title := ""
		if e := r.Final().Embeds; len(e) > 0 {
			title = e[0].Title
		}
		if !strings.HasPrefix(title, ex.title) {
			t.Errorf("%q: answered by %q, want %q", ex.q, title, ex.title)
		}
		for _, h := range ex.has {
			if !strings.Contains(text, h) {
				t.Errorf("%q: the reply lacks %q:\n%s", ex.q, h, text)
			}
		}
	}
	ask("mandate", str("resolution", "2164"))
	ask("mandate", str("resolution", "2100"))
	ask("mandate", str("compare", "2100 → 2164"))
	// What members ask of a mandate, and the comparison's full list,
	// turned to its third page and back.
	ask("mandate")
	ask("mandate", str("theme", "protection-of-civilians"))
	ask("mandate", str("resolution", "2100"), str("topic", "use of force"))
	ask("mandate", str("compare", "2100 → 2164"), str("theme", "elections"))
	ask("recommendations", str("topic", "protection of civilians"))
	for _, q := range []string{"what is the troop ceiling?", "can MINUSMA use force?", "what did 2164 change about protection of civilians?"} {
		ask("ask", str("question", q))
	}
	cmpID := srv.Command(member(900), "mandate", str("compare", "2100 → 2164"))
	summary := read("/mandate compare:2100 → 2164", cmpID, "10.33.9.1")
	if got := readText(summary.Final()); strings.Contains(got, "more fact") || !strings.Contains(got, "**Ceiling:**") {
		t.Errorf("the comparison's summary does not show every fact of the mandate:\n%s", got)
	}
	if full := buttonLabelled(summary.Final(), "Full list"); full == "" {
		t.Error("the comparison has no full list")
	} else {
		listID := srv.Click(member(900), cmpID, full)
		list := read("click Full list", listID, "10.33.9.1")
		for page := 2; page <= 3; page++ {
			next := buttonLabelled(list.Final(), "Next")
			if next == "" {
				t.Fatalf("the full list has no page %d", page)
			}
			list = read(fmt.Sprintf("click Next (page %d)", page), srv.Click(member(900), listID, next), "10.33.9.1")
			if buttonLabelled(list.Final(), "Previous") == "" {
				t.Errorf("page %d of the full list has no Previous", page)
			}
		}
		read("click Previous", srv.Click(member(900), listID, buttonLabelled(list.Final(), "Previous")), "10.33.9.1")
	}
	if !pages {
		sv.cancel()
		if code := <-sv.done; code != 0 {
			t.Errorf("serve exited %d", code)
		}
		return
	}
	// The reader has an anchor for every paragraph, sub-paragraphs too.
	for _, d := range c.Documents {
		if d.Symbol == "" {
			continue
		}
		code, body := readerGet(t, site+"/d/"+d.ID, len(opened))
		if code != 200 {
			t.Fatalf("reader of %s: %d", d.ID, code)
		}
		for _, p := range d.Passages {
			if !strings.Contains(body, `id="`+p.Anchor()+`"`) {
				t.Errorf("the reader of %s has no anchor #%s", d.ID, p.Anchor())
			}
		}
	}
	sv.cancel()
	if code := <-sv.done; code != 0 {
		t.Errorf("serve exited %d", code)
	}
}
