package bot_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"mandatebot/bot"
	"mandatebot/bot/discordtest"
	"mandatebot/index"
)

// sampleValue is a value a member might give an option, by its name and
// type: enough for the command to run, not to answer well.
func sampleValue(o *discordgo.ApplicationCommandOption) (any, bool) {
	switch o.Type {
	case discordgo.ApplicationCommandOptionInteger:
		if o.MinValue != nil {
			return int(*o.MinValue), true
		}
		return 1, true
	case discordgo.ApplicationCommandOptionBoolean:
		return true, true
	case discordgo.ApplicationCommandOptionString:
		if len(o.Choices) > 0 {
			return o.Choices[0].Value, true
		}
		switch o.Name {
		case "source":
			return "nupi-policy-brief-19-2015", true
		case "reference":
			return "2164 op 13(a)", true
		case "resolution":
			return "2100", true
		case "compare":
			return "2100 → 2164", true
		}
		return "elections", true
	}
	return nil, false // an attachment needs a file: tested with /reindex file:
}

// variant is one way to use a command: its required options, and at
// most one optional one.
type variant struct {
	name string
	opts []discordtest.Option
}

func variantsOf(t *testing.T, c *discordgo.ApplicationCommand) []variant {
	var required []discordtest.Option
	var optional []discordtest.Option
	for _, o := range c.Options {
		v, ok := sampleValue(o)
		if !ok {
			continue
		}
		opt := discordtest.Option{Name: o.Name, Type: o.Type, Value: v}
		if o.Required {
			required = append(required, opt)
		} else {
			optional = append(optional, opt)
		}
	}
	vs := []variant{{"/" + c.Name, required}}
	for _, o := range optional {
		vs = append(vs, variant{fmt.Sprintf("/%s %s:%v", c.Name, o.Name, o.Value), append(append([]discordtest.Option{}, required...), o)})
	}
	return vs
}

// dataOptions is how the bot receives opts.
func dataOptions(opts []discordtest.Option) []*discordgo.ApplicationCommandInteractionDataOption {
	var out []*discordgo.ApplicationCommandInteractionDataOption
	for _, o := range opts {
		v := o.Value
		if n, ok := v.(int); ok {
			v = float64(n) // as JSON decodes it
		}
		out = append(out, &discordgo.ApplicationCommandInteractionDataOption{Name: o.Name, Type: o.Type, Value: v})
	}
	return out
}

// TestCommandTable checks every registered command against what the
// command table says of it: it is registered as defined, /help describes
// it with its example, a use counts against the question limit exactly
// when the table says so, a private use is answered privately, and a
// command that defers after its checks is acknowledged before its reply.
func TestCommandTable(t *testing.T) {
	t.Parallel()
	h := start(t, func(c *bot.Config) { c.RateLimit = 1 })

	// Registration: what discordgo sends is what the table defines.
	registered, err := h.sess.ApplicationCommandBulkOverwrite(discordtest.AppID, discordtest.GuildID, bot.Commands())
	if err != nil || len(registered) != len(bot.Commands()) {
		t.Fatalf("register: %d commands, %v", len(registered), err)
	}
	help := text(h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "help"), nil).Final())

	user := 400000000000000000
	for i, c := range bot.Commands() {
		if registered[i].Name != c.Name || registered[i].Description != c.Description || len(registered[i].Options) != len(c.Options) {
			t.Errorf("/%s registered as %+v", c.Name, registered[i])
		}
		rule, ok := bot.RuleOf(c.Name, nil)
		if !ok {
			t.Errorf("/%s is registered but not in the table", c.Name)
			continue
		}
		if !strings.Contains(help, "**/"+c.Name+"**") || len(rule.Examples) == 0 {
			t.Errorf("/help lacks /%s or an example", c.Name)
		}
		for _, e := range rule.Examples {
			if !strings.Contains(help, "`"+e+"`") {
				t.Errorf("/help lacks /%s's example %q", c.Name, e)
			}
			if err := exampleOf(c, e); err != nil {
				t.Errorf("/%s's example %q: %v", c.Name, e, err)
			}
		}
		for _, v := range variantsOf(t, c) {
			user++
			m := discordtest.Member{UserID: fmt.Sprint(user)}
			if c.DefaultMemberPermissions != nil {
				m.Permissions = *c.DefaultMemberPermissions
			}
			// The member's one question of the window.
			h.srv.WaitResponse(h.srv.Command(m, "ask", str("question", "elections")), nil)
			rule, _ := bot.RuleOf(c.Name, dataOptions(v.opts))
			r := h.srv.WaitResponse(h.srv.Command(m, c.Name, v.opts...), func(r discordtest.Response) bool {
				return r.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || len(r.Edits) > 0
			})
			checkSafe(t, r)
			got := text(r.Final())
			if limited := strings.Contains(got, "You're asking quickly"); limited != rule.Limited {
				t.Errorf("%s: rate-limited %v, the table says %v:\n%s", v.name, limited, rule.Limited, got)
			}
			if rule.Private && !r.Ephemeral() {
				t.Errorf("%s: answered publicly, the table says privately", v.name)
			}
			deferred := r.Type == discordgo.InteractionResponseDeferredChannelMessageWithSource
			t.Logf("%s: deferred %v, ephemeral %v: %s", v.name, deferred, r.Ephemeral(), cutLog(got))
			if rule.DefersAfterChecks && !rule.Limited && len(v.opts) == 0 && !deferred {
				t.Errorf("%s: answered without deferring first", v.name)
			}
		}
	}
}

