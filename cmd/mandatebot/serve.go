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
	"mandatebot/internal/priority"
	"mandatebot/metrics"
	"mandatebot/web"
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
	s, err := newServer(ctx, env, token)
	if err != nil {
		return err
	}
	defer s.close()
	return s.run(ctx)
}

// server is "mandatebot serve": newServer opens everything it serves
// (health endpoint, corpus, index, feedback, the bot and its HTTP
// endpoint), run connects to Discord and answers until ctx ends, and
// close releases what newServer opened, in reverse order.
type server struct {
	env     *environment
	log     *slog.Logger
	obs     *metrics.Metrics
	library *intake.Library
	live    *index.Live
	served  atomic.Pointer[index.Live] // live, for the metrics endpoint already serving
	votes   *feedback.Store
	tracker undoc.Tracker
	sess    *discordgo.Session
	bot     *bot.Bot
	// priority puts the bot's answers before the web pages.
	priority priority.Gate
	// webAddr is where the web pages are served; "" when off.
	webAddr string
	// interactions is the HTTP interactions endpoint; nil when off.
	interactions *httpserve.Server
	background   sync.WaitGroup // the fetch at start and the corpus poll
	closers      []func()       // run backwards by close
}

// newServer opens what serve serves. On error, what it opened is closed.
func newServer(ctx context.Context, env *environment, token string) (s *server, err error) {
	s = &server{env: env, log: newLogger(env.cfg, env)}
	defer func() {
		if err != nil {
			s.close()
		}
	}()
	// discordgo logs on its own, addresses included: through the same
	// redaction as the bot's log, so no interaction token gets out.
	discordgoLog.Store(slog.New(bot.RedactingHandler(s.log.Handler())).With("from", "discordgo"))
	routeDiscordgoLog.Do(func() { discordgo.Logger = logDiscordgo })
	// Health and metrics first, so that /readyz says "not ready" while
	// the index loads.
	if err := s.openHealth(true); err != nil {
		return nil, err
	}
	if err := s.openIndex(ctx); err != nil {
		return nil, err
	}
	if err := s.openWeb(env.cfg.WebAddr, true); err != nil {
		return nil, err
	}
	if err := s.openFeedback(); err != nil {
		return nil, err
	}
	if s.sess, err = env.newSession(token); err != nil {
		return nil, fmt.Errorf("discord session: %w", err)
	}
	s.sess.Identify.Intents = discordgo.IntentsGuilds // interactions need no privileged intent
	s.bot = bot.New(s.botConfig(ctx))
	s.sess.AddHandler(s.bot.HandleInteraction)
	s.watchConnection()
	if err := s.openInteractions(); err != nil {
		return nil, err
	}
	s.startBackground(ctx)
	return s, nil
}

// onClose adds f to what close runs (last added, first run).
func (s *server) onClose(f func()) { s.closers = append(s.closers, f) }

// close releases what newServer opened, once.
func (s *server) close() {
	for i := len(s.closers) - 1; i >= 0; i-- {
		s.closers[i]()
	}
	s.closers = nil
}

// openHealth serves /healthz, /readyz and /metrics when HTTP_ADDR is set;
// gateway says whether being ready needs Discord connected (serve) or
// only the index loaded (web).
func (s *server) openHealth(gateway bool) error {
	s.obs = metrics.New(func() *corpus.Corpus {
		if l := s.served.Load(); l != nil {
			return l.Corpus()
		}
		return nil
	}, gateway)
	s.obs.SemanticCheck = func() *index.SemanticCheck {
		if l := s.served.Load(); l != nil {
			return l.SemanticCheck()
		}
		return nil
	}
	addr := s.env.cfg.HTTPAddr
	if addr == "" {
		return nil
	}
	hs, err := httpserve.Listen(addr, s.obs.Handler(), s.limits())
	if err != nil {
		return fmt.Errorf("HTTP_ADDR %s: %w", addr, err)
	}
	s.log.Info("serving /healthz, /readyz and /metrics", "addr", hs.Addr())
	s.onClose(func() { hs.Shutdown(500 * time.Millisecond) })
	return nil
}

