package bot

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"golang.org/x/sync/semaphore"
)

// Limits of the HTTP interactions endpoint.
const (
	maxInteractionBody = 1 << 20         // Discord's interactions are a few KB
	maxClockSkew       = 5 * time.Minute // older (or newer) signed requests are refused
	httpDeferAfter     = 2500 * time.Millisecond
	// maxBodyWait is how long a body may take to arrive once its headers
	// have: Discord sends a few KB at once, so only a client holding a
	// connection on purpose takes longer.
	maxBodyWait = 2 * time.Second
	// maxBodyBytes are the bytes of request bodies held at once. A body
	// holds what has arrived of it, so a client sending a byte at a time
	// holds next to nothing, and any number of them leave room for
	// Discord's requests.
	maxBodyBytes = 16 << 20
	bodyChunk    = 4 << 10 // what one read of a body may hold before it arrives
	// refuseDrain is how long the rest of a refused request's body may
	// take to arrive.
	refuseDrain = 100 * time.Millisecond
	maxSeenIDs  = 20_000 // interaction ids remembered to refuse a replay
)

// InteractionsHandler serves Discord's Interactions Endpoint URL: Discord
// POSTs each interaction, signed with Ed25519 over the timestamp and the
// body with the application's key (the developer portal's Public Key).
// Requests without a valid signature, or signed more than five minutes
// from now, get 401; PING gets PONG; anything else runs the same handlers
// as the gateway, the initial response written as the POST's response (or
// deferred if it is not ready in 2.5 s), edits and follow-ups sent through
// s. It needs no connection state, so any number of replicas can serve
// behind one address.
//
// Unsigned traffic cannot hold it: a request whose signature headers are
// missing, malformed or stale is refused before its body is read; a body
// must arrive within maxBodyWait, and bodies hold at most maxBodyBytes at
// once, counted as they arrive (past that, 503).
//
// A signed request seen before (same interaction id, within the window
// its signature is good for) gets 409 and runs nothing: a replay. With
// Config.ReplayDir, the ids seen are kept there, so a restart remembers
// them.
func (b *Bot) InteractionsHandler(s *discordgo.Session, key ed25519.PublicKey) http.Handler {
	budget := semaphore.NewWeighted(maxBodyBytes)
	seen := newSeenIDs(maxSeenIDs, 2*maxClockSkew, b.cfg.ReplayDir, b.cfg.Now(), b.log)
	refused := &refusalLog{log: b.log, now: b.cfg.Now}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			refuse(w, http.StatusMethodNotAllowed, "POST interactions here")
			return
		}
		if r.ContentLength > maxInteractionBody {
			refuse(w, http.StatusRequestEntityTooLarge, "request too large")
			return
		}
		sig, ts, why := signatureOf(r.Header, b.cfg.Now())
		if why != "" {
			refused.note(why, r.RemoteAddr)
			refuse(w, http.StatusUnauthorized, why)
			return
		}
		body, release, err := readBody(w, r, budget)
		defer release()
		switch {
		case errors.Is(err, errBusy):
			w.Header().Set("Retry-After", "1")
			refuse(w, http.StatusServiceUnavailable, "busy")
			return
		case errors.Is(err, errTooLarge):
			refuse(w, http.StatusRequestEntityTooLarge, "request too large")
			return
		case err != nil:
			refuse(w, http.StatusBadRequest, "cannot read the request")
			return
		}
		if !ed25519.Verify(key, append([]byte(ts), body...), sig) {
			refused.note("invalid request signature", r.RemoteAddr)
			refuse(w, http.StatusUnauthorized, "invalid request signature")
			return
		}
		var i discordgo.Interaction
		if err := json.Unmarshal(body, &i); err != nil {
			http.Error(w, "not an interaction", http.StatusBadRequest)
			return
		}
		if i.Type == discordgo.InteractionPing {
			writeResponse(w, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
			return
		}
		if i.ID != "" && !seen.add(i.ID, b.cfg.Now()) {
			b.log.Warn("interaction request refused", "why", "replayed", "interaction", i.ID, "remote", r.RemoteAddr)
			http.Error(w, "interaction already received", http.StatusConflict)
			return
		}
		hr := &httpResponse{ch: make(chan *discordgo.InteractionResponse, 1), written: make(chan struct{})}
		// However this POST ends, the handler's respond returns.
		defer hr.finish()
		b.goServe(s, &discordgo.InteractionCreate{Interaction: &i}, func(resp *discordgo.InteractionResponse) error {
			return hr.respond(s, &i, resp)
		})
		timer := time.NewTimer(httpDeferAfter)
		defer timer.Stop()
		select {
		case resp := <-hr.ch:
			writeResponse(w, resp)
		case <-timer.C:
			if hr.deferNow() {
				// As the command's entry says: a public /ask stays public.
				var flags discordgo.MessageFlags
				if deferralPrivate(&i) {
					flags = discordgo.MessageFlagsEphemeral
				}
				writeResponse(w, &discordgo.InteractionResponse{
					Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
					Data: &discordgo.InteractionResponseData{Flags: flags},
				})
				return
			}
			writeResponse(w, <-hr.ch) // it came just in time
		case <-r.Context().Done():
			// The client left (or the server is shutting down): the
			// handler's response has nowhere to go.
			hr.abandon()
		}
	})
}

