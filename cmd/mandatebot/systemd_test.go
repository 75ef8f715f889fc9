package main

import (
	"bufio"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mandatebot/bot/discordtest"
)

// unitEnv is the environment systemd gives mandatebot under
// deploy/mandatebot.service with file as its EnvironmentFile: the
// Environment= lines, then the file over them (systemd lets the file win
// wherever the lines stand), with STATE_DIRECTORY and CACHE_DIRECTORY
// from StateDirectory= and CacheDirectory=.
func unitEnv(t *testing.T, unit, file string) map[string]string {
	t.Helper()
	env := map[string]string{}
	for _, line := range strings.Split(unit, "\n") {
		key, value, ok := strings.Cut(strings.TrimSpace(line), "=")
		if !ok || strings.HasPrefix(key, "#") {
			continue
		}
		switch key {
		case "Environment":
			if strings.ContainsAny(value, "\"' ") {
				t.Fatalf("%q: quoting and several assignments per line are systemd syntax this test does not parse", line)
			}
			k, v, _ := strings.Cut(value, "=")
			env[k] = v
		case "StateDirectory":
			env["STATE_DIRECTORY"] = "/var/lib/" + value
		case "CacheDirectory":
			env["CACHE_DIRECTORY"] = "/var/cache/" + value
		}
	}
	sc := bufio.NewScanner(strings.NewReader(file))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("EnvironmentFile line %q: systemd ignores it", line)
		}
		env[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return env
}

func readRepoFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", path))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestUnitWithEnvExample: the unit with .env.example (only the token
// filled in) as its EnvironmentFile keeps the unit's paths and turns the
// health endpoint and the pages on; a .env of the old style, every
// variable present and empty, still keeps the data in the unit's
// folders.
func TestUnitWithEnvExample(t *testing.T) {
	unit := readRepoFile(t, "deploy/mandatebot.service")
	example := strings.Replace(readRepoFile(t, ".env.example"), "\nDISCORD_TOKEN=\n", "\nDISCORD_TOKEN=a-token\n", 1)
	var oldStyle strings.Builder
	for _, s := range settings {
		if s.parse != nil {
			oldStyle.WriteString(s.name + "=\n")
		}
	}
	paths := config{CorpusDir: "/var/lib/mandatebot/corpus", IndexPath: "/var/cache/mandatebot/index", FeedbackPath: "/var/lib/mandatebot/feedback.db"}
	for _, c := range []struct {
		name, file        string
		httpAddr, webAddr string
	}{
		{".env.example", example, "127.0.0.1:8080", "127.0.0.1:8081"},
		// Empty means off for the addresses, as documented; the paths
		// fall back to the unit's folders.
		{"every variable empty", oldStyle.String(), "", ""},
	} {
		env := unitEnv(t, unit, c.file)
		cfg, err := loadConfig(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if cfg.CorpusDir != paths.CorpusDir || cfg.IndexPath != paths.IndexPath || cfg.FeedbackPath != paths.FeedbackPath {
			t.Errorf("%s: corpus %q, index %q, feedback %q; want %q, %q, %q", c.name, cfg.CorpusDir, cfg.IndexPath, cfg.FeedbackPath, paths.CorpusDir, paths.IndexPath, paths.FeedbackPath)
		}
		if cfg.HTTPAddr != c.httpAddr || cfg.WebAddr != c.webAddr {
			t.Errorf("%s: HTTP_ADDR %q, WEB_ADDR %q; want %q, %q", c.name, cfg.HTTPAddr, cfg.WebAddr, c.httpAddr, c.webAddr)
		}
		if c.name == ".env.example" && cfg.DiscordToken != "a-token" {
			t.Errorf("the token from the file was not read")
		}
	}
}

// TestServeUnderUnit starts serve with the unit's environment and
// .env.example together, the unit's folders moved into a temporary one
// and its ports to free ones: the health endpoint answers, and the
// index and the feedback database are where the unit says.
func TestServeUnderUnit(t *testing.T) {
	root := t.TempDir()
	httpAddr, webAddr := freeAddr(t), freeAddr(t)
	unit := strings.NewReplacer(
		"/var/lib/", filepath.Join(root, "lib")+"/", "/var/cache/", filepath.Join(root, "cache")+"/",
		"127.0.0.1:8080", httpAddr, "127.0.0.1:8081", webAddr,
	).Replace(readRepoFile(t, "deploy/mandatebot.service"))
	example := strings.Replace(readRepoFile(t, ".env.example"), "\nDISCORD_TOKEN=\n", "\nDISCORD_TOKEN="+discordtest.FakeToken+"\n", 1)
	env := unitEnv(t, unit, example)
	env["STATE_DIRECTORY"] = strings.Replace(env["STATE_DIRECTORY"], "/var/lib/", filepath.Join(root, "lib")+"/", 1)
	env["CACHE_DIRECTORY"] = strings.Replace(env["CACHE_DIRECTORY"], "/var/cache/", filepath.Join(root, "cache")+"/", 1)
	env["FETCH_ON_START"] = "false" // no UN server here
	// What ExecStartPre= and StateDirectory= make before serve starts.
	if err := os.MkdirAll(filepath.Join(root, "lib", "mandatebot", "corpus"), 0o700); err != nil {
		t.Fatal(err)
	}
	s := startServe(t, env)
	for _, u := range []string{"http://" + httpAddr + "/healthz", "http://" + webAddr + "/"} {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %d", u, resp.StatusCode)
		}
	}
	for _, p := range []string{"lib/mandatebot/feedback.db", "cache/mandatebot/index"} {
		if _, err := os.Stat(filepath.Join(root, p)); err != nil {
			t.Errorf("not where the unit puts it: %v\n%s", err, s.logs)
		}
	}
}
