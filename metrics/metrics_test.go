package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"mandatebot/bot"
	"mandatebot/corpus"
	"mandatebot/index"
)

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	b, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(b)
}

func TestReadiness(t *testing.T) {
	m := New(func() *corpus.Corpus { return nil }, true)
	h := m.Handler()
	if code, _ := get(t, h, "/healthz"); code != 200 {
		t.Errorf("/healthz %d", code)
	}
	if code, _ := get(t, h, "/readyz"); code != 503 {
		t.Errorf("/readyz before the index loads: %d", code)
	}
	m.IndexReady()
	if code, _ := get(t, h, "/readyz"); code != 503 {
		t.Errorf("/readyz before Discord is connected: %d", code)
	}
	m.Connected(true)
	if code, _ := get(t, h, "/readyz"); code != 200 {
		t.Errorf("/readyz when ready: %d", code)
	}
	m.Disconnected()
	if code, _ := get(t, h, "/readyz"); code != 503 {
		t.Errorf("/readyz after a disconnect: %d", code)
	}
	m.Connected(false)
	m.Observe(bot.Event{Command: "ask", Outcome: bot.OutcomeOK, Ack: time.Millisecond, Latency: 2 * time.Millisecond, Weak: true})
	m.Observe(bot.Event{Command: "ask", Outcome: bot.OutcomeRateLimited})
	m.Fetched("fetched", 2*time.Second)
	m.Fetched("skipped", 0)
	_, body := get(t, h, "/metrics")
	for _, want := range []string{
		`mandatebot_interactions_total{command="ask",outcome="ok"} 1`,
		`mandatebot_interactions_total{command="ask",outcome="rate_limited"} 1`,
		"mandatebot_weak_answers_total 1", "mandatebot_rate_limited_total 1",
		"mandatebot_gateway_reconnects_total 1", `mandatebot_ack_seconds_count{command="ask"} 1`,
		"mandatebot_passages 0", "mandatebot_embeddings_fallbacks_total",
		`mandatebot_fetches_total{outcome="fetched"} 1`, `mandatebot_fetches_total{outcome="skipped"} 1`, "mandatebot_fetch_seconds_count 1",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestSemanticSearchGauge(t *testing.T) {
	for _, tt := range []struct {
		check *index.SemanticCheck
		want  string
	}{
		{nil, "mandatebot_semantic_search -1"},
		{&index.SemanticCheck{Accepted: false}, "mandatebot_semantic_search 0"},
		{&index.SemanticCheck{Accepted: true}, "mandatebot_semantic_search 1"},
	} {
		m := New(func() *corpus.Corpus { return nil }, false)
		m.SemanticCheck = func() *index.SemanticCheck { return tt.check }
		if _, body := get(t, m.Handler(), "/metrics"); !strings.Contains(body, tt.want+"\n") {
			t.Errorf("check %+v: /metrics lacks %q", tt.check, tt.want)
		}
	}
}