func cutLog(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > 100 {
		return s[:100]
	}
	return s
}

// A command that searches is deferred when its search is slow, on the
// gateway as over HTTP, with the visibility of its reply, and then edited
// with the answer.
func TestSlowSearchDeferred(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		command string
		opts    []discordtest.Option
		private bool
		want    string
	}{
		{"ask", "ask", []discordtest.Option{str("question", "What is MINUSMA's authorized strength?")}, false, "12,640"},
		{"ask private", "ask", []discordtest.Option{str("question", "What is MINUSMA's authorized strength?"), boolean("private", true)}, true, "12,640"},
		{"recommendations on a topic", "recommendations", []discordtest.Option{str("topic", "training")}, false, "Recommendations on “training”"},
		{"mandate on a topic", "mandate", []discordtest.Option{str("topic", "protection of civilians")}, false, "brief's account of the mandate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var held heldSearcher
			h := start(t, func(c *bot.Config) {
				held = heldSearcher{c.Reindexer.(*index.Live), make(chan struct{})}
				c.Searcher = held
			})
			// The search waits until the reply has been acknowledged, or,
			// should the bot never defer, for a while, so that the test
			// fails on the answer instead of hanging.
			var once sync.Once
			release := func() { once.Do(func() { close(held.release) }) }
			backstop := time.AfterFunc(20*time.Second, release)
			defer backstop.Stop()
			id := h.srv.Command(discordtest.Alice, tt.command, tt.opts...)
			first := h.srv.WaitResponse(id, nil)
			release()
			if first.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || first.Ephemeral() != tt.private {
				t.Fatalf("acknowledged with type %d, ephemeral %v; want a deferral, ephemeral %v", first.Type, first.Ephemeral(), tt.private)
			}
			r := h.srv.WaitResponse(id, discordtest.Edited)
			checkSafe(t, r)
			if got := text(r.Final()); !strings.Contains(got, tt.want) {
				t.Errorf("the deferred reply's edit lacks %q:\n%s", tt.want, got)
			}
		})
	}
}

// exampleOf says what is wrong with e as one use of command c, as a
// member types it: "/name" then "option: value" for options of c, each
// value one (no second command in it).
func exampleOf(c *discordgo.ApplicationCommand, e string) error {
	rest, ok := strings.CutPrefix(e, "/"+c.Name)
	if !ok || rest != "" && rest[0] != ' ' {
		return fmt.Errorf("does not start with /%s", c.Name)
	}
	for _, m := range regexp.MustCompile(`(?:^| )(\S+): ([^:]*?)(?: \S+:|$)`).FindAllStringSubmatch(rest, -1) {
		if !slices.ContainsFunc(c.Options, func(o *discordgo.ApplicationCommandOption) bool { return o.Name == m[1] }) {
			return fmt.Errorf("/%s has no option %q", c.Name, m[1])
		}
		if strings.Contains(m[2], "/") && !strings.Contains(m[2], "S/") {
			return fmt.Errorf("the value of %s, %q, holds another command", m[1], m[2])
		}
	}
	return nil
}