// errRequestGone is respond's error when the POST that brought an
// interaction ended before its response was ready.
var errRequestGone = errors.New("the interaction's HTTP request ended before its response")

// signatureOf reads a request's signature and timestamp, or says why
// they cannot be good: what is checked before the body is read.
func signatureOf(h http.Header, now time.Time) (sig []byte, ts, why string) {
	sig, err := hex.DecodeString(h.Get("X-Signature-Ed25519"))
	ts = h.Get("X-Signature-Timestamp")
	if err != nil || len(sig) != ed25519.SignatureSize || ts == "" {
		return nil, "", "missing or malformed signature"
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return nil, "", "malformed timestamp"
	}
	if d := now.Sub(time.Unix(sec, 0)); d > maxClockSkew || d < -maxClockSkew {
		return nil, "", "stale timestamp"
	}
	return sig, ts, ""
}

// refuse answers a request the endpoint does not take. Before it
// answers, the server reads what is left of the body, so that the
// connection can carry the next request: for refuseDrain at most, after
// which the connection is closed instead.
func refuse(w http.ResponseWriter, code int, msg string) {
	http.NewResponseController(w).SetReadDeadline(time.Now().Add(refuseDrain))
	http.Error(w, msg, code)
}

// refusalLog logs refused requests, at most one line per
// refusalLogEvery: anyone can send unsigned requests, and a flood of them
// must not flood the log (and the disk under it). A line says how many
// refusals were not logged since the one before.
type refusalLog struct {
	log        *slog.Logger
	now        func() time.Time
	mu         sync.Mutex
	last       time.Time
	suppressed int
}

// refusalLogEvery is the least time between two lines of a refusalLog.
const refusalLogEvery = time.Second

func (l *refusalLog) note(why, remote string) {
	l.mu.Lock()
	now := l.now()
	if d := now.Sub(l.last); !l.last.IsZero() && d >= 0 && d < refusalLogEvery {
		l.suppressed++
		l.mu.Unlock()
		return
	}
	n := l.suppressed
	l.last, l.suppressed = now, 0
	l.mu.Unlock()
	if n > 0 {
		l.log.Warn("interaction request refused", "why", why, "remote", remote, "refused_unlogged_before", n)
		return
	}
	l.log.Warn("interaction request refused", "why", why, "remote", remote)
}

// Why readBody failed.
var (
	errBusy     = errors.New("too many request bodies held at once")
	errTooLarge = errors.New("request too large")
)

