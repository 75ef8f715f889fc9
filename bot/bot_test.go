package bot_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"mandatebot/bot"
	"mandatebot/bot/discordtest"
	"mandatebot/corpus"
	"mandatebot/corpus/intake"
	"mandatebot/corpus/undoc"
	"mandatebot/corpus/undoc/undoctest"
	"mandatebot/feedback"
	"mandatebot/index"
	"mandatebot/index/indextest"
	"mandatebot/internal/testlog"
)

// harness is a bot connected through the real discordgo library to a fake
// Discord on 127.0.0.1.
type harness struct {
	restart func() // replaces the bot with a new one, as a restart would
	sess    *discordgo.Session
	srv     *discordtest.Server
	live    *index.Live
	dir     string // the corpus folder /reindex reads
	logs    *testlog.Buffer
}

// searcher lets a test swap in a misbehaving search.
type searcher struct {
	*index.Live
	panicOn string
}

func (s searcher) Search(ctx context.Context, q index.Query) (*index.Result, error) {
	if s.panicOn != "" && q.Text == s.panicOn {
		panic("test panic")
	}
	return s.Live.Search(ctx, q)
}

// library is the test's corpus folder: intake's Library on the harness's
// folder, whose Load a test may replace.
type library struct {
	*intake.Library
	dir  string
	load func(context.Context) (*corpus.Corpus, error)
}

func (l library) Load(ctx context.Context) (*corpus.Corpus, error) {
	if l.load != nil {
		return l.load(ctx)
	}
	return l.Library.Load(ctx)
}

// start runs a bot against a fake Discord; tune adjusts its
// configuration, and out, if given, receives the bot.
func start(t *testing.T, tune func(*bot.Config), out ...**bot.Bot) *harness {
	t.Helper()
	dir := t.TempDir()
	h := &harness{srv: discordtest.New(t), live: index.NewLive(indextest.Load(t, dir), nil), dir: dir, logs: &testlog.Buffer{}}
	cfg := bot.Config{
		Searcher: searcher{Live: h.live, panicOn: "PANIC please"}, Reindexer: h.live,
		Library:   library{Library: intake.NewLibrary(corpus.Loader{Dir: dir}, nil, nil), dir: dir},
		RateLimit: 1000,
		Logger:    slog.New(slog.NewTextHandler(h.logs, nil)),
		// A single-server deployment: Administrators of it may reindex.
		AllowedGuildIDs: []string{discordtest.GuildID},
	}
	if tune != nil {
		tune(&cfg)
	}
	b := bot.New(cfg)
	for _, o := range out {
		*o = b
	}
	sess := h.srv.Session()
	h.sess = sess
	remove := sess.AddHandler(b.HandleInteraction)
	h.restart = func() {
		remove()
		remove = sess.AddHandler(bot.New(cfg).HandleInteraction)
	}
	if err := sess.Open(); err != nil {
		t.Fatal(err)
	}
	h.srv.WaitReady()
	t.Cleanup(func() {
		sess.ShouldReconnectOnError = false
		sess.Close()
		h.live.Close()
	})
	return h
}

func str(name string, v string) discordtest.Option {
	return discordtest.Option{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: v}
}

func num(name string, v int) discordtest.Option {
	return discordtest.Option{Name: name, Type: discordgo.ApplicationCommandOptionInteger, Value: v}
}

func boolean(name string, v bool) discordtest.Option {
	return discordtest.Option{Name: name, Type: discordgo.ApplicationCommandOptionBoolean, Value: v}
}

// text is everything a message shows, for assertions.
func text(m discordtest.Message) string {
	var b strings.Builder
	b.WriteString(m.Content)
	for _, e := range m.Embeds {
		b.WriteString("\n" + e.Title + "\n" + e.Description)
		for _, f := range e.Fields {
			b.WriteString("\n" + f.Name + ": " + f.Value)
		}
		if e.Footer != nil {
			b.WriteString("\n" + e.Footer.Text)
		}
	}
	return b.String()
}

// checkSafe asserts what every reply must be: mentions parse nothing (an
// empty list, not null) and nothing breaks Discord's limits.
func checkSafe(t *testing.T, r discordtest.Response) {
	t.Helper()
	if len(r.Refused) > 0 {
		t.Errorf("Discord would refuse the reply: %v", r.Refused)
	}
	for _, m := range append([]discordtest.Message{r.Callback}, append(r.Edits, r.Followups...)...) {
		if r.Type == discordgo.InteractionApplicationCommandAutocompleteResult || r.Type == discordgo.InteractionResponseDeferredChannelMessageWithSource && m.Content == "" && len(m.Embeds) == 0 {
			continue
		}
		if m.AllowedMentions == nil || m.AllowedMentions.Parse == nil || len(m.AllowedMentions.Parse) != 0 {
			t.Errorf("allowed_mentions = %+v, want parse: []", m.AllowedMentions)
		}
		if len([]rune(m.Content)) > 2000 || len(m.Embeds) > 10 {
			t.Errorf("message over Discord's limits: %d characters, %d embeds", len([]rune(m.Content)), len(m.Embeds))
		}
		total := 0
		for _, e := range m.Embeds {
			total += len([]rune(e.Title)) + len([]rune(e.Description))
			for _, f := range e.Fields {
				total += len([]rune(f.Name)) + len([]rune(f.Value))
				if len([]rune(f.Value)) > 1024 {
					t.Errorf("field value of %d characters", len([]rune(f.Value)))
				}
			}
			if e.Footer != nil {
				total += len([]rune(e.Footer.Text))
			}
			if len([]rune(e.Description)) > 4096 {
				t.Errorf("embed description of %d characters", len([]rune(e.Description)))
			}
		}
		if total > 6000 {
			t.Errorf("embeds hold %d characters", total)
		}
		// A phone's screen: every reply within 2,000 characters in all.
		if n := total + len([]rune(m.Content)); n > 2000 {
			t.Errorf("a reply of %d characters, content and embeds: over 2,000", n)
		}
		for _, id := range m.CustomIDs() {
			if len(id) > 100 {
				t.Errorf("custom_id of %d characters", len(id))
			}
		}
	}
}

