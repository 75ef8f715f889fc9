package main

import (
	"crypto/ed25519"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/joho/godotenv"

	"mandatebot/corpus/undoc"
	"mandatebot/feedback"
	"mandatebot/internal/realip"
	"mandatebot/web/permalink"
)

// config is everything the program reads from its environment, read once
// here and passed down as fields.
type config struct {
	CorpusDir        string // CORPUS_DIR: documents added to the embedded ones; "" when off
	CorpusOff        bool   // CORPUS_DIR=off: the embedded documents only
	CorpusDirDefault bool   // CorpusDir is the default folder, made on first use
	IndexPath        string // INDEX_PATH: where built indexes are kept
	MaxDocumentBytes int64  // MAX_DOCUMENT_MB: the largest document file read
	MaxCorpusBytes   int64  // MAX_CORPUS_MB: the most passage text of the whole corpus

	DiscordToken string     // DISCORD_TOKEN: the bot's token; never logged
	GuildIDs     []string   // ALLOWED_GUILD_IDS: the servers the bot answers in; empty: any
	AllowDMs     bool       // ALLOW_DMS: answer direct messages
	AdminRoleIDs []string   // ADMIN_ROLE_IDS: roles whose members may /reindex
	AdminUserIDs []string   // ADMIN_USER_IDS: users who may /reindex
	RateLimit    int        // RATE_LIMIT: questions per user per 30 s
	LogLevel     slog.Level // LOG_LEVEL: debug, info, warn or error
	LogFormat    string     // LOG_FORMAT: text or json

	UNDocsURL    string // UN_DOCS_URL: the UN document API's base address
	UNLinkURL    string // UN_LINK_URL: the short-link service tried when the API has no document
	MaxPDFBytes  int64  // MAX_PDF_MB: the largest PDF downloaded
	FetchOnStart bool   // FETCH_ON_START: serve and web fetch the cited UN documents the corpus lacks

	HTTPAddr string // HTTP_ADDR: /healthz, /readyz and /metrics; "" turns them off

	WebAddr    string         // WEB_ADDR: the web pages; "" turns them off in serve
	PublicSite permalink.Site // PUBLIC_URL: where the pages are reached; the zero Site when unset
	Proxies    realip.Proxies // TRUSTED_PROXIES: whose X-Forwarded-For is believed

	InteractionsAddr string            // INTERACTIONS_ADDR: Discord POSTs interactions here; "" turns it off
	PublicKey        ed25519.PublicKey // DISCORD_PUBLIC_KEY: verifies them
	CorpusPoll       time.Duration     // CORPUS_POLL: how often CORPUS_DIR is checked for changes; 0: never

	FeedbackPath      string             // FEEDBACK_PATH: the feedback database; default beside INDEX_PATH
	Questions         feedback.Questions // QUESTION_LOG: which question texts feedback keeps (and full: the log too)
	FeedbackRetention time.Duration      // FEEDBACK_RETENTION: how long feedback entries are kept

	EmbeddingsURL     string        // EMBEDDINGS_URL: an OpenAI-compatible embeddings API; "" turns semantic search off
	EmbeddingsModel   string        // EMBEDDINGS_MODEL
	EmbeddingsKey     string        // EMBEDDINGS_KEY: sent as a bearer token; never logged
	EmbeddingsTimeout time.Duration // EMBEDDINGS_TIMEOUT: for embedding one question
	FetchTimeout      time.Duration // UN_FETCH_TIMEOUT: for one download
	FetchBackoff      time.Duration // UN_FETCH_BACKOFF: first wait before a retry

	// unguarded turns semantic search on without checking it on the
	// shipped questions (eval --mode hybrid); not a variable.
	unguarded bool
}

// loadConfig reads the environment, falling back to a .env file in the
// working directory for variables the environment does not set. Each
// variable is read as its entry in settings says; a blank one takes the
// entry's default.
func loadConfig(lookupEnv func(string) (string, bool)) (config, error) {
	dotenv := map[string]string{}
	if _, err := os.Stat(".env"); err == nil {
		m, err := godotenv.Read(".env")
		if err != nil {
			return config{}, fmt.Errorf("read .env: %w", err)
		}
		dotenv = m
	}
	get := func(key string) string {
		if v, ok := lookupEnv(key); ok {
			return strings.TrimSpace(v)
		}
		return strings.TrimSpace(dotenv[key])
	}
	var cfg config
	for _, s := range settings {
		if s.parse == nil {
			continue
		}
		v := get(s.name)
		if v == "" {
			v = s.def
		}
		if err := s.parse(&cfg, v); err != nil {
			return config{}, err
		}
	}
	return cfg.finish(lookupEnv)
}

