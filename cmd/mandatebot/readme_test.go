package main

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// readmeCommand is a command line the README shows, as a reader would
// type it from the repository's root.
type readmeCommand struct {
	line   string   // as written
	args   []string // after "mandatebot"
	stdout string   // the file it redirects standard output to, if any
}

// readmeSpanRE finds the command lines of the README: inline code that
// starts with mandatebot or go run ./cmd/mandatebot (a bare command name
// only after "e.g."), and whole lines of a code block that do.
var readmeSpanRE = regexp.MustCompile("(?m)(e\\.g\\. )?`((?:go run \\./cmd/)?mandatebot [^`]+)`|^(go run \\./cmd/mandatebot .+)$")

// placeholderRE finds a word a reader replaces: FILE, DIR, ID, FILE.pdf.
var placeholderRE = regexp.MustCompile(`(^| )(FILE|DIR|ID|SYMBOL|N)(\.[a-z]+)?( |$)`)

// readmeCommands returns every command line of the README that runs as
// written: with no placeholder (<server id>, FILE, [flags]) and no
// variable set before it.
func readmeCommands(t *testing.T, readme string) []readmeCommand {
	var out []readmeCommand
	seen := map[string]bool{}
	for _, m := range readmeSpanRE.FindAllStringSubmatch(readme, -1) {
		line := m[2] + m[3]
		if m[1] == "" && m[3] == "" && !strings.Contains(strings.TrimPrefix(strings.TrimPrefix(line, "go run ./cmd/"), "mandatebot "), " ") {
			continue // "`mandatebot add`" in a sentence names the command
		}
		if i := strings.Index(line, "  #"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if strings.ContainsAny(line, "<[|…") || placeholderRE.MatchString(line) || seen[line] {
			continue // a synopsis, not a command line
		}
		seen[line] = true
		words, err := shellWords(strings.TrimPrefix(strings.TrimPrefix(line, "go run ./cmd/"), "mandatebot "))
		if err != nil {
			t.Errorf("README: %q: %v", line, err)
			continue
		}
		c := readmeCommand{line: line}
		for i := 0; i < len(words); i++ {
			if words[i] == ">" && i+1 < len(words) {
				c.stdout = words[i+1]
				i++
				continue
			}
			c.args = append(c.args, words[i])
		}
		out = append(out, c)
	}
	return out
}

// shellWords splits a command line as sh does, for the quoting the README
// uses: "…" and '…'.
func shellWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	in, quote := false, rune(0)
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '"' || r == '\'':
			quote, in = r, true
		case r == ' ':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if quote != 0 {
		return nil, errUnclosedQuote
	}
	if in {
		words = append(words, cur.String())
	}
	return words, nil
}

var errUnclosedQuote = usagef("unclosed quote")

// TestReadmeCommands runs, from the repository's root as a fresh clone
// has it, every command line the README shows that needs neither Discord
// nor a running bot, in the README's order, and each must succeed. The UN
// documents come from a server on 127.0.0.1 that has every resolution (a
// fictional text under its symbol) and nothing else.
func TestReadmeCommands(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	cmds := readmeCommands(t, string(readme))
	ods := localODS(t)
	env := map[string]string{
		"CORPUS_DIR": t.TempDir(), "INDEX_PATH": t.TempDir(), "FEEDBACK_PATH": t.TempDir() + "/feedback.db",
		"UN_DOCS_URL": ods.URL, "UN_LINK_URL": ods.URL + "/undocs/", "UN_FETCH_BACKOFF": "10ms",
	}
	scratch := t.TempDir()
	t.Chdir("../..")
	// Not run here: they need Discord, run until stopped, or ask a
	// running bot; their own tests start them against fakes.
	elsewhere := map[string]string{
		"serve": "TestServe*", "web": "TestWebCommand", "register": "TestRegister", "healthcheck": "TestHealthcheckCommand",
	}
	ran := map[string]bool{}
	for _, c := range cmds {
		if len(c.args) == 0 {
			continue
		}
		name := c.args[0]
		if name == "--version" {
			name = "version"
		}
		if _, ok := elsewhere[name]; ok {
			ran[name] = true
			continue
		}
		t.Logf("README: %s", c.line)
		args := slices.Clone(c.args)
		for i := range args {
			if i > 0 && args[i-1] == "--dir" && strings.HasPrefix(args[i], "/tmp/") {
				// The README's scratch folder, made this test's own.
				args[i] = filepath.Join(scratch, strings.TrimPrefix(args[i], "/tmp/"))
			}
		}
		before := folderState(t, env["CORPUS_DIR"])
		code, out, stderr := runCmd(t, env, args...)
		// Only fetch writes the corpus, as it is asked to: every other
		// example leaves the reader's documents as they were (the
		// fictional ones go to a scratch folder).
		if after := folderState(t, env["CORPUS_DIR"]); name != "fetch" {
			if diff := cmp.Diff(before, after); diff != "" {
				t.Errorf("README: %s changed the corpus folder (CORPUS_DIR) (-before +after):\n%s", c.line, diff)
			}
		}
		want := 0
		if name == "fetch" && len(c.args) == 1 {
			// The brief also cites a report and a meeting record, which
			// this server lacks: fetched what it could, said which not.
			want = 1
			if !strings.Contains(out, "S/2014/692") || !strings.Contains(out, "the UN server has no such document (404)") {
				t.Errorf("%s: does not say what could not be fetched:\n%s", c.line, out)
			}
		}
		if code != want {
			t.Errorf("README: %s: exit %d, want %d\n%s%s", c.line, code, want, cutTo(out, 500), stderr)
		}
		if c.stdout != "" && len(out) == 0 {
			t.Errorf("README: %s: nothing written to %s", c.line, c.stdout)
		}
		ran[name] = true
	}
	for _, c := range commands() {
		if !ran[c.name] {
			t.Errorf("the README shows no command line of mandatebot %s that runs as written (give an e.g. in its row)", c.name)
		}
	}
	if len(cmds) < len(commands()) {
		t.Errorf("found %d command lines in the README", len(cmds))
	}
}

// folderState is what a folder holds: each file's name and the SHA-256 of
// its bytes.
func folderState(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		out[e.Name()] = hex.EncodeToString(sum[:8])
	}
	return out
}
