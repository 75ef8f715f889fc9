package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"mandatebot/bot/discordtest"
	"mandatebot/corpus/corpustest"
	"mandatebot/corpus/undoc/undoctest"
	"mandatebot/internal/testlog"
)

// fakeDiscord is a fake Discord on 127.0.0.1, and the seam that makes
// serve and register reach it.
type fakeDiscord struct {
	*discordtest.Server
	discord discord
}

// useFake starts a fake Discord for the test.
func useFake(t *testing.T) fakeDiscord {
	srv := discordtest.New(t)
	return fakeDiscord{Server: srv, discord: discord{
		newSession: func(token string) (*discordgo.Session, error) {
			if token != discordtest.FakeToken {
				t.Errorf("session made with another token")
			}
			return srv.Session(), nil
		},
		connectBackoff: 10 * time.Millisecond,
	}}
}

// serving is a serve run against the fake Discord.
type serving struct {
	srv    *discordtest.Server
	cancel context.CancelFunc // SIGTERM
	done   chan int           // serve's exit status
	logs   *testlog.Buffer
}

// startServe runs serve with env against a fake Discord and waits until
// it is connected.
func startServe(t *testing.T, env map[string]string) *serving {
	t.Helper()
	s := launchServe(t, env)
	s.srv.WaitReady()
	return s
}