// finish checks what no one variable decides alone, and fills in the
// defaults that depend on others.
func (cfg config) finish(lookupEnv func(string) (string, bool)) (config, error) {
	if cfg.InteractionsAddr != "" && cfg.PublicKey == nil {
		return config{}, fmt.Errorf("INTERACTIONS_ADDR needs DISCORD_PUBLIC_KEY (developer portal → General Information → Public Key) to verify Discord's requests")
	}
	// Under systemd (StateDirectory=, CacheDirectory=) the folders it made
	// for the service come first: a path left empty in the unit's
	// EnvironmentFile, which overrides its Environment= lines, still lands
	// there and not in a home the service does not have.
	state, cache := unitDir(lookupEnv, "STATE_DIRECTORY"), unitDir(lookupEnv, "CACHE_DIRECTORY")
	if cfg.CorpusDir == "" && !cfg.CorpusOff {
		switch dir := dataDir(lookupEnv); {
		case state != "":
			cfg.CorpusDir, cfg.CorpusDirDefault = filepath.Join(state, "corpus"), true
		case dir != "":
			cfg.CorpusDir, cfg.CorpusDirDefault = filepath.Join(dir, "mandatebot", "corpus"), true
		}
	}
	if cfg.IndexPath == "" {
		switch dir := cacheDir(lookupEnv); {
		case cache != "":
			cfg.IndexPath = filepath.Join(cache, "index")
		case dir != "":
			cfg.IndexPath = filepath.Join(dir, "mandatebot", "index")
		}
	}
	if cfg.FeedbackPath == "" {
		switch {
		case state != "":
			cfg.FeedbackPath = filepath.Join(state, "feedback.db")
		case cfg.IndexPath != "":
			cfg.FeedbackPath = filepath.Join(filepath.Dir(filepath.Clean(cfg.IndexPath)), "feedback.db")
		}
	}
	return cfg, nil
}

// unitDir is the first folder systemd gives the service in variable name
// (STATE_DIRECTORY and CACHE_DIRECTORY list one per unit directive,
// colon-separated); "" outside systemd or when it is not absolute.
func unitDir(lookupEnv func(string) (string, bool), name string) string {
	v, _ := lookupEnv(name)
	first, _, _ := strings.Cut(v, ":")
	if !filepath.IsAbs(first) {
		return ""
	}
	return first
}

// dataDir is the user's data folder as the XDG base directory spec says:
// $XDG_DATA_HOME when it is an absolute path, else ~/.local/share; "" when
// there is no home.
func dataDir(lookupEnv func(string) (string, bool)) string {
	if v, ok := lookupEnv("XDG_DATA_HOME"); ok && filepath.IsAbs(v) {
		return v
	}
	if home, ok := lookupEnv("HOME"); ok && filepath.IsAbs(home) {
		return filepath.Join(home, ".local", "share")
	}
	return ""
}

// cacheDir is the user's cache folder: $XDG_CACHE_HOME when absolute,
// else ~/.cache, from the environment the program was given; else the
// system's (os.UserCacheDir); "" when there is none.
func cacheDir(lookupEnv func(string) (string, bool)) string {
	if v, ok := lookupEnv("XDG_CACHE_HOME"); ok && filepath.IsAbs(v) {
		return v
	}
	if home, ok := lookupEnv("HOME"); ok && filepath.IsAbs(home) {
		return filepath.Join(home, ".cache")
	}
	if dir, err := os.UserCacheDir(); err == nil {
		return dir
	}
	return ""
}

// fetcher downloads UN documents as configured.
func (cfg config) fetcher() *undoc.Fetcher {
	return &undoc.Fetcher{
		BaseURL: cfg.UNDocsURL, LinkURL: cfg.UNLinkURL, MaxBytes: cfg.MaxPDFBytes,
		Retries: 3, Timeout: cfg.FetchTimeout, Backoff: cfg.FetchBackoff,
	}
}

// isSnowflake reports whether s is a Discord id: a number.
func isSnowflake(s string) bool {
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

// idList splits "1, 2,3" into ids.
func idList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// errHelp is returned when a command printed its help because -h was given.
var errHelp = errors.New("help requested")

// newFlags returns a flag set for a subcommand whose usage line is line.
func newFlags(name, line string, stderr io.Writer) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// The flag package would print a bad flag's error and the usage; run
	// prints the error once, with where to look, and -h prints the usage.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flags{FlagSet: fs, usage: func() {
		fmt.Fprintln(stderr, strings.TrimSpace("Usage: mandatebot "+name+" "+line))
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n == 0 {
			fmt.Fprintf(stderr, "\n%s takes no flags: it is configured by these variables, from the environment or .env (see .env.example and the README's Configuration):\n", name)
			printVariables(stderr)
			return
		}
		fmt.Fprint(stderr, "\nFlags:\n")
		fs.SetOutput(stderr)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}}
}

// flags is a subcommand's flag set and its -h text.
type flags struct {
	*flag.FlagSet
	usage func()
}

// printVariables lists every setting with its default, for -h.
func printVariables(w io.Writer) {
	for _, s := range settings {
		line := "  " + s.name
		if s.def != "" {
			line += "=" + s.def
		}
		if m := strings.ReplaceAll(s.meaning, "`", ""); m != "" {
			line = fmt.Sprintf("%-34s %s", line, m)
		}
		fmt.Fprintln(w, line)
	}
}

// parseFlags parses args, allowing flags after the positional arguments
// ("ask 'question' --json"), and returns the positional ones. -h prints
// the usage.
func parseFlags(fs *flags, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.usage()
				return nil, errHelp
			}
			return nil, usagef("%v (see 'mandatebot %s -h')", err, fs.Name())
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
