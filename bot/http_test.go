package bot_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"mandatebot/bot"
	"mandatebot/bot/discordtest"
	"mandatebot/index"
	"mandatebot/index/indextest"
	"mandatebot/internal/priority"
	"mandatebot/internal/testlog"
)

// signer signs requests as Discord does, with the application's key.
type signer struct {
	pub  ed25519.PublicKey
	priv ed25519.PrivateKey
}

func newSigner(t *testing.T) signer {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return signer{pub, priv}
}

func (s signer) post(t *testing.T, url string, body []byte, at time.Time, tamper bool) (int, []byte) {
	t.Helper()
	ts := strconv.FormatInt(at.Unix(), 10)
	sig := ed25519.Sign(s.priv, append([]byte(ts), body...))
	if tamper {
		sig[0] ^= 1
	}
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	req.Header.Set("X-Signature-Timestamp", ts)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// heldSearcher makes every search wait until the test lets it go, as a
// loaded machine would: how slow is the test's choice, not the clock's.
type heldSearcher struct {
	*index.Live
	release chan struct{}
}

func (s heldSearcher) Search(ctx context.Context, q index.Query) (*index.Result, error) {
	select {
	case <-s.release:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return s.Live.Search(ctx, q)
}

// endpoint is a bot's HTTP interactions endpoint on a test server,
// answering from the shipped corpus through search (nil: straight from the
// index), replying through a fake Discord.
type endpoint struct {
	fake *discordtest.Server
	live *index.Live
	sign signer
	bot  *bot.Bot
	srv  *httptest.Server
}

func newEndpoint(t *testing.T, search func(*index.Live) bot.Searcher) *endpoint {
	t.Helper()
	return newEndpointWith(t, search, nil)
}

// newEndpointWith is newEndpoint with a configuration of the test's.
func newEndpointWith(t *testing.T, search func(*index.Live) bot.Searcher, config func(*bot.Config)) *endpoint {
	t.Helper()
	e := &endpoint{fake: discordtest.New(t), live: index.NewLive(indextest.Load(t, ""), nil), sign: newSigner(t)}
	var s bot.Searcher = e.live
	if search != nil {
		s = search(e.live)
	}
	cfg := bot.Config{Searcher: s, RateLimit: 1000, AllowedGuildIDs: []string{discordtest.GuildID}}
	if config != nil {
		config(&cfg)
	}
	e.bot = bot.New(cfg)
	e.srv = httptest.NewServer(e.bot.InteractionsHandler(e.fake.Session(), e.sign.pub))
	t.Cleanup(e.srv.Close)
	return e
}

// restart is the same bot's endpoint after a restart: a new bot, with the
// same configuration, key and fake Discord.
func (e *endpoint) restart(t *testing.T, config func(*bot.Config)) *endpoint {
	t.Helper()
	e.srv.Close()
	cfg := bot.Config{Searcher: e.live, RateLimit: 1000, AllowedGuildIDs: []string{discordtest.GuildID}}
	config(&cfg)
	n := &endpoint{fake: e.fake, live: e.live, sign: e.sign, bot: bot.New(cfg)}
	n.srv = httptest.NewServer(n.bot.InteractionsHandler(e.fake.Session(), e.sign.pub))
	t.Cleanup(n.srv.Close)
	return n
}

func TestInteractionsEndpoint(t *testing.T) {
	t.Parallel()
	e := newEndpoint(t, nil)
	fake, sign, srv := e.fake, e.sign, e.srv
	now := time.Now()

	// PING: PONG.
	code, body := sign.post(t, srv.URL, []byte(`{"id":"1","application_id":"2","type":1,"token":"t","version":1}`), now, false)
	if code != 200 || strings.TrimSpace(string(body)) != `{"type":1}` {
		t.Errorf("PING: %d %s", code, body)
	}
	// Refused: a bad signature, a stale timestamp, no signature.
	_, ask := fake.CommandJSON(discordtest.Alice, "ask", str("question", "What is MINUSMA's authorized strength?"))
	if code, _ := sign.post(t, srv.URL, ask, now, true); code != 401 {
		t.Errorf("bad signature: %d", code)
	}
	if code, _ := sign.post(t, srv.URL, ask, now.Add(-10*time.Minute), false); code != 401 {
		t.Errorf("stale timestamp: %d", code)
	}
	if resp, err := http.Post(srv.URL, "application/json", bytes.NewReader(ask)); err != nil || resp.StatusCode != 401 {
		t.Errorf("no signature: %v %v", resp.StatusCode, err)
	}
	// /ask: the answer is the POST's response.
	code, body = sign.post(t, srv.URL, ask, now, false)
	var resp struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data discordtest.Message               `json:"data"`
	}
	if err := json.Unmarshal(body, &resp); err != nil || code != 200 || resp.Type != discordgo.InteractionResponseChannelMessageWithSource ||
		len(resp.Data.Embeds) == 0 || !strings.Contains(resp.Data.Embeds[0].Description, "12,640") {
		t.Errorf("/ask over HTTP: %d %s", code, body)
	}
	// Autocomplete with nothing to offer: an empty list, as over the
	// gateway.
	_, ac := fake.AutocompleteJSON(discordtest.Alice, "ask",
		discordtest.Option{Name: "source", Type: discordgo.ApplicationCommandOptionString, Value: "zzz", Focused: true})
	code, body = sign.post(t, srv.URL, ac, now, false)
	if why := discordtest.InvalidCallback(body); code != 200 || why != "" || !strings.Contains(string(body), `"choices":[]`) {
		t.Errorf("autocomplete over HTTP: %d %s (%s)", code, body, why)
	}
}

// A slow answer is deferred as its command's entry says: a public /ask
// stays public, a private one private.
func TestInteractionsEndpointDefersSlowAnswers(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		private bool
	}{{"public", false}, {"private", true}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			testDeferSlowAnswer(t, tt.private)
		})
	}
}

