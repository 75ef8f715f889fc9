package main

import (
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"mandatebot/corpus"
	"mandatebot/corpus/undoc"
	"mandatebot/feedback"
	"mandatebot/internal/realip"
	"mandatebot/web/permalink"
)

// setting is one environment variable: what loadConfig reads, what
// .env.example says of it, and its row in the README's table. All three
// are made from this table (TestConfigDocs keeps the two files in step).
type setting struct {
	name string
	// def is the default, as .env.example writes it; parse gets it when
	// the variable is unset or blank.
	def string
	// section, when set, opens a part of .env.example before this one.
	section string
	// comment is .env.example's comment above the variable; "" puts the
	// variable right under the one before (they share its comment).
	comment string
	// meaning is the README row's "meaning"; "" joins the variable into
	// the row of the one before, whose meaning covers both.
	meaning string
	// shownDefault is the README row's "default"; "" shows def in code
	// font, or "none" when def is empty.
	shownDefault string
	// parse sets the variable's field of c from v; nil for a variable
	// that is only documented (Go reads it itself).
	parse func(c *config, v string) error
}

// envHeader opens .env.example.
const envHeader = `# mandatebot configuration. Copy to .env (git-ignored) and fill in; variables
# set in the environment take precedence over this file. Only DISCORD_TOKEN is
# needed: the rest are shown with their defaults, commented out; uncomment a
# line to change it. (Under systemd this file is the unit's EnvironmentFile,
# which overrides the unit's Environment= lines: a line set here, even empty,
# replaces the unit's value.)
`

