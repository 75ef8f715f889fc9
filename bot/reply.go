package bot

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// deferAfter is how long a reply may take before it is acknowledged with
// a deferral: Discord drops an interaction not answered in three seconds.
const deferAfter = 2 * time.Second

// reply sends the response to one interaction: at once, or deferred and
// then edited, and it remembers which, so an error can still be shown.
// Every message it sends is checked against Discord's rules first
// (checkResponse, checkMessage): an invalid reply is an error here, not a
// 400 from Discord. Its methods may be called from the handler and from
// the deferral timer at once.
type reply struct {
	log      *slog.Logger
	initial  func(*discordgo.InteractionResponse) error
	acked    func() // called once Discord has its first answer; nil for none
	start    time.Time
	s        *discordgo.Session
	i        *discordgo.Interaction
	private  bool   // the reply is for its member alone (its command's rule)
	top      string // the first passage answered with
	weak     bool
	question string

	mu        sync.Mutex
	ack       time.Duration // until Discord was first answered
	responded bool
	deferred  bool
	timer     *time.Timer
}

// message is what a reply carries.
type message struct {
	content    string
	embeds     []*discordgo.MessageEmbed
	components []discordgo.MessageComponent
	ephemeral  bool
}

// send shows m: as the interaction's response, or as an edit of the reply
// deferred earlier.
func (r *reply) send(m message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.deferred {
		return r.editLocked(m)
	}
	var flags discordgo.MessageFlags
	if m.ephemeral {
		flags = discordgo.MessageFlagsEphemeral
	}
	return r.respondLocked(&discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Content: m.content, Embeds: m.embeds, Components: m.components,
			Flags: flags, AllowedMentions: noMentions(),
		},
	})
}

// update replaces the message a button sits on, as the answer to the
// click.
func (r *reply) update(m message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	components := m.components
	if components == nil {
		components = []discordgo.MessageComponent{}
	}
	return r.respondLocked(&discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{Content: m.content, Embeds: m.embeds, Components: components, AllowedMentions: noMentions()},
	})
}

// choices answers an autocomplete interaction; none is an empty list.
func (r *reply) choices(cs []*discordgo.ApplicationCommandOptionChoice) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if cs == nil {
		cs = []*discordgo.ApplicationCommandOptionChoice{}
	}
	return r.respondLocked(&discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: cs},
	})
}

// deferNow acknowledges the interaction now, for work that may take
// longer than Discord's three seconds; send then edits the reply.
func (r *reply) deferNow() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.deferLocked(r.private)
}

// deferWhenSlow defers the reply if nothing has been sent after d.
func (r *reply) deferWhenSlow(d time.Duration) {
	r.timer = time.AfterFunc(d, func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.responded {
			return
		}
		if err := r.deferLocked(r.private); err != nil {
			r.log.Warn("could not defer a slow reply", "interaction", r.i.ID, "err", err)
		}
	})
}

// done stops the deferral timer and returns how long Discord waited for
// its first answer (0 if it got none).
func (r *reply) done() time.Duration {
	if r.timer != nil {
		r.timer.Stop()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ack
}

func (r *reply) deferLocked(ephemeral bool) error {
	var flags discordgo.MessageFlags
	if ephemeral {
		flags = discordgo.MessageFlagsEphemeral
	}
	err := r.respondLocked(&discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: flags, AllowedMentions: noMentions()},
	})
	if err != nil {
		return err
	}
	r.deferred = true
	return nil
}

// respondLocked checks and sends the interaction's initial response.
func (r *reply) respondLocked(resp *discordgo.InteractionResponse) error {
	if err := checkResponse(resp); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	if err := retryUnavailable(func() error { return r.initial(resp) }); err != nil {
		return fmt.Errorf("respond: %w", err)
	}
	if r.ack == 0 {
		r.ack = time.Since(r.start)
		if r.acked != nil {
			r.acked()
		}
	}
	r.responded = true
	return nil
}

// editLocked checks m and shows it in place of the deferred reply.
func (r *reply) editLocked(m message) error {
	if err := checkMessage(m.content, m.embeds, m.components); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	embeds, components := m.embeds, m.components
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	if components == nil {
		components = []discordgo.MessageComponent{}
	}
	err := retryUnavailable(func() error {
		_, err := r.s.InteractionResponseEdit(r.i, &discordgo.WebhookEdit{
			Content: &m.content, Embeds: &embeds, Components: &components, AllowedMentions: noMentions(),
		})
		return err
	})
	if err != nil {
		return fmt.Errorf("edit reply: %w", err)
	}
	return nil
}

