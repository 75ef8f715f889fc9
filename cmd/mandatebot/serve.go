package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"mandatebot/bot"
	"mandatebot/corpus"
	"mandatebot/corpus/intake"
	"mandatebot/corpus/undoc"
	"mandatebot/feedback"
	"mandatebot/index"
	"mandatebot/internal/httpserve"
	"mandatebot/metrics"
)

// tokenRE is the shape of a Discord bot token: three base64url parts.
var tokenRE = regexp.MustCompile(`^[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$`)

// botToken returns the configured token, or an error that says what to do
// and never shows the token.
func botToken(cfg config) (string, error) {
	t := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(cfg.DiscordToken), "Bot "))
	switch {
	case t == "":
		return "", usagef("DISCORD_TOKEN is not set: put the bot token from the Discord developer portal (Bot → Reset Token) in the environment or in .env (see .env.example)")
	case !tokenRE.MatchString(t):
		return "", usagef("DISCORD_TOKEN does not look like a bot token (three parts separated by dots, %d characters given); copy it again from the Discord developer portal", len(t))
	}
	return t, nil
}

// newSession makes a discordgo session with the library's own HTTP client
// and websocket dialer, which honour HTTPS_PROXY, NO_PROXY and
// SSL_CERT_FILE as Go's defaults do. Tests replace it to reach a fake
// Discord on 127.0.0.1.
var newSession = func(token string) (*discordgo.Session, error) {
	return discordgo.New("Bot " + token)
}

func newLogger(cfg config, env *environment) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(env.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(env.stderr, opts))
}