var settings = []setting{
	{
		name: "CORPUS_DIR",
		comment: `Folder of extra corpus documents (Markdown with YAML front matter): the UN
documents fetched (serve fetches those the corpus cites at first start) and
those admins add. They are added to the documents embedded in the binary; one
with the same id as an embedded document replaces it. Empty: the user data
folder, <data dir>/mandatebot/corpus ($XDG_DATA_HOME or ~/.local/share;
under systemd $STATE_DIRECTORY/corpus), created on first use. off: embedded
documents only (nothing is fetched).`,
		meaning:      "folder of extra documents (fetched UN documents and those admins add), added to the embedded ones; one with the same `id` replaces the embedded version; `off` for the embedded ones only",
		shownDefault: "`<data dir>/mandatebot/corpus` (`$XDG_DATA_HOME` or `~/.local/share`; under systemd `$STATE_DIRECTORY/corpus`), created on first use",
		parse:        corpusDir,
	},
	{
		name: "INDEX_PATH",
		comment: `Where built search indexes are kept, one folder per corpus version, for the
command line and the bot alike (the parsed corpus is cached there too).
Empty: <user cache folder>/mandatebot/index (e.g. ~/.cache/mandatebot/index;
under systemd $CACHE_DIRECTORY/index).`,
		meaning:      "where built indexes are kept (one folder per corpus version), for `ask`, `index` and `serve` alike; the parsed corpus is cached there too",
		shownDefault: "`<user cache dir>/mandatebot/index` (under systemd `$CACHE_DIRECTORY/index`)",
		parse:        text(func(c *config) *string { return &c.IndexPath }),
	},
	{
		name: "MAX_DOCUMENT_MB", def: strconv.Itoa(corpus.DefaultMaxDocumentBytes >> 20),
		comment: `The largest document file read from CORPUS_DIR, in megabytes (1-1024); a
larger one is refused by name before it is read.`,
		meaning:      "the largest document file read from `CORPUS_DIR` (1–1024); a larger one is refused by name before it is read",
		shownDefault: strconv.Itoa(corpus.DefaultMaxDocumentBytes >> 20),
		parse:        megabytes("MAX_DOCUMENT_MB", func(c *config) *int64 { return &c.MaxDocumentBytes }),
	},
	{
		name: "MAX_CORPUS_MB", def: strconv.Itoa(corpus.DefaultMaxCorpusBytes >> 20),
		comment: `The most passage text the whole corpus may hold, in megabytes (1-1024):
what indexing it costs in memory. A document that would take the corpus
over it is refused by name (add, /reindex file:); a folder over it does not
load, naming its largest documents.`,
		meaning:      "the most passage text the whole corpus may hold (1–1024), what indexing it costs in memory; a document that would take it over is refused by name",
		shownDefault: strconv.Itoa(corpus.DefaultMaxCorpusBytes >> 20),
		parse:        megabytes("MAX_CORPUS_MB", func(c *config) *int64 { return &c.MaxCorpusBytes }),
	},
	{
		name: "DISCORD_TOKEN", section: "Discord (mandatebot serve / register)",
		comment: `The bot's token: Discord developer portal → your application → Bot → Reset Token.
Keep it secret: it is never logged, and .env is git-ignored.`,
		meaning: "the bot's token (serve, register); never logged",
		parse:   text(func(c *config) *string { return &c.DiscordToken }),
	},
	{
		name: "ALLOWED_GUILD_IDS",
		comment: `The servers the bot answers in (Developer Mode → right-click the server →
Copy Server ID), comma-separated. Empty: any server it is invited to. In any
other server every interaction gets a short private refusal, logged with the
server's id.`,
		meaning:      "the servers the bot answers in (any when empty; elsewhere a short private refusal, logged with the server id), and whether it answers direct messages",
		shownDefault: "any, `false`",
		parse:        guildIDs,
	},
	{
		name: "ALLOW_DMS", def: "false",
		comment: "Answer direct messages too (true or false).",
		parse:   boolean("ALLOW_DMS", func(c *config) *bool { return &c.AllowDMs }),
	},
	{
		name: "ADMIN_ROLE_IDS",
		comment: `Who may run /reindex: Discord role ids and/or user ids, comma-separated
(Developer Mode → right-click → Copy ID), each alone (one server) or scoped
to a server as serverID:id. With both empty, members with the Administrator
permission may reindex only when ALLOWED_GUILD_IDS names exactly one server;
otherwise no one may.`,
		meaning: "who may `/reindex` (comma-separated Discord ids, each alone or scoped to a server as `serverID:id`); with both empty, members with Administrator — but only when `ALLOWED_GUILD_IDS` names exactly one server, so an administrator of another server never rebuilds this one's index",
		parse:   adminIDs(func(c *config) *[]string { return &c.AdminRoleIDs }),
	},
	{
		name:  "ADMIN_USER_IDS",
		parse: adminIDs(func(c *config) *[]string { return &c.AdminUserIDs }),
	},
	{
		name: "INTERACTIONS_ADDR",
		comment: `Take interactions by HTTP POST too (Discord's Interactions Endpoint URL):
the address to listen on, e.g. :8081, and the application's Public Key
(developer portal → General Information), which verifies each request.`,
		meaning:      "where `serve` also takes interactions by HTTP POST, and the application's Public Key that verifies them (see \"Gateway or HTTP interactions\")",
		shownDefault: "off",
		parse:        text(func(c *config) *string { return &c.InteractionsAddr }),
	},
	{name: "DISCORD_PUBLIC_KEY", parse: publicKey},
	{
		name: "CORPUS_POLL", def: "30s",
		comment: `How often serve checks CORPUS_DIR for changes and reindexes (off: never),
so replicas sharing the folder all serve what one of them added.`,
		meaning: "how often `serve` checks `CORPUS_DIR` for changes and reindexes (`off` to never)",
		parse:   corpusPoll,
	},
	{
		name: "HTTP_ADDR",
		comment: `Where serve answers /healthz, /readyz and /metrics (Prometheus), e.g.
127.0.0.1:8080. Empty: off.`,
		meaning:      "where `serve` answers `/healthz` (alive), `/readyz` (index loaded and Discord connected; 503 otherwise) and `/metrics` (Prometheus: interactions by command and outcome, latency histograms, weak answers, rate limits, reconnects, fetches, passages, embeddings fallbacks), e.g. `127.0.0.1:8080`",
		shownDefault: "off",
		parse:        text(func(c *config) *string { return &c.HTTPAddr }),
	},
	{
		name: "WEB_ADDR",
		comment: `Where serve answers the web pages (search, a reader for every document with a
link per paragraph, comparisons, sources), e.g. 127.0.0.1:8081. Empty: off;
"mandatebot web" then serves them alone on 127.0.0.1:8081.`,
		meaning:      "where `serve` answers the web pages: `/` and `/search?q=…` (the ranking `/ask` uses), `/d/<document>#<paragraph>` (a reader with every paragraph's permalink and its footnotes), `/compare/<old>/<new>` and `/sources`; `mandatebot web` serves them alone, on `127.0.0.1:8081` when this is off",
		shownDefault: "off",
		parse:        text(func(c *config) *string { return &c.WebAddr }),
	},
	{
		name: "PUBLIC_URL",
		comment: `The address people reach those pages at, e.g. https://mandatebot.example.org
(a reverse proxy in front of WEB_ADDR). Set: every citation in Discord links
to its paragraph's page. Empty: citations link to the documents' own sources.`,
		meaning:      "the address people reach the web pages at (e.g. `https://mandatebot.example.org`, no path); set, every citation the bot posts links to its paragraph's permalink, the brief's included",
		shownDefault: "none",
		parse: func(c *config, v string) error {
			site, err := permalink.New(v)
			if err != nil {
				return fmt.Errorf("PUBLIC_URL: %w", err)
			}
			c.PublicSite = site
			return nil
		},
	},
	{
		name: "TRUSTED_PROXIES", def: "loopback",
		comment: `The reverse proxies whose X-Forwarded-For names the client that rate and
connection limits count: addresses or CIDR ranges, comma-separated;
loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), or none. From
anyone else the header is ignored, so no client chooses whom it counts as.
In a container a proxy on the host comes from Docker's network: compose.yaml,
which publishes the ports on 127.0.0.1 only, sets private.`,
		meaning: "the reverse proxies whose `X-Forwarded-For` names the client the web pages' rate limit counts, and which may hold more connections than one client: addresses, CIDR ranges, `loopback`, `private` (10/8, 172.16/12, 192.168/16, fc00::/7) or `none`, comma-separated; `compose.yaml` sets `private` (see \"Hostile files and clients\")",
		parse:   trustedProxies,
	},
	{
		name: "FEEDBACK_PATH",
		comment: `Where 👍 / 👎 votes and weakly answered questions are kept (a bbolt file).
Empty: feedback.db beside INDEX_PATH (under systemd $STATE_DIRECTORY/feedback.db).`,
		meaning:      "the feedback database (votes and weak answers; user ids only as salted hashes); which question texts it keeps: those admins act on, answered weakly or voted 👎 (`weak`), none (`off`), or every one, also in the log (`full`); and for how long (days, `90d`, or a duration), older entries purged",
		shownDefault: "`feedback.db` beside `INDEX_PATH` (under systemd `$STATE_DIRECTORY/feedback.db`), `weak`, `90d`",
		parse:        text(func(c *config) *string { return &c.FeedbackPath }),
	},
	{
		name: "QUESTION_LOG", def: "weak",
		comment: `weak: keep the text of the questions admins act on, those answered weakly or
voted down, so /feedback shows what was asked; off: keep no question text
(votes and passage ids only); full: keep every question, and log it.`,
		parse: questionLog,
	},
	{
		name: "FEEDBACK_RETENTION", def: "90d",
		comment: `How long feedback (votes, weak answers, the questions kept) is kept: days
(90d) or a duration (36h); older entries are purged.`,
		parse: retention,
	},
	{
		name: "RATE_LIMIT", def: "5",
		comment: "Questions each user may ask per 30 seconds (default 5).",
		meaning: "questions per user per 30 s",
		parse:   rateLimit,
	},
	{
		name: "LOG_LEVEL", def: "info",
		comment: `Logging: LOG_LEVEL debug | info | warn | error (default info);
LOG_FORMAT text | json (default text). Logs go to standard error.`,
		meaning:      "`debug`/`info`/`warn`/`error`; `text`/`json`",
		shownDefault: "`info`, `text`",
		parse:        logLevel,
	},
	{name: "LOG_FORMAT", def: "text", parse: logFormat},
	{
		name: "HTTPS_PROXY, NO_PROXY, SSL_CERT_FILE",
		comment: `Networks that reach the internet only through a proxy: the standard variables
work for both the REST API and the gateway websocket, e.g.
HTTPS_PROXY=http://proxy.example:3128
NO_PROXY=localhost,127.0.0.1
SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt`,
		meaning:      "honoured for Discord's REST API and gateway and for downloads, as Go's defaults do",
		shownDefault: " ",
	},
	{
		name: "UN_DOCS_URL", section: "UN documents (mandatebot fetch, /reindex fetch:true)",
		comment: `Base address of the UN Official Document System's API; a document is fetched
from <UN_DOCS_URL>?s=<symbol>&l=en&t=pdf. Default:
` + undoc.DefaultBaseURL + `
The symbol is asked for as the UN writes it in addresses, without a space
before the year (S/RES/2164(2014)), then with it.`,
		meaning:      "where `fetch` downloads from (the symbol is asked for without a space before the year, `S/RES/2164(2014)`, then with it)",
		shownDefault: "the UN document API",
		parse:        text(func(c *config) *string { return &c.UNDocsURL }),
	},
	{
		name: "UN_FETCH_TIMEOUT", def: "60s",
		comment: "Time allowed for one download, and the first wait before a retry (doubling).",
		meaning: "time for one download",
		parse:   duration("UN_FETCH_TIMEOUT", func(c *config) *time.Duration { return &c.FetchTimeout }),
	},
	{
		name: "UN_FETCH_BACKOFF", def: "2s",
		meaning: "first wait before a retry (server errors and timeouts only: with no DNS or a refused connection `fetch` fails at once)",
		parse:   duration("UN_FETCH_BACKOFF", func(c *config) *time.Duration { return &c.FetchBackoff }),
	},
	{
		name: "UN_LINK_URL",
		comment: `The short-link service tried when the API does not know a symbol:
<UN_LINK_URL><symbol>. Default: ` + undoc.DefaultLinkURL,
		meaning:      "the short-link service tried when the API does not know a symbol",
		shownDefault: "`" + undoc.DefaultLinkURL + "`",
		parse:        text(func(c *config) *string { return &c.UNLinkURL }),
	},
	{
		name: "MAX_PDF_MB", def: strconv.Itoa(undoc.DefaultMaxBytes >> 20),
		comment:      "The largest PDF downloaded, in megabytes (1-1024).",
		meaning:      "the largest PDF `fetch` downloads; a larger one is refused by name",
		shownDefault: strconv.Itoa(undoc.DefaultMaxBytes >> 20),
		parse:        megabytes("MAX_PDF_MB", func(c *config) *int64 { return &c.MaxPDFBytes }),
	},
	{
		name: "FETCH_ON_START", def: "true",
		comment: `serve and web fetch the UN documents the corpus cites but lacks, in the
background at start, then reindex; they answer from what they have meanwhile
and /sources shows progress. Needs CORPUS_DIR. true or false.`,
		meaning: "`serve` and `web` fetch the UN documents the corpus cites but lacks in the background at start (needs `CORPUS_DIR`), then reindex; they answer from what they have meanwhile, and `/sources` (in Discord and on the pages) shows what was fetched or failed and why",
		parse:   boolean("FETCH_ON_START", func(c *config) *bool { return &c.FetchOnStart }),
	},
	{
		name: "EMBEDDINGS_URL", section: "Optional semantic search (off by default)",
		comment: `An OpenAI-compatible embeddings API (POST <EMBEDDINGS_URL>/v1/embeddings):
Ollama (http://127.0.0.1:11434, after ` + "`ollama pull nomic-embed-text`" + `),
llama.cpp's server, vLLM, Hugging Face TEI or OpenAI. Empty: lexical only.`,
		meaning:      "optional semantic search (see \"How questions are answered\")",
		shownDefault: "off, `nomic-embed-text`, none, `2s`",
		parse:        embeddingsURL,
	},
	{name: "EMBEDDINGS_MODEL", def: "nomic-embed-text", parse: text(func(c *config) *string { return &c.EmbeddingsModel })},
	{
		name:    "EMBEDDINGS_KEY",
		comment: "Sent as a bearer token when set (OpenAI); never logged.",
		parse:   text(func(c *config) *string { return &c.EmbeddingsKey }),
	},
	{
		name: "EMBEDDINGS_TIMEOUT", def: "2s",
		comment: "How long a question may wait for its vector before the lexical answer.",
		parse:   duration("EMBEDDINGS_TIMEOUT", func(c *config) *time.Duration { return &c.EmbeddingsTimeout }),
	},
}

