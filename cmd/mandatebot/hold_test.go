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
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"mandatebot/bot/discordtest"
	"mandatebot/corpus"
)

// hostileLoad is what TestHoldUnderLoad throws at serve.
type hostileLoad struct {
	idle     int           // connections to the interactions endpoint that never finish a request
	slow     int           // connections sending a request a byte at a time
	flood    int           // web searches a second, each from another forwarded address
	duration time.Duration // of the flood, and of the measuring
	signed   time.Duration // a signed /ask POSTed to the interactions endpoint this often
	gateway  time.Duration // an /ask sent on the gateway this often
	docs     int           // fictional documents added to the corpus, so that a search costs what it does on a larger one
}

// TestHoldUnderLoad runs serve with the interactions endpoint and the web
// pages on loopback, and holds it to what #34 asks while hostile clients
// press on it: connections that hold the interactions endpoint's slots
// (half never send a byte, half send an unsigned POST, get 401 and hold
// the connection as long as the server lets them; each reopened a moment
// after the server closes it), connections sending a request a byte at a
// time (half their headers, half a body behind signature headers that
// look right), and a flood of
// web searches from distinct forwarded addresses, whose clients give up
// after 5 s. Meanwhile Discord POSTs signed /ask interactions (each on a
// new connection, as Discord's many front ends do) and sends /ask on the
// gateway.
//
// It checks that none is lost: every signed POST is answered (the
// answer, or a deferral) and every /ask on the gateway acknowledged, within
// Discord's 3 s. The short version (1,000 idle and 64 slow connections, 50
// searches a second for 3 s, on a small corpus) holds only that: before
// #34, idle connections queued Discord's POSTs for seconds and slow bodies
// took the slots theirs needed, and it lost some. With MANDATEBOT_LOAD=1 it
// runs the full load of the issue (1,000 idle and 128 slow connections,
// 200 searches a second for 20 s, on a corpus where a search costs about
// 10 ms) and also holds the times: signed interactions answered within
// 1 s, /ask acknowledged within 100 ms at the 99th percentile. Times
// depend on the machine: on one shared with other work, run it several
// times.
//
//	MANDATEBOT_LOAD=1 nice -n 10 go test ./cmd/mandatebot -run TestHoldUnderLoad -v -count=1
func TestHoldUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("a load test: a few seconds")
	}
	full := os.Getenv("MANDATEBOT_LOAD") == "1"
	load := hostileLoad{idle: 1000, slow: 64, flood: 50, duration: 3 * time.Second, signed: 200 * time.Millisecond, gateway: 100 * time.Millisecond, docs: 20}
	if full {
		load = hostileLoad{idle: 1000, slow: 128, flood: 200, duration: 20 * time.Second, signed: 100 * time.Millisecond, gateway: 50 * time.Millisecond, docs: 800}
	}
	res := holdUnderLoad(t, load)
	t.Log(res)
	if res.signedLost > 0 || res.gatewayLost > 0 {
		t.Errorf("lost: %d of %d signed POSTs, %d of %d /ask on the gateway", res.signedLost, len(res.signedTimes)+res.signedLost, res.gatewayLost, len(res.ackTimes)+res.gatewayLost)
	}
	if !full {
		return
	}
	if worst := percentile(res.signedTimes, 1); worst > time.Second {
		t.Errorf("a signed interaction took %v to answer, want under 1 s", worst)
	}
	if p99 := percentile(res.ackTimes, 0.99); p99 > 100*time.Millisecond {
		t.Errorf("/ask acknowledged in %v at the 99th percentile, want under 100 ms", p99)
	}
}

// loadResult is what a load run measured.
type loadResult struct {
	load        hostileLoad
	baseline    []time.Duration // sorted: /ask on the gateway acknowledged before the load
	signedTimes []time.Duration // sorted: signed POSTs answered
	signedLost  int             // not answered, an error, or after 3 s
	ackTimes    []time.Duration // sorted: /ask on the gateway acknowledged
	gatewayLost int             // never acknowledged, or after 3 s
	floodCodes  map[int]int     // the flood's answers by status; 0 for the client giving up
	cpuAfter    float64         // the process's CPU use (cores) in the 5 s after the flood
}

