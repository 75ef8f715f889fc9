// Package bot puts mandatebot into Discord: slash command definitions
// (Commands), one dispatcher (Bot.HandleInteraction), a handler per
// command, and rendering within Discord's limits.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"mandatebot/corpus"
	"mandatebot/corpus/undoc"
	"mandatebot/feedback"
	"mandatebot/index"
	"mandatebot/internal/priority"
	"mandatebot/internal/ratelimit"
	"mandatebot/web/permalink"
)

// Searcher is what the bot needs of an index.
type Searcher interface {
	Search(ctx context.Context, q index.Query) (*index.Result, error)
	Corpus() *corpus.Corpus
	BuiltAt() time.Time
}

// Reindexer rebuilds the index from a freshly loaded corpus and swaps it in.
type Reindexer interface {
	Reindex(ctx context.Context, load func(context.Context) (*corpus.Corpus, error)) (*index.Change, error)
	// ReindexAfter waits for a reindex under way instead of refusing:
	// for a caller that has just added a file the running one may miss.
	ReindexAfter(ctx context.Context, load func(context.Context) (*corpus.Corpus, error)) (*index.Change, error)
}

// Library is the corpus folder as /reindex changes it (corpus/intake's
// Library is one).
type Library interface {
	// Load reads the corpus, for the reindex.
	Load(ctx context.Context) (*corpus.Corpus, error)
	// Writable reports whether Add and FetchMissing have a folder to
	// write to (CORPUS_DIR).
	Writable() bool
	// Add checks, converts and writes a file attached to /reindex,
	// returning what it parsed; symbol is a PDF's UN symbol when its
	// first page does not show it (""). A file that does not convert
	// changes nothing; one given no symbol whose page shows none is
	// undoc.ErrNoSymbol.
	Add(ctx context.Context, name string, content []byte, symbol string) (string, error)
	// FetchMissing downloads UN documents by symbol, telling progress
	// before and after each, and returns what became of each.
	FetchMissing(ctx context.Context, symbols []string, progress func(o undoc.Outcome, done bool)) ([]undoc.Outcome, error)
	// Removable reports whether d, of the corpus served, is a file of
	// the folder that Remove can take out (a shipped document is not).
	Removable(d *corpus.Document) bool
	// Remove takes a document out of the folder, by id (or file name),
	// its PDF with it, and says what it removed; a shipped document or
	// one the folder lacks is an *intake.RemoveError.
	Remove(ctx context.Context, name string) (string, error)
}

// Event is what the bot reports of each interaction it answers: one
// structured log line, and to Observer (metrics).
type Event struct {
	Command  string        // "ask", … (a command of the table, else "unknown"), or "button:more", "autocomplete"
	Guild    string        // "" for a direct message
	Outcome  string        // OutcomeOK, OutcomeUserError, …
	Ack      time.Duration // until Discord was first answered
	Latency  time.Duration // until the handler was done
	Top      string        // the first passage answered with, if any
	Weak     bool          // no passage answered the question well
	Question string        // only when Config.LogQuestions
}

// Outcomes of an interaction.
const (
	OutcomeOK          = "ok"
	OutcomeUserError   = "user_error"   // a mistake the user can fix, told how
	OutcomeRateLimited = "rate_limited" // asked too quickly
	OutcomeRefused     = "refused"      // a server or DM the bot does not answer in
	OutcomeError       = "error"        // a failure on our side
	OutcomePanic       = "panic"
)

// Observer receives an Event per interaction (metrics). It must be quick.
type Observer interface{ Observe(Event) }

// FeedbackStore keeps votes and weak answers (see package feedback).
type FeedbackStore interface {
	Record(feedback.Entry) error
	HashUser(id string) string
	Summarize(since time.Time) (*feedback.Summary, error)
}

var _ FeedbackStore = (*feedback.Store)(nil)