// readBody reads r's body within maxBodyWait, at most maxInteractionBody
// bytes, holding what has arrived against budget; release gives it back.
func readBody(w http.ResponseWriter, r *http.Request, budget *semaphore.Weighted) (body []byte, release func(), err error) {
	// Not every ResponseWriter can (a test's recorder): then the server's
	// ReadTimeout bounds the body.
	http.NewResponseController(w).SetReadDeadline(time.Now().Add(maxBodyWait))
	ctx, cancel := context.WithTimeout(r.Context(), maxBodyWait)
	defer cancel()
	br := &budgetReader{r: io.LimitReader(r.Body, maxInteractionBody+1), budget: budget, ctx: ctx}
	body, err = io.ReadAll(br)
	release = func() { budget.Release(br.held) }
	switch {
	case errors.Is(err, errBusy):
	case err != nil:
	case len(body) > maxInteractionBody:
		err = errTooLarge
	}
	return body, release, err
}

// budgetReader reads at most bodyChunk bytes at a time, each held against
// budget before it is read; what did not arrive is given back at once.
type budgetReader struct {
	r      io.Reader
	budget *semaphore.Weighted
	ctx    context.Context
	held   int64
}

func (b *budgetReader) Read(p []byte) (int, error) {
	p = p[:min(len(p), bodyChunk)]
	// Waiting is for room only: a body out of time is the read's error.
	if !b.budget.TryAcquire(int64(len(p))) {
		if err := b.budget.Acquire(b.ctx, int64(len(p))); err != nil {
			return 0, errBusy
		}
	}
	n, err := b.r.Read(p)
	b.budget.Release(int64(len(p) - n))
	b.held += int64(n)
	return n, err
}

// writeResponse writes an interaction response as the POST's body, in
// the same encoding as respondREST.
func writeResponse(w http.ResponseWriter, resp *discordgo.InteractionResponse) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(wireResponse{resp})
}

// httpResponse hands an interaction's initial response to the POST that
// brought it, or, once that POST has been answered with a deferral, turns
// it into an edit of the deferred reply.
type httpResponse struct {
	mu       sync.Mutex
	answered bool // the handler's response goes in the POST's body
	deferred bool // the POST was answered with a deferral
	gone     bool // the POST ended with no response
	ch       chan *discordgo.InteractionResponse
	written  chan struct{} // closed when the POST's handler returns
	once     sync.Once
}

func (h *httpResponse) respond(s *discordgo.Session, i *discordgo.Interaction, resp *discordgo.InteractionResponse) error {
	h.mu.Lock()
	if h.gone {
		h.mu.Unlock()
		return errRequestGone
	}
	if h.deferred || h.answered {
		h.mu.Unlock()
		return editInstead(s, i, resp)
	}
	h.answered = true
	h.mu.Unlock()
	h.ch <- resp
	<-h.written
	return nil
}

// finish releases a respond waiting for the POST to be written.
func (h *httpResponse) finish() { h.once.Do(func() { close(h.written) }) }

// abandon marks the POST ended with no response: a later respond fails
// at once instead of waiting for a body nobody reads.
func (h *httpResponse) abandon() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.answered && !h.deferred {
		h.gone = true
	}
}

// deferNow marks the POST answered with a deferral, unless the handler's
// response is already on its way.
func (h *httpResponse) deferNow() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.answered {
		return false
	}
	h.deferred = true
	return true
}

// editInstead sends a message response as an edit of the deferred reply.
func editInstead(s *discordgo.Session, i *discordgo.Interaction, resp *discordgo.InteractionResponse) error {
	switch resp.Type {
	case discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseUpdateMessage:
	default:
		return nil // a deferral or choices: too late, nothing to show
	}
	d := resp.Data
	if d == nil {
		d = &discordgo.InteractionResponseData{}
	}
	embeds, components := d.Embeds, d.Components
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	if components == nil {
		components = []discordgo.MessageComponent{}
	}
	_, err := s.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: &d.Content, Embeds: &embeds, Components: &components, AllowedMentions: noMentions()})
	return err
}