func (r loadResult) String() string {
	var codes []string
	for _, c := range slices.Sorted(func(yield func(int) bool) {
		for c := range r.floodCodes {
			if !yield(c) {
				return
			}
		}
	}) {
		name := strconv.Itoa(c)
		if c == 0 {
			name = "gave up"
		}
		codes = append(codes, fmt.Sprintf("%s: %d", name, r.floodCodes[c]))
	}
	return fmt.Sprintf("%d fictional documents added; before the load, /ask acknowledged in p50 %v, max %v\n"+
		"%d idle and %d slow connections, %d searches/s for %v (%s):\n"+
		"  signed /ask POSTs: %d answered, %d lost; p50 %v, p99 %v, max %v\n"+
		"  gateway /ask acknowledgements: %d, %d lost; p50 %v, p99 %v, max %v\n"+
		"  CPU in the 5 s after the flood: %.2f cores",
		r.load.docs, ms(percentile(r.baseline, .5)), ms(percentile(r.baseline, 1)),
		r.load.idle, r.load.slow, r.load.flood, r.load.duration, strings.Join(codes, ", "),
		len(r.signedTimes), r.signedLost, ms(percentile(r.signedTimes, .5)), ms(percentile(r.signedTimes, .99)), ms(percentile(r.signedTimes, 1)),
		len(r.ackTimes), r.gatewayLost, ms(percentile(r.ackTimes, .5)), ms(percentile(r.ackTimes, .99)), ms(percentile(r.ackTimes, 1)),
		r.cpuAfter)
}

func ms(d time.Duration) string { return d.Round(100 * time.Microsecond).String() }

// percentile of sorted times; p=1 is the largest.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

// discordLimit is how long Discord waits for an interaction's answer.
const discordLimit = 3 * time.Second