func testDeferSlowAnswer(t *testing.T, private bool) {
	var held heldSearcher
	e := newEndpoint(t, func(l *index.Live) bot.Searcher { held = heldSearcher{l, make(chan struct{})}; return held })
	fake, sign, srv := e.fake, e.sign, e.srv
	id, ask := fake.CommandJSON(discordtest.Alice, "ask", str("question", "What is MINUSMA's authorized strength?"), boolean("private", private))
	// The search is held until the POST has been answered: whatever the
	// machine's load, the answer cannot be ready in time, so the POST must
	// be answered with a deferral.
	// Should the bot never defer, the search is let go anyway after a
	// while, so the test fails on the answer instead of hanging.
	var once sync.Once
	release := func() { once.Do(func() { close(held.release) }) }
	backstop := time.AfterFunc(20*time.Second, release)
	defer backstop.Stop()
	code, body := sign.post(t, srv.URL, ask, time.Now(), false)
	release()
	var resp struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data discordtest.Message               `json:"data"`
	}
	json.Unmarshal(body, &resp)
	if code != 200 || resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("a slow answer: %d %s, want a deferral", code, body)
	}
	if ephemeral := resp.Data.Flags&discordgo.MessageFlagsEphemeral != 0; ephemeral != private {
		t.Errorf("deferred with ephemeral %v, want %v: %s", ephemeral, private, body)
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if edits := fake.EditsFor(id); len(edits) > 0 {
			if len(edits[0].Embeds) == 0 || !strings.Contains(edits[0].Embeds[0].Description, "12,640") {
				t.Errorf("the deferred reply's edit: %+v", edits[0])
			}
			return
		}
	}
	t.Error("the deferred reply was never edited with the answer")
}

func TestInteractionsEndpointRefusesReplays(t *testing.T) {
	t.Parallel()
	e := newEndpoint(t, nil)
	fake, sign, srv := e.fake, e.sign, e.srv
	_, ask := fake.CommandJSON(discordtest.Alice, "ask", str("question", "What is MINUSMA's authorized strength?"))
	now := time.Now()
	if code, body := sign.post(t, srv.URL, ask, now, false); code != 200 {
		t.Fatalf("first POST: %d %s", code, body)
	}
	// The same signed request again, as a replaying attacker sends it.
	if code, body := sign.post(t, srv.URL, ask, now, false); code != http.StatusConflict {
		t.Errorf("replayed POST: %d %s, want 409", code, body)
	}
	if code, _ := sign.post(t, srv.URL, bytes.Repeat([]byte(" "), 2<<20), now, false); code != http.StatusRequestEntityTooLarge {
		t.Errorf("a 2 MB body: %d, want 413", code)
	}
}

