package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"mandatebot/bot/discordtest"
	"mandatebot/corpus"
	"mandatebot/corpus/undoc/undoctest"
)

// TestWalk uses every command and button of serve, run with the default
// settings (a corpus folder, and a local UN document server that serves
// a fictional resolution under any resolution symbol), as a member and
// as an admin would, and holds every reply to what a reader needs: it
// reaches them (Discord would take it), fits one screen, repeats no line,
// and is not empty. With MANDATEBOT_WALK=1 it prints each reply, to read
// them as a member would.
//
// It walks twice: with the defaults, and with the web pages on and
// PUBLIC_URL naming them, where every link a reply makes to the pages
// must open a page holding what it points at (a paragraph, a note).
func TestWalk(t *testing.T) {
	if testing.Short() {
		t.Skip("the walk takes a few seconds")
	}
	t.Run("defaults", func(t *testing.T) { walk(t, nil, "") })
	t.Run("web pages", func(t *testing.T) {
		addr := freeAddr(t)
		walk(t, map[string]string{"WEB_ADDR": addr, "PUBLIC_URL": "http://" + addr}, "http://"+addr)
	})
}

// walk runs the walk on serve with the defaults and extra; site, when
// set, is PUBLIC_URL.
func walk(t *testing.T, extra map[string]string, site string) {
	ods := localODS(t)
	env := map[string]string{
		"DISCORD_TOKEN": discordtest.FakeToken, "INDEX_PATH": t.TempDir(), "CORPUS_DIR": t.TempDir(),
		"UN_DOCS_URL": ods.URL, "UN_LINK_URL": ods.URL + "/undocs/", "UN_FETCH_BACKOFF": "10ms",
		"ALLOWED_GUILD_IDS": discordtest.GuildID,
	}
	for k, v := range extra {
		env[k] = v
	}
	sv := startServe(t, env)
	pagesLinked := 0
	longest, longestWhat := 0, "" // characters of the longest reply, and which
	opened := map[string]string{} // page → body, opened once: the walk is one reader, not a crawler
	srv := sv.srv
	show := os.Getenv("MANDATEBOT_WALK") == "1"
	str := func(name, v string) discordtest.Option {
		return discordtest.Option{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: v}
	}
	num := func(name string, v int) discordtest.Option {
		return discordtest.Option{Name: name, Type: discordgo.ApplicationCommandOptionInteger, Value: v}
	}
	focused := func(name, v string) discordtest.Option {
		return discordtest.Option{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: v, Focused: true}
	}
	// The fetch at start brings the resolutions the brief cites.
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		r := srv.WaitResponse(srv.Command(discordtest.Alice, "sources"), nil)
		if strings.Contains(readText(r.Final()), "S/RES/2164 (2014)") && !strings.Contains(readText(r.Final()), "Fetching now") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the resolutions were not fetched at start:\n%s", readText(r.Final()))
		}
	}

	read := func(what, id string) discordtest.Response {
		t.Helper()
		r := srv.WaitResponse(id, func(r discordtest.Response) bool {
			if r.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
				return true
			}
			// A reindex edits its reply as it goes: wait for the last.
			final := r.Final().Content
			return len(r.Edits) > 0 && !strings.HasPrefix(final, "Fetching")
		})
		if show {
			fmt.Printf("\n===== %s (type %d, private %v)\n%s\n", what, r.Type, r.Ephemeral(), readText(r.Final()))
			for _, m := range r.Followups {
				fmt.Printf("  -- follow-up:\n%s\n", readText(m))
			}
		}
		checkReadable(t, what, r)
		for _, m := range append([]discordtest.Message{r.Final()}, r.Followups...) {
			if n := replyLength(m); n > longest {
				longest, longestWhat = n, what
			}
		}
		if site != "" {
			for _, m := range append([]discordtest.Message{r.Final()}, r.Followups...) {
				pagesLinked += checkPageLinks(t, what, site, m, opened, "")
			}
		}
		return r
	}
	as := func(m discordtest.Member, name string, opts ...discordtest.Option) (string, discordtest.Response) {
		var words []string
		for _, o := range opts {
			words = append(words, fmt.Sprintf("%s:%v", o.Name, o.Value))
		}
		id := srv.Command(m, name, opts...)
		return id, read("/"+name+" "+strings.Join(words, " "), id)
	}
	click := func(m discordtest.Member, answer string, r discordtest.Response, prefix string) discordtest.Response {
		t.Helper()
		for _, cid := range r.Final().CustomIDs() {
			if strings.HasPrefix(cid, prefix) {
				return read("click "+cid, srv.Click(m, answer, cid))
			}
		}
		t.Errorf("no %s button on the answer", prefix)
		return discordtest.Response{}
	}
	// turn follows a list's pages with Next, up to the last or to page
	// most, then back one with Previous: wherever there is Next, there is
	// Previous after it.
	turn := func(m discordtest.Member, answer string, r discordtest.Response, next string, most int) {
		t.Helper()
		pages := 1
		for ; pages < most; pages++ {
			cid := buttonLabelled(r.Final(), next)
			if cid == "" {
				break
			}
			if r = read("click "+next, srv.Click(m, answer, cid)); buttonLabelled(r.Final(), "Previous") == "" {
				t.Errorf("page %d, after %s: no Previous", pages+1, next)
				return
			}
		}
		if pages > 1 {
			read("click Previous", srv.Click(m, answer, buttonLabelled(r.Final(), "Previous")))
		}
	}
	// Members ask at most five questions in 30 s: the walk spreads its
	// questions over three.
	bob := discordtest.Member{UserID: "300000000000000009"}
	carol := discordtest.Member{UserID: "300000000000000008"}

	as(discordtest.Alice, "help")
	id, ask := as(discordtest.Alice, "ask", str("question", "what did 2164 change about the north?"))
	click(discordtest.Alice, id, ask, "full:")
	turn(discordtest.Alice, id, ask, "More results", 2) // a search each: within the question limit
	click(bob, id, ask, "more:")
	click(discordtest.Alice, id, ask, "vote:")
	as(discordtest.Alice, "ask", str("question", "Who rejected the preliminary peace deal?"), num("count", 5))
	as(discordtest.Alice, "ask", str("question", "Quel est l'effectif autorisé de la MINUSMA ?"))
	erin := discordtest.Member{UserID: "300000000000000006"}
	as(erin, "ask", str("question", "zzzz qqqq"))
	as(carol, "ask", str("question", "@everyone mandate"), str("source", "zzz"))
	as(carol, "ask", str("question", "@everyone what is the mandate?"))
	dave := discordtest.Member{UserID: "300000000000000007"}
	as(dave, "ask", str("question", "thanks!"))
	as(dave, "ask", str("question", "how many women serve in the mission"))
	as(dave, "ask", str("question", "What does NUPI stand for?"))
	as(discordtest.Alice, "footnote", num("number", 11))
	as(discordtest.Alice, "footnote", num("number", 99))
	id, recs := as(discordtest.Alice, "recommendations")
	turn(discordtest.Alice, id, recs, "Next", 10)
	as(carol, "recommendations", str("topic", "training"))
	as(bob, "mandate")
	as(bob, "mandate", str("topic", "protection of civilians"))
	as(bob, "mandate", str("resolution", "2164"))
	as(bob, "mandate", str("theme", "elections"))
	id, cmp := as(bob, "mandate", str("compare", "2100 → 2164"))
	if len(cmp.Final().CustomIDs()) > 0 {
		click(bob, id, cmp, "cmp:")
	}
	as(bob, "cite", str("reference", "2164 op 2(a)(i)"))
	as(bob, "cite", str("reference", "2164 op 2"))
	as(bob, "cite", str("reference", "banana"))
	as(bob, "sources")
	// The brief's paragraphs by label, a footnote of one document, a
	// paragraph or footnote a document lacks: each says what there is.
	as(bob, "cite", str("reference", "Recommendation 4"))
	as(bob, "cite", str("reference", "Introduction ¶2"))
	as(bob, "cite", str("reference", "2164 op 99"))
	as(bob, "footnote", num("number", 5), str("source", "nupi-policy-brief-19-2015"))
	as(bob, "footnote", num("number", 1), str("source", "s-res-2164-2014"))
	// More of what members type: a private question, one on a theme or
	// a topic of one resolution, and mistakes: a question too long, one
	// of mentions, query syntax, a topic never mentioned.
	frank := discordtest.Member{UserID: "300000000000000005"}
	as(frank, "ask", str("question", "protection of civilians"), discordtest.Option{Name: "private", Type: discordgo.ApplicationCommandOptionBoolean, Value: true})
	as(frank, "ask", str("question", strings.Repeat("peacekeeping troops north ", 60)))
	as(frank, "ask", str("question", "<@123456789012345678> <@&234567890123456789> <#345678901234567890> what is the mandate?"))
	as(frank, "ask", str("question", "title:mandate OR +troops -police*"))
	as(frank, "recommendations", str("topic", "language skills"))
	gina := discordtest.Member{UserID: "300000000000000004"}
	as(gina, "mandate", str("theme", "protection-of-civilians"))
	as(gina, "mandate", str("resolution", "2164"), str("topic", "protection of civilians"))
	as(gina, "mandate", str("topic", "zzzz"))
	as(gina, "mandate", str("compare", "2100"))
	// A member who is no admin tries the admin's commands and options.
	as(gina, "reindex", str("remove", "s-res-2164-2014"))
	as(gina, "feedback", num("days", 0))
	read("autocomplete /reindex remove: as a member", srv.Autocomplete(gina, "reindex", focused("remove", "")))
	for _, ac := range []struct {
		command string
		opt     discordtest.Option
	}{
		{"ask", focused("source", "")}, {"ask", focused("source", "zzz")},
		{"mandate", focused("compare", "")}, {"mandate", focused("resolution", "21")}, {"mandate", focused("compare", "9")},
	} {
		read("autocomplete /"+ac.command+" "+ac.opt.Name+":"+fmt.Sprint(ac.opt.Value), srv.Autocomplete(discordtest.Alice, ac.command, ac.opt))
	}
	as(discordtest.Alice, "reindex")
	as(discordtest.Alice, "feedback")
	as(discordtest.Admin, "reindex")
	as(discordtest.Admin, "reindex", discordtest.Option{Name: "fetch", Type: discordgo.ApplicationCommandOptionBoolean, Value: true})
	// An admin adds files: a PDF cut short, one whose first page shows no
	// symbol (fictional), then the same with its symbol given.
	file := func(name string, content []byte) discordtest.Option {
		return srv.AttachmentOption("file", discordtest.Attachment{Filename: name, ContentType: "application/pdf", Content: content})
	}
	good := undoctest.Resolution("9993", "2031")
	nosym := undoctest.PDF("S/RES/9993 (2031)", "31-09993 (E)", []string{"United Nations", "Security Council", "Resolution 9993 (2031)"}, undoctest.ResolutionBlocks, 8)
	as(discordtest.Admin, "reindex", file("broken.pdf", good[:len(good)/2]))
	as(discordtest.Admin, "reindex", file("scan.pdf", nosym))
	as(discordtest.Admin, "reindex", file("scan.pdf", nosym), str("symbol", "S/RES/9993 (2031)"))
	// The admin takes it out again, choosing it from the list: answers
	// cite it before the reindex and not after.
	read("autocomplete /reindex remove:", srv.Autocomplete(discordtest.Admin, "reindex", focused("remove", "9993")))
	const added = "S/RES/9993 (2031)"
	elections := str("question", "elections in the northern provinces")
	if _, r := as(carol, "ask", elections); !strings.Contains(readText(r.Final()), added) {
		t.Errorf("the answer does not cite the document just added, %s", added)
	}
	as(discordtest.Admin, "reindex", str("remove", "s-res-9993-2031"))
	if _, r := as(carol, "ask", elections); strings.Contains(readText(r.Final()), added) {
		t.Errorf("the answer still cites the document removed, %s", added)
	}
	as(discordtest.Admin, "reindex", str("remove", "nupi-policy-brief-19-2015"))
	// The questions answered weakly are there to act on, with the
	// default settings.
	if _, r := as(discordtest.Admin, "feedback"); !strings.Contains(readText(r.Final()), "“zzzz qqqq”") {
		t.Error("/feedback does not show the question answered weakly")
	}
	as(discordtest.Admin, "feedback", num("days", -3))
	t.Logf("links to the pages opened: %d; the longest reply: %d characters (%s)", pagesLinked, longest, longestWhat)
	if site != "" && pagesLinked < 20 {
		t.Errorf("the replies linked to the pages %d times: citations do not link to them", pagesLinked)
	}
	sv.cancel()
	if code := <-sv.done; code != 0 {
		t.Errorf("serve exited %d", code)
	}
}

