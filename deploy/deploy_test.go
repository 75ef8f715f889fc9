package deploy

import (
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
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
		{"the pages on, and their port exposed", `WEB_ADDR=:8081[\s\S]*EXPOSE 8080 8081`},
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

// distrolessNonroot is the uid and gid of distroless's nonroot user.
const distrolessNonroot = "65532:65532"

// TestDockerfileVolumesWritable: every VOLUME folder exists in the image
// and belongs to the user the bot runs as. A named volume starts as a
// copy of the image's folder, owner included; a folder the image lacks
// comes up root-owned 0755 (moby#34916), and nonroot could write neither
// the index nor the feedback database.
func TestDockerfileVolumesWritable(t *testing.T) {
	d := read(t, "../Dockerfile")
	build, runtime, ok := strings.Cut(d, "\nFROM gcr.io/distroless/")
	if !ok {
		t.Fatal("no distroless runtime stage")
	}
	if !strings.Contains(runtime, "\nUSER nonroot:nonroot\n") {
		t.Fatalf("the runtime stage does not run as distroless's nonroot (%s)", distrolessNonroot)
	}
	m := regexp.MustCompile(`(?m)^VOLUME \[(.*)\]$`).FindStringSubmatch(runtime)
	if m == nil {
		t.Fatal("no VOLUME")
	}
	mkdir := regexp.MustCompile(`(?m)^RUN mkdir -p (.*)$`).FindStringSubmatch(build)
	copyData := regexp.MustCompile(`(?m)^COPY --from=build --chown=` + distrolessNonroot + ` (\S+) (\S+)$`).FindStringSubmatch(runtime)
	if mkdir == nil || copyData == nil {
		t.Fatalf("the folders are not made in the build stage (RUN mkdir -p) and copied --chown=%s into the runtime one", distrolessNonroot)
	}
	if copyData[1] != copyData[2] {
		t.Errorf("COPY %s %s: the folders move", copyData[1], copyData[2])
	}
	if strings.Index(runtime, copyData[0]) > strings.Index(runtime, m[0]) {
		t.Error("the folders are copied after VOLUME: changes to a volume path after VOLUME are discarded")
	}
	made := strings.Fields(mkdir[1])
	for _, v := range strings.Split(m[1], ",") {
		v = strings.Trim(strings.TrimSpace(v), `"`)
		if !slices.Contains(made, v) {
			t.Errorf("volume %s is not made in the build stage (mkdir -p %s)", v, mkdir[1])
		}
		if !strings.HasPrefix(v+"/", strings.TrimSuffix(copyData[1], "/")+"/") {
			t.Errorf("volume %s is not inside the folder copied with --chown (%s)", v, copyData[1])
		}
	}
}

// TestDockerignore reads .dockerignore with the matcher docker build
// uses (moby/patternmatcher: patterns anchored at the context's root,
// ! to keep): the secret, the history and build outputs stay out of
// the context, and every file the repository tracks (sources, embedded
// documents, go.sum) goes in.
func TestDockerignore(t *testing.T) {
	f, err := os.Open("../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	patterns, err := ignorefile.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		t.Fatal(err)
	}
	ignored := func(p string) bool {
		ok, err := pm.MatchesOrParentMatches(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		return ok
	}
	for _, p := range []string{
		".env", ".env.local", ".git/config", ".git/objects/pack/x.pack",
		"mandatebot", "index.test", "cmd/mandatebot/mandatebot.test", "bot/cpu.prof", "index/cover.out", "tmp/walk.log",
	} {
		if !ignored(p) {
			t.Errorf("%s goes into the build context", p)
		}
	}
	out, err := exec.Command("git", "-C", "..", "ls-files").Output()
	if err != nil {
		t.Skipf("no git to list the tracked files: %v", err)
	}
	files := strings.Fields(string(out))
	if len(files) < 50 {
		t.Fatalf("git ls-files listed %d files", len(files))
	}
	for _, p := range files {
		if ignored(p) {
			t.Errorf("%s is tracked but left out of the build context", p)
		}
	}
}

// TestVariablesDocumented: every variable the image, compose.yaml and the
// unit set is one the README's table of variables explains, and the
// folders they put data in are the ones the README names.
func TestVariablesDocumented(t *testing.T) {
	r := read(t, "../README.md")
	documented := map[string]bool{}
	name := regexp.MustCompile("`([A-Z][A-Z0-9_]+)`")
	for _, line := range strings.Split(r, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		first, _, _ := strings.Cut(line[1:], "|")
		for _, m := range name.FindAllStringSubmatch(first, -1) {
			documented[m[1]] = true
		}
	}
	if !documented["DISCORD_TOKEN"] || !documented["FEEDBACK_PATH"] {
		t.Fatalf("no table of variables found in the README (%d names)", len(documented))
	}
	set := map[string]map[string]string{"Dockerfile": {}, "compose.yaml": {}, "deploy/mandatebot.service": {}}
	env := regexp.MustCompile(`([A-Z][A-Z0-9_]+)=(\S+)`)
	dockerEnv, _, _ := strings.Cut(strings.SplitN(read(t, "../Dockerfile"), "\nENV ", 2)[1], "\nVOLUME")
	for _, m := range env.FindAllStringSubmatch(dockerEnv, -1) {
		set["Dockerfile"][m[1]] = m[2]
	}
	compose := regexp.MustCompile(`(?m)^      ([A-Z][A-Z0-9_]+): "?([^"\s]+)"?$`)
	for _, m := range compose.FindAllStringSubmatch(read(t, "../compose.yaml"), -1) {
		set["compose.yaml"][m[1]] = m[2]
	}
	for _, m := range regexp.MustCompile(`(?m)^Environment=([A-Z][A-Z0-9_]+)=(\S+)$`).FindAllStringSubmatch(read(t, "mandatebot.service"), -1) {
		set["deploy/mandatebot.service"][m[1]] = m[2]
	}
	for file, vars := range set {
		if len(vars) < 4 {
			t.Errorf("%s: found %d variables (%v); the test no longer reads it", file, len(vars), vars)
		}
		for k, v := range vars {
			if !documented[k] {
				t.Errorf("%s sets %s, which the README's table does not explain", file, k)
			}
			if strings.HasPrefix(v, "/") {
				dir := v
				if file == "deploy/mandatebot.service" {
					dir = strings.Join(strings.Split(v, "/")[:4], "/") // /var/lib/mandatebot
				} else if strings.HasSuffix(v, ".db") {
					dir = v[:strings.LastIndex(v, "/")]
				}
				if !strings.Contains(r, "`"+dir+"`") && !strings.Contains(r, " "+dir+",") && !strings.Contains(r, " "+dir+"\n") {
					t.Errorf("%s puts %s in %s, which the README does not name", file, k, dir)
				}
			}
		}
	}
	// The container's settings are the image's: compose repeats them so
	// that they win over .env.
	for k, v := range set["Dockerfile"] {
		if set["compose.yaml"][k] != v {
			t.Errorf("compose.yaml sets %s=%q, the image %q", k, set["compose.yaml"][k], v)
		}
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