func TestAsk(t *testing.T) {
	t.Parallel()
	h := start(t, nil)
	id := h.srv.Command(discordtest.Alice, "ask", str("question", "What is the authorized strength of uniformed personnel?"))
	r := h.srv.WaitResponse(id, nil)
	checkSafe(t, r)
	if r.Ephemeral() {
		t.Error("a public question was answered privately")
	}
	m := r.Final()
	if len(m.Embeds) != 1 {
		t.Fatalf("%d embeds, want 1: the best passage, the others a line each", len(m.Embeds))
	}
	e := m.Embeds[0]
	if n := len([]rune(text(m))); n > 1500 {
		t.Errorf("a default answer of %d characters; keep it under 1,500", n)
	}
	// The citation links to the document's source (the shipped brief has
	// none: its address was never invented; fetched resolutions do).
	if e.Title != "1. MINUSMA’s Mandate and Capacity ¶2" || e.URL != h.live.Corpus().Document("nupi-policy-brief-19-2015").URL {
		t.Errorf("title %q, url %q: want the citation, linked to the source", e.Title, e.URL)
	}
	if strings.Count(e.Description, "So far, MINUSMA has an authorized strength of 12,640") != 1 || !strings.Contains(e.Description, "**So far, MINUSMA") {
		t.Errorf("the best sentence should be in bold, once: %q", e.Description)
	}
	if len(e.Fields) < 2 || !strings.Contains(e.Fields[0].Value, "[9] MINUSMA: Facts and Figures. http://www.un.org/en/peacekeeping/missions/minusma/facts.shtml") || !strings.HasPrefix(e.Fields[1].Value, "2. ") {
		t.Errorf("fields: %+v", e.Fields)
	}
	ids := m.CustomIDs()
	if len(ids) != 4 || !strings.HasPrefix(ids[0], "full:") || !strings.HasPrefix(ids[3], "more:") {
		t.Fatalf("buttons = %q", ids)
	}
	for _, cid := range ids {
		if len(cid) > 100 {
			t.Errorf("custom_id of %d characters", len(cid))
		}
	}

	// Buttons need no memory of the answer: they work after a restart.
	h.restart()

	// Another member's "More results": the next page, privately.
	bob := discordtest.Member{UserID: "300000000000000004"}
	other := h.srv.WaitResponse(h.srv.Click(bob, id, ids[3]), nil)
	checkSafe(t, other)
	if !other.Ephemeral() || other.Type != discordgo.InteractionResponseChannelMessageWithSource || !strings.HasPrefix(other.Final().Embeds[0].Title, "4. ") {
		t.Errorf("another member's More results: type %d, ephemeral %v, %+v", other.Type, other.Ephemeral(), other.Final().Embeds)
	}
	// The asker's own click turns their message to the next page.
	own := h.srv.WaitResponse(h.srv.Click(discordtest.Alice, id, ids[3]), nil)
	checkSafe(t, own)
	if own.Type != discordgo.InteractionResponseUpdateMessage || !strings.HasPrefix(own.Final().Embeds[0].Title, "4. ") {
		t.Errorf("the asker's More results: type %d, %+v", own.Type, own.Final().Embeds)
	}
	for _, c := range h.srv.Calls() {
		if strings.HasSuffix(c.Path, "/messages") && c.Method == "POST" {
			t.Errorf("a click posted a new public message: %s", c.Path)
		}
	}

	// Full passage: the whole passage, privately, with its footnotes.
	full := h.srv.WaitResponse(h.srv.Click(bob, id, ids[0]), nil)
	checkSafe(t, full)
	if !full.Ephemeral() || !strings.Contains(text(full.Final()), "approximately 1,000 local and international civilian personnel deployed in Mali") || !strings.Contains(text(full.Final()), "facts.shtml") {
		t.Errorf("full passage: ephemeral %v, %q", full.Ephemeral(), text(full.Final()))
	}

	// A button from another corpus version still answers, and says so.
	parts := strings.Split(ids[0], ":")
	stale := h.srv.WaitResponse(h.srv.Click(bob, id, parts[0]+":"+parts[1]+":00000000"), nil)
	if !strings.Contains(stale.Final().Content, "documents have changed") || len(stale.Final().Embeds) == 0 {
		t.Errorf("a button from another corpus version: %+v", stale.Final())
	}
	// A made-up button gets a clear message.
	gone := h.srv.WaitResponse(h.srv.Button(discordtest.Alice, "more:000000000000:3"), nil)
	if !gone.Ephemeral() || !strings.Contains(gone.Callback.Content, "does not work") {
		t.Errorf("made-up button: %+v", gone.Callback)
	}
}

func TestAskPrivateAndCount(t *testing.T) {
	t.Parallel()
	h := start(t, nil)
	r := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "ask", str("question", "Serval Barkhane"), num("count", 1), boolean("private", true)), nil)
	checkSafe(t, r)
	if !r.Ephemeral() || len(r.Final().Embeds) != 1 || len(r.Final().Embeds[0].Fields) > 1 {
		t.Errorf("ephemeral %v, %+v", r.Ephemeral(), r.Final().Embeds)
	}
}

func TestAutocomplete(t *testing.T) {
	t.Parallel()
	h := start(t, nil)
	r := h.srv.WaitResponse(h.srv.Autocomplete(discordtest.Alice, "ask", str("question", "x"),
		discordtest.Option{Name: "source", Type: discordgo.ApplicationCommandOptionString, Value: "nupi", Focused: true}), nil)
	if r.Type != discordgo.InteractionApplicationCommandAutocompleteResult || len(r.Callback.Choices) != 1 || r.Callback.Choices[0].Value != "nupi-policy-brief-19-2015" {
		t.Errorf("choices = %+v", r.Callback.Choices)
	}
	r = h.srv.WaitResponse(h.srv.Autocomplete(discordtest.Alice, "ask",
		discordtest.Option{Name: "source", Type: discordgo.ApplicationCommandOptionString, Value: "zzz", Focused: true}), nil)
	if len(r.Callback.Choices) != 0 || len(r.Refused) > 0 || !strings.Contains(string(r.Raw[0].Body), `"choices":[]`) {
		t.Errorf("choices for zzz = %s, refused %v; want an empty list Discord takes", r.Raw[0].Body, r.Refused)
	}
	// The chosen source filters the answer.
	a := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "ask", str("question", "mandate"), str("source", "no-such-doc")), nil)
	if !a.Ephemeral() || !strings.Contains(a.Callback.Content, "no-such-doc") {
		t.Errorf("unknown source: %+v", a.Callback)
	}
}

func TestFootnote(t *testing.T) {
	t.Parallel()
	h := start(t, nil)
	r := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "footnote", num("number", 20)), nil)
	checkSafe(t, r)
	got := text(r.Final())
	for _, want := range []string{"Footnote 20", "Ibid.", "refers to footnote 19: United Nations, [S/PV.7274](<https://undocs.org/S/PV.7274>).", "[S/PV.7274](<https://undocs.org/S/PV.7274>) (not in the corpus yet)", "MINUSMA’s Challenges ¶4"} {
		if !strings.Contains(got, want) {
			t.Errorf("footnote 20 lacks %q:\n%s", want, got)
		}
	}
	bad := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "footnote", num("number", 99)), nil)
	if !bad.Ephemeral() || !strings.Contains(bad.Callback.Content, "1 to 24") {
		t.Errorf("footnote 99: %+v", bad.Callback)
	}
}