// text sets a string field.
func text(field func(*config) *string) func(*config, string) error {
	return func(c *config, v string) error { *field(c) = v; return nil }
}

func boolean(name string, field func(*config) *bool) func(*config, string) error {
	return func(c *config, v string) error {
		x, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%s must be true or false, not %q", name, v)
		}
		*field(c) = x
		return nil
	}
}

func megabytes(name string, field func(*config) *int64) func(*config, string) error {
	return func(c *config, v string) error {
		mb, err := strconv.Atoi(v)
		if err != nil || mb < 1 || mb > 1024 {
			return fmt.Errorf("%s must be a number of megabytes from 1 to 1024, not %q", name, v)
		}
		*field(c) = int64(mb) << 20
		return nil
	}
}

func duration(name string, field func(*config) *time.Duration) func(*config, string) error {
	return func(c *config, v string) error {
		x, err := time.ParseDuration(v)
		if err != nil || x <= 0 {
			return fmt.Errorf("%s must be a duration such as 30s, not %q", name, v)
		}
		*field(c) = x
		return nil
	}
}

// corpusDir reads CORPUS_DIR: a folder, or off; blank is the default
// folder, which finish fills in.
func corpusDir(c *config, v string) error {
	if strings.EqualFold(v, "off") {
		c.CorpusOff = true
		return nil
	}
	c.CorpusDir = v
	return nil
}

