package compare_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"mandatebot/corpus"
	"mandatebot/corpus/compare"
	"mandatebot/corpus/undoc"
	"mandatebot/corpus/undoc/undoctest"
)

// TestRenewals checks comparisons on real mandate renewals: in the public
// dataset of Security Council resolution texts, each mission's
// resolutions in the order adopted (the one that establishes it, then
// each that extends or renews its mandate) are compared pair by pair, and
// every comparison must have the properties of check. It needs the
// dataset, which the repository does not hold, so it is opt-in:
//
//	MANDATEBOT_SC_TEXTS=/work/data/sc go test ./corpus/compare -run TestRenewals -v
//
// By default each resolution is a structured copy (undoctest.Structured:
// the paragraphs and labels of the text, as a right parser reads them),
// which measures the alignment alone. MANDATEBOT_SC_PRODUCERS=structured,fpdf,lo
// adds the documents converted from both producers' PDFs (rendered and
// cached as TestDataset in corpus/undoc does, under MANDATEBOT_SC_CACHE),
// which measures alignment and parser together. MANDATEBOT_SC_REPORT
// names a file to write the report to, MANDATEBOT_SC_EXAMPLES how many
// examples of each class of failure it gives (4). It fails when fewer
// than 99% of the renewals have every property check requires, for any
// kind of document, or when it finds fewer than 100 renewals.
func TestRenewals(t *testing.T) {
	dir := os.Getenv("MANDATEBOT_SC_TEXTS")
	if dir == "" {
		t.Skip("set MANDATEBOT_SC_TEXTS to the folder of the dataset's resolution texts (S-RES-<n>(<year>).txt) to check comparisons on real mandate renewals")
	}
	kinds := strings.Split(envOr("MANDATEBOT_SC_PRODUCERS", "structured"), ",")
	cache := envOr("MANDATEBOT_SC_CACHE", filepath.Join(filepath.Dir(filepath.Clean(dir)), "sc-render-cache"))
	pairs, srcs, err := renewals(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) < 100 {
		t.Errorf("found %d renewals, want at least 100", len(pairs))
	}
	examples, _ := strconv.Atoi(envOr("MANDATEBOT_SC_EXAMPLES", "4"))
	rep := &renewalReport{pairs: len(pairs), examples: examples}
	for _, kind := range kinds {
		docs, err := documentsOf(kind, srcs, cache, t.Logf)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		for _, p := range pairs {
			r := renewalResult{pair: p, kind: kind, changes: map[compare.Change]int{}}
			old, new := docs[p.old], docs[p.new]
			if old == nil || new == nil {
				r.err = fmt.Errorf("not converted")
				rep.results = append(rep.results, r)
				continue
			}
			start := time.Now()
			c, err := compare.Resolutions(context.Background(), old, new)
			r.took = time.Since(start)
			if err != nil {
				r.err = err
			} else {
				r.violations = append(check(c, old, new), informational(c, old, new)...)
				r.scanned = len(scanFacts(old)) + len(scanFacts(new))
				for _, f := range c.Facts {
					for _, s := range []*compare.FactSide{f.Old, f.New} {
						if s != nil {
							r.values += len(s.Values)
						}
					}
					r.facts++
				}
				for _, e := range c.Changes {
					r.changes[e.Change]++
				}
			}
			rep.results = append(rep.results, r)
		}
	}
	for _, kind := range kinds {
		n, passed := 0, 0
		for _, x := range rep.results {
			if x.kind != kind {
				continue
			}
			n++
			if x.err == nil && !slices.ContainsFunc(x.violations, func(v violation) bool { return v.property != propRemovedContent }) {
				passed++
			}
		}
		if share := float64(passed) / float64(max(n, 1)); share < 0.99 {
			t.Errorf("%s: %.1f%% of the %d renewals have every required property, want at least 99%%", kind, 100*share, n)
		}
	}
	var b strings.Builder
	rep.write(&b, kinds)
	t.Log("\n" + b.String())
	if path := os.Getenv("MANDATEBOT_SC_REPORT"); path != "" {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Error(err)
		}
	}
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// renewal is two consecutive resolutions on one mission's mandate, by
// the names of their dataset files ("S-RES-2164(2014)").
type renewal struct {
	mission, old, new string
}