// buttonLabelled returns the custom id of m's button whose label holds
// label, or "".
func buttonLabelled(m discordtest.Message, label string) string {
	for _, r := range m.Components {
		for _, c := range r.Components {
			if strings.Contains(c.Label, label) && c.CustomID != "" {
				return c.CustomID
			}
		}
	}
	return ""
}

// linkRE finds the addresses of a message's Markdown links.
var linkRE = regexp.MustCompile(`\]\(<([^>]+)>\)`)

// checkPageLinks opens every link of m to the web pages at site (embed
// titles, Markdown links, link buttons) and checks that the page is
// there and holds the paragraph or note its fragment names. It returns
// how many it opened.
//
// client, when set, is the address of the member opening the links (sent
// as X-Forwarded-For, which serve trusts from this machine, as from a
// reverse proxy in front of it): the pages' rate limit counts each member
// apart, as it counts the readers of a real server.
func checkPageLinks(t *testing.T, what, site string, m discordtest.Message, opened map[string]string, client string) int {
	t.Helper()
	var urls []string
	for _, e := range m.Embeds {
		urls = append(urls, e.URL)
	}
	for _, l := range linkRE.FindAllStringSubmatch(readText(m), -1) {
		urls = append(urls, l[1])
	}
	urls = append(urls, m.Links()...)
	n := 0
	for _, u := range urls {
		if !strings.HasPrefix(u, site+"/") {
			continue
		}
		n++
		page, frag, _ := strings.Cut(u, "#")
		body, ok := opened[page]
		if !ok {
			var code int
			if client != "" {
				code, body = httpGetAs(t, page, client)
			} else {
				code, body = readerGet(t, page, len(opened))
			}
			if code != 200 {
				t.Errorf("%s links to %s, which answers %d", what, u, code)
				continue
			}
			opened[page] = body
		}
		if frag != "" && !strings.Contains(body, `id="`+frag+`"`) {
			t.Errorf("%s links to %s, whose page has no #%s", what, u, frag)
		}
	}
	return n
}