// launchServe runs serve with env against a fake Discord, stopped when the
// test ends, and returns at once.
func launchServe(t *testing.T, env map[string]string) *serving {
	t.Helper()
	fake := useFake(t)
	s := &serving{srv: fake.Server, done: make(chan int, 1), logs: &testlog.Buffer{}}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	t.Cleanup(cancel)
	var out testlog.Buffer
	go func() {
		s.done <- runWith(ctx, fake.discord, []string{"serve"}, strings.NewReader(""), &out, s.logs, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	}()
	return s
}

func TestServe(t *testing.T) {
	srv := useFake(t)
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb testlog.Buffer
	done := make(chan int)
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	env := map[string]string{"DISCORD_TOKEN": discordtest.FakeToken, "INDEX_PATH": t.TempDir(), "HTTP_ADDR": addr}
	go func() {
		done <- runWith(ctx, srv.discord, []string{"serve"}, strings.NewReader(""), &out, &errb, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	}()
	srv.WaitReady()
	id := srv.Command(discordtest.Alice, "ask", discordtest.Option{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: "Who rejected the preliminary peace deal?"})
	r := srv.WaitResponse(id, nil)
	if m := r.Final(); len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Fields[0].Value, "Coordination of Azawad Movements") {
		t.Errorf("answer through serve: %+v", m)
	}
	// serve keeps feedback (beside INDEX_PATH): the answer has vote buttons.
	if ids := strings.Join(r.Final().CustomIDs(), " "); !strings.Contains(ids, "vote:up:") {
		t.Errorf("no vote buttons through serve: %s", ids)
	}
	// Health, readiness and metrics, counting the /ask.
	httpGet := func(path string) (int, string) {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := httpGet("/healthz"); code != 200 {
		t.Errorf("/healthz: %d", code)
	}
	if code, _ := httpGet("/readyz"); code != 200 {
		t.Errorf("/readyz once serving: %d", code)
	}
	var metricsBody string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if _, metricsBody = httpGet("/metrics"); strings.Contains(metricsBody, `mandatebot_interactions_total{command="ask",outcome="ok"} 1`) {
			break
		}
	}
	for _, want := range []string{`mandatebot_interactions_total{command="ask",outcome="ok"} 1`, "mandatebot_passages 26", "mandatebot_documents 1", "mandatebot_semantic_search -1"} {
		if !strings.Contains(metricsBody, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	cancel() // as SIGINT/SIGTERM would
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d: %s", code, errb.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	logs := errb.String()
	if !strings.Contains(logs, "connected to Discord") || !strings.Contains(logs, "shutting down") {
		t.Errorf("logs:\n%s", logs)
	}
	if strings.Contains(logs, discordtest.FakeToken) || strings.Contains(logs, strings.Split(discordtest.FakeToken, ".")[2]) {
		t.Error("the token was logged")
	}
}

func TestRegister(t *testing.T) {
	srv := useFake(t)
	// A malformed server id is refused before any request.
	if code, _, stderr := runCmdWith(t, srv.discord, map[string]string{"DISCORD_TOKEN": discordtest.FakeToken}, "register", "--guild", "notanumber"); code != 2 || !strings.Contains(stderr, "server id") || len(srv.Calls()) != 0 {
		t.Errorf("--guild notanumber: exit %d, %s, %d calls", code, stderr, len(srv.Calls()))
	}
	env := map[string]string{"DISCORD_TOKEN": discordtest.FakeToken}
	code, out, stderr := runCmdWith(t, srv.discord, env, "register", "--guild", discordtest.GuildID)
	if code != 0 || !strings.Contains(out, "registered 9 commands in server") {
		t.Fatalf("exit %d: %s %s", code, out, stderr)
	}
	var put *discordtest.Call
	for _, c := range srv.Calls() {
		if c.Method == "PUT" && c.Path == "/api/v9/applications/"+discordtest.AppID+"/guilds/"+discordtest.GuildID+"/commands" {
			put = &c
		}
	}
	if put == nil {
		t.Fatalf("no bulk overwrite: %+v", srv.Calls())
	}
	var cmds []map[string]any
	json.Unmarshal(put.Body, &cmds)
	if len(cmds) != 9 || cmds[0]["name_localizations"] == nil {
		t.Errorf("registered %d commands: %s", len(cmds), put.Body)
	}
}

func TestTokenErrors(t *testing.T) {
	for _, tc := range []struct{ token, want string }{
		{"", "DISCORD_TOKEN is not set"},
		{"not-a-token", "does not look like a bot token"},
		{"secret with spaces.abc.def", "does not look like a bot token"},
	} {
		for _, cmd := range []string{"serve", "register"} {
			code, _, stderr := runCmd(t, map[string]string{"DISCORD_TOKEN": tc.token}, cmd)
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Errorf("%s with %q: exit %d, %q", cmd, tc.token, code, stderr)
			}
			if tc.token != "" && strings.Contains(stderr, tc.token) {
				t.Errorf("%s printed the token", cmd)
			}
		}
	}
}

func TestConfigErrors(t *testing.T) {
	for env, want := range map[string]string{
		"ADMIN_ROLE_IDS":     "ADMIN_ROLE_IDS",
		"RATE_LIMIT":         "RATE_LIMIT",
		"LOG_LEVEL":          "LOG_LEVEL",
		"LOG_FORMAT":         "LOG_FORMAT",
		"ALLOWED_GUILD_IDS":  "ALLOWED_GUILD_IDS",
		"ALLOW_DMS":          "ALLOW_DMS",
		"FETCH_ON_START":     "FETCH_ON_START",
		"MAX_PDF_MB":         "MAX_PDF_MB",
		"EMBEDDINGS_TIMEOUT": "EMBEDDINGS_TIMEOUT",
		"PUBLIC_URL":         "PUBLIC_URL",
		"TRUSTED_PROXIES":    "TRUSTED_PROXIES",
	} {
		code, _, stderr := runCmd(t, map[string]string{env: "bogus value"}, "ask", "q")
		if code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("%s=bogus: exit %d, %q", env, code, stderr)
		}
	}
	for _, v := range []string{"ftp://example.org", "https://example.org/mandatebot", "example.org", "https://example.org/?q=1"} {
		if code, _, stderr := runCmd(t, map[string]string{"PUBLIC_URL": v}, "ask", "q"); code != 2 || !strings.Contains(stderr, "PUBLIC_URL") || !strings.Contains(stderr, "with no path, like https://mandatebot.example.org") {
			t.Errorf("PUBLIC_URL=%s: exit %d, %q", v, code, stderr)
		}
	}
	// Scoped admin ids are accepted.
	if code, _, stderr := runCmd(t, map[string]string{"ADMIN_ROLE_IDS": "100000000000000003:600000000000000001, 600000000000000002", "ALLOWED_GUILD_IDS": "100000000000000003"}, "ask", "mandate"); code != 0 {
		t.Errorf("scoped admin ids: exit %d, %s", code, stderr)
	}
}

// TestServeFetchesOnStart: with CORPUS_DIR set, serve fetches the UN
// documents the brief cites from a local document server (it serves a
// fictional resolution under any resolution symbol, as the UN writes it,
// without a space before the year), reindexes, and then cites them with no
// admin action; /sources shows what was fetched and what failed.
func TestServeFetchesOnStart(t *testing.T) {
	ods := localODS(t)
	sv := startServe(t, map[string]string{
		"DISCORD_TOKEN": discordtest.FakeToken, "INDEX_PATH": t.TempDir(), "CORPUS_DIR": t.TempDir(),
		"UN_DOCS_URL": ods.URL, "UN_LINK_URL": ods.URL + "/undocs/", "UN_FETCH_BACKOFF": "10ms",
	})
	srv, cancel, done, errb := sv.srv, sv.cancel, sv.done, sv.logs
	str := func(name, v string) discordtest.Option {
		return discordtest.Option{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: v}
	}
	var cited string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		r := srv.WaitResponse(srv.Command(discordtest.Alice, "cite", str("reference", "2164 op 2(a)(ii)")), nil)
		if m := r.Final(); len(m.Embeds) > 0 {
			cited = m.Embeds[0].Title + " " + m.Embeds[0].Description
			break
		}
	}
	if !strings.Contains(cited, "S/RES/2164 (2014), op. 2(a)(ii)") {
		t.Fatalf("the fetched resolution is not cited: %q\n%s", cited, errb.String())
	}
	s := srv.WaitResponse(srv.Command(discordtest.Alice, "sources"), nil).Final()
	fields := s.Embeds[0].Description[strings.Index(s.Embeds[0].Description, "__Cited but"):]
	for _, want := range []string{"__Fetch at start__", "__Fetch at start__\nFetched: [S/RES/2100 (2013)](<", "[S/RES/2164 (2014)](<", ") (11 passages)\n",
		"Could not fetch [S/2014/692](<https://undocs.org/S/2014/692>), [S/PV.7274](<https://undocs.org/S/PV.7274>): the UN server has no such document (404). Check the symbol, or add the PDF with /reindex file:"} {
		if !strings.Contains(fields, want) {
			t.Errorf("/sources lacks %q:\n%s", want, fields)
		}
	}
	if text := markdownLinkRE.ReplaceAllString(fields, ""); strings.Contains(text, "%2F") || strings.Contains(text, "http") {
		t.Errorf("/sources shows an address outside a link:\n%s", fields)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve exited %d", code)
	}
	if logs := errb.String(); !strings.Contains(logs, "reindexed after the fetch at start") {
		t.Errorf("logs:\n%s", logs)
	}
}