func holdUnderLoad(t *testing.T, load hostileLoad) loadResult {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	interactions, web := freeAddr(t), freeAddr(t)
	env := map[string]string{
		"DISCORD_TOKEN": discordtest.FakeToken, "INDEX_PATH": t.TempDir(),
		"CORPUS_DIR": fictionalCorpus(t, load.docs), "FETCH_ON_START": "false", "CORPUS_POLL": "off",
		"INTERACTIONS_ADDR": interactions, "DISCORD_PUBLIC_KEY": hex.EncodeToString(pub),
		"WEB_ADDR": web, "RATE_LIMIT": "1000", "LOG_LEVEL": "error",
	}
	// The index first: serve then opens it at once.
	if code, _, stderr := runCmd(t, env, "index"); code != 0 {
		t.Fatalf("index: exit %d: %s", code, stderr)
	}
	sv := startServeAt(t, env, interactions)
	fake := sv.srv
	var res loadResult
	res.load = load
	res.baseline = gatewayAcks(t, fake, 20, 50*time.Millisecond)
	// The fake builds interactions one at a time.
	var building sync.Mutex
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var attackers sync.WaitGroup
	defer attackers.Wait()
	defer stop()

	// The connections that hold the endpoint, each reopened 250 ms after
	// the server closes it.
	hold := func(i int, work func(c net.Conn)) {
		defer attackers.Done()
		for ctx.Err() == nil {
			c, err := net.DialTimeout("tcp", interactions, time.Second)
			if err == nil {
				unhook := context.AfterFunc(ctx, func() { c.Close() })
				work(c)
				unhook()
				c.Close()
			}
			select {
			case <-ctx.Done():
			case <-time.After(250 * time.Millisecond):
			}
		}
	}
	for i := range load.idle {
		attackers.Add(1)
		go hold(i, func(c net.Conn) {
			if i%2 == 1 {
				// An unsigned POST, answered 401; then the connection idles.
				fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
			}
			io.Copy(io.Discard, c)
		})
	}
	for i := range load.slow {
		attackers.Add(1)
		go hold(i, func(c net.Conn) {
			msg := "POST / HTTP/1.1\r\nHost: x\r\nX-Signature-Timestamp: 1\r\nContent-Length: 4096\r\n\r\n" + strings.Repeat("x", 4096)
			if i%2 == 1 {
				// Headers at once, with a signature that looks right and a
				// fresh timestamp; the body a byte at a time.
				head := fmt.Sprintf("POST / HTTP/1.1\r\nHost: x\r\nX-Signature-Ed25519: %s\r\nX-Signature-Timestamp: %d\r\nContent-Length: 4096\r\n\r\n", strings.Repeat("ab", 64), time.Now().Unix())
				if _, err := io.WriteString(c, head); err != nil {
					return
				}
				msg = strings.Repeat("x", 4096)
			}
			for i := range len(msg) {
				if _, err := io.WriteString(c, msg[i:i+1]); err != nil {
					return
				}
				select {
				case <-ctx.Done():
					return
				case <-time.After(100 * time.Millisecond):
				}
			}
		})
	}
	time.Sleep(time.Second) // let them take the slots

	var mu sync.Mutex
	res.floodCodes = map[int]int{}

	// The web flood: open loop, each search from another address.
	floodClient := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	defer floodClient.CloseIdleConnections()
	var floods sync.WaitGroup
	floodDone := make(chan struct{})
	go func() {
		defer close(floodDone)
		// Open loop: the searches due by now are sent, however late the
		// ticks come on a busy machine.
		tick := time.NewTicker(time.Second / time.Duration(load.flood))
		defer tick.Stop()
		total := int(load.duration.Seconds() * float64(load.flood))
		start := time.Now()
		for n := 0; n < total; {
			<-tick.C
			due := min(total, int(time.Since(start).Seconds()*float64(load.flood)))
			for ; n < due; n++ {
				floods.Add(1)
				go func() {
					defer floods.Done()
					req, _ := http.NewRequest(http.MethodGet, "http://"+web+"/search?q="+url.QueryEscape(floodQuestion()), nil)
					req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", mrand.IntN(256), mrand.IntN(256), 1+mrand.IntN(254)))
					code := 0
					if resp, err := floodClient.Do(req); err == nil {
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						code = resp.StatusCode
					}
					mu.Lock()
					res.floodCodes[code]++
					mu.Unlock()
				}()
			}
		}
	}()

	// Discord, meanwhile: signed POSTs, each on a new connection.
	discordClient := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	var signed sync.WaitGroup
	go func() {
		tick := time.NewTicker(load.signed)
		defer tick.Stop()
		for n := 0; ; n++ {
			select {
			case <-floodDone:
				return
			case <-tick.C:
			}
			building.Lock()
			_, body := fake.CommandJSON(loadMember(n), "ask", discordtest.Option{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: askQuestions[n%len(askQuestions)]})
			building.Unlock()
			signed.Add(1)
			go func() {
				defer signed.Done()
				took, err := postSigned(discordClient, "http://"+interactions, priv, body)
				mu.Lock()
				defer mu.Unlock()
				if err != nil || took > discordLimit {
					res.signedLost++
					if err != nil {
						t.Logf("signed POST: %v", err)
					}
					return
				}
				res.signedTimes = append(res.signedTimes, took)
			}()
		}
	}()
	// And /ask on the gateway.
	sent := map[string]time.Time{}
	tick := time.NewTicker(load.gateway)
	for n := 0; ; n++ {
		select {
		case <-floodDone:
		case <-tick.C:
			building.Lock()
			at := time.Now()
			id := fake.Command(loadMember(n+1<<20), "ask", discordtest.Option{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: askQuestions[n%len(askQuestions)]})
			building.Unlock()
			sent[id] = at
			continue
		}
		break
	}
	tick.Stop()
	stop()
	attackers.Wait()
	cpuBefore := cpuSeconds()
	time.Sleep(5 * time.Second) // the flood's clients have given up by now
	res.cpuAfter = (cpuSeconds() - cpuBefore) / 5
	floods.Wait()
	signed.Wait()

	res.ackTimes, res.gatewayLost = acknowledged(fake, sent)
	slices.Sort(res.signedTimes)
	return res
}

// startServeAt is startServe for a serve that may take longer than the
// fake Discord waits to open its index (a large corpus on a busy
// machine): it waits for addr, which serve opens after the index, first.
func startServeAt(t *testing.T, env map[string]string, addr string) *serving {
	t.Helper()
	s := launchServe(t, env)
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve never listened on %s:\n%s", addr, s.logs.String())
		}
	}
	s.srv.WaitReady()
	return s
}

// gatewayAcks sends n /ask on the gateway, one every period, and returns
// how long each took to be acknowledged, sorted.
func gatewayAcks(t *testing.T, fake *discordtest.Server, n int, period time.Duration) []time.Duration {
	sent := map[string]time.Time{}
	for i := range n {
		at := time.Now()
		sent[fake.Command(loadMember(1<<21+i), "ask", discordtest.Option{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: askQuestions[i%len(askQuestions)]})] = at
		time.Sleep(period)
	}
	for id := range sent {
		fake.WaitResponse(id, nil)
	}
	acks, lost := acknowledged(fake, sent)
	if lost > 0 {
		t.Errorf("%d of %d /ask lost with no load", lost, n)
	}
	return acks
}