// TestInteractionsEndpointClientHangsUp: a POST whose client leaves before
// the answer leaves nothing behind; the bot's Wait returns.
func TestInteractionsEndpointClientHangsUp(t *testing.T) {
	t.Parallel()
	var held heldSearcher
	e := newEndpoint(t, func(l *index.Live) bot.Searcher { held = heldSearcher{l, make(chan struct{})}; return held })
	fake, sign, srv, b := e.fake, e.sign, e.srv, e.bot
	const clients = 20
	var wg sync.WaitGroup
	for range clients {
		_, ask := fake.CommandJSON(discordtest.Alice, "ask", str("question", "What is MINUSMA's authorized strength?"))
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		sig := ed25519.Sign(sign.priv, append([]byte(ts), ask...))
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL, bytes.NewReader(ask))
		req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
		req.Header.Set("X-Signature-Timestamp", ts)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer cancel()
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
				t.Errorf("the POST was answered (%d) before the client left", resp.StatusCode)
			}
		}()
	}
	wg.Wait()
	// Every client has gone; now the searches finish and their handlers
	// try to answer.
	close(held.release)
	// As serve does on SIGTERM: the endpoint stops (its handlers return,
	// their clients gone), then the bot waits for its answers.
	srv.Close()
	waitBot(t, b, "handlers still waiting for POSTs whose clients left")
}

// TestReplayRefusedAfterRestart: the ids taken are kept in ReplayDir for
// the window a signature is good for, so a request replayed after a
// restart is refused; one older than the window is forgotten, and its
// file removed.
func TestReplayRefusedAfterRestart(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "replay")
	now := time.Now()
	at := func(d time.Duration) func(*bot.Config) {
		return func(c *bot.Config) { c.ReplayDir = dir; c.Now = func() time.Time { return now.Add(d) } }
	}
	e := newEndpointWith(t, nil, at(0))
	_, ask := e.fake.CommandJSON(discordtest.Alice, "ask", str("question", "What is MINUSMA's authorized strength?"))
	if code, body := e.sign.post(t, e.srv.URL, ask, now, false); code != 200 {
		t.Fatalf("first POST: %d %s", code, body)
	}
	_, old := e.fake.CommandJSON(discordtest.Alice, "ask", str("question", "mandate"))
	if code, body := e.sign.post(t, e.srv.URL, old, now, false); code != 200 {
		t.Fatalf("first POST: %d %s", code, body)
	}

	// A minute later, after a restart: the replay is refused.
	e = e.restart(t, at(time.Minute))
	if code, body := e.sign.post(t, e.srv.URL, ask, now, false); code != http.StatusConflict {
		t.Errorf("replayed after a restart: %d %s, want 409", code, body)
	}
	// A new interaction is taken.
	_, fresh := e.fake.CommandJSON(discordtest.Alice, "ask", str("question", "mandate"))
	if code, body := e.sign.post(t, e.srv.URL, fresh, now.Add(time.Minute), false); code != 200 {
		t.Errorf("a new interaction after a restart: %d %s", code, body)
	}

	// Past the window, the ids are forgotten (their signatures are stale
	// by then anyway), and so are their files.
	later := 2*5*time.Minute + 2*time.Minute
	e = e.restart(t, at(later))
	if code, body := e.sign.post(t, e.srv.URL, old, now.Add(later), false); code != 200 {
		t.Errorf("an id from before the window, signed anew: %d %s, want it taken", code, body)
	}
	files, _ := os.ReadDir(dir)
	if len(files) > 3 {
		t.Errorf("%d files of ids kept, want at most 3 (a window's)", len(files))
	}
}