func TestRecommendationsMandateSourcesHelp(t *testing.T) {
	t.Parallel()
	h := start(t, nil)
	// All ten, a screen at a time.
	id := h.srv.Command(discordtest.Alice, "recommendations")
	all := h.srv.WaitResponse(id, nil)
	checkSafe(t, all)
	got := text(all.Final())
	for pages := 1; pages < 10; pages++ {
		next := ""
		for _, r := range all.Final().Components {
			for _, b := range r.Components {
				if strings.HasPrefix(b.Label, "Next") {
					next = b.CustomID
				}
			}
		}
		if next == "" {
			break
		}
		all = h.srv.WaitResponse(h.srv.Click(discordtest.Alice, id, next), nil)
		checkSafe(t, all)
		got += text(all.Final())
	}
	for i := 1; i <= 10; i++ {
		if !strings.Contains(got, "**"+itoa(i)+".**") {
			t.Errorf("recommendation %d missing", i)
		}
	}
	topic := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "recommendations", str("topic", "language skills")), nil)
	checkSafe(t, topic)
	if got := text(topic.Final()); !strings.Contains(got, "Recommendation 6") || strings.Contains(got, "Recommendation 2 ") {
		t.Errorf("recommendations on language skills:\n%s", got)
	}
	m := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "mandate", str("topic", "protection of civilians")), nil)
	checkSafe(t, m)
	if got := text(m.Final()); !strings.Contains(got, "brief's account of the mandate") || !strings.Contains(got, "civilians") {
		t.Errorf("mandate:\n%s", got)
	}
	// A topic the documents never mention is not answered with the
	// brief's passages on the mandate.
	m = h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "mandate", str("topic", "zzzz")), nil)
	checkSafe(t, m)
	if got := m.Callback.Content; !m.Ephemeral() || got != "The mandate says nothing I can find about “zzzz”. Try other words, or /ask." {
		t.Errorf("mandate on a topic never mentioned: %q", got)
	}
	s := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "sources"), nil)
	checkSafe(t, s)
	if got := text(s.Final()); !strings.Contains(got, "NUPI Policy Brief") || !strings.Contains(got, "S/RES/2164 (2014)") || !strings.Contains(got, "Index built") {
		t.Errorf("sources:\n%s", got)
	}
	help := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "help"), nil)
	checkSafe(t, help)
	got = text(help.Final())
	// Every registered command is described, with an example.
	for _, c := range bot.Commands() {
		if !strings.Contains(got, "**/"+c.Name+"**") {
			t.Errorf("/help does not describe /%s:\n%s", c.Name, got)
		}
	}
	if n, want := strings.Count(got, "Example: `/")+strings.Count(got, "Examples: `/"), len(bot.Commands()); n != want {
		t.Errorf("/help gives %d examples for %d commands", n, want)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestHostileInput(t *testing.T) {
	t.Parallel()
	h := start(t, nil)
	inputs := []string{
		"@everyone what is the mandate?",
		"<@300000000000000001> <@&123456789012345678> ping",
		"**bold** __under__ `code` > quote ||spoiler|| [link](http://example.org)",
		`+foo -bar field:x /.*a.*b.*/ "unclosed`,
		strings.Repeat("mandate ", 750), // 6,000 characters
		"\u200b\u200b\u200b",
		"\u202eالمهمة في مالي\u202c troops",
		"PANIC please",
	}
	for _, q := range inputs {
		r := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "ask", str("question", q)), nil)
		checkSafe(t, r)
		got := text(r.Final())
		if got == "" {
			t.Errorf("%.40q: empty reply", q)
		}
		if strings.Contains(got, "@everyone") || strings.Contains(got, "<@3") {
			t.Errorf("%.40q: reply echoes a mention unescaped: %.200q", q, got)
		}
	}
	if !strings.Contains(h.logs.String(), "handler panicked") {
		t.Error("the panic was not logged")
	}
}

func TestRateLimit(t *testing.T) {
	t.Parallel()
	h := start(t, func(c *bot.Config) { c.RateLimit = 2 })
	for i := 0; i < 2; i++ {
		if r := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "ask", str("question", "mandate")), nil); r.Ephemeral() {
			t.Fatalf("question %d was refused: %q", i+1, r.Callback.Content)
		}
	}
	r := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "ask", str("question", "mandate")), nil)
	if !r.Ephemeral() || !strings.Contains(r.Callback.Content, "wait") {
		t.Errorf("third question: %+v", r.Callback)
	}
	// Another user is not held back.
	if r := h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "ask", str("question", "mandate")), nil); r.Ephemeral() {
		t.Errorf("another user was refused: %q", r.Callback.Content)
	}
}

func TestUnknownCommand(t *testing.T) {
	t.Parallel()
	h := start(t, nil)
	r := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "frobnicate"), nil)
	if !r.Ephemeral() || !strings.Contains(r.Callback.Content, "/help") {
		t.Errorf("unknown command: %+v", r.Callback)
	}
}

// fictionalDoc is a made-up document about a fictional mission.
const fictionalDoc = "---\nid: fictional-report\ntitle: Fictional report on Ruritania\nkind: report\n---\n\n## Findings\n\nThe zeppelin squadron of the fictional Ruritania mission was grounded for want of hydrogen.\n"

func TestReindex(t *testing.T) {
	t.Parallel()
	h := start(t, nil)
	before := h.live.BuiltAt()
	// A non-admin is refused and nothing changes.
	os.WriteFile(filepath.Join(h.dir, "fictional.md"), []byte(fictionalDoc), 0o644)
	r := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "reindex"), nil)
	if !r.Ephemeral() || !strings.Contains(r.Callback.Content, "Only admins") {
		t.Errorf("non-admin reindex: %+v", r.Callback)
	}
	if h.live.BuiltAt() != before || h.live.Corpus().Document("fictional-report") != nil {
		t.Error("a refused reindex changed the index")
	}

	// An admin reindexes while 100 questions are asked.
	os.WriteFile(filepath.Join(h.dir, "fictional.md"), []byte(fictionalDoc), 0o644)
	var ids []string
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := h.srv.Command(discordtest.Member{UserID: "3100000000000" + itoa5(i)}, "ask", str("question", "zeppelin squadron hydrogen"))
			mu.Lock()
			ids = append(ids, id)
			mu.Unlock()
		}()
		if i == 50 {
			rid := h.srv.Command(discordtest.Admin, "reindex")
			wg.Wait()
			rr := h.srv.WaitResponse(rid, discordtest.Edited)
			checkSafe(t, rr)
			if !rr.Ephemeral() || rr.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
				t.Errorf("reindex was not deferred privately: type %d", rr.Type)
			}
			if got := rr.Final().Content; !strings.Contains(got, "Documents added: fictional-report") || !strings.Contains(got, "Reindexed in") {
				t.Errorf("reindex reply: %q", got)
			}
		}
	}
	wg.Wait()
	sawOld, sawNew := false, false
	for _, id := range ids {
		a := h.srv.WaitResponse(id, nil)
		if strings.Contains(text(a.Final()), "zeppelin squadron") {
			sawNew = true
		} else {
			sawOld = true
		}
	}
	if !sawNew || !h.live.BuiltAt().After(before) {
		t.Errorf("the swap was not observed: old answers %v, new answers %v", sawOld, sawNew)
	}
	if !strings.Contains(h.logs.String(), "reindex done") || !strings.Contains(h.logs.String(), discordtest.Admin.UserID) {
		t.Error("the reindex was not logged with who asked")
	}

	// A document that fails to parse: the old index keeps serving.
	os.WriteFile(filepath.Join(h.dir, "broken.md"), []byte("no front matter here"), 0o644)
	fr := h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "reindex"), discordtest.Edited)
	if got := fr.Final().Content; !strings.Contains(got, "previous index keeps serving") || !strings.Contains(got, "broken.md") {
		t.Errorf("failed reindex reply: %q", got)
	}
	a := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "ask", str("question", "zeppelin squadron")), nil)
	if !strings.Contains(text(a.Final()), "zeppelin squadron") {
		t.Error("after a failed reindex the index no longer serves the last good corpus")
	}
}

