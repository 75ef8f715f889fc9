// Command indexbench measures mandatebot on generated corpora of thousands
// of documents, with SQLite FTS5 as the reference measured in the same run:
// how long building, opening, answering and reindexing take, and how much
// memory they use.
//
// For each size it writes a corpus of generated documents in the corpus
// format (corpustest.Document: fictional text of about 6,000 words, in
// sections of numbered paragraphs citing footnotes, from a fixed seed) to
// a folder under -work, builds the mandatebot binary, and measures, each
// in a process of its own whose peak resident size (its RSS high-water
// mark) is read when it ends:
//
//   - build: "mandatebot index --force" (after a first "mandatebot index"
//     that parses the corpus and caches it), and FTS5's build of the very
//     passages "mandatebot dump" reports, interleaved, -runs times;
//   - open: loading the corpus and opening its index on disk, in process;
//   - ask: "mandatebot ask" of a question, the index on disk;
//   - questions: the same 50 questions (the first of eval/testdata's
//     dev.jsonl then heldout.jsonl) asked -rounds times in one process,
//     index.Index.Search and FTS5 alike: p50, p95 and allocations each;
//   - web: "mandatebot web" from start to its first answer; then one
//     document added to the corpus folder until a search finds it, and
//     removed until none does (CORPUS_POLL=1s, so up to a second of each
//     is the poll's), with the peak resident size serving and reindexing.
//
// Run it from this folder, niced (its own module, so that the SQLite
// driver stays out of mandatebot's):
//
//	cd index/indexbench && nice -n 10 go run . -sizes 100,1000 -runs 3
//
// Generated corpora and indexes stay under -work (never commit them); a
// corpus already there is reused.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

func main() {
	log := func(format string, a ...any) { fmt.Fprintf(os.Stderr, "indexbench: "+format+"\n", a...) }
	phase := flag.String("phase", "", "internal: run one in-process phase (questions, fts5-build, fts5-questions)")
	sizes := flag.String("sizes", "100,1000", "corpus sizes in documents, comma-separated (5000 takes about an hour)")
	runs := flag.Int("runs", 3, "runs of each process-level measure (the median is reported)")
	rounds := flag.Int("rounds", 5, "rounds of the 50 questions asked in process")
	work := flag.String("work", filepath.Join(os.TempDir(), "indexbench"), "folder for the corpora, indexes and binary")
	repo := flag.String("repo", "../..", "the mandatebot repository (for the binary and the questions)")
	seed := flag.Uint64("seed", 36, "seed of the generated corpora")
	skip := flag.String("skip", "", "measures to skip, comma-separated: build, ask, questions, web, fts5")
	// Child phases.
	corpusDir := flag.String("corpus", "", "internal: the corpus folder")
	indexDir := flag.String("index", "", "internal: INDEX_PATH")
	dumpFile := flag.String("dump", "", "internal: the passages 'mandatebot dump' printed")
	dbFile := flag.String("db", "", "internal: the FTS5 database")
	flag.Parse()
	if *phase != "" {
		if err := runPhase(*phase, phaseArgs{corpus: *corpusDir, index: *indexDir, dump: *dumpFile, db: *dbFile, rounds: *rounds, repo: *repo}); err != nil {
			fmt.Fprintln(os.Stderr, "indexbench:", err)
			os.Exit(1)
		}
		return
	}
	skipped := map[string]bool{}
	for _, s := range strings.Split(*skip, ",") {
		skipped[strings.TrimSpace(s)] = true
	}
	var ns []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "indexbench: -sizes: %q is not a number of documents\n", s)
			os.Exit(2)
		}
		ns = append(ns, n)
	}
	b := &bench{work: *work, repo: *repo, seed: *seed, runs: max(*runs, 1), rounds: max(*rounds, 1), skip: skipped, log: log}
	if err := b.prepare(); err != nil {
		fmt.Fprintln(os.Stderr, "indexbench:", err)
		os.Exit(1)
	}
	var all []*result
	for _, n := range ns {
		r, err := b.measure(context.Background(), n)
		if err != nil {
			fmt.Fprintln(os.Stderr, "indexbench:", err)
			os.Exit(1)
		}
		all = append(all, r)
		j, _ := json.MarshalIndent(r, "", "  ")
		os.WriteFile(filepath.Join(*work, fmt.Sprintf("result-%d.json", n)), j, 0o644)
		printTable(os.Stdout, all) // after each size, so a long run shows progress
	}
}

