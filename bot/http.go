package bot

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Limits of the HTTP interactions endpoint.
const (
	maxInteractionBody = 1 << 20         // Discord's interactions are a few KB
	maxClockSkew       = 5 * time.Minute // older (or newer) signed requests are refused
	httpDeferAfter     = 2500 * time.Millisecond
	maxBodiesInFlight  = 16     // requests whose bodies are being read at once: 16 MB at most
	maxSeenIDs         = 20_000 // interaction ids remembered to refuse a replay
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
// A signed request seen before (same interaction id, within the window
// its signature is good for) gets 409 and runs nothing: a replay. At most
// maxBodiesInFlight bodies are read at once; past that, 503.
func (b *Bot) InteractionsHandler(s *discordgo.Session, key ed25519.PublicKey) http.Handler {
	reading := make(chan struct{}, maxBodiesInFlight)
	seen := newSeenIDs(maxSeenIDs, 2*maxClockSkew)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "POST interactions here", http.StatusMethodNotAllowed)
			return
		}
		if r.ContentLength > maxInteractionBody {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return
		}
		select {
		case reading <- struct{}{}:
		default:
			w.Header().Set("Retry-After", "1")
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxInteractionBody+1))
		<-reading
		if err != nil {
			http.Error(w, "cannot read the request", http.StatusBadRequest)
			return
		}
		if len(body) > maxInteractionBody {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return
		}
		if why := verify(key, r.Header, body, b.cfg.Now()); why != "" {
			b.log.Warn("interaction request refused", "why", why, "remote", r.RemoteAddr)
			http.Error(w, why, http.StatusUnauthorized)
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

// verify returns why a request's signature does not hold, or "".
func verify(key ed25519.PublicKey, h http.Header, body []byte, now time.Time) string {
	sig, err := hex.DecodeString(h.Get("X-Signature-Ed25519"))
	ts := h.Get("X-Signature-Timestamp")
	if err != nil || len(sig) != ed25519.SignatureSize || ts == "" {
		return "missing or malformed signature"
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "malformed timestamp"
	}
	if d := now.Sub(time.Unix(sec, 0)); d > maxClockSkew || d < -maxClockSkew {
		return "stale timestamp"
	}
	if !ed25519.Verify(key, append([]byte(ts), body...), sig) {
		return "invalid request signature"
	}
	return ""
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

// seenIDs remembers interaction ids for as long as their signatures are
// good for, at most max of them (the oldest forgotten first).
type seenIDs struct {
	mu    sync.Mutex
	max   int
	ttl   time.Duration
	at    map[string]time.Time
	order []string
}

func newSeenIDs(max int, ttl time.Duration) *seenIDs {
	return &seenIDs{max: max, ttl: ttl, at: map[string]time.Time{}}
}

// add records id at now, reporting false if it was already there.
func (s *seenIDs) add(id string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.order) > 0 && (len(s.order) >= s.max || now.Sub(s.at[s.order[0]]) >= s.ttl) {
		delete(s.at, s.order[0])
		s.order = s.order[1:]
	}
	if _, ok := s.at[id]; ok {
		return false
	}
	s.at[id] = now
	s.order = append(s.order, id)
	return true
}