var (
	// The operative voice that extends or renews a mission's mandate, or
	// establishes a mission; the mission is the first acronym after it.
	renewRE     = regexp.MustCompile(`(?:Decides|decides),? (?:\S+ ){0,3}?to (?:further )?(?:extend|renew)\w* (?:\S+ ){0,6}?the mandate of ([^;]{0,200})`)
	establishRE = regexp.MustCompile(`(?:Decides|decides),? (?:\S+ ){0,3}?to establish (?:\S+ ){0,20}?\(([A-Z][A-Za-z-]{2,})\)`)
	acronymRE   = regexp.MustCompile(`(?:^|[\s(])([A-Z][A-Z-]{2,}[a-z]?)\b`)
	notMission  = map[string]bool{"ECOWAS": true, "SADC": true, "OSCE": true, "NATO": true, "ISAF": true}
	nameRE      = regexp.MustCompile(`S-RES-\d+\(\d{4}\)`)
)

// missionOf names the mission whose mandate a resolution's text extends
// or renews, or which it establishes; "" when none.
func missionOf(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	if _, after, ok := strings.Cut(text, "The Security Council,"); ok {
		text = after
	}
	var at int = -1
	var mission string
	if m := renewRE.FindStringSubmatchIndex(text); m != nil {
		if a := acronymRE.FindStringSubmatch(text[m[2]:m[3]]); a != nil && !notMission[a[1]] {
			at, mission = m[0], a[1]
		}
	}
	if m := establishRE.FindStringSubmatchIndex(text); m != nil && (at < 0 || m[0] < at) && !notMission[text[m[2]:m[3]]] {
		mission = text[m[2]:m[3]]
	}
	return mission
}

// renewals finds the consecutive resolutions on each mission's mandate
// in the dataset, and reads those ReadText can into Sources by name.
func renewals(dir string) ([]renewal, map[string]undoctest.Source, error) {
	files, err := undoctest.DatasetFiles(dir, 0, 9999)
	if err != nil {
		return nil, nil, err
	}
	last := map[string]string{} // mission → the name of its last resolution
	srcs := map[string]undoctest.Source{}
	var pairs []renewal
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		name := nameRE.FindString(filepath.Base(f))
		mission := missionOf(latin1(b))
		if mission == "" {
			continue
		}
		if src, err := undoctest.ReadText(b); err == nil {
			srcs[name] = src
		}
		prev := last[mission]
		last[mission] = name
		if prev == "" {
			continue
		}
		if _, ok := srcs[prev]; !ok {
			continue
		}
		if _, ok := srcs[name]; !ok {
			continue
		}
		pairs = append(pairs, renewal{mission, prev, name})
	}
	return pairs, srcs, nil
}

func latin1(b []byte) string {
	rs := make([]rune, len(b))
	for i, c := range b {
		rs[i] = rune(c)
	}
	return string(rs)
}

// documentsOf makes the corpus document of each Source: a structured
// copy, or the conversion of a producer's PDF of it.
func documentsOf(kind string, srcs map[string]undoctest.Source, cache string, logf func(string, ...any)) (map[string]*corpus.Document, error) {
	names := make([]string, 0, len(srcs))
	for n := range srcs {
		names = append(names, n)
	}
	sort.Strings(names)
	docs := map[string]*corpus.Document{}
	if kind == "structured" {
		for _, n := range names {
			d, err := undoctest.StructuredDocument(srcs[n])
			if err != nil {
				return nil, fmt.Errorf("%s: %w", n, err)
			}
			docs[n] = d
		}
		return docs, nil
	}
	ps, err := undoctest.ParseProducers(kind)
	if err != nil {
		return nil, err
	}
	var list []undoctest.Source
	for _, n := range names {
		list = append(list, srcs[n])
	}
	r := &undoctest.Renderer{Cache: cache, Log: logf}
	pdfs, err := r.Render(context.Background(), ps[0], list)
	if err != nil {
		return nil, err
	}
	for i, n := range names {
		d, _, err := undoc.ConvertPDF(context.Background(), pdfs[i], list[i].Symbol, "")
		if err == nil {
			docs[n] = d
		}
	}
	return docs, nil
}