// bench is one run of the benchmark.
type bench struct {
	work, repo   string
	seed         uint64
	runs, rounds int
	skip         map[string]bool
	bin          string // the mandatebot binary
	self         string // this binary, for the in-process phases
	log          func(string, ...any)
}

func (b *bench) prepare() error {
	if err := os.MkdirAll(b.work, 0o755); err != nil {
		return err
	}
	abs, err := filepath.Abs(b.work)
	if err != nil {
		return err
	}
	b.work = abs
	if b.repo, err = filepath.Abs(b.repo); err != nil {
		return err
	}
	b.bin = filepath.Join(b.work, "mandatebot")
	b.log("building %s", b.bin)
	cmd := exec.Command("go", "build", "-o", b.bin, "./cmd/mandatebot")
	cmd.Dir = b.repo
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("build mandatebot: %w", err)
	}
	// The in-process phases run in a copy of this binary, so that a
	// "go run" of it can be measured while the next is built.
	if b.self, err = os.Executable(); err != nil {
		return err
	}
	return nil
}

// result is what one size measured; times in seconds, sizes in MB.
type result struct {
	Documents, Passages int
	TextMB              float64

	FirstIndex measure   // "mandatebot index" parsing the corpus and building
	Build      []measure // "mandatebot index --force"
	FTS5Build  []measure
	Ask        []measure // "mandatebot ask"
	Open       phaseOut  // in process: load the corpus, open its index
	Questions  phaseOut
	FTS5       phaseOut
	Web        []webOut
}

type measure struct {
	Seconds float64
	PeakMB  float64
}

type webOut struct {
	FirstAnswer     float64 // start to the first answer
	ServePeakMB     float64 // after the first answers
	AddSearchable   float64 // a document added until a search finds it
	RemoveGone      float64 // and removed until none does
	ReindexPeakMB   float64 // peak through both
	AddPeakGrowthMB float64
}

func (b *bench) measure(ctx context.Context, n int) (*result, error) {
	r := &result{Documents: n}
	dir := filepath.Join(b.work, fmt.Sprintf("corpus-%d", n))
	idx := filepath.Join(b.work, fmt.Sprintf("index-%d", n))
	if err := b.generate(dir, n); err != nil {
		return nil, err
	}
	env := b.env(dir, idx)
	os.RemoveAll(idx)

	b.log("%d documents: first index (parse and build)", n)
	first, _, err := b.run(ctx, env, "index")
	if err != nil {
		return nil, err
	}
	r.FirstIndex = first

	dump := filepath.Join(b.work, fmt.Sprintf("dump-%d.json", n))
	if !b.skip["fts5"] {
		if _, out, err := b.run(ctx, env, "dump"); err != nil {
			return nil, err
		} else if err := os.WriteFile(dump, out, 0o644); err != nil {
			return nil, err
		}
	}
	db := filepath.Join(b.work, fmt.Sprintf("fts5-%d.db", n))
	for i := 0; i < b.runs; i++ {
		if !b.skip["build"] {
			b.log("%d documents: index --force (run %d)", n, i+1)
			m, _, err := b.run(ctx, env, "index", "--force")
			if err != nil {
				return nil, err
			}
			r.Build = append(r.Build, m)
		}
		if !b.skip["fts5"] {
			b.log("%d documents: FTS5 build (run %d)", n, i+1)
			os.Remove(db)
			m, out, err := b.runSelf(ctx, "fts5-build", "-dump", dump, "-db", db)
			if err != nil {
				return nil, err
			}
			var po phaseOut
			json.Unmarshal(out, &po)
			m.Seconds = po.Seconds
			r.FTS5Build = append(r.FTS5Build, m)
			r.Passages = po.Passages
		}
	}
	qs, err := questions(b.repo)
	if err != nil {
		return nil, err
	}
	if !b.skip["ask"] {
		for i := 0; i < b.runs; i++ {
			b.log("%d documents: ask (run %d)", n, i+1)
			m, _, err := b.run(ctx, env, "ask", qs[i%len(qs)])
			if err != nil {
				return nil, err
			}
			r.Ask = append(r.Ask, m)
		}
	}
	if !b.skip["questions"] {
		b.log("%d documents: questions in process", n)
		m, out, err := b.runSelf(ctx, "questions", "-corpus", dir, "-index", idx, "-rounds", strconv.Itoa(b.rounds), "-repo", b.repo)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(out, &r.Questions); err != nil {
			return nil, fmt.Errorf("questions: %w (%s)", err, out)
		}
		r.Questions.PeakMB = m.PeakMB
		r.Open = phaseOut{Seconds: r.Questions.OpenSeconds, PeakMB: r.Questions.OpenPeakMB}
		r.TextMB = r.Questions.TextMB
		if r.Passages == 0 {
			r.Passages = r.Questions.Passages
		}
	}
	if !b.skip["fts5"] {
		b.log("%d documents: FTS5 questions", n)
		m, out, err := b.runSelf(ctx, "fts5-questions", "-db", db, "-rounds", strconv.Itoa(b.rounds), "-repo", b.repo)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(out, &r.FTS5); err != nil {
			return nil, fmt.Errorf("fts5 questions: %w (%s)", err, out)
		}
		r.FTS5.PeakMB = m.PeakMB
	}
	if !b.skip["web"] {
		for i := 0; i < b.runs; i++ {
			b.log("%d documents: web (run %d)", n, i+1)
			w, err := b.web(ctx, env, dir, n, qs)
			if err != nil {
				return nil, err
			}
			r.Web = append(r.Web, w)
		}
	}
	return r, nil
}