// readerGet opens a page as the n-th page the walk's readers open: each
// reader (a client address behind the proxy on this machine, which the
// pages believe by default) opens at most 50, within the pages' rate
// limit of 60 a minute, as the members who click a walk's links would.
func readerGet(t *testing.T, url string, n int) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.100.%d", 1+n/50%250))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// readText is what a member reads of a message: its content and embeds.
func readText(m discordtest.Message) string {
	var b strings.Builder
	b.WriteString(m.Content)
	for _, e := range m.Embeds {
		fmt.Fprintf(&b, "\n[%s](%s)\n%s", e.Title, e.URL, e.Description)
		for _, f := range e.Fields {
			fmt.Fprintf(&b, "\n  %s: %s", f.Name, f.Value)
		}
		if e.Footer != nil {
			fmt.Fprintf(&b, "\n  — %s", e.Footer.Text)
		}
	}
	for _, c := range m.Choices {
		fmt.Fprintf(&b, "\n  choice %q = %v", c.Name, c.Value)
	}
	return b.String()
}

// checkReadable holds a reply to what a reader needs of it.
func checkReadable(t *testing.T, what string, r discordtest.Response) {
	t.Helper()
	if len(r.Refused) > 0 {
		t.Errorf("%s: Discord would refuse it: %v", what, r.Refused)
	}
	if r.Type == discordgo.InteractionApplicationCommandAutocompleteResult {
		return
	}
	for _, m := range append([]discordtest.Message{r.Final()}, r.Followups...) {
		if strings.TrimSpace(readText(m)) == "" {
			t.Errorf("%s: an empty message", what)
		}
		// A phone's screen: every reply within 2,000 characters, its
		// embeds included (the rest is on pages).
		if n := replyLength(m); n > 2000 {
			t.Errorf("%s: %d characters (content and embeds), over 2,000", what, n)
		}
		seen := map[string]bool{}
		openings := map[string]int{}
		for _, line := range strings.Split(readText(m), "\n") {
			line = strings.TrimSpace(line)
			if len(line) < 20 {
				continue
			}
			if seen[line] {
				t.Errorf("%s: the line %q is repeated", what, line)
			}
			seen[line] = true
			// A lead-in repeated before each item: two lines opening with
			// the same 60 characters, after a bold label if they have one.
			rest := line
			if _, after, ok := strings.Cut(strings.TrimPrefix(line, "**"), "** "); ok && strings.HasPrefix(line, "**") {
				rest = after
			}
			if r := []rune(rest); len(r) >= 60 {
				if openings[string(r[:60])]++; openings[string(r[:60])] == 2 {
					t.Errorf("%s: two lines open with %q", what, string(r[:60]))
				}
			}
		}
		// A heading heads something: never the last line of a text, nor
		// straight above another heading.
		for _, e := range m.Embeds {
			for _, s := range append([]string{e.Description}, fieldValues(e)...) {
				var lines []string
				for _, l := range strings.Split(s, "\n") {
					if l = strings.TrimSpace(l); l != "" {
						lines = append(lines, l)
					}
				}
				for i, l := range lines {
					if isHeadingLine(l) && (i == len(lines)-1 || isHeadingLine(lines[i+1])) {
						t.Errorf("%s: the heading %q heads nothing", what, l)
					}
				}
			}
		}
		// Every UN symbol in an embed's text links to its document (a
		// title links through the embed's URL).
		for _, e := range m.Embeds {
			texts := []string{e.Description}
			for _, f := range e.Fields {
				texts = append(texts, f.Value)
			}
			for _, s := range texts {
				// An example in a code span (`/cite reference: …`) is
				// what to type, not a citation: it cannot be linked.
				bare := codeSpanRE.ReplaceAllString(markdownLinkRE.ReplaceAllString(s, ""), "")
				for _, sym := range corpus.SymbolMentions(bare) {
					t.Errorf("%s: %s is not linked in %q", what, sym.Text, cutTo(s, 200))
				}
			}
			if e.URL == "" && len(corpus.SymbolMentions(e.Title)) > 0 {
				t.Errorf("%s: the title %q cites a document but does not link it", what, e.Title)
			}
		}
		if strings.Contains(m.Content, "@everyone") && (m.AllowedMentions == nil || m.AllowedMentions.Parse == nil || len(m.AllowedMentions.Parse) != 0) {
			t.Errorf("%s: may ping @everyone", what)
		}
	}
}

