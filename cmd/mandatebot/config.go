package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/joho/godotenv"
)

// config is everything the program reads from its environment, read once
// here and passed down as fields.
type config struct {
	CorpusDir string // CORPUS_DIR: documents added to the embedded ones
	IndexPath string // INDEX_PATH: where built indexes are kept
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
		CorpusDir: get("CORPUS_DIR"),
		IndexPath: get("INDEX_PATH"),
	}
	if cfg.IndexPath == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			cfg.IndexPath = filepath.Join(dir, "mandatebot", "index")
		}
	}
	return cfg, nil
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