func TestHealthcheckCommand(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ok\n"))
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	if code, out, stderr := runCmd(t, map[string]string{"HTTP_ADDR": addr}, "healthcheck"); code != 0 || out != "ok\n" {
		t.Errorf("healthy: exit %d, %q %q", code, out, stderr)
	}
	if code, _, stderr := runCmd(t, map[string]string{"HTTP_ADDR": addr}, "healthcheck", "--path", "/readyz"); code != 1 || !strings.Contains(stderr, "503") {
		t.Errorf("not ready: exit %d, %q", code, stderr)
	}
	if code, _, _ := runCmd(t, nil, "healthcheck"); code != 2 {
		t.Errorf("without HTTP_ADDR: exit %d", code)
	}
}

// TestServeRetriesConnecting: a Discord unreachable at start is retried
// with backoff, a line logged each time, instead of exiting; a token
// Discord rejects exits 2 at once.
func TestServeRetriesConnecting(t *testing.T) {
	srv := useFake(t)
	srv.FailNext("GET", "/gateway", http.StatusServiceUnavailable, 2)
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb testlog.Buffer
	done := make(chan int, 1)
	env := map[string]string{"DISCORD_TOKEN": discordtest.FakeToken, "INDEX_PATH": t.TempDir()}
	go func() {
		done <- runWith(ctx, srv.discord, []string{"serve"}, strings.NewReader(""), &out, &errb, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	}()
	srv.WaitReady()
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve exited %d:\n%s", code, errb.String())
	}
	if n := strings.Count(errb.String(), "could not connect to Discord; retrying"); n != 2 {
		t.Errorf("%d retry lines, want 2:\n%s", n, errb.String())
	}

	srv2 := useFake(t)
	srv2.FailNext("GET", "/gateway", http.StatusUnauthorized, 1)
	code, _, stderr := runCmdWith(t, srv2.discord, map[string]string{"DISCORD_TOKEN": discordtest.FakeToken}, "serve")
	if code != 2 || !strings.Contains(stderr, "Discord rejected DISCORD_TOKEN") {
		t.Errorf("rejected token: exit %d\n%s", code, stderr)
	}
}

