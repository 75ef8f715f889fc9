package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// printTable prints the results as a Markdown table, a column per size,
// medians of the runs.
func printTable(w io.Writer, rs []*result) {
	head := "| |"
	rule := "|---|"
	for _, r := range rs {
		head += fmt.Sprintf(" %d documents (%d passages, %.0f MB) |", r.Documents, r.Passages, r.TextMB)
		rule += "---|"
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, head)
	fmt.Fprintln(w, rule)
	row := func(name string, cell func(r *result) string) {
		line := "| " + name + " |"
		for _, r := range rs {
			line += " " + cell(r) + " |"
		}
		fmt.Fprintln(w, line)
	}
	sec := func(s float64) string {
		if s < 10 {
			return fmt.Sprintf("%.2f s", s)
		}
		return fmt.Sprintf("%.1f s", s)
	}
	mb := func(m float64) string { return fmt.Sprintf("%.0f MB", m) }
	pair := func(ms []measure) string {
		if len(ms) == 0 {
			return "–"
		}
		return sec(median(ms, func(m measure) float64 { return m.Seconds })) + ", " + mb(median(ms, func(m measure) float64 { return m.PeakMB }))
	}
	webRow := func(f func(webOut) float64, format func(float64) string) func(r *result) string {
		return func(r *result) string {
			if len(r.Web) == 0 {
				return "–"
			}
			return format(median(r.Web, f))
		}
	}
	row("first `index` (parse + build), peak", func(r *result) string { return pair([]measure{r.FirstIndex}) })
	row("`index --force` wall, peak", func(r *result) string { return pair(r.Build) })
	row("FTS5 build, same passages, peak", func(r *result) string { return pair(r.FTS5Build) })
	row("open in process (corpus + index), peak", func(r *result) string {
		if r.Open.Seconds == 0 {
			return "–"
		}
		return sec(r.Open.Seconds) + ", " + mb(r.Open.PeakMB)
	})
	row("`ask` wall, peak", func(r *result) string { return pair(r.Ask) })
	row("`web` start to first answer", webRow(func(o webOut) float64 { return o.FirstAnswer }, sec))
	row("first question after open (in process)", func(r *result) string { return fmt.Sprintf("%.1f ms", r.Questions.FirstMs) })
	row("question p50 / p95", func(r *result) string { return fmt.Sprintf("%.1f / %.1f ms", r.Questions.P50ms, r.Questions.P95ms) })
	row("FTS5 question p50 / p95", func(r *result) string { return fmt.Sprintf("%.1f / %.1f ms", r.FTS5.P50ms, r.FTS5.P95ms) })
	row("allocations per question (KB)", func(r *result) string {
		return fmt.Sprintf("%.1fk (%.0f KB)", r.Questions.AllocsPerQuestion/1000, r.Questions.KBPerQuestion)
	})
	row("one document added while serving, until searchable", webRow(func(o webOut) float64 { return o.AddSearchable }, sec))
	row("…removed, until gone", webRow(func(o webOut) float64 { return o.RemoveGone }, sec))
	row("`web` peak serving → after add and remove", func(r *result) string {
		if len(r.Web) == 0 {
			return "–"
		}
		return mb(median(r.Web, func(o webOut) float64 { return o.ServePeakMB })) + " → " + mb(median(r.Web, func(o webOut) float64 { return o.ReindexPeakMB }))
	})
	fmt.Fprintln(w)
	fmt.Fprintln(w, "(medians of "+strings.TrimSpace(fmt.Sprint(runsOf(rs)))+" runs; the add and remove times include up to 1 s of CORPUS_POLL)")
}

func runsOf(rs []*result) int {
	n := 0
	for _, r := range rs {
		n = max(n, len(r.Build), len(r.Ask), len(r.Web))
	}
	return n
}

func median[T any](xs []T, f func(T) float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	v := make([]float64, len(xs))
	for i, x := range xs {
		v[i] = f(x)
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}