func runServe(ctx context.Context, env *environment, args []string) error {
	fs := newFlags("serve", "", env.stderr)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve takes no arguments (got %q)", pos[0])
	}
	token, err := botToken(env.cfg)
	if err != nil {
		return err
	}
	log := newLogger(env.cfg, env)
	// discordgo logs on its own, addresses included: through the same
	// redaction as the bot's log, so no interaction token gets out.
	discordgoLog.Store(slog.New(bot.RedactingHandler(log.Handler())).With("from", "discordgo"))
	routeDiscordgoLog.Do(func() { discordgo.Logger = logDiscordgo })
	// Health and metrics first, so that /readyz says "not ready" while
	// the index loads.
	var live *index.Live
	var served atomic.Pointer[index.Live]
	obs := metrics.New(func() *corpus.Corpus {
		if l := served.Load(); l != nil {
			return l.Corpus()
		}
		return nil
	}, true)
	if env.cfg.HTTPAddr != "" {
		hs, err := httpserve.Listen(env.cfg.HTTPAddr, obs.Handler(), httpserve.DefaultLimits)
		if err != nil {
			return fmt.Errorf("HTTP_ADDR %s: %w", env.cfg.HTTPAddr, err)
		}
		log.Info("serving /healthz, /readyz and /metrics", "addr", hs.Addr())
		defer hs.Shutdown(500 * time.Millisecond)
	}
	loader := corpusLoader(env.cfg, log)
	load := func(ctx context.Context) (*corpus.Corpus, error) {
		c, err := loader.Load(ctx)
		if err == nil {
			for _, w := range c.Warnings {
				log.Warn("corpus file skipped", "why", w)
			}
		}
		return c, err
	}
	c, err := load(ctx)
	if err != nil {
		return fmt.Errorf("load corpus: %w", err)
	}
	start := time.Now()
	var store *index.Store
	var ix *index.Index
	built := true
	if env.cfg.IndexPath != "" {
		store = indexStore(env.cfg, log)
		if store.Semantic != nil {
			store.Semantic.Fallbacks = obs.EmbeddingFallbacks
		}
		ix, built, err = store.Open(ctx, c, false)
	} else {
		ix, err = index.Build(ctx, c, "")
	}
	if err != nil {
		return cliError(err, c)
	}
	live = index.NewLive(ix, store)
	defer live.Close()
	served.Store(live)
	obs.IndexReady()
	log.Info("index ready", "documents", len(c.Documents), "passages", c.NumPassages(), "path", ix.Path(), "built", built, "took", time.Since(start).Round(time.Millisecond))

	sess, err := newSession(token)
	if err != nil {
		return fmt.Errorf("discord session: %w", err)
	}
	sess.Identify.Intents = discordgo.IntentsGuilds // interactions need no privileged intent
	var fetch func(context.Context, []string, func(string)) error
	var add func(context.Context, string, []byte) (string, error)
	if env.cfg.CorpusDir != "" {
		fetch = fetchDocuments(env.cfg)
		add = addDocument(env.cfg.CorpusDir, env.cfg.MaxDocumentBytes)
	}
	var votes *feedback.Store
	if env.cfg.FeedbackPath != "" {
		if err := os.MkdirAll(filepath.Dir(env.cfg.FeedbackPath), 0o755); err != nil {
			return fmt.Errorf("feedback folder: %w", err)
		}
		votes, err = feedback.Open(env.cfg.FeedbackPath)
		if err != nil {
			return err
		}
		if r := votes.Repaired; r != nil {
			log.Warn("feedback database was damaged: moved aside and started anew", "path", env.cfg.FeedbackPath, "cause", r.Cause, "moved_to", r.MovedTo, "entries_kept", r.Kept, "entries_lost", r.Lost, "more_may_be_lost", r.Partial)
		}
		votes.KeepQuestions = env.cfg.KeepQuestions
		defer votes.Close()
	}
	var tracker undoc.Tracker
	var background sync.WaitGroup
	defer background.Wait()
	switch {
	case env.cfg.FetchOnStart && env.cfg.CorpusDir == "":
		log.Info("the UN documents the corpus cites are not fetched at start: FETCH_ON_START needs CORPUS_DIR")
	case env.cfg.FetchOnStart:
		if missing := c.MissingCited(); len(missing) > 0 {
			background.Add(1)
			go func() {
				defer background.Done()
				fetchOnStart(ctx, env.cfg, log, live, load, missing, &tracker, obs)
			}()
		}
	}
	b := bot.New(bot.Config{
		Searcher: live, Reindexer: live, LoadCorpus: load, FetchDocuments: fetch, AddDocument: add,
		FetchStatus:     tracker.Lines,
		Feedback:        feedbackOrNil(votes),
		Observer:        obs,
		LogQuestions:    env.cfg.KeepQuestions,
		Replica:         replicaName(),
		AllowedGuildIDs: env.cfg.GuildIDs, AllowDMs: env.cfg.AllowDMs,
		AdminRoleIDs: env.cfg.AdminRoleIDs, AdminUserIDs: env.cfg.AdminUserIDs,
		RateLimit: env.cfg.RateLimit, RateWindow: 30 * time.Second,
		Logger: log, Context: ctx,
	})
	sess.AddHandler(b.HandleInteraction)
	var interactions *httpserve.Server
	if env.cfg.InteractionsAddr != "" {
		interactions, err = httpserve.Listen(env.cfg.InteractionsAddr, b.InteractionsHandler(sess, env.cfg.PublicKey), httpserve.DefaultLimits)
		if err != nil {
			return fmt.Errorf("INTERACTIONS_ADDR %s: %w", env.cfg.InteractionsAddr, err)
		}
		log.Info("taking interactions by HTTP", "addr", interactions.Addr())
		// Closed before b.Wait below on the way out; this is for an early
		// return.
		defer interactions.Shutdown(0)
	}
	if env.cfg.CorpusDir != "" && env.cfg.CorpusPoll > 0 {
		background.Add(1)
		go func() {
			defer background.Done()
			pollCorpus(ctx, loader, env.cfg.CorpusPoll, live, load, log)
		}()
	}
	var connections atomic.Int64
	sess.AddHandler(func(s *discordgo.Session, r *discordgo.Ready) {
		log.Info("connected to Discord", "user", r.User.Username, "guilds", len(r.Guilds))
		obs.Connected(connections.Add(1) == 1)
	})
	sess.AddHandler(func(s *discordgo.Session, r *discordgo.Resumed) {
		log.Info("connection to Discord resumed")
		obs.Connected(false)
	})
	sess.AddHandler(func(s *discordgo.Session, d *discordgo.Disconnect) {
		log.Warn("disconnected from Discord")
		obs.Disconnected()
	})
	if err := connect(ctx, sess, log); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return nil // stopped while waiting to connect
	}
	log.Info("serving; stop with Ctrl-C")
	<-ctx.Done()
	log.Info("shutting down")
	sess.ShouldReconnectOnError = false
	if err := sess.Close(); err != nil {
		log.Warn("close gateway", "err", err)
	}
	// No new interaction may start once shutting down: the endpoint
	// stops accepting, then the requests under way (their handlers see
	// ctx cancelled) have a moment to answer.
	if interactions != nil {
		if err := interactions.Shutdown(2 * time.Second); err != nil {
			log.Warn("close the interactions endpoint", "err", err)
		}
	}
	// ctx is cancelled: answers, reindexes and fetches under way stop;
	// wait for them before the index closes.
	b.Wait()
	return nil
}