func guildIDs(c *config, v string) error {
	c.GuildIDs = idList(v)
	for _, id := range c.GuildIDs {
		if !isSnowflake(id) {
			return fmt.Errorf("ALLOWED_GUILD_IDS holds Discord server ids (numbers) separated by commas; %q is not one", id)
		}
	}
	return nil
}

func adminIDs(field func(*config) *[]string) func(*config, string) error {
	return func(c *config, v string) error {
		ids := idList(v)
		for _, id := range ids {
			guild, bare, scoped := strings.Cut(id, ":")
			if !scoped {
				guild, bare = "", id
			}
			if !isSnowflake(bare) || scoped && !isSnowflake(guild) {
				return fmt.Errorf("ADMIN_ROLE_IDS and ADMIN_USER_IDS hold Discord ids (numbers), each alone or as serverID:id, separated by commas; %q is not one", id)
			}
		}
		*field(c) = ids
		return nil
	}
}

func publicKey(c *config, v string) error {
	if v == "" {
		return nil
	}
	k, err := hex.DecodeString(v)
	if err != nil || len(k) != ed25519.PublicKeySize {
		return fmt.Errorf("DISCORD_PUBLIC_KEY must be the application's Public Key from the developer portal (64 hex digits)")
	}
	c.PublicKey = k
	return nil
}

