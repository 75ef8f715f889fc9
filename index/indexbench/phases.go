package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode"

	_ "modernc.org/sqlite" // FTS5, the reference

	"mandatebot/corpus"
	"mandatebot/corpus/corpustest"
	"mandatebot/index"
)

// phaseOut is what an in-process phase prints, as JSON.
type phaseOut struct {
	Seconds  float64 `json:",omitempty"` // fts5-build: the build
	PeakMB   float64 `json:",omitempty"`
	Passages int     `json:",omitempty"`
	TextMB   float64 `json:",omitempty"`

	OpenSeconds float64 `json:",omitempty"` // questions: loading the corpus and opening its index
	OpenPeakMB  float64 `json:",omitempty"`

	Questions         int     `json:",omitempty"`
	FirstMs           float64 `json:",omitempty"` // the first question after opening
	P50ms, P95ms      float64 `json:",omitempty"`
	AllocsPerQuestion float64 `json:",omitempty"`
	KBPerQuestion     float64 `json:",omitempty"`
	Weak              int     `json:",omitempty"` // questions answered weakly, in a round
}

type phaseArgs struct {
	corpus, index, dump, db, repo string
	rounds                        int
}

func runPhase(name string, a phaseArgs) error {
	ctx := context.Background()
	var out phaseOut
	var err error
	switch name {
	case "questions":
		out, err = askInProcess(ctx, a)
	case "fts5-build":
		out, err = fts5Build(a)
	case "fts5-questions":
		out, err = fts5Questions(a)
	default:
		return fmt.Errorf("no phase %q", name)
	}
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(out)
}

// askInProcess opens the index of the corpus on disk as "mandatebot ask"
// does, then asks the questions rounds times.
func askInProcess(ctx context.Context, a phaseArgs) (phaseOut, error) {
	var out phaseOut
	qs, err := questions(a.repo)
	if err != nil {
		return out, err
	}
	start := time.Now()
	c, err := corpus.Loader{Dir: a.corpus, MaxCorpusBytes: 1024 << 20, Cache: filepath.Join(a.index, "corpus.cache")}.Load(ctx)
	if err != nil {
		return out, err
	}
	store := &index.Store{Root: a.index, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	ix, err := store.Find(ctx, c)
	if err != nil {
		return out, err
	}
	defer ix.Close()
	out.OpenSeconds = time.Since(start).Seconds()
	out.OpenPeakMB = vmHWM(os.Getpid())
	out.Passages = c.NumPassages()
	for _, d := range c.Documents {
		out.TextMB += float64(d.TextBytes()) / (1 << 20)
	}
	var times []float64
	var ms0, ms1 runtime.MemStats
	for round := 0; round <= a.rounds; round++ {
		runtime.ReadMemStats(&ms0)
		weak := 0
		for i, q := range qs {
			t := time.Now()
			res, err := ix.Search(ctx, index.Query{Text: q})
			if err != nil {
				return out, fmt.Errorf("%q: %w", q, err)
			}
			ms := float64(time.Since(t).Microseconds()) / 1000
			if res.Weak {
				weak++
			}
			switch {
			case round == 0 && i == 0:
				out.FirstMs = ms
			case round > 0: // round 0 warms the caches, as a running bot has
				times = append(times, ms)
			}
		}
		runtime.ReadMemStats(&ms1)
		if round > 0 {
			out.AllocsPerQuestion += float64(ms1.Mallocs-ms0.Mallocs) / float64(len(qs)*a.rounds)
			out.KBPerQuestion += float64(ms1.TotalAlloc-ms0.TotalAlloc) / 1024 / float64(len(qs)*a.rounds)
		}
		out.Weak = weak
	}
	out.Questions = len(qs)
	out.P50ms, out.P95ms = percentile(times, 50), percentile(times, 95)
	return out, nil
}

// dumped is what fts5Build reads of "mandatebot dump".
type dumped struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Passages []struct {
		ID        string   `json:"id"`
		Label     string   `json:"label"`
		Section   string   `json:"section"`
		Text      string   `json:"text"`
		LeadIn    []string `json:"lead_in"`
		Footnotes []int    `json:"footnotes"`
	} `json:"passages"`
	Footnotes []struct {
		Number int    `json:"number"`
		Text   string `json:"text"`
	} `json:"footnotes"`
}