// TestServeReusesIndex: a restart opens the index the last run left at
// INDEX_PATH instead of building it again.
func TestServeReusesIndex(t *testing.T) {
	indexPath := t.TempDir()
	var logs []string
	for i := 0; i < 2; i++ {
		srv := useFake(t)
		ctx, cancel := context.WithCancel(context.Background())
		var out, errb testlog.Buffer
		done := make(chan int, 1)
		env := map[string]string{"DISCORD_TOKEN": discordtest.FakeToken, "INDEX_PATH": indexPath}
		go func() {
			done <- runWith(ctx, srv.discord, []string{"serve"}, strings.NewReader(""), &out, &errb, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
		}()
		srv.WaitReady()
		cancel()
		<-done
		logs = append(logs, errb.String())
	}
	if !strings.Contains(logs[0], `msg="index ready"`) || !strings.Contains(logs[0], "built=true") || !strings.Contains(logs[1], "built=false") {
		t.Errorf("first run:\n%s\nsecond run:\n%s", logs[0], logs[1])
	}
}

// TestServeStopsWithHungClients: SIGTERM (ctx cancelled) while clients
// hold the interactions endpoint and the health endpoint with requests
// they never finish: serve returns within 5 s.
func TestServeStopsWithHungClients(t *testing.T) {
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	addr, health := freeAddr(t), freeAddr(t)
	env := map[string]string{
		"DISCORD_TOKEN": discordtest.FakeToken, "INDEX_PATH": t.TempDir(), "HTTP_ADDR": health,
		"INTERACTIONS_ADDR": addr, "DISCORD_PUBLIC_KEY": hex.EncodeToString(pub), "FETCH_ON_START": "false",
	}
	sv := startServe(t, env)
	cancel, done, errb := sv.cancel, sv.done, sv.logs
	for i := 0; i < 50; i++ {
		for _, a := range []string{addr, health} {
			c, err := net.Dial("tcp", a)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			// Headers promising a body that never comes.
			fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nx")
		}
	}
	time.Sleep(100 * time.Millisecond)
	begin := time.Now()
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d: %s", code, errb.String())
		}
		t.Logf("serve stopped in %v", time.Since(begin).Round(time.Millisecond))
	case <-time.After(15 * time.Second):
		// A bound far above the ~3.5 s it takes, so that only a hang fails.
		t.Fatalf("serve still running 15 s after SIGTERM with hung clients")
	}
}