func itoa5(i int) string { return fmt.Sprintf("%05d", i) }

func TestReindexRoles(t *testing.T) {
	t.Parallel()
	h := start(t, func(c *bot.Config) { c.AdminRoleIDs = []string{"600000000000000001"} })
	// With roles configured, the Administrator permission alone is not enough.
	r := h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "reindex"), nil)
	if !strings.Contains(r.Callback.Content, "Only admins") {
		t.Errorf("administrator without the role: %+v", r.Callback)
	}
	withRole := discordtest.Member{UserID: "300000000000000009", Roles: []string{"600000000000000001"}}
	r = h.srv.WaitResponse(h.srv.Command(withRole, "reindex"), discordtest.Edited)
	if !strings.Contains(r.Final().Content, "Reindexed") {
		t.Errorf("member with the admin role: %q", r.Final().Content)
	}
}

func TestGatewayDropAndResume(t *testing.T) {
	t.Parallel()
	h := start(t, nil)
	h.srv.DropConnection()
	h.srv.WaitResumed()
	time.Sleep(100 * time.Millisecond)
	r := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "ask", str("question", "Who asked for a rapid intervention force?")), nil)
	if !strings.Contains(text(r.Final()), "Abdoulaye Diop") {
		t.Errorf("after the resume: %.200q", text(r.Final()))
	}
}

// startWithODS is a harness whose /reindex fetch:true downloads from a
// fake UN document server on 127.0.0.1. For any resolution it serves the
// synthetic fixture about a fictional mission under that resolution's
// symbol; other symbols are not found.
func startWithODS(t *testing.T) *harness {
	ods := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sym := r.URL.Query().Get("s")
		var num, year string
		if _, err := fmt.Sscanf(sym, "S/RES/%s (%4s)", &num, &year); err != nil || !strings.HasPrefix(sym, "S/RES/") {
			http.NotFound(w, r)
			return
		}
		w.Write(undoctest.Resolution(num, strings.TrimSuffix(year, ")")))
	}))
	t.Cleanup(ods.Close)
	return start(t, func(c *bot.Config) {
		f := &undoc.Fetcher{BaseURL: ods.URL, LinkURL: ods.URL + "/undocs/", Retries: 1, Backoff: time.Millisecond, Timeout: 5 * time.Second}
		l := c.Library.(library)
		l.Library = intake.NewLibrary(corpus.Loader{Dir: l.dir}, f, nil)
		c.Library = l
	})
}

