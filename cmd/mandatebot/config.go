package main

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/joho/godotenv"

	"mandatebot/corpus/undoc"
)

// config is everything the program reads from its environment, read once
// here and passed down as fields.
type config struct {
	CorpusDir        string // CORPUS_DIR: documents added to the embedded ones
	IndexPath        string // INDEX_PATH: where built indexes are kept
	MaxDocumentBytes int64  // MAX_DOCUMENT_MB: the largest document file read

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
	FetchOnStart bool   // FETCH_ON_START: serve fetches the cited UN documents the corpus lacks

	HTTPAddr string // HTTP_ADDR: /healthz, /readyz and /metrics; "" turns them off

	InteractionsAddr string            // INTERACTIONS_ADDR: Discord POSTs interactions here; "" turns it off
	PublicKey        ed25519.PublicKey // DISCORD_PUBLIC_KEY: verifies them
	CorpusPoll       time.Duration     // CORPUS_POLL: how often CORPUS_DIR is checked for changes; 0: never

	FeedbackPath  string // FEEDBACK_PATH: the feedback database; default beside INDEX_PATH
	KeepQuestions bool   // QUESTION_LOG=full: keep question texts in feedback

	EmbeddingsURL     string        // EMBEDDINGS_URL: an OpenAI-compatible embeddings API; "" turns semantic search off
	EmbeddingsModel   string        // EMBEDDINGS_MODEL
	EmbeddingsKey     string        // EMBEDDINGS_KEY: sent as a bearer token; never logged
	EmbeddingsTimeout time.Duration // EMBEDDINGS_TIMEOUT: for embedding one question
	FetchTimeout      time.Duration // UN_FETCH_TIMEOUT: for one download
	FetchBackoff      time.Duration // UN_FETCH_BACKOFF: first wait before a retry
}