// Compile-time check that the served index is what the bot needs.
var (
	_ Searcher  = (*index.Live)(nil)
	_ Reindexer = (*index.Live)(nil)
)

// Config is what a Bot is made of.
type Config struct {
	Searcher  Searcher
	Reindexer Reindexer
	// Library is the corpus folder /reindex reads, adds attached files
	// to and fetches missing UN documents into; nil: /reindex is refused.
	Library Library
	// Feedback stores 👍 / 👎 votes and weak answers for /feedback; nil:
	// answers have no vote buttons.
	Feedback FeedbackStore
	// FetchStatus tells what the fetch of missing UN documents started
	// with the bot is doing, an outcome a document (undoc.Tracker's
	// Outcomes); nil or empty: none.
	FetchStatus func() []undoc.Outcome
	// AllowedGuildIDs are the servers the bot answers in; empty: any.
	// Elsewhere every interaction gets a short private refusal.
	AllowedGuildIDs []string
	// AllowDMs lets the bot answer direct messages.
	AllowDMs bool
	// Admins may /reindex: role or user ids, each bare ("123", for a
	// single-server deployment) or scoped to a server ("guildID:123").
	// With both lists empty, members with the Administrator permission
	// may, but only when AllowedGuildIDs names exactly one server: an
	// administrator of any other server must not rebuild this one's index.
	AdminRoleIDs, AdminUserIDs []string
	// RateLimit questions per RateWindow for each user (default 5 per 30 s).
	RateLimit  int
	RateWindow time.Duration
	Logger     *slog.Logger
	Now        func() time.Time // for tests; time.Now by default
	// Site is where the web pages are published (PUBLIC_URL): set, every
	// citation links to its paragraph's page there. The zero Site: to the
	// documents' own addresses.
	Site permalink.Site
	// Replica names this process in /sources, when several serve one
	// application behind the HTTP endpoint ("" for none).
	Replica string
	// Observer receives an Event per interaction; nil: none.
	Observer Observer
	// LogQuestions puts the question's text in each interaction's log
	// line (QUESTION_LOG=full); by default it is left out.
	LogQuestions bool
	// ReplayDir is a folder where the HTTP interactions endpoint keeps the
	// interaction ids it has taken, for the five minutes a signature is
	// good for, so that a request replayed after a restart is refused
	// too; "" keeps them in memory only.
	ReplayDir string
	// Priority, when set, holds work that can wait (the web pages) while
	// an interaction waits for its first answer.
	Priority *priority.Gate
	// Context is the parent of every interaction's context: cancelling it
	// (on SIGTERM) stops searches, reindexes and fetches under way.
	// context.Background() when nil.
	Context context.Context
}

// Bot answers Discord interactions.
type Bot struct {
	cfg      Config
	log      *slog.Logger
	limiter  *ratelimit.Window
	links    links
	inflight sync.WaitGroup // interactions being answered
}