// TestServeSurvivesHostileFetch: a UN server (fake) that answers every
// cited document with one of the files that once crashed or hung the bot.
// serve fetches them at start, names each failure, and keeps answering.
func TestServeSurvivesHostileFetch(t *testing.T) {
	hostile := undoctest.HostilePDFs()
	var n atomic.Int64
	ods := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(hostile[int(n.Add(1)-1)%len(hostile)].PDF)
	}))
	defer ods.Close()
	sv := startServe(t, map[string]string{
		"DISCORD_TOKEN": discordtest.FakeToken, "INDEX_PATH": t.TempDir(), "CORPUS_DIR": t.TempDir(),
		"UN_DOCS_URL": ods.URL, "UN_LINK_URL": ods.URL + "/undocs/", "UN_FETCH_BACKOFF": "10ms",
	})
	srv, cancel, done, errb := sv.srv, sv.cancel, sv.done, sv.logs
	var fields string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		s := srv.WaitResponse(srv.Command(discordtest.Alice, "sources"), nil).Final()
		fields = s.Embeds[0].Description
		if strings.Contains(fields, "__Fetch at start__") && !strings.Contains(fields, "Fetching now") {
			break
		}
	}
	// Each cited document named once in its section, with why: the
	// hostile files are refused, a reason a line.
	start := fields[strings.Index(fields, "__Fetch at start__"):]
	for _, sym := range []string{"[S/2014/692]", "[S/PV.7274]", "[S/RES/2100 (2013)]", "[S/RES/2164 (2014)]"} {
		if strings.Count(start, sym) != 1 {
			t.Errorf("/sources names %s %d times after the hostile fetch, want once:\n%s\n%s", sym, strings.Count(start, sym), fields, errb.String())
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(start), "\n")[1:] {
		if !strings.Contains(line, "too large or complex to be a UN document") || !strings.HasSuffix(line, "Add it as a corpus .md file with /reindex file:") {
			t.Errorf("/sources: %q, want why and what to do", line)
		}
	}
	t.Logf("/sources:\n%s", fields)
	r := srv.WaitResponse(srv.Command(discordtest.Alice, "ask", discordtest.Option{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: "What is MINUSMA's authorized strength?"}), nil)
	if m := r.Final(); len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Description, "12,640") {
		t.Errorf("no answer after the hostile fetch: %+v", m)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve exited %d", code)
	}
}

// TestServeRepairsDamagedStores: a feedback database of garbage and a
// corpus cache with a flipped byte are repaired at start, each with a log
// line, and the bot answers.
func TestServeRepairsDamagedStores(t *testing.T) {
	indexPath, fbDir := t.TempDir(), t.TempDir()
	fb := filepath.Join(fbDir, "feedback.db")
	env := map[string]string{"DISCORD_TOKEN": discordtest.FakeToken, "INDEX_PATH": indexPath, "FEEDBACK_PATH": fb, "FETCH_ON_START": "false"}
	// A first start writes the cache and the database.
	sv := startServe(t, env)
	sv.cancel()
	<-sv.done
	cache := filepath.Join(indexPath, "corpus.cache")
	b, err := os.ReadFile(cache)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0x20
	os.WriteFile(cache, b, 0o644)
	os.WriteFile(fb, bytes.Repeat([]byte("garbage!"), 4096), 0o600)

	sv = startServe(t, env)
	r := sv.srv.WaitResponse(sv.srv.Command(discordtest.Alice, "ask", discordtest.Option{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: "What is MINUSMA's authorized strength?"}), nil)
	if m := r.Final(); len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Description, "12,640") {
		t.Errorf("no answer after the repairs: %+v", m)
	}
	sv.cancel()
	if code := <-sv.done; code != 0 {
		t.Errorf("serve exited %d", code)
	}
	logs := sv.logs.String()
	for _, want := range []string{"corpus cache damaged", "feedback database was damaged: moved aside and started anew"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
}

// localODS is a UN document server on 127.0.0.1 that serves a fictional
// resolution under any resolution symbol, as the UN writes it (no space
// before the year); other symbols are not found.
func localODS(t *testing.T) *httptest.Server {
	ods := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var num, year string
		if n, _ := fmt.Sscanf(r.URL.Query().Get("s"), "S/RES/%4s(%4s)", &num, &year); n != 2 {
			http.NotFound(w, r)
			return
		}
		w.Write(undoctest.Resolution(num, year))
	}))
	t.Cleanup(ods.Close)
	return ods
}