func TestResolutionsFetchedFromChat(t *testing.T) {
	t.Parallel()
	h := startWithODS(t)
	cite := func(ref string) discordtest.Response {
		return h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "cite", str("reference", ref)), nil)
	}
	if r := cite("2164 op 2(a)(i)"); !strings.Contains(r.Callback.Content, "[S/RES/2164 (2014)](<https://undocs.org/S/RES/2164(2014)>) is not in the corpus yet") {
		t.Errorf("before fetching: %q", r.Callback.Content)
	}

	r := h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "reindex", boolean("fetch", true)), func(r discordtest.Response) bool {
		return len(r.Edits) > 0 && strings.Contains(r.Final().Content, "Reindexed")
	})
	checkSafe(t, r)
	if len(r.Edits) < 2 {
		t.Errorf("no progress edits before the result: %d edits", len(r.Edits))
	}
	final := r.Final().Content
	if strings.Contains(final, "fetching…") {
		t.Errorf("the final reply still shows documents as being fetched:\n%s", final)
	}
	for _, want := range []string{
		"Fetched: [S/RES/2100 (2013)](<https://undocs.org/S/RES/2100(2013)>) (11 passages), [S/RES/2164 (2014)](<https://undocs.org/S/RES/2164(2014)>) (11 passages)\n",
		"Could not fetch, so the index is rebuilt without them:\n[S/2014/692](<https://undocs.org/S/2014/692>), [S/PV.7274](<https://undocs.org/S/PV.7274>): the UN server has no such document (404). Check the symbol, or add the PDF with /reindex file:\n",
		"Documents added: s-res-2100-2013, s-res-2164-2014",
	} {
		if !strings.Contains(final, want) {
			t.Errorf("reindex fetch reply lacks %q:\n%s", want, final)
		}
	}
	for _, unwanted := range []string{"%2F", "?s=", "Already in the corpus", "HTTP 404"} {
		if strings.Contains(final, unwanted) {
			t.Errorf("reindex fetch reply shows %q:\n%s", unwanted, final)
		}
	}
	if n := strings.Count(final, "S/2014/692"); n != 2 { // once as the link's text, once in its address
		t.Errorf("S/2014/692 named %d times, want once (and in its link):\n%s", n, final)
	}
	var progressed bool
	for _, e := range r.Edits {
		progressed = progressed || strings.Contains(e.Content, "Fetching the cited UN documents the corpus lacks (1 of 4)…\n[S/2014/692](<https://undocs.org/S/2014/692>): fetching…")
	}
	if !progressed {
		t.Errorf("no progress edit names the document being fetched: %q", r.Edits[0].Content)
	}

	c := cite("2164 op 2 (a) (i)")
	checkSafe(t, c)
	if e := c.Final().Embeds; len(e) != 1 || e[0].Title != "S/RES/2164 (2014), op. 2(a)(i)" || !strings.HasPrefix(e[0].Description, "*op. 2 › (a) Security, stabilization and protection of civilians:*\n(i) To support") || strings.Contains(e[0].Description, "shall be the following") {
		t.Errorf("cite: %+v", c.Final())
	}
	if c := cite("S/RES/2164 para 9"); !strings.Contains(c.Callback.Content, "has no op. 9") {
		t.Errorf("missing paragraph: %q", c.Callback.Content)
	}
	if c := cite("banana"); !strings.Contains(c.Callback.Content, "2164 op 13(a)") {
		t.Errorf("bad reference: %q", c.Callback.Content)
	}

	m := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "mandate", str("resolution", "S/RES/2164 (2014)")), nil)
	checkSafe(t, m)
	if got := text(m.Final()); !strings.Contains(got, "**op. 2(a)(ii)**") || strings.Contains(got, "**op. 1**") {
		t.Errorf("mandate of 2164 should list its mandate section:\n%s", got)
	}
	// Sub-paragraphs listed under their parent show what they add to its
	// lead-in, not the lead-in again.
	if got := text(m.Final()); strings.Count(got, "shall be the following") != 1 || !strings.Contains(got, "**op. 2(a)(ii)** (ii) To protect") {
		t.Errorf("the mandate's lead-in is repeated, %d times:\n%s", strings.Count(got, "shall be the following"), got)
	}
	m = h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "mandate", str("resolution", "S/RES/2164 (2014)"), str("topic", "protect civilians under imminent threat")), nil)
	if got := text(m.Final()); !strings.Contains(got, "op. 2(a)(ii)") {
		t.Errorf("mandate on a topic:\n%s", got)
	}
	m = h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "mandate", str("topic", "protect civilians")), nil)
	if got := text(m.Final()); !strings.Contains(got, "From the Security Council resolutions") || !strings.Contains(got, "S/RES/") {
		t.Errorf("mandate from the resolutions:\n%s", got)
	}
	// The fetched pair holds the same text under both symbols: each
	// paragraph is shown once, from the resolution in force, citing the
	// one it is unchanged from.
	if got := text(m.Final()); !strings.Contains(got, "unchanged from [S/RES/2100 (2013), op.") || !strings.HasPrefix(m.Final().Embeds[0].Title, "1. S/RES/2164 (2014)") {
		t.Errorf("the same paragraph in both resolutions is not shown once, citing both:\n%s", got)
	}
	for _, label := range []string{"op. 2(a)", "op. 2(a)(i)", "op. 2(a)(ii)", "op. 2(b)"} {
		got := text(m.Final())
		if strings.Contains(got, "S/RES/2100 (2013), "+label+"]") && strings.Contains(got, "S/RES/2164 (2014), "+label+"]") && !strings.Contains(got, "unchanged from [S/RES/2100 (2013), "+label+"]") {
			t.Errorf("%s is shown twice:\n%s", label, got)
		}
	}
	// The further answers' lines say what each sub-paragraph adds, not
	// the lead-in they share.
	if es := m.Final().Embeds; len(es) == 0 || len(es[0].Fields) == 0 {
		t.Errorf("no further answers: %+v", es)
	} else if also := es[len(es)-1].Fields[len(es[0].Fields)-1].Value; strings.Contains(also, "shall be the following") {
		t.Errorf("the further answers repeat the lead-in:\n%s", also)
	}

	f := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "footnote", num("number", 7)), nil)
	if got := text(f.Final()); !strings.Contains(got, "→ [S/RES/2164 (2014)](<http://127.0.0.1") || !strings.Contains(got, "(in the corpus: s-res-2164-2014)") {
		t.Errorf("footnote 7 does not link the resolution:\n%s", got)
	}
	a := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "ask", str("question", "protect civilians under imminent threat of physical violence Ruritania")), nil)
	if e := a.Final().Embeds; len(e) == 0 || !strings.HasPrefix(e[0].Title, "1. S/RES/") || !strings.Contains(e[0].Title, "op. 2(a)(ii)") {
		t.Errorf("ask cites the resolution by paragraph: %+v", e)
	} else if !strings.HasPrefix(e[0].URL, "http://127.0.0.1") || !strings.Contains(e[0].URL, "S%2FRES%2F") {
		t.Errorf("the citation does not link to the resolution's source: %q", e[0].URL)
	}
}

// TestShutdownStopsReindex cancels the bot's base context, as SIGTERM
// does, while a reindex is loading: the reindex stops at once, the admin
// is told, and Wait returns.
func TestShutdownStopsReindex(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	loading := make(chan struct{})
	var b *bot.Bot
	h := start(t, func(c *bot.Config) {
		c.Context = ctx
		l := c.Library.(library)
		l.load = func(ctx context.Context) (*corpus.Corpus, error) {
			close(loading)
			<-ctx.Done() // a load that would otherwise run for minutes
			return nil, ctx.Err()
		}
		c.Library = l
	}, &b)
	id := h.srv.Command(discordtest.Admin, "reindex")
	<-loading
	cancel()
	r := h.srv.WaitResponse(id, discordtest.Edited)
	if got := r.Final().Content; !strings.Contains(got, "shutting down") {
		t.Errorf("reply to a reindex stopped by shutdown: %q", got)
	}
	waitBot(t, b, "Wait did not return after the context was cancelled")
}

// waitBot fails with why if b.Wait has not returned within 10 s (a hang,
// not a slow machine).
func waitBot(t *testing.T, b *bot.Bot, why string) {
	t.Helper()
	done := make(chan struct{})
	go func() { b.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal(why)
	}
}

func TestReindexReportsSkippedFiles(t *testing.T) {
	t.Parallel()
	h := start(t, nil)
	os.Symlink("/etc/hostname", filepath.Join(h.dir, "outside.md"))
	r := h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "reindex"), discordtest.Edited)
	if got := r.Final().Content; !strings.Contains(got, "Reindexed") || !strings.Contains(got, "outside.md: skipped: a link to /etc/hostname") {
		t.Errorf("reindex with a link leaving the folder: %q", got)
	}
}

