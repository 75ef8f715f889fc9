package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"mandatebot/bot/discordtest"
	"mandatebot/internal/testlog"
)

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	return httpGetAs(t, url, "")
}

// httpGetAs is httpGet for the client at address client, named in
// X-Forwarded-For as a reverse proxy names it ("" for none).
func httpGetAs(t *testing.T, url, client string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	if client != "" {
		req.Header.Set("X-Forwarded-For", client)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestServeLinksCitationsToPages runs serve with the web pages on and
// PUBLIC_URL naming them, fetching the resolutions at start from a local
// document server: a citation in Discord opens its paragraph, with its
// footnotes, and the pages follow the reindex after the fetch.
func TestServeLinksCitationsToPages(t *testing.T) {
	ods := localODS(t)
	web := freeAddr(t)
	sv := startServe(t, map[string]string{
		"DISCORD_TOKEN": discordtest.FakeToken, "INDEX_PATH": t.TempDir(), "CORPUS_DIR": t.TempDir(),
		"UN_DOCS_URL": ods.URL, "UN_LINK_URL": ods.URL + "/undocs/", "UN_FETCH_BACKOFF": "10ms",
		"WEB_ADDR": web, "PUBLIC_URL": "http://" + web,
	})
	r := sv.srv.WaitResponse(sv.srv.Command(discordtest.Alice, "ask", discordtest.Option{Name: "question", Type: discordgo.ApplicationCommandOptionString,
		Value: "why don't countries want to send troops north?"}), nil)
	e := r.Final().Embeds[0]
	page, anchor, ok := strings.Cut(e.URL, "#")
	if !ok || !strings.HasPrefix(page, "http://"+web+"/d/") {
		t.Fatalf("the answer's citation links to %q, not to its page", e.URL)
	}
	code, body := httpGet(t, page)
	if code != 200 || !strings.Contains(body, `id="`+anchor+`"`) {
		t.Fatalf("GET %s: %d, paragraph %q there: %v", page, code, anchor, strings.Contains(body, `id="`+anchor+`"`))
	}
	// Every footnote the answer shows is on the page, linked from the paragraph.
	for _, m := range regexp.MustCompile(`\[(\d+)\]`).FindAllStringSubmatch(e.Fields[0].Value, -1) {
		if !strings.Contains(body, `<li id="fn.`+m[1]+`"`) || !strings.Contains(body, `href="#fn.`+m[1]+`" id="ref.`+anchor+`.`+m[1]+`"`) {
			t.Errorf("footnote %s of %s is not on its page, linked from the paragraph", m[1], anchor)
		}
	}
	// The resolutions fetched at start reach the pages once reindexed.
	var got int
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if got, _ = httpGet(t, "http://"+web+"/d/s-res-2164-2014"); got == 200 {
			break
		}
	}
	if got != 200 {
		t.Errorf("the fetched resolution's page: %d", got)
	}
	sv.cancel()
	if code := <-sv.done; code != 0 {
		t.Errorf("serve exited %d: %s", code, sv.logs.String())
	}
	if _, err := http.Get("http://" + web + "/"); err == nil {
		t.Error("the web pages still answer after serve stopped")
	}
}

// TestWebCommand serves the pages alone, without Discord.
func TestWebCommand(t *testing.T) {
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb testlog.Buffer
	done := make(chan int, 1)
	env := map[string]string{"INDEX_PATH": t.TempDir(), "CORPUS_DIR": "off"}
	go func() {
		done <- runWith(ctx, noDiscord, []string{"web", "--addr", addr}, strings.NewReader(""), &out, &errb, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	}()
	var code int
	var body string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get("http://" + addr + "/search?q=authorized+strength"); err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			code, body = resp.StatusCode, string(b)
			break
		}
	}
	if code != 200 || !strings.Contains(body, "12,640") {
		t.Errorf("mandatebot web: %d\n%s", code, body)
	}
	if !strings.Contains(out.String(), "serving the web pages at http://"+addr+"/") {
		t.Errorf("web does not say where it serves: %q", out.String())
	}
	cancel()
	if c := <-done; c != 0 {
		t.Errorf("web exited %d: %s", c, errb.String())
	}
	if c, _, stderr := runCmd(t, nil, "web", "extra"); c != 2 || !strings.Contains(stderr, "web takes no arguments") {
		t.Errorf("web extra: exit %d, %q", c, stderr)
	}
}

// TestTrustedProxiesSetting: TRUSTED_PROXIES decides whose
// X-Forwarded-For names the visitor the pages' rate limit counts. Here
// the proxy is 127.0.0.2: with another address trusted (as a container
// sees a proxy on its host come from Docker's network, not loopback, the
// default), all its visitors share one count; named, each has their own,
// and the rest of loopback, no longer trusted, names no one.
func TestTrustedProxiesSetting(t *testing.T) {
	for _, tt := range []struct {
		trusted  string
		separate bool
	}{{"127.0.0.3", false}, {"127.0.0.2", true}} {
		t.Run("TRUSTED_PROXIES="+tt.trusted, func(t *testing.T) {
			addr := freeAddr(t)
			ctx, cancel := context.WithCancel(context.Background())
			env := map[string]string{"INDEX_PATH": t.TempDir(), "CORPUS_DIR": "off", "TRUSTED_PROXIES": tt.trusted}
			done := make(chan int, 1)
			var out, errb testlog.Buffer
			go func() {
				done <- runWith(ctx, noDiscord, []string{"web", "--addr", addr}, strings.NewReader(""), &out, &errb, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
			}()
			defer func() { cancel(); <-done }()
			get := func(from, forwardedFor string) int {
				d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}}
				c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DialContext: d.DialContext}}
				defer c.CloseIdleConnections()
				req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/sources", nil)
				req.Header.Set("X-Forwarded-For", forwardedFor)
				resp, err := c.Do(req)
				if err != nil {
					return 0
				}
				resp.Body.Close()
				return resp.StatusCode
			}
			for deadline := time.Now().Add(10 * time.Second); get("127.0.0.1", "") == 0; time.Sleep(50 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("web never listened: %s", errb.String())
				}
			}
			// Visitor A's pages through the proxy, to its limit (60 a
			// minute) and one more.
			last := 0
			for range 61 {
				last = get("127.0.0.2", "198.51.100.1")
			}
			if last != http.StatusTooManyRequests {
				t.Fatalf("visitor A's 61st page in a minute: %d, want 429", last)
			}
			if b := get("127.0.0.2", "198.51.100.2"); (b == 200) != tt.separate {
				t.Errorf("visitor B's first page through the proxy: %d; counted apart from A: want %v", b, tt.separate)
			}
			// From loopback, the header names no one when loopback is not
			// trusted: it counts as loopback, not as visitor A.
			if tt.separate {
				if c := get("127.0.0.1", "198.51.100.1"); c != 200 {
					t.Errorf("loopback claiming to forward for A: %d, want counted as itself", c)
				}
			}
		})
	}
}