// TestServeWithNoConfiguration: with nothing set but the token (and the
// address of the test's UN server), serve keeps its corpus in the user's
// data folder, fetches the UN documents the brief cites at first start,
// and /mandate answers from the resolution's text. An empty CORPUS_DIR,
// as a copied .env has it, means the same; off means no folder.
func TestServeWithNoConfiguration(t *testing.T) {
	ods := localODS(t)
	for _, tt := range []struct {
		name string
		env  map[string]string
	}{
		{"unset", map[string]string{}},
		{"empty, as in .env.example", map[string]string{"CORPUS_DIR": "", "FETCH_ON_START": "", "INDEX_PATH": ""}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			env := map[string]string{"DISCORD_TOKEN": discordtest.FakeToken, "HOME": home, "UN_DOCS_URL": ods.URL, "UN_LINK_URL": ods.URL + "/undocs/", "UN_FETCH_BACKOFF": "10ms"}
			for k, v := range tt.env {
				env[k] = v
			}
			sv := startServe(t, env)
			mandate := ""
			for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
				r := sv.srv.WaitResponse(sv.srv.Command(discordtest.Alice, "mandate"), nil)
				if mandate = r.Final().Content; strings.Contains(mandate, "From the text of the resolution") {
					break
				}
			}
			if !strings.Contains(mandate, "From the text of the resolution") {
				t.Errorf("/mandate never answered from the resolutions: %q\n%s", mandate, sv.logs.String())
			}
			if _, err := os.Stat(filepath.Join(home, ".local/share/mandatebot/corpus/s-res-2164-2014.md")); err != nil {
				t.Errorf("the resolution is not in the data folder: %v", err)
			}
			if _, err := os.Stat(filepath.Join(home, ".cache/mandatebot/index")); err != nil {
				t.Errorf("the index is not in the cache folder: %v", err)
			}
			sv.cancel()
			<-sv.done
		})
	}
	// CORPUS_DIR=off: the embedded documents only, nothing fetched.
	home := t.TempDir()
	code, _, stderr := runCmd(t, map[string]string{"HOME": home, "CORPUS_DIR": "off", "UN_DOCS_URL": ods.URL}, "fetch")
	if code != 2 || !strings.Contains(stderr, "CORPUS_DIR is off") {
		t.Errorf("fetch with CORPUS_DIR=off: exit %d, %s", code, stderr)
	}
	// fetch with no arguments fills the data folder with what the corpus
	// cites.
	code, out, stderr := runCmd(t, map[string]string{"HOME": home, "UN_DOCS_URL": ods.URL, "UN_LINK_URL": ods.URL + "/undocs/", "UN_FETCH_BACKOFF": "10ms"}, "fetch")
	if !strings.Contains(out, "fetched 2") {
		t.Errorf("fetch with no arguments: exit %d\n%s%s", code, out, stderr)
	}
	if _, err := os.Stat(filepath.Join(home, ".local/share/mandatebot/corpus/s-res-2100-2013.md")); err != nil {
		t.Errorf("fetch did not write into the data folder: %v", err)
	}
}

// TestServeRefusesReplayAfterRestart: a signed interaction taken by
// serve's HTTP endpoint and sent again after serve restarts (within the
// five minutes its signature is good for) is refused as a replay.
func TestServeRefusesReplayAfterRestart(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	addr, state := freeAddr(t), t.TempDir()
	env := map[string]string{
		"DISCORD_TOKEN": discordtest.FakeToken, "INDEX_PATH": t.TempDir(), "FEEDBACK_PATH": filepath.Join(state, "feedback.db"),
		"INTERACTIONS_ADDR": addr, "DISCORD_PUBLIC_KEY": hex.EncodeToString(pub),
	}
	var ask []byte
	client := &http.Client{Timeout: 10 * time.Second}
	for run := range 2 {
		sv := startServe(t, env)
		if run == 0 {
			_, ask = sv.srv.CommandJSON(discordtest.Alice, "ask", discordtest.Option{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: "mandate"})
		}
		_, err := postSigned(client, "http://"+addr, priv, ask)
		switch {
		case run == 0 && err != nil:
			t.Fatalf("the first POST: %v", err)
		case run == 1 && (err == nil || !strings.Contains(err.Error(), "answered 409")):
			t.Errorf("the same POST after a restart: %v, want 409", err)
		}
		sv.cancel()
		if code := <-sv.done; code != 0 {
			t.Fatalf("serve exited %d: %s", code, sv.logs.String())
		}
	}
	if entries, _ := os.ReadDir(filepath.Join(state, "interactions-seen")); len(entries) == 0 {
		t.Error("no ids kept beside the feedback database")
	}
}

