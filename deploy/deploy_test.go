package deploy

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDockerfile(t *testing.T) {
	d := read(t, "../Dockerfile")
	checks := []struct {
		what string
		re   string
	}{
		{"a build stage", `(?m)^FROM golang:\S+ AS build$`},
		{"a static binary", `CGO_ENABLED=0 go build`},
		{"a minimal runtime stage with CA certificates", `(?m)^FROM gcr\.io/distroless/static\S*$`},
		{"the binary copied from the build stage", `COPY --from=build /out/mandatebot /usr/local/bin/mandatebot`},
		{"a non-root user", `(?m)^USER nonroot`},
		{"volumes for the corpus, the index and feedback", `VOLUME \["/data/corpus", "/data/index", "/data/feedback"\]`},
		{"the paths in those volumes", `CORPUS_DIR=/data/corpus[\s\S]*INDEX_PATH=/data/index[\s\S]*FEEDBACK_PATH=/data/feedback/`},
		{"a health check on the health endpoint", `HEALTHCHECK[\s\S]*mandatebot", "healthcheck"`},
		{"the health endpoint on", `HTTP_ADDR=:8080`},
		{"serve by default", `(?m)^CMD \["serve"\]$`},
	}
	for _, c := range checks {
		if !regexp.MustCompile(c.re).MatchString(d) {
			t.Errorf("the Dockerfile lacks %s (%s)", c.what, c.re)
		}
	}
	if n := strings.Count(d, "\nFROM "); n != 2 {
		t.Errorf("%d stages, want 2 (build, runtime)", n)
	}
}

func TestCompose(t *testing.T) {
	c := read(t, "../compose.yaml")
	for _, want := range []string{"env_file: .env", "corpus:/data/corpus", "index:/data/index", "feedback:/data/feedback", "restart: unless-stopped", "127.0.0.1:8080:8080"} {
		if !strings.Contains(c, want) {
			t.Errorf("compose.yaml lacks %q", want)
		}
	}
}

func TestSystemdUnit(t *testing.T) {
	u := read(t, "mandatebot.service")
	for _, want := range []string{
		"DynamicUser=yes", "ProtectSystem=strict", "StateDirectory=mandatebot", "Restart=on-failure",
		"RestartPreventExitStatus=2", "NoNewPrivileges=yes", "ExecStart=/usr/local/bin/mandatebot serve",
		"EnvironmentFile=/etc/mandatebot/env", "WantedBy=multi-user.target",
	} {
		if !strings.Contains(u, want+"\n") {
			t.Errorf("the unit lacks %q", want)
		}
	}
}

// TestREADME keeps the README's deployment commands the ones these files
// take.
func TestREADME(t *testing.T) {
	r := read(t, "../README.md")
	for _, want := range []string{"docker compose up -d", "docker build -t mandatebot .", "deploy/mandatebot.service", "systemctl enable --now mandatebot", "/etc/mandatebot/env"} {
		if !strings.Contains(r, want) {
			t.Errorf("the README does not show %q", want)
		}
	}
}
