package bot_test

import (
	"flag"
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"mandatebot/bot"
	"mandatebot/bot/discordtest"
	"mandatebot/feedback"
)

var load = flag.Bool("load", false, "run the load test (go test ./bot -run TestLoad -load -v)")

// TestLoad sends 500 /ask from 100 members at 100 a second, with an
// admin's /reindex in the middle, through the real discordgo library and
// the fake Discord on 127.0.0.1, and reports acknowledgement latency and
// memory. It asserts only that none is lost: times are reported, not
// asserted, as they depend on the machine. Run with -load.
func TestLoad(t *testing.T) {
	if !*load {
		t.Skip("a load test: run with -load")
	}
	store, err := feedback.Open(filepath.Join(t.TempDir(), "feedback.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	h := start(t, func(c *bot.Config) { c.Feedback = store })
	questions := []string{
		"zebra migration patterns", // weak: recorded in the feedback database
		"What is MINUSMA's authorized strength?", "Why won't countries send troops north?",
		"Who asked for a rapid intervention force?", "how many peacekeepers were killed",
		"What should be done about language skills?", "Combien de casques bleus sont morts ?",
	}
	const total, users, perSecond = 500, 100, 100
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	heapBefore := ms.HeapInuse
	var peak uint64
	stop := make(chan struct{})
	var sampler sync.WaitGroup
	sampler.Add(1)
	go func() {
		defer sampler.Done()
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse)
			}
		}
	}()

	sent := map[string]time.Time{}
	var ids, votes []string
	var reindex string
	tick := time.NewTicker(time.Second / perSecond)
	start := time.Now()
	for i := 0; i < total; i++ {
		<-tick.C
		if i == total/2 {
			reindex = h.srv.Command(discordtest.Admin, "reindex")
		}
		m := discordtest.Member{UserID: fmt.Sprintf("3000000000000%05d", 10000+i%users)}
		id := h.srv.Command(m, "ask", str("question", questions[i%len(questions)]))
		sent[id] = time.Now()
		ids = append(ids, id)
		if i%10 == 9 { // a vote on an earlier answer, read back from its message
			if prev := ids[i-5]; votable(h, prev) != "" {
				votes = append(votes, h.srv.Click(m, prev, votable(h, prev)))
			}
		}
	}
	tick.Stop()
	for _, id := range ids {
		r := h.srv.WaitResponse(id, nil)
		if len(r.Final().Embeds) == 0 && !strings.Contains(r.Final().Content, "Nothing") {
			t.Errorf("interaction %s: no answer: %+v", id, r.Final())
		}
	}
	for _, v := range votes {
		if r := h.srv.WaitResponse(v, nil); !strings.Contains(r.Callback.Content, "Thanks") {
			t.Errorf("vote %s: %+v", v, r.Callback)
		}
	}
	rr := h.srv.WaitResponse(reindex, discordtest.Edited)
	elapsed := time.Since(start)
	close(stop)
	sampler.Wait()
	if !strings.Contains(rr.Final().Content, "Reindexed") {
		t.Errorf("the reindex in the middle: %q", rr.Final().Content)
	}

	// Acknowledgement latency: from the interaction sent on the gateway
	// to its callback arriving at Discord.
	first := map[string]time.Time{}
	for _, c := range h.srv.Calls() {
		if !strings.HasSuffix(c.Path, "/callback") {
			continue
		}
		id := strings.Split(strings.TrimPrefix(c.Path, "/api/v9/interactions/"), "/")[0]
		if _, ok := first[id]; !ok {
			first[id] = c.At
		}
	}
	var lat []time.Duration
	for id, at := range sent {
		if cb, ok := first[id]; ok {
			lat = append(lat, cb.Sub(at))
		}
	}
	if len(lat) != total {
		t.Fatalf("%d of %d interactions acknowledged", len(lat), total)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	sum, _ := store.Summarize(time.Time{})
	weak := 0
	for _, it := range sum.WeakItems {
		weak += it.Weak
	}
	t.Logf("%d /ask from %d users in %v with a /reindex in the middle, %d vote clicks and %d weak answers written to the feedback database: none lost; acknowledgement p50 %v, p99 %v, max %v; heap in use %d MB before, %d MB at peak",
		total, users, elapsed.Round(time.Millisecond), len(votes), weak, pct(0.50).Round(10*time.Microsecond), pct(0.99).Round(10*time.Microsecond), lat[len(lat)-1].Round(10*time.Microsecond), heapBefore>>20, peak>>20)
}

// votable returns the 👍 button of an answer that has one, waiting for
// the answer.
func votable(h *harness, id string) string {
	for _, cid := range h.srv.WaitResponse(id, nil).Final().CustomIDs() {
		if strings.HasPrefix(cid, "vote:up:") {
			return cid
		}
	}
	return ""
}