// acknowledged returns, for the interactions sent, how long each took to
// be acknowledged (sorted), and how many never were within Discord's 3 s.
func acknowledged(fake *discordtest.Server, sent map[string]time.Time) ([]time.Duration, int) {
	first := map[string]time.Time{}
	for _, c := range fake.Calls() {
		if id, ok := strings.CutPrefix(c.Path, "/api/v9/interactions/"); ok && strings.HasSuffix(c.Path, "/callback") {
			id, _, _ = strings.Cut(id, "/")
			if _, ok := first[id]; !ok {
				first[id] = c.At
			}
		}
	}
	var acks []time.Duration
	lost := 0
	for id, at := range sent {
		cb, ok := first[id]
		if !ok || cb.Sub(at) > discordLimit {
			lost++
			continue
		}
		acks = append(acks, cb.Sub(at))
	}
	slices.Sort(acks)
	return acks, lost
}

// fictionalCorpus writes n fictional documents into a new folder and
// returns it: word salad from the shipped documents' words, 30 paragraphs
// of 200 words each, about the length of a resolution. They give the
// index the size, not the content, of a larger corpus.
func fictionalCorpus(t *testing.T, n int) string {
	docs, err := corpus.ReadFS(context.Background(), corpus.Shipped(), "")
	if err != nil {
		t.Fatal(err)
	}
	var vocab []string
	for _, d := range docs {
		for _, p := range d.Passages {
			for _, w := range strings.Fields(p.Text) {
				if w = strings.Trim(w, ".,;:‘’“”()[]^*_"); w != "" && !strings.ContainsAny(w, "[]^*_`<>#|") {
					vocab = append(vocab, w)
				}
			}
		}
	}
	dir := t.TempDir()
	rng := mrand.New(mrand.NewPCG(1, 2))
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "---\nid: fictional-%04d\ntitle: Fictional document %d (word salad for a load test)\nkind: report\n---\n", i, i)
		for range 30 {
			b.WriteString("\n")
			for w := range 200 {
				b.WriteString(vocab[rng.IntN(len(vocab))])
				if w%20 == 19 {
					b.WriteString(". ")
				} else {
					b.WriteString(" ")
				}
			}
			b.WriteString("\n")
		}
		if err := os.WriteFile(fmt.Sprintf("%s/fictional-%04d.md", dir, i), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// loadMember is the nth member asking.
func loadMember(n int) discordtest.Member {
	return discordtest.Member{UserID: fmt.Sprintf("30000000000%07d", n)}
}

// postSigned POSTs body signed with priv, and returns how long the answer
// took; an answer that is not a message or a deferral is an error.
func postSigned(c *http.Client, url string, priv ed25519.PrivateKey, body []byte) (time.Duration, error) {
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, append([]byte(ts), body...))))
	req.Header.Set("X-Signature-Timestamp", ts)
	start := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	took := time.Since(start)
	var r struct {
		Type discordgo.InteractionResponseType `json:"type"`
	}
	if resp.StatusCode != 200 || json.Unmarshal(b, &r) != nil ||
		r.Type != discordgo.InteractionResponseChannelMessageWithSource && r.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		return 0, fmt.Errorf("answered %d %s", resp.StatusCode, b)
	}
	return took, nil
}

// askQuestions are what the members ask.
var askQuestions = []string{
	"What is MINUSMA's authorized strength?", "Why won't countries send troops north?",
	"Who rejected the preliminary peace deal?", "how many peacekeepers were killed",
	"What should be done about language skills?", "Combien de casques bleus sont morts ?",
}

// floodQuestion is a search of the flood: words of the corpus and others,
// never twice the same.
func floodQuestion() string {
	words := []string{"mandate", "troops", "protection", "civilians", "Mali", "north", "peace", "agreement",
		"Kidal", "Gao", "Timbuktu", "armed", "groups", "reconciliation", "elections", "security", "council",
		"zebra", "quantum", "harbour", "violin", "mission", "strength", "recommend", "language", "intelligence"}
	var q []string
	for range 3 + mrand.IntN(4) {
		q = append(q, words[mrand.IntN(len(words))])
	}
	return strings.Join(q, " ") + " " + strconv.Itoa(mrand.IntN(1000))
}

// cpuSeconds is the CPU time this process has used.
func cpuSeconds() float64 {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	return (utime + stime) / 100 // clock ticks
}