func runRegister(ctx context.Context, env *environment, args []string) error {
	fs := newFlags("register", "[--guild ID]", env.stderr)
	guild := fs.String("guild", "", "register in this server only (instant; for trying the bot out); default: globally (may take up to an hour to appear)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("register takes no arguments (got %q); use --guild ID for one server", pos[0])
	}
	if *guild != "" && !isSnowflake(*guild) {
		return usagef("--guild takes a server id (a number: Developer Mode → right-click the server → Copy Server ID), not %q", *guild)
	}
	token, err := botToken(env.cfg)
	if err != nil {
		return err
	}
	sess, err := newSession(token)
	if err != nil {
		return fmt.Errorf("discord session: %w", err)
	}
	app, err := sess.Application("@me")
	if err != nil {
		return fmt.Errorf("look up the application: %w (check DISCORD_TOKEN)", err)
	}
	cmds, err := sess.ApplicationCommandBulkOverwrite(app.ID, *guild, bot.Commands())
	if err != nil {
		return fmt.Errorf("register commands: %w", err)
	}
	where := "globally (they may take up to an hour to appear)"
	if *guild != "" {
		where = "in server " + *guild
	}
	var names []string
	for _, c := range cmds {
		names = append(names, "/"+c.Name)
	}
	fmt.Fprintf(env.stdout, "registered %d commands %s: %s\n", len(cmds), where, strings.Join(names, " "))
	return nil
}

// fetchOnStart fetches the UN documents the corpus cites but lacks, then
// reindexes so that they are served; the bot answers from what it has
// meanwhile. A deployment with internet access thus quotes the mandate
// with no admin action.
func fetchOnStart(ctx context.Context, cfg config, log *slog.Logger, live *index.Live, load func(context.Context) (*corpus.Corpus, error), symbols []string, tracker *undoc.Tracker, obs *metrics.Metrics) {
	log.Info("fetching the UN documents the corpus cites", "documents", strings.Join(symbols, ", "))
	fetched := 0
	began := time.Now()
	undoc.FetchInto(ctx, cfg.fetcher(), cfg.CorpusDir, symbols, false, func(o undoc.Outcome, done bool) {
		tracker.Observe(o, done)
		if !done {
			began = time.Now()
		} else {
			obs.Fetched(o.Status, time.Since(began))
		}
		switch {
		case !done:
		case o.Err != nil:
			log.Warn("fetch at start failed", "symbol", o.Symbol, "err", o.Err)
		default:
			fetched++
			log.Info("fetched at start", "symbol", o.Symbol, "passages", o.Passages)
		}
	})
	if fetched == 0 || ctx.Err() != nil {
		return
	}
	change, err := live.Reindex(ctx, load)
	if err != nil {
		log.Warn("reindex after the fetch at start failed; /reindex serves the fetched documents", "err", err)
		return
	}
	log.Info("reindexed after the fetch at start", "added", strings.Join(change.DocumentsAdded, ", "), "took", change.Took.Round(time.Millisecond))
}

// discordgo has one package-wide logger: it is set once, to write to the
// log of the latest serve.
var (
	routeDiscordgoLog sync.Once
	discordgoLog      atomic.Pointer[slog.Logger]
)

