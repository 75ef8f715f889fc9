package bot

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
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
	deferAfter         = 2500 * time.Millisecond
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
func (b *Bot) InteractionsHandler(s *discordgo.Session, key ed25519.PublicKey) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "POST interactions here", http.StatusMethodNotAllowed)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxInteractionBody+1))
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
		hr := &httpResponse{ch: make(chan *discordgo.InteractionResponse, 1), written: make(chan struct{})}
		go b.serve(s, &discordgo.InteractionCreate{Interaction: &i}, func(resp *discordgo.InteractionResponse) error {
			return hr.respond(s, &i, resp)
		})
		timer := time.NewTimer(deferAfter)
		defer timer.Stop()
		select {
		case resp := <-hr.ch:
			writeResponse(w, resp)
			close(hr.written)
		case <-timer.C:
			if hr.deferNow() {
				writeResponse(w, &discordgo.InteractionResponse{
					Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
					Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral},
				})
				return
			}
			writeResponse(w, <-hr.ch) // it came just in time
			close(hr.written)
		case <-r.Context().Done():
		}
	})
}

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

func writeResponse(w http.ResponseWriter, resp *discordgo.InteractionResponse) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(resp)
}

// httpResponse hands an interaction's initial response to the POST that
// brought it, or, once that POST has been answered with a deferral, turns
// it into an edit of the deferred reply.
type httpResponse struct {
	mu       sync.Mutex
	answered bool // the handler's response goes in the POST's body
	deferred bool // the POST was answered with a deferral
	ch       chan *discordgo.InteractionResponse
	written  chan struct{}
}

func (h *httpResponse) respond(s *discordgo.Session, i *discordgo.Interaction, resp *discordgo.InteractionResponse) error {
	h.mu.Lock()
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