// limits are every listener's: the defaults, with the trusted proxies.
func (s *server) limits() httpserve.Limits {
	lim := httpserve.DefaultLimits
	lim.Proxies = s.env.cfg.Proxies
	return lim
}

// openIndex loads the corpus and opens (or builds) its index.
func (s *server) openIndex(ctx context.Context) error {
	cfg := s.env.cfg
	var fetcher *undoc.Fetcher
	if cfg.CorpusDir != "" {
		fetcher = cfg.fetcher()
	}
	s.library = intake.NewLibrary(corpusLoader(cfg, s.log), fetcher, s.log)
	c, err := s.library.Load(ctx)
	if err != nil {
		return fmt.Errorf("load corpus: %w", err)
	}
	start := time.Now()
	var store *index.Store
	var ix *index.Index
	built, stale := true, false
	if cfg.IndexPath != "" {
		store = indexStore(cfg, s.log)
		if store.Semantic != nil {
			store.Semantic.Fallbacks = s.obs.EmbeddingFallbacks
		}
		ix, built, stale, err = openOrPrevious(ctx, store, c)
	} else {
		ix, err = index.Build(ctx, c, "")
	}
	if err != nil {
		return err
	}
	live := index.NewLive(ix, store)
	s.onClose(func() { live.Close() })
	s.live = live
	s.served.Store(live)
	s.obs.IndexReady()
	served := ix.Corpus()
	s.log.Info("index ready", "documents", len(served.Documents), "passages", served.NumPassages(), "path", ix.Path(), "built", built, "took", time.Since(start).Round(time.Millisecond))
	if stale {
		s.rebuildInBackground(ctx, ix)
	}
	return nil
}

// openOrPrevious opens c's index from store, or, when it is not built
// (the corpus changed since: an admin's document, a reindex killed before
// it finished), the newest index on disk, stale set, so that serving
// starts at once and the caller builds c's in the background. With no
// index on disk at all, it builds c's now.
func openOrPrevious(ctx context.Context, store *index.Store, c *corpus.Corpus) (ix *index.Index, built, stale bool, err error) {
	ix, err = store.Find(ctx, c)
	if !errors.Is(err, index.ErrNotBuilt) {
		return ix, false, false, err
	}
	if ix, err = store.Previous(ctx); err == nil {
		return ix, false, true, nil
	}
	ix, built, err = store.Open(ctx, c, false)
	return ix, built, false, err
}

// rebuildInBackground builds the current corpus's index while prev, the
// index of an earlier corpus, serves, and swaps it in; close stops it.
// Until it is done /sources shows the earlier corpus, and a /reindex gets
// "a reindex is already running".
func (s *server) rebuildInBackground(ctx context.Context, prev *index.Index) {
	ctx, cancel := context.WithCancel(ctx)
	var done sync.WaitGroup
	s.onClose(func() { cancel(); done.Wait() })
	s.log.Warn("the corpus changed since its index was built (a document added, or a reindex stopped before it finished): serving the previous index while the new one builds",
		"previous_built", prev.BuiltAt().UTC().Format(time.RFC3339), "previous_documents", len(prev.Corpus().Documents))
	done.Add(1)
	go func() {
		defer done.Done()
		change, err := s.live.ReindexAfter(ctx, s.library.Load)
		switch {
		case ctx.Err() != nil:
		case err != nil:
			s.log.Warn("building the current corpus's index failed; the previous index keeps serving (run /reindex once the corpus loads)", "err", err)
		default:
			s.log.Info("the current corpus's index is built and served", "documents", change.Documents, "passages", change.Passages,
				"added", strings.Join(change.DocumentsAdded, ", "), "changed", strings.Join(change.DocumentsChanged, ", "), "took", change.Took.Round(time.Millisecond))
		}
	}()
}