// loadConfig reads the environment, falling back to a .env file in the
// working directory for variables the environment does not set.
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
	cfg := config{
		CorpusDir:    get("CORPUS_DIR"),
		IndexPath:    get("INDEX_PATH"),
		DiscordToken: get("DISCORD_TOKEN"),
		GuildIDs:     idList(get("ALLOWED_GUILD_IDS")),
		AdminRoleIDs: idList(get("ADMIN_ROLE_IDS")),
		AdminUserIDs: idList(get("ADMIN_USER_IDS")),
		RateLimit:    5,
		LogFormat:    strings.ToLower(get("LOG_FORMAT")),
		UNDocsURL:    get("UN_DOCS_URL"),
		UNLinkURL:    get("UN_LINK_URL"),
		FetchTimeout: 60 * time.Second,
		FetchOnStart: true,

		HTTPAddr:          get("HTTP_ADDR"),
		InteractionsAddr:  get("INTERACTIONS_ADDR"),
		CorpusPoll:        30 * time.Second,
		FeedbackPath:      get("FEEDBACK_PATH"),
		EmbeddingsURL:     get("EMBEDDINGS_URL"),
		EmbeddingsModel:   get("EMBEDDINGS_MODEL"),
		EmbeddingsKey:     get("EMBEDDINGS_KEY"),
		EmbeddingsTimeout: 2 * time.Second,
		FetchBackoff:      2 * time.Second,
	}
	if cfg.EmbeddingsModel == "" {
		cfg.EmbeddingsModel = "nomic-embed-text"
	}
	if cfg.EmbeddingsURL != "" {
		if u, err := url.Parse(cfg.EmbeddingsURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return config{}, fmt.Errorf("EMBEDDINGS_URL must be an http(s) address such as http://127.0.0.1:11434, not %q", cfg.EmbeddingsURL)
		}
	}
	if v := get("DISCORD_PUBLIC_KEY"); v != "" {
		k, err := hex.DecodeString(v)
		if err != nil || len(k) != ed25519.PublicKeySize {
			return config{}, fmt.Errorf("DISCORD_PUBLIC_KEY must be the application's Public Key from the developer portal (64 hex digits)")
		}
		cfg.PublicKey = k
	}
	if cfg.InteractionsAddr != "" && cfg.PublicKey == nil {
		return config{}, fmt.Errorf("INTERACTIONS_ADDR needs DISCORD_PUBLIC_KEY (developer portal → General Information → Public Key) to verify Discord's requests")
	}
	if v := get("CORPUS_POLL"); v == "0" || v == "off" {
		cfg.CorpusPoll = 0
	} else if v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 100*time.Millisecond {
			return config{}, fmt.Errorf("CORPUS_POLL must be a duration such as 30s (or off), not %q", v)
		}
		cfg.CorpusPoll = d
	}
	for key, d := range map[string]*time.Duration{"UN_FETCH_TIMEOUT": &cfg.FetchTimeout, "UN_FETCH_BACKOFF": &cfg.FetchBackoff, "EMBEDDINGS_TIMEOUT": &cfg.EmbeddingsTimeout} {
		if v := get(key); v != "" {
			x, err := time.ParseDuration(v)
			if err != nil || x <= 0 {
				return config{}, fmt.Errorf("%s must be a duration such as 30s, not %q", key, v)
			}
			*d = x
		}
	}
	for _, ids := range [][]string{cfg.AdminRoleIDs, cfg.AdminUserIDs} {
		for _, id := range ids {
			guild, bare, scoped := strings.Cut(id, ":")
			if !scoped {
				guild, bare = "", id
			}
			if !isSnowflake(bare) || scoped && !isSnowflake(guild) {
				return config{}, fmt.Errorf("ADMIN_ROLE_IDS and ADMIN_USER_IDS hold Discord ids (numbers), each alone or as serverID:id, separated by commas; %q is not one", id)
			}
		}
	}
	for _, id := range cfg.GuildIDs {
		if !isSnowflake(id) {
			return config{}, fmt.Errorf("ALLOWED_GUILD_IDS holds Discord server ids (numbers) separated by commas; %q is not one", id)
		}
	}
	if v := get("RATE_LIMIT"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return config{}, fmt.Errorf("RATE_LIMIT must be a number of questions from 1 to 1000, not %q", v)
		}
		cfg.RateLimit = n
	}
	switch v := strings.ToLower(get("QUESTION_LOG")); v {
	case "", "off":
	case "full":
		cfg.KeepQuestions = true
	default:
		return config{}, fmt.Errorf("QUESTION_LOG must be off (keep no question text) or full, not %q", v)
	}
	for key, b := range map[string]*bool{"ALLOW_DMS": &cfg.AllowDMs, "FETCH_ON_START": &cfg.FetchOnStart} {
		if v := get(key); v != "" {
			x, err := strconv.ParseBool(v)
			if err != nil {
				return config{}, fmt.Errorf("%s must be true or false, not %q", key, v)
			}
			*b = x
		}
	}
	for key, n := range map[string]*int64{"MAX_PDF_MB": &cfg.MaxPDFBytes, "MAX_DOCUMENT_MB": &cfg.MaxDocumentBytes} {
		if v := get(key); v != "" {
			mb, err := strconv.Atoi(v)
			if err != nil || mb < 1 || mb > 1024 {
				return config{}, fmt.Errorf("%s must be a number of megabytes from 1 to 1024, not %q", key, v)
			}
			*n = int64(mb) << 20
		}
	}
	if v := get("LOG_LEVEL"); v != "" {
		if err := cfg.LogLevel.UnmarshalText([]byte(v)); err != nil {
			return config{}, fmt.Errorf("LOG_LEVEL must be debug, info, warn or error, not %q", v)
		}
	}
	if cfg.LogFormat != "" && cfg.LogFormat != "text" && cfg.LogFormat != "json" {
		return config{}, fmt.Errorf("LOG_FORMAT must be text or json, not %q", cfg.LogFormat)
	}
	if cfg.IndexPath == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			cfg.IndexPath = filepath.Join(dir, "mandatebot", "index")
		}
	}
	if cfg.FeedbackPath == "" && cfg.IndexPath != "" {
		cfg.FeedbackPath = filepath.Join(filepath.Dir(filepath.Clean(cfg.IndexPath)), "feedback.db")
	}
	return cfg, nil
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
func newFlags(name, line string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: mandatebot %s %s\n\nFlags:\n", name, line)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, allowing flags after the positional arguments
// ("ask 'question' --json"), and returns the positional ones.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, usageError{err.Error()}
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