// TestReindexWithAttachment: an admin attaches a resolution's PDF (a
// fictional one, made by LibreOffice) to /reindex; it is checked,
// converted, written, indexed, and cited at once. A broken file changes
// nothing; a wrong kind or size is refused before anything is fetched.
func TestReindexWithAttachment(t *testing.T) {
	t.Parallel()
	h := start(t, nil)
	pdf, err := os.ReadFile("../corpus/undoc/testdata/libreoffice/lo-resolution-9998.pdf")
	if err != nil {
		t.Fatal(err)
	}
	file := func(name string, content []byte) discordtest.Option {
		return h.srv.AttachmentOption("file", discordtest.Attachment{Filename: name, ContentType: "application/pdf", Content: content})
	}

	r := h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "reindex", file("S_RES_9998.pdf", pdf)), discordtest.Edited)
	checkSafe(t, r)
	got := r.Final().Content
	for _, want := range []string{"Added s-res-9998-2031, resolution S/RES/9998 (2031): 5 preambular paragraphs, 8 operative paragraphs, 13 operative sub-paragraphs", "Reindexed", "Documents added: s-res-9998-2031"} {
		if !strings.Contains(got, want) {
			t.Errorf("reply lacks %q:\n%s", want, got)
		}
	}
	c := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "cite", str("reference", "9998 op 4(i)")), nil)
	if got := text(c.Final()); !strings.Contains(got, "S/RES/9998 (2031), op. 4(i)") || !strings.Contains(got, "mine action") {
		t.Errorf("cite after the upload:\n%s", got)
	}

	// A PDF cut short: nothing changes, and the admin is told why and
	// what to do (get it again, not turn it into Markdown).
	before, _ := os.ReadDir(h.dir)
	builtAt := h.live.BuiltAt()
	r = h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "reindex", file("broken.pdf", pdf[:len(pdf)/2])), discordtest.Edited)
	if got := r.Final().Content; !strings.Contains(got, "I could not add “broken.pdf”, so nothing changed") || !strings.Contains(got, "the PDF is cut short") ||
		strings.Count(got, "broken.pdf") != 1 || !strings.HasSuffix(got, "get the file again, whole.") || strings.Contains(got, "corpus .md file") {
		t.Errorf("broken upload: want the file named once, why, and what to do: %q", got)
	}
	// One that does not read: it may be a scan, so Markdown is the way.
	unreadable := undoctest.RawPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>", "<< /Length 3 /Filter /NoSuchFilter >>\nstream\nabc\nendstream"}, "")
	r = h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "reindex", file("odd.pdf", unreadable)), discordtest.Edited)
	if got := r.Final().Content; !strings.Contains(got, "I could not add “odd.pdf”, so nothing changed") || !strings.Contains(got, "add it as a corpus .md file instead") {
		t.Errorf("an unreadable upload: want what to do: %q", got)
	}

	if after, _ := os.ReadDir(h.dir); len(after) != len(before) || h.live.BuiltAt() != builtAt {
		t.Error("a broken upload changed the folder or the index")
	}

	// A PDF whose first page shows no symbol: the admin is told to give
	// it, and can, from Discord.
	nosym := undoctest.PDF("S/RES/9993 (2031)", "31-09993 (E)", []string{"United Nations", "Security Council", "Resolution 9993 (2031)"}, undoctest.ResolutionBlocks, 8)
	r = h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "reindex", file("scan.pdf", nosym)), discordtest.Edited)
	if got := r.Final().Content; got != "I could not add “scan.pdf”, so nothing changed and the index was not rebuilt: no UN symbol on its first page. Attach it again with its UN symbol, e.g. /reindex file: (the PDF) symbol: S/RES/2164 (2014)." {
		t.Errorf("PDF without a symbol: %q", got)
	}
	r = h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "reindex", file("scan.pdf", nosym), str("symbol", "s/res/9993 (2031)")), discordtest.Edited)
	if got := r.Final().Content; !strings.Contains(got, "Added s-res-9993-2031, resolution S/RES/9993 (2031)") || !strings.Contains(got, "Documents added: s-res-9993-2031") {
		t.Errorf("PDF with symbol: given: %q", got)
	}

	// The files that once crashed or hung the bot: each refused by name,
	// the bot still answering.
	for _, hp := range undoctest.HostilePDFs() {
		r := h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "reindex", file("hostile.pdf", hp.PDF)), discordtest.Edited)
		if got := r.Final().Content; !strings.Contains(got, "I could not add “hostile.pdf”, so nothing changed") || !strings.Contains(got, hp.Want) {
			t.Errorf("%s uploaded: %q", hp.Name, got)
		}
	}

	// Refused before anything is downloaded.
	refusals := []struct {
		member discordtest.Member
		opt    discordtest.Option
		want   string
	}{
		{discordtest.Admin, h.srv.AttachmentOption("file", discordtest.Attachment{Filename: "notes.docx", Content: []byte("PK")}), "“notes.docx” is neither"},
		{discordtest.Admin, h.srv.AttachmentOption("file", discordtest.Attachment{Filename: "huge.pdf", Content: []byte("%PDF-"), Size: 25 << 20}), "is 25 MB; attach at most 20 MB"},
		{discordtest.Alice, file("S_RES_9998.pdf", pdf), "Only admins"},
		{discordtest.Admin, str("symbol", "S/RES/9993 (2031)"), "symbol: names the document of an attached PDF; attach the PDF with file: too."},
	}
	r = h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "reindex", file("scan.pdf", nosym), str("symbol", "banana")), nil)
	if got := r.Callback.Content; !r.Ephemeral() || !strings.Contains(got, "symbol: not a UN symbol: \"banana\"; write it like S/RES/2164 (2014)") {
		t.Errorf("a bad symbol: %+v", r.Callback)
	}
	// An attachment URL that is not Discord's CDN (a forged interaction
	// pointing at this machine): refused, nothing downloaded.
	for _, u := range []string{"http://127.0.0.1:1/attachments/x.pdf", "https://169.254.169.254/latest.pdf", "http://cdn.discordapp.com/x.pdf", "https://cdn.discordapp.com.evil.example/x.pdf"} {
		opt := h.srv.AttachmentOption("file", discordtest.Attachment{Filename: "S_RES_9998.pdf", ContentType: "application/pdf", Content: pdf, URL: u})
		r := h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "reindex", opt), discordtest.Edited)
		if got := r.Final().Content; !strings.Contains(got, "is not stored on Discord's CDN") {
			t.Errorf("attachment at %s: %q", u, got)
		}
	}
	for _, tt := range refusals {
		r := h.srv.WaitResponse(h.srv.Command(tt.member, "reindex", tt.opt), nil)
		if !r.Ephemeral() || !strings.Contains(r.Callback.Content, tt.want) {
			t.Errorf("want a private refusal saying %q, got %+v", tt.want, r.Callback)
		}
	}
}

// TestTokensNeverLogged: when a reply to Discord times out, the error
// holds the callback's address, interaction token included; the log must
// not.
func TestTokensNeverLogged(t *testing.T) {
	t.Parallel()
	h := start(t, nil)
	h.sess.Client.Timeout = 200 * time.Millisecond
	h.srv.SlowCallbacks(time.Second)
	h.srv.Command(discordtest.Alice, "ask", str("question", "What is MINUSMA's authorized strength?"))
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(h.logs.String(), "could not send an error reply") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	logs := h.logs.String()
	if !strings.Contains(logs, "/interactions/") || !strings.Contains(logs, "<redacted>") {
		t.Fatalf("the failure was not logged with its (redacted) address:\n%s", logs)
	}
	if strings.Contains(logs, "token-") {
		t.Errorf("an interaction token was logged:\n%s", logs)
	}
}

// TestCraftedButtons: custom ids are input from anyone; a crafted one gets
// a polite refusal, never a recovered panic.
func TestCraftedButtons(t *testing.T) {
	t.Parallel()
	h := start(t, nil)
	r := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "ask", str("question", "mandate")), nil)
	var more string
	for _, row := range r.Final().Components {
		for _, c := range row.Components {
			if strings.HasPrefix(c.CustomID, "more:") {
				more = c.CustomID
			}
		}
	}
	if more == "" {
		t.Fatalf("no More results button: %+v", r.Final().Components)
	}
	key := strings.Split(more, ":")[1]
	for _, id := range []string{
		"more:" + key + ":9223372036854775807",
		"more:" + key + ":-1",
		"full:" + key + ":99999",
		"more:" + key + ":" + strings.Repeat("9", 400),
		strings.Repeat("x:", 50000),
		"",
	} {
		r := h.srv.WaitResponse(h.srv.Button(discordtest.Alice, id), nil)
		if !r.Ephemeral() || r.Callback.Content == "" {
			t.Errorf("custom_id %.40q: want a private refusal, got %+v", id, r.Callback)
		}
	}
	if strings.Contains(h.logs.String(), "panicked") {
		t.Errorf("a crafted button made a handler panic:\n%s", h.logs.String())
	}
}