// fts5Build indexes every passage "mandatebot dump" printed, with its
// lead-ins, the footnotes it cites and its document's and section's
// titles (what mandatebot indexes of it), in one FTS5 table with the
// Porter stemmer, on disk.
func fts5Build(a phaseArgs) (phaseOut, error) {
	var out phaseOut
	start := time.Now()
	f, err := os.Open(a.dump)
	if err != nil {
		return out, err
	}
	defer f.Close()
	db, err := sql.Open("sqlite", a.db)
	if err != nil {
		return out, err
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE VIRTUAL TABLE p USING fts5(id UNINDEXED, text, tokenize='porter unicode61')`); err != nil {
		return out, err
	}
	tx, err := db.Begin()
	if err != nil {
		return out, err
	}
	ins, err := tx.Prepare(`INSERT INTO p (id, text) VALUES (?, ?)`)
	if err != nil {
		return out, err
	}
	// The dump is read a document at a time: {"documents": [ … ]}.
	dec := json.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	for _, want := range []string{"{", "documents", "["} {
		t, err := dec.Token()
		if err != nil || fmt.Sprint(t) != want {
			return out, fmt.Errorf("%s: not what mandatebot dump prints (%v, %v)", a.dump, t, err)
		}
	}
	var b strings.Builder
	for dec.More() {
		var d dumped
		if err := dec.Decode(&d); err != nil {
			return out, err
		}
		notes := map[int]string{}
		for _, fn := range d.Footnotes {
			notes[fn.Number] = fn.Text
		}
		for _, p := range d.Passages {
			b.Reset()
			for _, l := range p.LeadIn {
				b.WriteString(l + "\n")
			}
			b.WriteString(p.Text)
			for _, n := range p.Footnotes {
				b.WriteString("\n" + notes[n])
			}
			b.WriteString("\n" + d.Title + "\n" + p.Section)
			if _, err := ins.Exec(p.ID, b.String()); err != nil {
				return out, err
			}
			out.Passages++
		}
	}
	if err := tx.Commit(); err != nil {
		return out, err
	}
	if err := db.Close(); err != nil {
		return out, err
	}
	out.Seconds = time.Since(start).Seconds()
	return out, nil
}

// ftsStop are words left out of an FTS5 question, as mandatebot's
// analyzer leaves them out of its own.
var ftsStop = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an and are as at be but by for if in into is it no not of on or such that the their then there
		these they this to was will with what which who whom whose why when where how does do did done has have had were been
		its his her our your i you we he she me my us them him would could should can may might so than too very just also about s t`) {
		ftsStop[w] = true
	}
}

// ftsQuery is a question as an FTS5 query: its words, quoted, any of them.
func ftsQuery(q string) string {
	var terms []string
	for _, w := range strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if !ftsStop[w] && !slices.Contains(terms, `"`+w+`"`) {
			terms = append(terms, `"`+w+`"`)
		}
	}
	return strings.Join(terms, " OR ")
}

// fts5Questions asks the questions rounds times of the FTS5 table, ranked
// by BM25, reading the 20 best passages' texts.
func fts5Questions(a phaseArgs) (phaseOut, error) {
	var out phaseOut
	qs, err := questions(a.repo)
	if err != nil {
		return out, err
	}
	db, err := sql.Open("sqlite", a.db)
	if err != nil {
		return out, err
	}
	defer db.Close()
	var times []float64
	var ms0, ms1 runtime.MemStats
	for round := 0; round <= a.rounds; round++ {
		runtime.ReadMemStats(&ms0)
		for i, q := range qs {
			t := time.Now()
			rows, err := db.Query(`SELECT id, text FROM p WHERE p MATCH ? ORDER BY rank LIMIT 20`, ftsQuery(q))
			if err != nil {
				return out, fmt.Errorf("%q: %w", q, err)
			}
			for rows.Next() {
				var id, text string
				if err := rows.Scan(&id, &text); err != nil {
					return out, err
				}
			}
			if err := errors.Join(rows.Err(), rows.Close()); err != nil {
				return out, err
			}
			ms := float64(time.Since(t).Microseconds()) / 1000
			switch {
			case round == 0 && i == 0:
				out.FirstMs = ms
			case round > 0:
				times = append(times, ms)
			}
		}
		runtime.ReadMemStats(&ms1)
		if round > 0 {
			out.AllocsPerQuestion += float64(ms1.Mallocs-ms0.Mallocs) / float64(len(qs)*a.rounds)
			out.KBPerQuestion += float64(ms1.TotalAlloc-ms0.TotalAlloc) / 1024 / float64(len(qs)*a.rounds)
		}
	}
	out.Questions = len(qs)
	out.P50ms, out.P95ms = percentile(times, 50), percentile(times, 95)
	return out, nil
}

