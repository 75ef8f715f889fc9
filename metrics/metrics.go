// Package metrics serves what an operator watches: /healthz (the process
// is alive), /readyz (the index is loaded and, for the gateway, Discord is
// connected) and /metrics in Prometheus's format, counting what the bot
// reports of each interaction (bot.Observer) and what the index holds.
package metrics

import (
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"mandatebot/bot"
	"mandatebot/corpus"
	"mandatebot/index"
)

// Metrics is the registry of mandatebot's metrics and the readiness state.
type Metrics struct {
	// EmbeddingFallbacks is counted by the index (index.Semantic's
	// Fallbacks) and exported as mandatebot_embeddings_fallbacks_total.
	EmbeddingFallbacks *atomic.Int64
	// SemanticCheck, when set before the handler serves, tells what the
	// semantic-search guard decided for the index served (nil: not
	// checked); exported as mandatebot_semantic_search.
	SemanticCheck func() *index.SemanticCheck

	reg          *prometheus.Registry
	interactions *prometheus.CounterVec
	ack, answer  *prometheus.HistogramVec
	weak         prometheus.Counter
	rateLimited  prometheus.Counter
	reconnects   prometheus.Counter
	fetches      *prometheus.CounterVec
	fetchSeconds prometheus.Histogram

	indexReady atomic.Bool
	connected  atomic.Bool
	needGate   bool // readiness waits for the gateway
}

// Compile-time check that Metrics receives the bot's events.
var _ bot.Observer = (*Metrics)(nil)

// New registers the metrics. corpusOf tells the corpus being served (for
// the passages and documents gauges); gateway says whether readiness
// needs a gateway connection.
func New(corpusOf func() *corpus.Corpus, gateway bool) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry(), needGate: gateway, EmbeddingFallbacks: new(atomic.Int64)}
	buckets := []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 60}
	m.interactions = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "mandatebot_interactions_total", Help: "Interactions answered, by command and outcome.",
	}, []string{"command", "outcome"})
	m.ack = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "mandatebot_ack_seconds", Help: "Time until Discord was first answered, by command.", Buckets: buckets,
	}, []string{"command"})
	m.answer = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "mandatebot_answer_seconds", Help: "Time until the answer was complete, by command (reindex and fetch included).", Buckets: buckets,
	}, []string{"command"})
	m.weak = prometheus.NewCounter(prometheus.CounterOpts{Name: "mandatebot_weak_answers_total", Help: "Questions no passage answered well."})
	m.rateLimited = prometheus.NewCounter(prometheus.CounterOpts{Name: "mandatebot_rate_limited_total", Help: "Questions refused for being asked too quickly."})
	m.reconnects = prometheus.NewCounter(prometheus.CounterOpts{Name: "mandatebot_gateway_reconnects_total", Help: "Gateway connections made after the first."})
	m.fetches = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "mandatebot_fetches_total", Help: "UN documents fetched, by outcome.",
	}, []string{"outcome"})
	m.fetchSeconds = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "mandatebot_fetch_seconds", Help: "Time to fetch and convert one UN document.", Buckets: buckets,
	})
	m.reg.MustRegister(m.interactions, m.ack, m.answer, m.weak, m.rateLimited, m.reconnects, m.fetches, m.fetchSeconds,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "mandatebot_passages", Help: "Passages in the index served."}, func() float64 {
			if c := corpusOf(); c != nil {
				return float64(c.NumPassages())
			}
			return 0
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "mandatebot_documents", Help: "Documents in the index served."}, func() float64 {
			if c := corpusOf(); c != nil {
				return float64(len(c.Documents))
			}
			return 0
		}),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "mandatebot_embeddings_fallbacks_total", Help: "Answers given lexically because the embeddings service failed."}, func() float64 {
			return float64(m.EmbeddingFallbacks.Load())
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "mandatebot_semantic_search", Help: "Semantic search: 1 used, 0 refused by the check on the shipped questions, -1 not configured or not checked."}, func() float64 {
			if m.SemanticCheck == nil {
				return -1
			}
			switch c := m.SemanticCheck(); {
			case c == nil:
				return -1
			case c.Accepted:
				return 1
			}
			return 0
		}),
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

// Observe counts an interaction.
func (m *Metrics) Observe(e bot.Event) {
	m.interactions.WithLabelValues(e.Command, e.Outcome).Inc()
	if e.Ack > 0 {
		m.ack.WithLabelValues(e.Command).Observe(e.Ack.Seconds())
	}
	m.answer.WithLabelValues(e.Command).Observe(e.Latency.Seconds())
	if e.Weak {
		m.weak.Inc()
	}
	if e.Outcome == bot.OutcomeRateLimited {
		m.rateLimited.Inc()
	}
}

// Fetched counts a document fetched ("fetched", "skipped", "failed") and
// how long it took.
func (m *Metrics) Fetched(outcome string, took time.Duration) {
	m.fetches.WithLabelValues(outcome).Inc()
	if outcome != "skipped" {
		m.fetchSeconds.Observe(took.Seconds())
	}
}

// IndexReady marks the index loaded.
func (m *Metrics) IndexReady() { m.indexReady.Store(true) }

// Connected marks the gateway connected; a connection after the first
// counts as a reconnect.
func (m *Metrics) Connected(first bool) {
	m.connected.Store(true)
	if !first {
		m.reconnects.Inc()
	}
}

// Disconnected marks the gateway down.
func (m *Metrics) Disconnected() { m.connected.Store(false) }

// Ready reports whether the bot can answer.
func (m *Metrics) Ready() bool {
	return m.indexReady.Load() && (!m.needGate || m.connected.Load())
}

// Handler serves /healthz, /readyz and /metrics.
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if !m.Ready() {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("not ready: the index is loading or Discord is not connected\n"))
			return
		}
		w.Write([]byte("ready\n"))
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	return mux
}