// TestDiscordFaults: a 503 on a callback is retried, as discordgo retries
// a 502; when a reindex succeeded but its reply could not be edited, the
// admin is told it succeeded in a follow-up.
func TestDiscordFaults(t *testing.T) {
	t.Parallel()
	h := start(t, nil)
	h.srv.FailNext("POST", "/callback", http.StatusServiceUnavailable, 2)
	r := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "ask", str("question", "What is MINUSMA's authorized strength?")), nil)
	if got := text(r.Final()); !strings.Contains(got, "12,640") {
		t.Errorf("after two 503s: %q", got)
	}

	h.srv.FailNext("PATCH", "/messages/@original", http.StatusInternalServerError, 1)
	r = h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "reindex"), func(r discordtest.Response) bool { return len(r.Followups) > 0 })
	if len(r.Followups) == 0 || !strings.Contains(r.Followups[0].Content, "Reindexed") || strings.Contains(r.Followups[0].Content, "Sorry") {
		t.Errorf("follow-up after a failed edit: %+v", r.Followups)
	}
}

// TestMandateWithoutTopic lists the mandate's tasks, never unrelated
// recommendations: the brief's section on the mandate while the corpus
// has no resolution, then the latest resolution's mandate paragraphs.
func TestMandateWithoutTopic(t *testing.T) {
	t.Parallel()
	h := startWithODS(t)
	m := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "mandate"), nil)
	checkSafe(t, m)
	got := text(m.Final())
	if !strings.Contains(got, "brief's account of the mandate") || !strings.Contains(got, "MINUSMA’s Mandate and Capacity ¶1") || strings.Contains(got, "Recommendation") {
		t.Errorf("mandate from the brief:\n%s", got)
	}
	h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "reindex", boolean("fetch", true)), func(r discordtest.Response) bool {
		return len(r.Edits) > 0 && strings.Contains(r.Final().Content, "Reindexed")
	})
	m = h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "mandate"), nil)
	got = text(m.Final())
	// The fetched fixtures are a fictional resolution served under each
	// symbol; the latest is 2164.
	if !strings.Contains(got, "S/RES/2164 (2014) — mandate") || !strings.Contains(got, "op. 2(a)(i)") || strings.Contains(got, "Recommendation") {
		t.Errorf("mandate from the resolutions:\n%s", got)
	}
}

// TestPerServerSafety: a server not allowed and a direct message are
// refused privately; admin ids scoped to a server count only there; with
// several servers and no admin ids, no Administrator may reindex, and is
// told how to configure it.
func TestPerServerSafety(t *testing.T) {
	t.Parallel()
	other := "100000000000000099"
	h := start(t, func(c *bot.Config) {
		c.AllowedGuildIDs = []string{discordtest.GuildID, other}
		c.AdminRoleIDs = []string{other + ":600000000000000001"}
	})
	stranger := discordtest.Member{UserID: "300000000000000005", Guild: "100000000000000777"}
	r := h.srv.WaitResponse(h.srv.Command(stranger, "ask", str("question", "mandate")), nil)
	if !r.Ephemeral() || !strings.Contains(r.Callback.Content, "not set up to answer in this server") {
		t.Errorf("a server not allowed: %+v", r.Callback)
	}
	if !strings.Contains(h.logs.String(), "guild=100000000000000777") {
		t.Errorf("the refused server was not logged:\n%s", h.logs.String())
	}
	dm := discordtest.Member{UserID: "300000000000000006", Guild: discordtest.DM}
	r = h.srv.WaitResponse(h.srv.Command(dm, "ask", str("question", "mandate")), nil)
	if !r.Ephemeral() || !strings.Contains(r.Callback.Content, "not in direct messages") {
		t.Errorf("a direct message: %+v", r.Callback)
	}

	// The role is an admin role in the other server only.
	roleHere := discordtest.Member{UserID: "300000000000000007", Roles: []string{"600000000000000001"}}
	r = h.srv.WaitResponse(h.srv.Command(roleHere, "reindex"), nil)
	if !strings.Contains(r.Callback.Content, "Only admins may reindex") {
		t.Errorf("a role scoped to another server: %+v", r.Callback)
	}
	roleThere := discordtest.Member{UserID: "300000000000000007", Roles: []string{"600000000000000001"}, Guild: other}
	r = h.srv.WaitResponse(h.srv.Command(roleThere, "reindex"), discordtest.Edited)
	if !strings.Contains(r.Final().Content, "Reindexed") {
		t.Errorf("the scoped role in its server: %q", r.Final().Content)
	}

	// Two servers, no admin ids: the Administrator permission is not enough.
	h2 := start(t, func(c *bot.Config) { c.AllowedGuildIDs = []string{discordtest.GuildID, other} })
	r = h2.srv.WaitResponse(h2.srv.Command(discordtest.Admin, "reindex"), nil)
	if got := r.Callback.Content; !strings.Contains(got, "No admins are configured") || !strings.Contains(got, "ADMIN_USER_IDS="+discordtest.Admin.UserID) || !strings.Contains(got, "ALLOWED_GUILD_IDS="+discordtest.GuildID) {
		t.Errorf("Administrator with several servers and no admin ids: %+v", r.Callback)
	}
}

// TestFeedback: every answer has 👍 / 👎 buttons; a vote is stored, a
// second vote by the same member replaces the first, a weak answer is
// recorded, /feedback shows them to admins only, and no question text is
// kept unless asked.
func TestFeedback(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "feedback.db")
	store, err := feedback.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	h := start(t, func(c *bot.Config) { c.Feedback = store })
	question := "zebra quokka" // no word of it, nor a synonym, is in the corpus: no answer leads
	id := h.srv.Command(discordtest.Alice, "ask", str("question", "What is MINUSMA's authorized strength?"))
	var up, down string
	for _, cid := range h.srv.WaitResponse(id, nil).Final().CustomIDs() {
		switch {
		case strings.HasPrefix(cid, "vote:up:"):
			up = cid
		case strings.HasPrefix(cid, "vote:down:"):
			down = cid
		}
	}
	if up == "" || down == "" {
		t.Fatal("no vote buttons")
	}
	bob := discordtest.Member{UserID: "300000000000000004"}
	for _, click := range []struct {
		m  discordtest.Member
		id string
	}{{discordtest.Alice, up}, {bob, up}, {bob, down}} { // Bob changes his mind
		r := h.srv.WaitResponse(h.srv.Click(click.m, id, click.id), nil)
		if !r.Ephemeral() || !strings.Contains(r.Callback.Content, "Thanks") {
			t.Errorf("vote reply: %+v", r.Callback)
		}
	}
	h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "ask", str("question", question)), nil)

	r := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "feedback"), nil)
	if !strings.Contains(r.Callback.Content, "Only admins") {
		t.Errorf("a member saw the feedback: %+v", r.Callback)
	}
	r = h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "feedback"), nil)
	got := text(r.Final())
	for _, want := range []string{"2 votes", "👎 1 · 👍 1 · 2 members — *no question kept (QUESTION_LOG=off)* · shown: MINUSMA’s Mandate and Capacity ¶2", "1× — *no question kept"} {
		if !strings.Contains(got, want) {
			t.Errorf("/feedback lacks %q:\n%s", want, got)
			break
		}
	}
	store.Close()
	raw, _ := os.ReadFile(path)
	for _, secret := range []string{"zebra", "authorized strength", discordtest.Alice.UserID, bob.UserID} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("the feedback database holds %q", secret)
		}
	}
}