// generate writes n generated documents to dir, unless they are there.
func (b *bench) generate(dir string, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	stamp := filepath.Join(dir, "_generated")
	want := fmt.Sprintf("seed %d documents %d\n", b.seed, n)
	os.Remove(docPath(dir, n)) // the document a web run adds, if a killed one left it
	if got, err := os.ReadFile(stamp); err == nil && string(got) == want {
		return nil
	}
	b.log("writing %d documents to %s", n, dir)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		os.Remove(filepath.Join(dir, e.Name()))
	}
	for i := 0; i < n; i++ {
		if err := os.WriteFile(docPath(dir, i), documentOf(b.seed, i), 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(stamp, []byte(want), 0o644)
}

// env is the environment of mandatebot's runs: the corpus folder, the
// index, limits raised for a corpus of thousands, nothing fetched.
func (b *bench) env(dir, idx string) []string {
	return append(os.Environ(),
		"CORPUS_DIR="+dir, "INDEX_PATH="+idx,
		"MAX_CORPUS_MB=1024", "FETCH_ON_START=false", "CORPUS_POLL=1s",
		"FEEDBACK_PATH="+filepath.Join(b.work, "feedback.db"), "QUESTION_LOG=off", "LOG_LEVEL=warn",
		"DISCORD_TOKEN=", "EMBEDDINGS_URL=", "HTTP_ADDR=", "WEB_ADDR=",
	)
}

// run runs mandatebot with args, returning its wall time, peak resident
// size and standard output.
func (b *bench) run(ctx context.Context, env []string, args ...string) (measure, []byte, error) {
	cmd := exec.CommandContext(ctx, b.bin, args...)
	cmd.Env = env
	cmd.Dir = b.work
	return timed(cmd, "mandatebot "+strings.Join(args, " "))
}

// runSelf runs one of this program's in-process phases in a process of its
// own.
func (b *bench) runSelf(ctx context.Context, phase string, args ...string) (measure, []byte, error) {
	cmd := exec.CommandContext(ctx, b.self, append([]string{"-phase", phase}, args...)...)
	cmd.Dir = b.work
	return timed(cmd, phase)
}

// timed runs cmd, returning its wall time, its peak resident size and
// its standard output. The peak is the process's own high-water mark
// (VmHWM), read while it runs: the one wait4 reports counts the
// benchmark's own resident size too, as Linux carries a process's
// high-water mark over from before its exec, that is from the fork of
// this process, which holds whole corpora.
func timed(cmd *exec.Cmd, what string) (measure, []byte, error) {
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return measure{}, nil, fmt.Errorf("%s: %w", what, err)
	}
	peak := make(chan float64)
	stop := make(chan struct{})
	go func() {
		var hwm float64
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			hwm = max(hwm, vmHWM(cmd.Process.Pid))
			select {
			case <-stop:
				peak <- hwm
				return
			case <-tick.C:
			}
		}
	}()
	err := cmd.Wait()
	close(stop)
	m := measure{Seconds: time.Since(start).Seconds(), PeakMB: <-peak}
	if err != nil {
		return m, nil, fmt.Errorf("%s: %w\n%s", what, err, errb.String())
	}
	return m, []byte(out.String()), nil
}
