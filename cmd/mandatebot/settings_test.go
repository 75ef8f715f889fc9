package main

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite .env.example and the README's table of variables from settings")

const (
	readmeBegin = "<!-- variables: made from cmd/mandatebot/settings.go; go test ./cmd/mandatebot -run TestConfigDocs -update -->\n"
	readmeEnd   = "<!-- end of variables -->\n"
	tableHead   = "| variable | meaning | default |\n| --- | --- | --- |\n"
)

// TestConfigDocs keeps .env.example and the README's table of variables
// what the settings table makes of them, so the documentation cannot
// drift from what loadConfig reads.
func TestConfigDocs(t *testing.T) {
	env := envExample()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	before, rest, ok1 := strings.Cut(string(readme), readmeBegin)
	_, after, ok2 := strings.Cut(rest, readmeEnd)
	if !ok1 || !ok2 {
		t.Fatalf("README.md lacks the markers around the table of variables:\n%s%s", readmeBegin, readmeEnd)
	}
	table := tableHead + readmeRows()
	if *update {
		if err := os.WriteFile("../../.env.example", []byte(env), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("../../README.md", []byte(before+readmeBegin+table+readmeEnd+after), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got, _ := os.ReadFile("../../.env.example"); string(got) != env {
		t.Errorf(".env.example is not what settings makes; run go test ./cmd/mandatebot -run TestConfigDocs -update")
	}
	if got, _, _ := strings.Cut(rest, readmeEnd); got != table {
		t.Errorf("README's table of variables is not what settings makes; run go test ./cmd/mandatebot -run TestConfigDocs -update")
	}
}

// TestSettings checks the table itself: each variable named once, each
// default read without error, and the defaults loadConfig gives.
func TestSettings(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range settings {
		if seen[s.name] {
			t.Errorf("%s twice", s.name)
		}
		seen[s.name] = true
		if s.parse == nil {
			continue
		}
		var c config
		if err := s.parse(&c, s.def); err != nil {
			t.Errorf("%s: its default %q does not parse: %v", s.name, s.def, err)
		}
	}
	cfg, err := loadConfig(func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.RateLimit != 5 || !cfg.FetchOnStart || cfg.CorpusPoll.String() != "30s" || cfg.EmbeddingsModel != "nomic-embed-text" || cfg.FetchTimeout.String() != "1m0s" {
		t.Errorf("defaults: %+v", cfg)
	}
}