// openWeb serves the web pages on addr ("" for none) from the index
// served, so that they follow every reindex; withBot says they are
// served beside the Discord bot, whose commands they may then name.
func (s *server) openWeb(addr string, withBot bool) error {
	if addr == "" {
		return nil
	}
	h, err := web.New(web.Config{Searcher: s.live, Logger: s.log, Proxies: &s.env.cfg.Proxies, Priority: &s.priority,
		WithBot: withBot, FetchStatus: s.tracker.Outcomes})
	if err != nil {
		return err
	}
	hs, err := httpserve.Listen(addr, h, s.limits())
	if err != nil {
		return fmt.Errorf("WEB_ADDR %s: %w", addr, err)
	}
	s.webAddr = hs.Addr()
	s.log.Info("serving the web pages", "addr", hs.Addr(), "public_url", s.env.cfg.PublicSite.String())
	s.onClose(func() { hs.Shutdown(2 * time.Second) })
	return nil
}

// openFeedback opens the feedback database, repairing a damaged one.
func (s *server) openFeedback() error {
	path := s.env.cfg.FeedbackPath
	if path == "" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("feedback folder: %w", err)
	}
	votes, err := feedback.Open(path)
	if err != nil {
		return err
	}
	if r := votes.Repaired; r != nil {
		s.log.Warn("feedback database was damaged: moved aside and started anew", "path", path, "cause", r.Cause, "moved_to", r.MovedTo, "entries_kept", r.Kept, "entries_lost", r.Lost, "more_may_be_lost", r.Partial)
	}
	votes.Questions, votes.Retention = s.env.cfg.Questions, s.env.cfg.FeedbackRetention
	s.votes = votes
	s.onClose(func() { votes.Close() })
	return nil
}

// botConfig is the bot's configuration, from serve's.
func (s *server) botConfig(ctx context.Context) bot.Config {
	cfg := s.env.cfg
	return bot.Config{
		Searcher: s.live, Reindexer: s.live, Library: s.library,
		FetchStatus:     s.tracker.Outcomes,
		Feedback:        feedbackOrNil(s.votes),
		Observer:        s.obs,
		LogQuestions:    cfg.Questions == feedback.AllQuestions,
		Replica:         replicaName(),
		AllowedGuildIDs: cfg.GuildIDs, AllowDMs: cfg.AllowDMs,
		AdminRoleIDs: cfg.AdminRoleIDs, AdminUserIDs: cfg.AdminUserIDs,
		RateLimit: cfg.RateLimit, RateWindow: 30 * time.Second,
		Site:      cfg.PublicSite,
		ReplayDir: replayDir(cfg),
		Priority:  &s.priority,
		Logger:    s.log, Context: ctx,
	}
}

// replayDir is where the interactions endpoint keeps the ids it took:
// beside the feedback database, which outlives a restart (a volume in the
// container, $STATE_DIRECTORY under systemd); "" with none.
func replayDir(cfg config) string {
	if cfg.InteractionsAddr == "" || cfg.FeedbackPath == "" {
		return ""
	}
	return filepath.Join(filepath.Dir(cfg.FeedbackPath), "interactions-seen")
}

// openInteractions takes interactions by HTTP when INTERACTIONS_ADDR is set.
func (s *server) openInteractions() error {
	addr := s.env.cfg.InteractionsAddr
	if addr == "" {
		return nil
	}
	hs, err := httpserve.Listen(addr, s.bot.InteractionsHandler(s.sess, s.env.cfg.PublicKey), s.limits())
	if err != nil {
		return fmt.Errorf("INTERACTIONS_ADDR %s: %w", addr, err)
	}
	s.log.Info("taking interactions by HTTP", "addr", hs.Addr())
	s.interactions = hs
	// run closes it before the bot's Wait on the way out; this is for
	// an early return.
	s.onClose(func() { hs.Shutdown(0) })
	return nil
}

