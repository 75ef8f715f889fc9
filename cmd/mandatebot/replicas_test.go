package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"mandatebot/bot/discordtest"
	"mandatebot/internal/testlog"
)

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestReplicas runs two serve processes' worth of mandatebot on one
// corpus folder, behind a round-robin proxy, taking interactions by HTTP:
// a button on a message one replica wrote works on the other, and a
// document added to the shared folder reaches both.
func TestReplicas(t *testing.T) {
	fake := useFake(t)
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	corpusDir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	feedbackPath := filepath.Join(t.TempDir(), "feedback.db")
	var targets []*url.URL
	var dones []chan int
	var logs []*testlog.Buffer
	for i := 0; i < 2; i++ {
		addr := freeAddr(t)
		env := map[string]string{
			"DISCORD_TOKEN": discordtest.FakeToken, "INDEX_PATH": t.TempDir(), "CORPUS_DIR": corpusDir,
			"INTERACTIONS_ADDR": addr, "DISCORD_PUBLIC_KEY": hex.EncodeToString(pub),
			"CORPUS_POLL": "100ms", "FETCH_ON_START": "false",
			// One feedback database for both: a store opens it per vote.
			"FEEDBACK_PATH": feedbackPath,
		}
		var out testlog.Buffer
		errb := &testlog.Buffer{}
		done := make(chan int, 1)
		go func() {
			done <- runWith(ctx, fake.discord, []string{"serve"}, strings.NewReader(""), &out, errb, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
		}()
		u, _ := url.Parse("http://" + addr)
		targets = append(targets, u)
		dones = append(dones, done)
		logs = append(logs, errb)
	}
	// Round robin: each request to the next replica.
	var next atomic.Int64
	var hits [2]atomic.Int64
	proxy := httptest.NewServer(&httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		n := next.Add(1) % 2
		hits[n].Add(1)
		r.SetURL(targets[n])
	}})
	defer proxy.Close()
	for _, tgt := range targets { // wait for both to listen
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			if c, err := net.Dial("tcp", tgt.Host); err == nil {
				c.Close()
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("replica %s never listened:\n%s\n---\n%s", tgt.Host, logs[0].String(), logs[1].String())
			}
		}
	}
	post := func(body []byte) discordtest.Message {
		t.Helper()
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		req, _ := http.NewRequest(http.MethodPost, proxy.URL, bytes.NewReader(body))
		req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, append([]byte(ts), body...))))
		req.Header.Set("X-Signature-Timestamp", ts)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		var r struct {
			Data discordtest.Message `json:"data"`
		}
		if resp.StatusCode != 200 || json.Unmarshal(b, &r) != nil {
			t.Fatalf("%d %s", resp.StatusCode, b)
		}
		return r.Data
	}

	_, ask := fake.CommandJSON(discordtest.Alice, "ask", discordtest.Option{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: "mandate"})
	answer := post(ask) // replica 1
	var more string
	for _, id := range answer.CustomIDs() {
		if strings.HasPrefix(id, "more:") {
			more = id
		}
	}
	if more == "" {
		t.Fatalf("no More results button: %+v", answer)
	}
	_, click := fake.ClickJSON(discordtest.Alice, discordtest.Alice.UserID, answer, more)
	page := post(click) // replica 0
	if len(page.Embeds) == 0 || !strings.HasPrefix(page.Embeds[0].Title, "4. ") {
		t.Errorf("More results on the other replica: %+v", page)
	}
	if hits[0].Load() == 0 || hits[1].Load() == 0 {
		t.Errorf("the proxy did not alternate: %d, %d", hits[0].Load(), hits[1].Load())
	}

	// A document added to the shared folder (fictional) reaches both.
	os.WriteFile(filepath.Join(corpusDir, "zeppelin.md"), []byte("---\nid: fictional-zeppelin\ntitle: A fictional zeppelin report\nkind: report\n---\n\nThe zeppelin of Ruritania flies over the northern provinces.\n"), 0o644)
	// Each POST a new interaction, as Discord sends them: a replayed one
	// is refused.
	sources := func() []byte { _, b := fake.CommandJSON(discordtest.Alice, "sources"); return b }
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		a, b := post(sources()), post(sources())
		ta, tb := a.Embeds[0].Description, b.Embeds[0].Description
		if strings.Contains(ta, "fictional zeppelin") && strings.Contains(tb, "fictional zeppelin") && a.Embeds[0].Footer.Text != "" {
			if !strings.Contains(a.Embeds[0].Footer.Text, "corpus version") {
				t.Errorf("/sources does not show the corpus version: %q", a.Embeds[0].Footer.Text)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the added document did not reach both replicas:\n%s\n%s", ta, tb)
		}
	}
	cancel()
	for _, d := range dones {
		if code := <-d; code != 0 {
			t.Errorf("a replica exited %d", code)
		}
	}
}