// New returns a bot. Register HandleInteraction with the session.
func New(cfg Config) *Bot {
	if cfg.RateLimit <= 0 {
		cfg.RateLimit = 5
	}
	if cfg.RateWindow <= 0 {
		cfg.RateWindow = 30 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	cfg.Logger = slog.New(RedactingHandler(cfg.Logger.Handler()))
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Context == nil {
		cfg.Context = context.Background()
	}
	b := &Bot{cfg: cfg, log: cfg.Logger, limiter: ratelimit.New(cfg.RateLimit, cfg.RateWindow, cfg.Now), links: links{cfg.Site}}
	return b
}

// HandleInteraction is the one entry point for Discord interactions:
// commands, autocomplete and buttons. Every error becomes a reply; a panic
// is recovered, logged with the interaction id, and answered with an
// apology.
func (b *Bot) HandleInteraction(s *discordgo.Session, ic *discordgo.InteractionCreate) {
	if ic == nil || ic.Interaction == nil {
		return
	}
	b.serve(s, ic, func(resp *discordgo.InteractionResponse) error {
		return respondREST(s, ic.Interaction, resp)
	})
}

// serve answers one interaction; respond sends the initial response
// (through Discord's REST API for the gateway, in the POST's response
// body for the HTTP endpoint). Edits and follow-ups go through s.
func (b *Bot) serve(s *discordgo.Session, ic *discordgo.InteractionCreate, respond func(*discordgo.InteractionResponse) error) {
	b.inflight.Add(1)
	b.answer(s, ic, respond)
}

// goServe is serve in a new goroutine, counted in flight before it
// starts, so that a Wait begun after goServe returns waits for it.
func (b *Bot) goServe(s *discordgo.Session, ic *discordgo.InteractionCreate, respond func(*discordgo.InteractionResponse) error) {
	b.inflight.Add(1)
	go b.answer(s, ic, respond)
}

// answer is serve's work, for an interaction already counted in flight.
func (b *Bot) answer(s *discordgo.Session, ic *discordgo.InteractionCreate, respond func(*discordgo.InteractionResponse) error) {
	defer b.inflight.Done()
	start := time.Now()
	r := &reply{s: s, i: ic.Interaction, log: b.log, start: start, initial: respond}
	if g := b.cfg.Priority; g != nil {
		// Until Discord has its first answer, the pages wait.
		r.acked = g.Urgent()
		defer r.acked()
	}
	ev := Event{Command: commandOf(ic.Interaction), Guild: ic.GuildID, Outcome: OutcomeOK}
	defer func() {
		if p := recover(); p != nil {
			ev.Outcome = OutcomePanic
			b.log.Error("handler panicked", "interaction", ic.ID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			r.fail("Sorry, something went wrong on my side. Please try again; if it keeps happening, tell an admin.")
		}
		ev.Latency, ev.Ack = time.Since(start), r.done()
		ev.Top, ev.Weak = r.top, r.weak
		if b.cfg.LogQuestions {
			ev.Question = r.question
		}
		b.report(ev)
	}()
	if refusal := b.refuseWhere(ic.Interaction); refusal != "" {
		ev.Outcome = OutcomeRefused
		if ic.Type == discordgo.InteractionApplicationCommandAutocomplete {
			refusal = "" // no choices
		}
		r.fail(refusal)
		return
	}
	err := b.route(r, ic.Interaction)
	if err != nil {
		ev.Outcome = b.tell(r, err)
	}
}

// route runs the interaction's handler: a command's from commandTable
// (its limit, deferral and timeout with it), an autocomplete, or a
// button's from componentTable.
func (b *Bot) route(r *reply, i *discordgo.Interaction) error {
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		data := i.ApplicationCommandData()
		cmd, ok := commandNamed(data.Name)
		if !ok {
			return userErrorf("I don't know the command /%s. Try /help for what I can do.", data.Name)
		}
		return b.runCommand(r, cmd, newOptionSet(data))
	case discordgo.InteractionApplicationCommandAutocomplete:
		return b.autocomplete(r, i.ApplicationCommandData())
	case discordgo.InteractionMessageComponent:
		ctx, cancel := context.WithTimeout(b.cfg.Context, defaultTimeout)
		defer cancel()
		return b.button(ctx, r, i.MessageComponentData().CustomID)
	}
	return nil
}

// runCommand applies a command's entry of the table and runs its handler.
func (b *Bot) runCommand(r *reply, cmd *command, opts optionSet) error {
	if cmd.limited(opts) {
		if wait, ok := b.limiter.Allow(userID(r.i)); !ok {
			return rateLimited(wait)
		}
	}
	timeout := cmd.timeout
	if timeout == 0 {
		timeout = defaultTimeout
	}
	ctx, cancel := context.WithTimeout(b.cfg.Context, timeout)
	defer cancel()
	r.private = cmd.private(opts)
	if cmd.defers == deferWhenSlow {
		r.deferWhenSlow(deferAfter)
	}
	return cmd.handle(b, ctx, r, opts)
}

// deferralPrivate reports whether an interaction's reply, deferred, is
// shown to its member alone: as its command's entry says; a button's
// reply is private (a click never posts a public message of its own).
func deferralPrivate(i *discordgo.Interaction) bool {
	if i.Type != discordgo.InteractionApplicationCommand {
		return true
	}
	data := i.ApplicationCommandData()
	cmd, ok := commandNamed(data.Name)
	return !ok || cmd.private(newOptionSet(data))
}

// tell turns a handler's error into what the user is told, and returns
// the interaction's outcome.
func (b *Bot) tell(r *reply, err error) string {
	if msg, ok := userMessage(err); ok {
		r.fail(msg)
		var rl rateLimitError
		if errors.As(err, &rl) {
			return OutcomeRateLimited
		}
		return OutcomeUserError
	}
	b.log.Error("interaction failed", "interaction", r.i.ID, "type", r.i.Type.String(), "err", err)
	r.fail("Sorry, I couldn't answer that because of a problem on my side. Please try again in a moment.")
	return OutcomeError
}

// report logs one structured line for an interaction and tells the
// observer. The question's text is in it only with LogQuestions; a token
// never is.
func (b *Bot) report(ev Event) {
	attrs := []any{"command", ev.Command, "guild", ev.Guild, "outcome", ev.Outcome,
		"ack_ms", ev.Ack.Milliseconds(), "latency_ms", ev.Latency.Milliseconds()}
	if ev.Top != "" {
		attrs = append(attrs, "top", ev.Top)
	}
	if ev.Weak {
		attrs = append(attrs, "weak", true)
	}
	if ev.Question != "" {
		attrs = append(attrs, "question", ev.Question)
	}
	b.log.Info("interaction", attrs...)
	if b.cfg.Observer != nil {
		b.cfg.Observer.Observe(ev)
	}
}

// commandOf names an interaction for logs and metrics: a command of the
// table by its name, any other "unknown", so that the names a metric is
// labelled with are few and known (a command renamed or removed while
// Discord still offers it would otherwise add one for good).
func commandOf(i *discordgo.Interaction) string {
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		if name := i.ApplicationCommandData().Name; knownCommand(name) {
			return name
		}
		return "unknown"
	case discordgo.InteractionApplicationCommandAutocomplete:
		return "autocomplete"
	case discordgo.InteractionMessageComponent:
		return "button:" + buttonKind(i.MessageComponentData().CustomID)
	}
	return "other"
}

