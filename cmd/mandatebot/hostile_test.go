package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"mandatebot/bot/discordtest"
	"mandatebot/corpus/corpustest"
)

var hostile = flag.Bool("hostile", false, "run the hostile documents' measure (go test ./cmd/mandatebot -run TestServeHostileDocuments -hostile -v)")

// TestServeHostileDocuments is issue #34's measure of documents: serve
// runs (a fake Discord, the pages on WEB_ADDR, the corpus folder polled)
// while an admin adds the 19.9 MB one-line Markdown document and the
// 1,000,000-paragraph document (17 MB) with mandatebot add; the first is
// split by name and served, the second refused by name; then /ask, a
// search and the reader of the long document, 8 readers at once, each
// answering in under 1 s (a page, or past the pages' share of the CPUs a
// 503 saying when to come back). It reports the process's peak resident size
// (VmHWM, reset when serve is up; add runs in this same process, so the
// figure is an upper bound of serve's) and holds it under 1 GB. Both
// documents are random words, made here. Minutes long: run with -hostile.
func TestServeHostileDocuments(t *testing.T) {
	if !*hostile {
		t.Skip("a measure of minutes: run with -hostile")
	}
	corpusDir, web := t.TempDir(), freeAddr(t)
	env := map[string]string{"DISCORD_TOKEN": discordtest.FakeToken, "INDEX_PATH": t.TempDir(), "CORPUS_DIR": corpusDir,
		"WEB_ADDR": web, "FETCH_ON_START": "false", "CORPUS_POLL": "1s"}
	sv := startServe(t, env)
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		t.Skipf("cannot reset the peak resident size: %v", err)
	}
	peak := func() int64 {
		b, _ := os.ReadFile("/proc/self/status")
		for _, line := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
				return kb >> 10
			}
		}
		return -1
	}
	start := time.Now()
	src := t.TempDir()
	oneLine, many := filepath.Join(src, "one-line.md"), filepath.Join(src, "many-paragraphs.md")
	os.WriteFile(oneLine, corpustest.OneLine("one-line", 19_900_000), 0o644)
	os.WriteFile(many, corpustest.Paragraphs("many-paragraphs", 1_000_000), 0o644)

	code, out, stderr := runCmd(t, env, "add", many)
	t.Logf("add the 1,000,000-paragraph document: exit %d, %s", code, strings.TrimSpace(stderr))
	if code != 1 || !strings.Contains(stderr, "many-paragraphs.md") || !strings.Contains(stderr, "split it into several documents") {
		t.Errorf("the 1,000,000-paragraph document was not refused by name: exit %d\n%s%s", code, out, stderr)
	}
	code, out, stderr = runCmd(t, env, "add", oneLine)
	t.Logf("add the 19.9 MB one-line document: exit %d, %s", code, firstLines(out, 3))
	if code != 0 || !strings.Contains(out, "split: ¶1 is 19.0 MB, over the 16 KB a passage may hold: split into 1215 parts at sentence ends and, within a sentence longer than that, between words") {
		t.Errorf("the one-line document was not split by name: exit %d\n%s%s", code, firstLines(out, 5), stderr)
	}
	for !strings.Contains(sv.logs.String(), "the corpus folder changed: reindexed") {
		if time.Since(start) > 10*time.Minute {
			t.Fatalf("never reindexed:\n%s", sv.logs.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("served %v after the adds began; peak %d MB", time.Since(start).Round(time.Second), peak())

	timed := func(what string, f func()) {
		t.Helper()
		began := time.Now()
		f()
		took := time.Since(began)
		t.Logf("%s: %v", what, took.Round(time.Millisecond))
		if took > time.Second {
			t.Errorf("%s took %v, over 1 s", what, took)
		}
	}
	timed("/ask", func() {
		r := sv.srv.WaitResponse(sv.srv.Command(discordtest.Alice, "ask", discordtest.Option{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: "Who rejected the preliminary peace deal?"}), nil)
		if !strings.Contains(readText(r.Final()), "Coordination of Azawad Movements") {
			t.Errorf("/ask: %s", readText(r.Final()))
		}
	})
	words := strings.Fields(string(corpustest.OneLine("one-line", 2000)[100:]))
	get := func(path string) (int, int) {
		resp, err := http.Get("http://" + web + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") == "" {
			t.Errorf("GET %s: 503 without Retry-After", path)
		}
		n := 0
		buf := make([]byte, 64<<10)
		for {
			k, err := resp.Body.Read(buf)
			n += k
			if err != nil {
				break
			}
		}
		return resp.StatusCode, n
	}
	for _, path := range []string{"/search?q=" + words[3] + "+" + words[4], "/d/one-line", "/d/one-line?p=p-1-part-1000", "/d/one-line?page=40"} {
		timed("GET "+path, func() {
			code, n := get(path)
			t.Logf("GET %s: %d, %d bytes", path, code, n)
			if code != 200 || n > 2<<20 {
				t.Errorf("GET %s: %d, %d bytes", path, code, n)
			}
		})
	}
	// Eight readers from one address at once: each is answered within the
	// second, with its page or, past the pages' share of the CPUs, 503
	// and when to come back.
	timed("8 readers at once", func() {
		var wg sync.WaitGroup
		var mu sync.Mutex
		codes := map[int]int{}
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				code, _ := get(fmt.Sprintf("/d/one-line?page=%d", 1+i*9))
				mu.Lock()
				codes[code]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		t.Logf("8 readers at once: %d pages, %d told to come back (503)", codes[200], codes[503])
		if codes[200] == 0 || codes[200]+codes[503] != 8 {
			t.Errorf("8 readers at once: %v", codes)
		}
	})
	mb := peak()
	t.Logf("peak resident size from serve up to now (VmHWM): %d MB", mb)
	if mb > 1024 {
		t.Errorf("peak %d MB, over 1 GB", mb)
	}
	sv.cancel()
	<-sv.done
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}