type renewalResult struct {
	pair       renewal
	kind       string
	took       time.Duration
	err        error
	violations []violation
	// What the check had to check: the paragraphs the plain scan found,
	// the facts and their values, the changes by kind.
	scanned, facts, values int
	changes                map[compare.Change]int
}

type renewalReport struct {
	pairs    int
	examples int // of each class of failure
	results  []renewalResult
}

func (r *renewalReport) write(w io.Writer, kinds []string) {
	missions := map[string]bool{}
	for _, x := range r.results {
		missions[x.pair.mission] = true
	}
	fmt.Fprintf(w, "renewals: %d pairs of consecutive resolutions on %d missions' mandates\n\n", r.pairs, len(missions))
	fmt.Fprintf(w, "%-28s", "property")
	for _, k := range kinds {
		fmt.Fprintf(w, " %22s", k)
	}
	fmt.Fprintln(w)
	row := func(name string, ok func(renewalResult) bool) {
		fmt.Fprintf(w, "%-28s", name)
		for _, k := range kinds {
			n, total := 0, 0
			for _, x := range r.results {
				if x.kind != k {
					continue
				}
				total++
				if ok(x) {
					n++
				}
			}
			fmt.Fprintf(w, " %12s %8s", fmt.Sprintf("%d/%d", n, total), fmt.Sprintf("%.1f%%", 100*float64(n)/float64(max(total, 1))))
		}
		fmt.Fprintln(w)
	}
	row("compared", func(x renewalResult) bool { return x.err == nil })
	for _, prop := range reported {
		row(prop, func(x renewalResult) bool {
			if x.err != nil {
				return false
			}
			for _, v := range x.violations {
				if v.property == prop {
					return false
				}
			}
			return true
		})
	}
	row("every property but the last", func(x renewalResult) bool {
		if x.err != nil {
			return false
		}
		for _, v := range x.violations {
			if v.property != propRemovedContent {
				return false
			}
		}
		return true
	})
	for _, k := range kinds {
		var slowest renewalResult
		var total time.Duration
		classes := map[string][]string{}
		paragraphs := map[string]int{}
		for _, x := range r.results {
			if x.kind != k {
				continue
			}
			total += x.took
			if x.took > slowest.took {
				slowest = x
			}
			if x.err != nil {
				classes["error"] = append(classes["error"], x.pair.old+" → "+x.pair.new+": "+x.err.Error())
			}
			for _, v := range x.violations {
				c := v.property + ": " + v.class
				classes[c] = append(classes[c], x.pair.old+" → "+x.pair.new+": "+v.detail)
				paragraphs[v.property]++
			}
		}
		fmt.Fprintf(w, "\n%s: comparing took %s in all, the slowest %s (%s → %s)\n", k, total.Round(time.Millisecond), slowest.took.Round(time.Microsecond), slowest.pair.old, slowest.pair.new)
		scanned, facts, values := 0, 0, 0
		changes := map[compare.Change]int{}
		for _, x := range r.results {
			if x.kind == k {
				scanned, facts, values = scanned+x.scanned, facts+x.facts, values+x.values
				for ch, n := range x.changes {
					changes[ch] += n
				}
			}
		}
		fmt.Fprintf(w, "  checked: %d facts with %d values; %d paragraphs found by the plain scan\n  changes:", facts, values, scanned)
		for _, ch := range compare.Changes {
			fmt.Fprintf(w, " %d %s", changes[ch], ch)
		}
		fmt.Fprintln(w)
		for _, prop := range reported {
			fmt.Fprintf(w, "  paragraphs lacking %q: %d\n", prop, paragraphs[prop])
		}
		keys := make([]string, 0, len(classes))
		for c := range classes {
			keys = append(keys, c)
		}
		sort.Slice(keys, func(i, j int) bool {
			if len(classes[keys[i]]) != len(classes[keys[j]]) {
				return len(classes[keys[i]]) > len(classes[keys[j]])
			}
			return keys[i] < keys[j]
		})
		for _, c := range keys {
			fmt.Fprintf(w, "  %-60s %5d\n", c, len(classes[c]))
			for _, e := range classes[c][:min(r.examples, len(classes[c]))] {
				fmt.Fprintf(w, "      %s\n", e)
			}
		}
	}
}
