package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"mandatebot/corpus"
	"mandatebot/corpus/compare"
)

func runCompare(ctx context.Context, env *environment, args []string) error {
	fs := newFlags("compare", "[OLD NEW] [--json] [--all] [--theme ID]", env.stderr)
	asJSON := fs.Bool("json", false, "print every aligned paragraph as JSON, for scripts")
	all := fs.Bool("all", false, "list the unchanged paragraphs too (the summary counts them either way)")
	theme := fs.String("theme", "", "only the paragraphs on this theme of peacekeeping mandates: "+themeIDs())
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if _, ok := corpus.ThemeByID(*theme); *theme != "" && !ok {
		return usagef("no theme %q; the themes are %s", *theme, themeIDs())
	}
	c, err := loadCorpus(ctx, env)
	if err != nil {
		return err
	}
	old, new, err := compare.Pair(c, pos)
	if err != nil {
		return err // explain says what the corpus holds
	}
	cmp, err := compare.Resolutions(ctx, old, new)
	if err != nil {
		return err
	}
	if *theme != "" {
		cmp = cmp.OnTheme(strings.ToLower(strings.TrimSpace(*theme)))
	}
	if *asJSON {
		return writeJSON(env.stdout, cmp)
	}
	printComparison(env.stdout, cmp, old, new, *all, isTerminal(env.stdout))
	return nil
}

func themeIDs() string {
	var ids []string
	for _, t := range corpus.Themes() {
		ids = append(ids, t.ID)
	}
	return strings.Join(ids, ", ")
}

// printComparison prints what changed for a person: the facts of the
// mandate side by side, the tasks added and dropped by theme, the counts,
// then each changed paragraph under its section, citing both sides, with
// the words taken out in [-…-] and put in in {+…+} (coloured on a
// terminal).
func printComparison(w io.Writer, c *compare.Comparison, old, new *corpus.Document, all, ansi bool) {
	fmt.Fprintf(w, "%s → %s\n", c.Old, c.New)
	for _, d := range []*corpus.Document{old, new} {
		if d.URL != "" {
			fmt.Fprintf(w, "  %s: %s\n", d.Symbol, d.URL)
		}
	}
	if len(c.Facts) > 0 {
		fmt.Fprintln(w, "\nThe mandate")
		for _, f := range c.Facts {
			line := f.Line(func(s *compare.FactSide) string { return s.Value }, func(s *compare.FactSide) string { return s.Labels() })
			fmt.Fprintln(w, indent(wrap(line, 92), "  "))
		}
	}
	if len(c.Tasks) > 0 {
		fmt.Fprintln(w, "\nTasks added and dropped, by theme")
		for _, t := range c.Tasks {
			fmt.Fprintf(w, "  %s\n", t.Name)
			for _, ts := range []struct {
				what  string
				sides []compare.Side
			}{{"added", t.Added}, {"dropped", t.Dropped}} {
				for _, s := range ts.sides {
					fmt.Fprintf(w, "    %s %s: %s\n", ts.what, s.Label, cutWords(s.Text, 80))
				}
			}
		}
	}
	fmt.Fprintf(w, "\nOperative paragraphs: %s\n", c.Summary(compare.Operative))
	fmt.Fprintf(w, "Preambular paragraphs: %s\n", c.Summary(compare.Preambular))
	section := ""
	shown := 0
	for _, e := range c.Changes {
		if e.Change == compare.Unchanged && !all {
			continue
		}
		shown++
		if e.Section != section {
			section = e.Section
			fmt.Fprintf(w, "\n%s\n", section)
		}
		fmt.Fprintf(w, "  %s: %s\n", e.Change, cites(e))
		text := ""
		switch {
		case len(e.Diff) > 0:
			text = markDiff(e.Diff, ansi)
		case len(e.New) > 0:
			text = texts(e.New)
		default:
			text = texts(e.Old)
		}
		fmt.Fprintln(w, indent(wrap(text, 92), "      "))
	}
	if shown == 0 {
		fmt.Fprintln(w, "\nThe two resolutions say the same, paragraph for paragraph.")
	} else if !all {
		fmt.Fprintln(w, "\n(--all lists the unchanged paragraphs too; --json gives every paragraph for scripts.)")
	}
}

// texts joins the texts of an entry's paragraphs.
func texts(ss []compare.Side) string {
	var ts []string
	for _, s := range ss {
		ts = append(ts, s.Text)
	}
	return strings.Join(ts, " ")
}

func cites(e compare.Entry) string {
	return e.Heading(func(s *compare.Side) string { return s.Citation })
}

func markDiff(spans []compare.Span, ansi bool) string {
	var sb strings.Builder
	for _, s := range spans {
		text := strings.TrimRight(s.Text, " ")
		tail := s.Text[len(text):]
		switch {
		case s.Op == "=":
			sb.WriteString(s.Text)
			continue
		case ansi && s.Op == "-":
			sb.WriteString("\x1b[9;31m" + text + "\x1b[0m")
		case ansi:
			sb.WriteString("\x1b[1;32m" + text + "\x1b[0m")
		case s.Op == "-":
			sb.WriteString("[-" + text + "-]")
		default:
			sb.WriteString("{+" + text + "+}")
		}
		sb.WriteString(tail)
	}
	return sb.String()
}

// cutWords cuts s to about n characters at a word, marking the cut.
func cutWords(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	c := string(r[:n])
	if i := strings.LastIndexByte(c, ' '); i > n/2 {
		c = c[:i]
	}
	return strings.TrimRight(c, " ,;:") + "…"
}