// web measures "mandatebot web": from its start to its first answer, its
// peak serving the questions once, then a document added to the corpus
// folder until a search finds it and removed until none does.
func (b *bench) web(ctx context.Context, env []string, dir string, n int, qs []string) (webOut, error) {
	var out webOut
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return out, err
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.CommandContext(ctx, b.bin, "web", "--addr", addr)
	cmd.Env, cmd.Dir = env, b.work
	var errb strings.Builder
	cmd.Stderr = &errb
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return out, err
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	client := 0
	search := func(q string) (string, bool) {
		// Each request as from a client of its own (through the loopback
		// proxy web trusts), so the pages' rate limit per client is not
		// what is measured.
		client++
		req, err := http.NewRequest("GET", "http://"+addr+"/search?q="+url.QueryEscape(q), nil)
		if err != nil {
			return "", false
		}
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", client>>16&255, client>>8&255, client&255))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return "", false
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return string(body), resp.StatusCode == http.StatusOK
	}
	until := func(what string, limit time.Duration, ok func() bool) (float64, error) {
		t := time.Now()
		for !ok() {
			if cmd.ProcessState != nil || time.Since(t) > limit {
				return 0, fmt.Errorf("web: %s: not within %s\n%s", what, limit, errb.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
		return time.Since(t).Seconds(), nil
	}
	if _, err := until("first answer", 30*time.Minute, func() bool { _, ok := search(qs[0]); return ok }); err != nil {
		return out, err
	}
	out.FirstAnswer = time.Since(start).Seconds()
	for _, q := range qs {
		search(q)
	}
	out.ServePeakMB = vmHWM(cmd.Process.Pid)
	// The added document: one more of the same corpus, found by its marker.
	path := docPath(dir, n)
	link := "/d/" + corpustest.DocumentID(n)
	linked := func(body string) bool {
		return strings.Contains(body, link+"?") || strings.Contains(body, link+"#") || strings.Contains(body, link+`"`)
	}
	if err := os.WriteFile(path, documentOf(b.seed, n), 0o644); err != nil {
		return out, err
	}
	defer os.Remove(path)
	found := func() bool { body, _ := search(corpustest.MarkerWord(n)); return linked(body) }
	if out.AddSearchable, err = until("added document searchable", 30*time.Minute, found); err != nil {
		return out, err
	}
	os.Remove(path)
	if out.RemoveGone, err = until("removed document gone", 30*time.Minute, func() bool { body, ok := search(corpustest.MarkerWord(n)); return ok && !linked(body) }); err != nil {
		return out, err
	}
	out.ReindexPeakMB = vmHWM(cmd.Process.Pid)
	out.AddPeakGrowthMB = out.ReindexPeakMB - out.ServePeakMB
	return out, nil
}

func docPath(dir string, i int) string {
	return filepath.Join(dir, corpustest.DocumentID(i)+".md")
}

func documentOf(seed uint64, i int) []byte { return corpustest.Document(seed, i) }

// questions returns the 50 questions: the first of eval/testdata's
// dev.jsonl, then of heldout.jsonl.
func questions(repo string) ([]string, error) {
	var qs []string
	for _, name := range []string{"dev.jsonl", "heldout.jsonl"} {
		b, err := os.ReadFile(filepath.Join(repo, "eval", "testdata", name))
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(string(b), "\n") {
			var q struct{ Q string }
			if json.Unmarshal([]byte(line), &q) == nil && q.Q != "" && len(qs) < 50 {
				qs = append(qs, q.Q)
			}
		}
	}
	return qs, nil
}

// vmHWM is a running process's peak resident size, in MB.
func vmHWM(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

func percentile(xs []float64, p int) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[min(len(s)-1, (len(s)*p+99)/100-1)]
}