// refuseWhere returns why the bot does not answer where the interaction
// comes from, or "" when it does: a server not in AllowedGuildIDs, or a
// direct message without AllowDMs. A refusal is logged with the server.
func (b *Bot) refuseWhere(i *discordgo.Interaction) string {
	switch {
	case i.GuildID == "" && !b.cfg.AllowDMs:
		b.log.Info("direct message refused", "user", userID(i), "interaction", i.ID)
		return "I answer in the servers I was set up for, not in direct messages. Ask me there."
	case i.GuildID != "" && len(b.cfg.AllowedGuildIDs) > 0 && !slices.Contains(b.cfg.AllowedGuildIDs, i.GuildID):
		b.log.Warn("interaction from a server not allowed", "guild", i.GuildID, "interaction", i.ID)
		return "I am not set up to answer in this server. Its admins can ask whoever runs me to add it to ALLOWED_GUILD_IDS."
	}
	return ""
}

// Wait waits for the interactions being answered to finish: after the
// Context is cancelled, so that the index is closed only once no handler
// uses it.
func (b *Bot) Wait() { b.inflight.Wait() }

// userID returns the id of whoever made the interaction, in a server or a
// direct message.
func userID(i *discordgo.Interaction) string {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User.ID
	}
	if i.User != nil {
		return i.User.ID
	}
	return ""
}