// recorder is an Observer that keeps the events.
type recorder struct {
	mu     sync.Mutex
	events []bot.Event
}

func (r *recorder) Observe(e bot.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

// TestInteractionReport: one structured log line per interaction, with
// its command, server, outcome, latency and top passage, and the question
// only when asked for; the same to the observer.
func TestInteractionReport(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	h := start(t, func(c *bot.Config) { c.Observer = rec; c.RateLimit = 1 })
	h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "ask", str("question", "What is MINUSMA's authorized strength?")), nil)
	h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "ask", str("question", "and again?")), nil)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		rec.mu.Lock()
		n := len(rec.events)
		rec.mu.Unlock()
		if n == 2 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	// An event is reported once its interaction is answered: the second,
	// refused at once, may be reported before the first.
	events := slices.Clone(rec.events)
	slices.SortFunc(events, func(a, b bot.Event) int { return strings.Compare(b.Top, a.Top) })
	if len(events) != 2 || events[0].Command != "ask" || events[0].Outcome != bot.OutcomeOK || events[0].Top == "" || events[0].Ack <= 0 || events[1].Outcome != bot.OutcomeRateLimited {
		t.Fatalf("events: %+v", rec.events)
	}
	logs := h.logs.String()
	if !strings.Contains(logs, "msg=interaction command=ask guild="+discordtest.GuildID+" outcome=ok") || !strings.Contains(logs, "top=nupi-policy-brief-19-2015#") {
		t.Errorf("no interaction line:\n%s", logs)
	}
	if strings.Contains(logs, "authorized strength") {
		t.Errorf("the question was logged without LogQuestions:\n%s", logs)
	}
}

// TestUnknownCommandsOneName: commands the table does not hold (renamed
// or removed while Discord still offers them) are each told so, and are
// all reported as "unknown": the metrics labelled by command stay as few
// as the table's commands, however many names arrive.
func TestUnknownCommandsOneName(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	h := start(t, func(c *bot.Config) { c.Observer = rec })
	const names = 300
	var ids []string
	for i := range names {
		ids = append(ids, h.srv.Command(discordtest.Alice, fmt.Sprintf("gone-%d", i)))
	}
	for i, id := range ids {
		if got := h.srv.WaitResponse(id, nil).Final().Content; !strings.Contains(got, fmt.Sprintf("I don't know the command /gone-%d", i)) {
			t.Fatalf("/gone-%d: %q", i, got)
		}
	}
	h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "help"), nil)
	var seen map[string]int
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		rec.mu.Lock()
		seen = map[string]int{}
		for _, e := range rec.events {
			seen[e.Command]++
		}
		rec.mu.Unlock()
		if seen["unknown"]+seen["help"] == names+1 {
			break
		}
	}
	if want := map[string]int{"unknown": names, "help": 1}; !maps.Equal(seen, want) {
		t.Errorf("events by command: %v, want %v", seen, want)
	}
}

// TestReindexSimultaneousUploads: five admins' files at once are all
// added and served, and each admin is told so (none reads "try again").
func TestReindexSimultaneousUploads(t *testing.T) {
	t.Parallel()
	h := start(t, nil)
	var ids []string
	for i := range 5 {
		md := fmt.Sprintf("---\nid: fictional-upload-%d\ntitle: Fictional upload %d\nkind: report\n---\n\nThe zeppelin number %d of Ruritania.\n", i, i, i)
		opt := h.srv.AttachmentOption("file", discordtest.Attachment{Filename: fmt.Sprintf("upload-%d.md", i), ContentType: "text/markdown", Content: []byte(md)})
		ids = append(ids, h.srv.Command(discordtest.Admin, "reindex", opt))
	}
	for i, id := range ids {
		r := h.srv.WaitResponse(id, discordtest.Edited)
		got := r.Final().Content
		if !strings.Contains(got, fmt.Sprintf("Added fictional-upload-%d", i)) || !strings.Contains(got, "Reindexed") {
			t.Errorf("admin %d was told: %q", i, got)
		}
	}
	for i := range 5 {
		if h.live.Corpus().Document(fmt.Sprintf("fictional-upload-%d", i)) == nil {
			t.Errorf("fictional-upload-%d is not served", i)
		}
	}
}

// TestCiteTheBrief: /cite names the brief's paragraphs by their labels,
// as people write them, and says which exist when one does not.
func TestCiteTheBrief(t *testing.T) {
	t.Parallel()
	h := start(t, nil)
	tests := []struct {
		ref, title, start, content string
	}{
		{ref: "Recommendation 4", title: "Recommendation 4", start: "In addition, MINUSMA should prioritize"},
		{ref: "introduction para 2", title: "Introduction ¶2", start: "Since these events, the country has been"},
		{ref: "MINUSMA's Challenges ¶3", title: "MINUSMA’s Challenges ¶3"},
		{ref: "Introduction ¶9", content: "NUPI Policy Brief 19 · 2015 on MINUSMA has no Introduction ¶9. Did you mean: Introduction ¶1, Introduction ¶2, Introduction ¶3?"},
		{ref: "Recommendation 40", content: "has no Recommendation 40. Did you mean: Recommendation 1, Recommendation 2,"},
	}
	for _, tt := range tests {
		r := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "cite", str("reference", tt.ref)), nil)
		checkSafe(t, r)
		if tt.content != "" {
			if !strings.Contains(r.Callback.Content, tt.content) {
				t.Errorf("/cite %s: %q, want it to hold %q", tt.ref, r.Callback.Content, tt.content)
			}
			continue
		}
		e := r.Final().Embeds
		if len(e) != 1 || e[0].Title != tt.title || !strings.HasPrefix(e[0].Description, tt.start) {
			t.Errorf("/cite %s: %+v, want %q starting %q", tt.ref, r.Final(), tt.title, tt.start)
		}
	}
}