func corpusPoll(c *config, v string) error {
	if v == "0" || v == "off" {
		c.CorpusPoll = 0
		return nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 100*time.Millisecond {
		return fmt.Errorf("CORPUS_POLL must be a duration such as 30s (or off), not %q", v)
	}
	c.CorpusPoll = d
	return nil
}

func trustedProxies(c *config, v string) error {
	p, err := realip.Parse(v)
	if err != nil {
		return fmt.Errorf("TRUSTED_PROXIES lists the addresses of reverse proxies, comma-separated (e.g. 127.0.0.1, 10.0.0.0/8, loopback, private, or none): %w", err)
	}
	c.Proxies = p
	return nil
}

func questionLog(c *config, v string) error {
	q, err := feedback.ParseQuestions(v)
	if err != nil {
		return fmt.Errorf("QUESTION_LOG must be weak (keep the questions answered weakly or voted down), off (keep no question text) or full (keep and log every one), not %q", v)
	}
	c.Questions = q
	return nil
}

func retention(c *config, v string) error {
	d, err := parseSince(v)
	if err != nil || d < time.Hour {
		return fmt.Errorf("FEEDBACK_RETENTION must be days such as 90d, or a duration of an hour or more such as 36h, not %q", v)
	}
	c.FeedbackRetention = d
	return nil
}

func rateLimit(c *config, v string) error {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1000 {
		return fmt.Errorf("RATE_LIMIT must be a number of questions from 1 to 1000, not %q", v)
	}
	c.RateLimit = n
	return nil
}

func logLevel(c *config, v string) error {
	if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
		return fmt.Errorf("LOG_LEVEL must be debug, info, warn or error, not %q", v)
	}
	return nil
}