// followup sends msg as a private follow-up message, for when the reply
// itself can no longer be edited.
func (r *reply) followup(msg string) error {
	if err := checkMessage(msg, nil, nil); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	_, err := r.s.FollowupMessageCreate(r.i, true, &discordgo.WebhookParams{Content: msg, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()})
	return err
}

// retryUnavailable calls f again, twice at most, while Discord answers 503
// Service Unavailable: discordgo retries a 502 itself, not a 503, which
// Discord's API gives under load.
func retryUnavailable(f func() error) error {
	for try := 0; ; try++ {
		err := f()
		var re *discordgo.RESTError
		if err == nil || try == 2 || !errors.As(err, &re) || re.Response == nil || re.Response.StatusCode != http.StatusServiceUnavailable {
			return err
		}
		time.Sleep(time.Duration(250<<try) * time.Millisecond)
	}
}

// fail tells the user what went wrong, privately when it still can.
func (r *reply) fail(msg string) {
	msg = cut(msg, maxContent)
	r.mu.Lock()
	defer r.mu.Unlock()
	var err error
	switch {
	case r.i.Type == discordgo.InteractionApplicationCommandAutocomplete && !r.responded:
		err = r.respondLocked(&discordgo.InteractionResponse{
			Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}},
		})
	case msg == "":
		return
	case r.deferred:
		_, err = r.s.InteractionResponseEdit(r.i, &discordgo.WebhookEdit{Content: &msg, AllowedMentions: noMentions()})
	case r.responded:
		_, err = r.s.FollowupMessageCreate(r.i, false, &discordgo.WebhookParams{
			Content: msg, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions(),
		})
	default:
		err = r.respondLocked(&discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: msg, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()},
		})
	}
	if err != nil {
		r.log.Error("could not send an error reply", "interaction", r.i.ID, "err", err)
	}
}

// respondREST sends an interaction's initial response through Discord's
// REST API (the gateway's way), as wireResponse encodes it.
func respondREST(s *discordgo.Session, i *discordgo.Interaction, resp *discordgo.InteractionResponse) error {
	endpoint := discordgo.EndpointInteractionResponse(i.ID, i.Token)
	_, err := s.RequestWithBucketID(http.MethodPost, endpoint, wireResponse{resp}, endpoint)
	return err
}

// wireResponse is an interaction response as Discord must receive it.
// discordgo leaves out an empty list of choices (omitempty), which Discord
// refuses (50035, "Loading options failed" for the user): an
// autocomplete result always carries "choices", [] when nothing matched.
type wireResponse struct{ *discordgo.InteractionResponse }

// MarshalJSON encodes the response, choices always present for an
// autocomplete result.
func (w wireResponse) MarshalJSON() ([]byte, error) {
	if w.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
		return json.Marshal(w.InteractionResponse)
	}
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	if w.Data != nil && w.Data.Choices != nil {
		choices = w.Data.Choices
	}
	return json.Marshal(struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data struct {
			Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
		} `json:"data"`
	}{Type: w.Type, Data: struct {
		Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
	}{choices}})
}

// optionSet is a command's options by name.
type optionSet struct {
	data   discordgo.ApplicationCommandInteractionData
	byName map[string]*discordgo.ApplicationCommandInteractionDataOption
}

func newOptionSet(data discordgo.ApplicationCommandInteractionData) optionSet {
	m := map[string]*discordgo.ApplicationCommandInteractionDataOption{}
	for _, o := range data.Options {
		m[o.Name] = o
	}
	return optionSet{data: data, byName: m}
}

// has reports whether the option is given (a string one not blank).
func (o optionSet) has(name string) bool {
	opt, ok := o.byName[name]
	if !ok {
		return false
	}
	if s, isString := opt.Value.(string); isString {
		return strings.TrimSpace(s) != ""
	}
	return opt.Value != nil
}

func (o optionSet) str(name string) string {
	if opt, ok := o.byName[name]; ok {
		if v, ok := opt.Value.(string); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func (o optionSet) integer(name string, def int) int {
	if opt, ok := o.byName[name]; ok {
		if v, ok := opt.Value.(float64); ok {
			return int(v)
		}
	}
	return def
}

func (o optionSet) boolean(name string) bool {
	if opt, ok := o.byName[name]; ok {
		if v, ok := opt.Value.(bool); ok {
			return v
		}
	}
	return false
}