// startBackground starts the fetch of missing documents at start and the
// corpus poll, as configured; close waits for them (ctx ends them).
func (s *server) startBackground(ctx context.Context) {
	cfg := s.env.cfg
	s.onClose(s.background.Wait)
	switch {
	case cfg.FetchOnStart && cfg.CorpusDir == "":
		s.log.Info("the UN documents the corpus cites are not fetched at start: CORPUS_DIR is off, and FETCH_ON_START needs a folder")
	case cfg.FetchOnStart:
		if missing := s.live.Corpus().MissingCited(); len(missing) > 0 {
			s.background.Add(1)
			go func() {
				defer s.background.Done()
				fetchOnStart(ctx, cfg, s.log, s.live, s.library, missing, &s.tracker, s.obs)
			}()
		}
	}
	if cfg.CorpusDir != "" && cfg.CorpusPoll > 0 {
		s.background.Add(1)
		go func() {
			defer s.background.Done()
			pollCorpus(ctx, s.library, cfg.CorpusPoll, s.live, s.log)
		}()
	}
}

// watchConnection logs the gateway's connections and tells readiness.
func (s *server) watchConnection() {
	var connections atomic.Int64
	s.sess.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
		s.log.Info("connected to Discord", "user", r.User.Username, "guilds", len(r.Guilds))
		s.obs.Connected(connections.Add(1) == 1)
	})
	s.sess.AddHandler(func(*discordgo.Session, *discordgo.Resumed) {
		s.log.Info("connection to Discord resumed")
		s.obs.Connected(false)
	})
	s.sess.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) {
		s.log.Warn("disconnected from Discord")
		s.obs.Disconnected()
	})
}

// run connects to Discord and serves until ctx ends, then stops taking
// interactions and waits for those under way.
func (s *server) run(ctx context.Context) error {
	if err := connect(ctx, s.sess, s.log, s.env.connectBackoff); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return nil // stopped while waiting to connect
	}
	s.log.Info("serving; stop with Ctrl-C")
	<-ctx.Done()
	s.log.Info("shutting down")
	// Under the session's lock: discordgo's listener reads the flag after
	// taking it (to compare connections), so a gateway error at this
	// moment sees the write and does not reconnect (the race detector
	// caught the bare write in TestWalk).
	s.sess.Lock()
	s.sess.ShouldReconnectOnError = false
	s.sess.Unlock()
	if err := s.sess.Close(); err != nil {
		s.log.Warn("close gateway", "err", err)
	}
	// No new interaction may start once shutting down: the endpoint
	// stops accepting, then the requests under way (their handlers see
	// ctx cancelled) have a moment to answer.
	if s.interactions != nil {
		if err := s.interactions.Shutdown(2 * time.Second); err != nil {
			s.log.Warn("close the interactions endpoint", "err", err)
		}
	}
	// ctx is cancelled: answers, reindexes and fetches under way stop;
	// wait for them before the index closes.
	s.bot.Wait()
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
	sess, err := env.newSession(token)
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
func fetchOnStart(ctx context.Context, cfg config, log *slog.Logger, live *index.Live, library *intake.Library, symbols []string, tracker *undoc.Tracker, obs *metrics.Metrics) {
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
	// After a build under way (the start's, of a changed corpus), which
	// may have read the folder before these documents were written.
	change, err := live.ReindexAfter(ctx, library.Load)
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
func pollCorpus(ctx context.Context, library *intake.Library, period time.Duration, live *index.Live, log *slog.Logger) {
	last, err := library.Stamp()
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
		now, err := library.Stamp()
		if err != nil || now == last {
			continue
		}
		change, err := live.Reindex(ctx, library.Load)
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

// connect opens the gateway, retrying with backoff while Discord cannot
// be reached (a network down at start is not a reason to exit), each
// time with a log line. A token Discord rejects is a configuration
// mistake: exit 2 at once. It returns nil, unconnected, if ctx ends.
func connect(ctx context.Context, sess *discordgo.Session, log *slog.Logger, backoff time.Duration) error {
	wait := backoff
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