func logDiscordgo(level, caller int, format string, a ...any) {
	l := discordgoLog.Load()
	if l == nil {
		return
	}
	lv := slog.LevelInfo
	switch level {
	case discordgo.LogError:
		lv = slog.LevelError
	case discordgo.LogWarning:
		lv = slog.LevelWarn
	case discordgo.LogDebug:
		lv = slog.LevelDebug
	}
	l.Log(context.Background(), lv, fmt.Sprintf(format, a...))
}

// replicaName names this process in /sources: the host name.
func replicaName() string {
	h, err := os.Hostname()
	if err != nil {
		return ""
	}
	return h
}

// pollCorpus reindexes when the corpus folder changes, so that a
// /reindex or an add handled by one replica sharing the folder reaches
// all of them. It compares the folder's stamp (names, sizes, times)
// every period; a failed reindex is tried again at the next change.
func pollCorpus(ctx context.Context, loader corpus.Loader, period time.Duration, live *index.Live, load func(context.Context) (*corpus.Corpus, error), log *slog.Logger) {
	last, err := loader.Stamp()
	if err != nil {
		log.Warn("cannot watch the corpus folder", "err", err)
	}
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now, err := loader.Stamp()
		if err != nil || now == last {
			continue
		}
		change, err := live.Reindex(ctx, load)
		switch {
		case errors.Is(err, index.ErrReindexRunning):
			continue // one is under way; look again next time
		case err != nil:
			log.Warn("the corpus folder changed but does not load; the previous index keeps serving", "err", err)
		default:
			log.Info("the corpus folder changed: reindexed", "documents", change.Documents, "added", strings.Join(change.DocumentsAdded, ", "), "changed", strings.Join(change.DocumentsChanged, ", "))
		}
		last = now
	}
}

// connectBackoff is the first wait before connecting to Discord again;
// it doubles up to a minute. Tests shorten it.
var connectBackoff = time.Second

// connect opens the gateway, retrying with backoff while Discord cannot
// be reached (a network down at start is not a reason to exit), each
// time with a log line. A token Discord rejects is a configuration
// mistake: exit 2 at once. It returns nil, unconnected, if ctx ends.
func connect(ctx context.Context, sess *discordgo.Session, log *slog.Logger) error {
	wait := connectBackoff
	for attempt := 1; ; attempt++ {
		err := sess.Open()
		if err == nil {
			return nil
		}
		if tokenRejected(err) {
			return usagef("Discord rejected DISCORD_TOKEN: copy it again from the developer portal (Bot → Reset Token)")
		}
		log.Warn("could not connect to Discord; retrying", "attempt", attempt, "in", wait.String(), "err", err)
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return nil
		}
		wait = min(2*wait, time.Minute)
	}
}

// tokenRejected reports whether Discord refused the token: 401 from its
// API, or the gateway closing with 4004 (authentication failed).
func tokenRejected(err error) bool {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized {
		return true
	}
	var ce *websocket.CloseError
	return errors.As(err, &ce) && ce.Code == 4004
}

// feedbackOrNil keeps a nil store a nil interface.
func feedbackOrNil(s *feedback.Store) bot.FeedbackStore {
	if s == nil {
		return nil
	}
	return s
}

// addDocument adds a file attached to /reindex to the corpus folder.
func addDocument(dir string, maxDocumentBytes int64) func(context.Context, string, []byte) (string, error) {
	return func(ctx context.Context, name string, content []byte) (string, error) {
		f, err := intake.Read(ctx, name, content, "")
		if err != nil {
			return "", err
		}
		written, err := intake.Write(dir, []*intake.File{f}, maxDocumentBytes)
		if err != nil {
			return "", err
		}
		verb := "added"
		if written[0].Replaced {
			verb = "replaced"
		}
		return fmt.Sprintf("%s (%s %s)", intake.Describe(f.Doc), verb, filepath.Base(written[0].Path)), nil
	}
}

// fetchDocuments downloads UN documents into CORPUS_DIR for
// /reindex fetch:true, reporting each one as a line.
func fetchDocuments(cfg config) func(context.Context, []string, func(string)) error {
	f := cfg.fetcher()
	return func(ctx context.Context, symbols []string, progress func(string)) error {
		return undoc.FetchMissing(ctx, f, cfg.CorpusDir, symbols, progress)
	}
}