// TestServeAfterKilledReindex: a reindex killed while it built left the
// corpus folder changed (an admin's document in it), its build folder
// and the previous index on disk. serve starts on that previous index at
// once, ready and answering, builds the current corpus's index meanwhile
// and swaps it in, then answers from the added document. The added
// report is fictional: random words, and one paragraph about zeppelins.
func TestServeAfterKilledReindex(t *testing.T) {
	indexPath, corpusDir, health := t.TempDir(), t.TempDir(), freeAddr(t)
	env := map[string]string{"DISCORD_TOKEN": discordtest.FakeToken, "INDEX_PATH": indexPath, "CORPUS_DIR": corpusDir,
		"HTTP_ADDR": health, "FETCH_ON_START": "false", "CORPUS_POLL": "off"}
	if code, _, stderr := runCmd(t, env, "index"); code != 0 {
		t.Fatalf("index: %d %s", code, stderr)
	}
	report := append(corpustest.Sentences("added-report", 2<<20), "\nThe zeppelins of Ruritania stay grounded all winter.\n"...)
	if err := os.WriteFile(filepath.Join(corpusDir, "added-report.md"), report, 0o644); err != nil {
		t.Fatal(err)
	}
	killed := filepath.Join(indexPath, "build-1234")
	os.MkdirAll(filepath.Join(killed, "index"), 0o755)
	os.WriteFile(filepath.Join(killed, ".lock"), nil, 0o644)

	sv := startServe(t, env)
	// Connected: the previous index serves, and the new one is building.
	logs := sv.logs.String()
	if !strings.Contains(logs, "serving the previous index while the new one builds") || !strings.Contains(logs, "built=false") || strings.Contains(logs, "index is built and served") {
		t.Fatalf("serve did not start on the previous index while building:\n%s", logs)
	}
	// Ready once the gateway's Ready is handled (a moment after the
	// connection), while the new index still builds.
	code, _ := httpGet(t, "http://"+health+"/readyz")
	for deadline := time.Now().Add(10 * time.Second); code != 200 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		code, _ = httpGet(t, "http://"+health+"/readyz")
	}
	if code != 200 || strings.Contains(sv.logs.String(), "index is built and served") {
		t.Errorf("/readyz while the previous index serves: %d\n%s", code, sv.logs.String())
	}
	r := sv.srv.WaitResponse(sv.srv.Command(discordtest.Alice, "ask", discordtest.Option{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: "Who rejected the preliminary peace deal?"}), nil)
	if !strings.Contains(readText(r.Final()), "Coordination of Azawad Movements") {
		t.Errorf("no answer from the previous index: %s", readText(r.Final()))
	}
	if _, err := os.Stat(killed); !os.IsNotExist(err) {
		t.Errorf("the killed build's folder is still there: %v", err)
	}
	for deadline := time.Now().Add(3 * time.Minute); !strings.Contains(sv.logs.String(), "index is built and served"); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the new index was never served:\n%s", sv.logs.String())
		}
	}
	r = sv.srv.WaitResponse(sv.srv.Command(discordtest.Alice, "ask", discordtest.Option{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: "Are the zeppelins of Ruritania grounded?"}), nil)
	if !strings.Contains(readText(r.Final()), "zeppelins of Ruritania stay grounded") {
		t.Errorf("the added document is not served after the build: %s", readText(r.Final()))
	}
	sv.cancel()
	<-sv.done
}