func logFormat(c *config, v string) error {
	if v = strings.ToLower(v); v != "text" && v != "json" {
		return fmt.Errorf("LOG_FORMAT must be text or json, not %q", v)
	}
	c.LogFormat = v
	return nil
}

func embeddingsURL(c *config, v string) error {
	if v != "" {
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("EMBEDDINGS_URL must be an http(s) address such as http://127.0.0.1:11434, not %q", v)
		}
	}
	c.EmbeddingsURL = v
	return nil
}

// envExample writes .env.example from the table.
func envExample() string {
	var b strings.Builder
	b.WriteString(envHeader)
	for _, s := range settings {
		if s.section != "" {
			fmt.Fprintf(&b, "\n# --- %s ---\n", s.section)
		}
		if s.comment != "" {
			b.WriteString("\n")
			for _, line := range strings.Split(s.comment, "\n") {
				fmt.Fprintf(&b, "# %s\n", line)
			}
		}
		switch {
		case s.parse == nil:
		case s.name == "DISCORD_TOKEN":
			fmt.Fprintf(&b, "%s=%s\n", s.name, s.def)
		default:
			fmt.Fprintf(&b, "# %s=%s\n", s.name, s.def)
		}
	}
	return b.String()
}

// readmeRows writes the rows of the README's table of variables.
func readmeRows() string {
	var b strings.Builder
	for i := 0; i < len(settings); {
		s := settings[i]
		names := []string{s.name}
		j := i + 1
		for ; j < len(settings) && settings[j].meaning == ""; j++ {
			names = append(names, settings[j].name)
		}
		shown := s.shownDefault
		switch {
		case shown == " ":
			shown = ""
		case shown != "":
		case s.def == "":
			shown = "none"
		default:
			shown = "`" + s.def + "`"
		}
		var quoted []string
		for _, n := range names {
			for _, one := range strings.Split(n, ", ") {
				quoted = append(quoted, "`"+one+"`")
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s|\n", strings.Join(quoted, ", "), s.meaning, shown+strings.Repeat(" ", min(len(shown), 1)))
		i = j
	}
	return b.String()
}