// replyLength is how many characters a member reads of a message: its
// content, and its embeds' titles, descriptions, fields and footers.
func replyLength(m discordtest.Message) int {
	n := len([]rune(m.Content))
	for _, e := range m.Embeds {
		n += len([]rune(e.Title)) + len([]rune(e.Description))
		for _, f := range e.Fields {
			n += len([]rune(f.Name)) + len([]rune(f.Value))
		}
		if e.Footer != nil {
			n += len([]rune(e.Footer.Text))
		}
	}
	return n
}

var markdownLinkRE = regexp.MustCompile(`\[[^\]]*\]\(<[^>]*>\)`)

// codeSpanRE is inline code.
var codeSpanRE = regexp.MustCompile("`[^`]*`")

func cutTo(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// fieldValues lists the values of e's fields.
func fieldValues(e *discordgo.MessageEmbed) []string {
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Value)
	}
	return out
}

// headingLineRE is a line that is all bold or all underlined and does not
// end as a sentence does: a heading over the lines after it ("**The
// mandate**", "__MINUSMA mandate__"), not an answer's sentence in bold.
var headingLineRE = regexp.MustCompile(`^(\*\*[^*]{1,80}\*\*|__[^_]{1,80}__)$`)

func isHeadingLine(l string) bool {
	return headingLineRE.MatchString(l) && !strings.ContainsAny(l[len(l)-3:len(l)-2], ".,;:")
}