// TestUnsignedRequestsHoldNothing: a request without a well-formed,
// fresh signature is refused before its body is read, so a body that
// never comes holds nothing; bodies sent a byte at a time leave room for
// Discord's requests, and are cut once their time is up.
func TestUnsignedRequestsHoldNothing(t *testing.T) {
	t.Parallel()
	e := newEndpoint(t, nil)
	addr := strings.TrimPrefix(e.srv.URL, "http://")
	dial := func() net.Conn {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		c.SetDeadline(time.Now().Add(10 * time.Second)) // the test's own bound
		return c
	}
	status := func(c net.Conn) int {
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// No signature, a body promised and never sent: refused at once.
	c := dial()
	fmt.Fprint(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
	if code := status(c); code != http.StatusUnauthorized {
		t.Errorf("an unsigned request whose body never comes: %d, want 401 before the body", code)
	}
	// Sixty-four bodies with signatures that look right, a byte at a time.
	head := fmt.Sprintf("POST / HTTP/1.1\r\nHost: x\r\nX-Signature-Ed25519: %s\r\nX-Signature-Timestamp: %d\r\nContent-Length: 4096\r\n\r\n", strings.Repeat("ab", 64), time.Now().Unix())
	slow := make(chan int, 64)
	stop := make(chan struct{})
	defer close(stop)
	for range 64 {
		c := dial()
		fmt.Fprint(c, head+"{")
		go func() {
			go func() {
				for {
					select {
					case <-stop:
						return
					case <-time.After(100 * time.Millisecond):
					}
					if _, err := c.Write([]byte(" ")); err != nil {
						return
					}
				}
			}()
			slow <- status(c)
		}()
	}
	time.Sleep(300 * time.Millisecond) // for them to be read
	_, ask := e.fake.CommandJSON(discordtest.Alice, "ask", str("question", "What is MINUSMA's authorized strength?"))
	if code, body := e.sign.post(t, e.srv.URL, ask, time.Now(), false); code != 200 {
		t.Errorf("a signed request while 64 bodies arrive a byte at a time: %d %s", code, body)
	}
	for range 64 {
		if code := <-slow; code != http.StatusBadRequest {
			t.Errorf("a body sent a byte at a time: %d, want 400 when its time is up", code)
			break
		}
	}
}

// TestRefusalsLoggedSparingly: a flood of unsigned requests writes a line
// a second to the log, not a line a request, and the next line counts the
// refusals not logged.
func TestRefusalsLoggedSparingly(t *testing.T) {
	t.Parallel()
	var logged testlog.Buffer
	var mu sync.Mutex
	now := time.Date(2031, 1, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	e := newEndpointWith(t, nil, func(c *bot.Config) {
		c.Logger = slog.New(slog.NewTextHandler(&logged, nil))
		c.Now = clock
	})
	post := func(n int) {
		for range n {
			resp, err := http.Post(e.srv.URL, "application/json", strings.NewReader("{}"))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized {
				t.Fatalf("an unsigned request: %d, want 401", resp.StatusCode)
			}
		}
	}
	post(200)
	mu.Lock()
	now = now.Add(2 * time.Second)
	mu.Unlock()
	post(1)
	lines := strings.Split(strings.TrimSpace(logged.String()), "\n")
	var refusals []string
	for _, l := range lines {
		if strings.Contains(l, "interaction request refused") {
			refusals = append(refusals, l)
		}
	}
	if len(refusals) != 2 || !strings.Contains(refusals[1], "refused_unlogged_before=199") {
		t.Errorf("201 refusals over two seconds logged as %d lines, want 2, the second counting 199 unlogged:\n%s", len(refusals), strings.Join(refusals, "\n"))
	}
}

// TestPriorityUntilAcknowledged: an interaction holds the pages back
// (Priority) until Discord has its first answer, here a deferral, not
// until the slow work after it is done.
func TestPriorityUntilAcknowledged(t *testing.T) {
	t.Parallel()
	var gate priority.Gate
	var held heldSearcher
	e := newEndpointWith(t, func(l *index.Live) bot.Searcher { held = heldSearcher{l, make(chan struct{})}; return held },
		func(c *bot.Config) { c.Priority = &gate })
	defer close(held.release)
	_, ask := e.fake.CommandJSON(discordtest.Alice, "ask", str("question", "What is MINUSMA's authorized strength?"))
	answered := make(chan int, 1)
	go func() { code, _ := e.sign.post(t, e.srv.URL, ask, time.Now(), false); answered <- code }()
	// Before the deferral, the gate is held.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
		err := gate.Wait(ctx)
		cancel()
		if err != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the gate was never held while the interaction awaited its answer")
		}
	}
	if code := <-answered; code != 200 {
		t.Fatalf("the POST: %d", code)
	}
	// Deferred: the search is still held, the gate is clear.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := gate.Wait(ctx); err != nil {
		t.Errorf("the gate after the deferral: %v", err)
	}
}
