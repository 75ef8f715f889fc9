package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/bwmarrin/discordgo"
)

// usageError is a mistake in how the program was called: it exits with
// status 2 and the message says what to do.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *environment, args []string) error
}

// environment is what a subcommand may use: its configuration, output
// streams and what it reaches Discord with. Tests give it buffers, a fake
// environment and a fake Discord.
type environment struct {
	cfg    config
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	discord
}

// discord is how serve and register reach Discord.
type discord struct {
	// newSession makes a discordgo session for a bot token.
	newSession func(token string) (*discordgo.Session, error)
	// connectBackoff is the first wait before connecting again; it
	// doubles up to a minute.
	connectBackoff time.Duration
}

// realDiscord is discordgo's own session, whose HTTP client and websocket
// dialer honour HTTPS_PROXY, NO_PROXY and SSL_CERT_FILE as Go's defaults
// do.
var realDiscord = discord{
	newSession:     func(token string) (*discordgo.Session, error) { return discordgo.New("Bot " + token) },
	connectBackoff: time.Second,
}

func commands() []command {
	return []command{
		{"ask", "answer a question with ranked passages and their footnotes", runAsk},
		{"index", "build the search index at INDEX_PATH", runIndex},
		{"dump", "print the parsed corpus as JSON", runDump},
		{"cite", "show one paragraph exactly, as /cite does (e.g. cite \"2164 op 13(a)(i)\", cite \"Recommendation 4\")", runCite},
		{"compare", "say what a later resolution added, removed, reworded or moved (e.g. compare 2100 2164)", runCompare},
		{"import-text", "convert PDF-extracted text into a corpus document (Markdown)", runImportText},
		{"eval", "measure retrieval on a JSONL file of questions (Hit@1, Hit@3, MRR@10)", runEval},
		{"fetch", "download UN documents by symbol into CORPUS_DIR (default: those the corpus cites)", runFetch},
		{"add", "check, convert and add a UN document's PDF or a corpus Markdown file to CORPUS_DIR", runAdd},
		{"list", "list the documents: shipped in the binary, or in CORPUS_DIR (and so removable)", runList},
		{"remove", "remove documents from CORPUS_DIR by id, the Markdown and its PDF", runRemove},
		{"serve", "run the Discord bot (needs DISCORD_TOKEN), and the web pages when WEB_ADDR is set", runServe},
		{"web", "serve the web pages alone: search, a reader per document, comparisons (no Discord)", runWeb},
		{"feedback", "list the answers members disliked and the questions answered weakly", runFeedback},
		{"register", "register the slash commands with Discord (--guild ID for one server)", runRegister},
		{"version", "print the version, the build and the corpus version", runVersion},
		{"healthcheck", "ask the running bot's /healthz (for a container's HEALTHCHECK)", runHealthcheck},
	}
}

const usageText = `mandatebot answers questions about MINUSMA, the UN mission in Mali, from
Security Council resolutions and a NUPI policy brief, citing the footnotes.

Usage:
  mandatebot <command> [flags] [arguments]

Commands:
%s
Run "mandatebot <command> -h" for a command's flags.
Configuration comes from the environment or a .env file (see .env.example).
`

func usage(w io.Writer) {
	list := ""
	for _, c := range commands() {
		list += fmt.Sprintf("  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, usageText, list)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.LookupEnv)
	stop()
	os.Exit(code)
}

// run is the whole program, callable from tests: it returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, lookupEnv func(string) (string, bool)) int {
	return runWith(ctx, realDiscord, args, stdin, stdout, stderr, lookupEnv)
}

// runWith is run reaching Discord through d.
func runWith(ctx context.Context, d discord, args []string, stdin io.Reader, stdout, stderr io.Writer, lookupEnv func(string) (string, bool)) int {
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
		args = append([]string{"version"}, args[1:]...)
	}
	if len(args) == 0 {
		// A usage mistake: said on stderr, as every other one is.
		usage(stderr)
		return 2
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return 0
	}
	cfg, err := loadConfig(lookupEnv)
	if err != nil {
		fmt.Fprintf(stderr, "mandatebot: %v\n", err)
		return 2
	}
	env := &environment{cfg: cfg, stdin: stdin, stdout: stdout, stderr: stderr, discord: d}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, env, args[1:])
		if err == nil || errors.Is(err, errHelp) {
			return 0
		}
		msg, code := explain(err)
		fmt.Fprintf(stderr, "mandatebot %s: %s\n", c.name, msg)
		return code
	}
	fmt.Fprintf(stderr, "mandatebot: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}
