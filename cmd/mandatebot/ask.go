package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"mandatebot/corpus"
	"mandatebot/index"
)

func runAsk(ctx context.Context, env *environment, args []string) error {
	fs := newFlags("ask", `[--json] [--full] [--limit N] [--source ID] "question"`, env.stderr)
	asJSON := fs.Bool("json", false, "print the answer as JSON")
	full := fs.Bool("full", false, "print each passage whole with all its footnotes, not the best sentence in its excerpt as Discord shows it")
	limit := fs.Int("limit", index.DefaultLimit, fmt.Sprintf("how many passages to show (1-%d)", index.MaxLimit))
	source := fs.String("source", "", "search only the document with this id (see 'mandatebot dump')")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	question := strings.Join(pos, " ")
	if *limit < 1 || *limit > index.MaxLimit {
		return usagef("--limit must be from 1 to %d", index.MaxLimit)
	}
	// Check the question before loading anything.
	if _, err := index.CheckQuestion(question); err != nil {
		return err
	}
	ix, err := openIndex(ctx, env)
	if err != nil {
		return err
	}
	defer ix.Close()
	res, err := ix.Search(ctx, index.Query{Text: question, Source: *source, Limit: *limit})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.stdout, askJSON(res))
	}
	printHits(env.stdout, res, isTerminal(env.stdout), *full)
	return nil
}

// The JSON shape of "ask --json".
type (
	jsonAnswer struct {
		Query       string    `json:"query"`
		Mode        string    `json:"mode"` // "lexical", or "hybrid" when semantic search took part
		Hits        []jsonHit `json:"hits"`
		Weak        bool      `json:"weak,omitempty"`
		Suggestions []string  `json:"suggestions,omitempty"`
		// Absent are the question's words no passage uses, even through
		// synonyms and the glossary; Bridged those found only as others.
		Absent []string `json:"absent"`
		// Unheld are the resolutions the question names ("resolution
		// 2227") that the corpus does not hold, as UN symbols.
		Unheld  []string     `json:"unheld,omitempty"`
		Bridged []jsonBridge `json:"bridged"`
	}
	jsonBridge struct {
		Word string   `json:"word"`
		As   []string `json:"as"`
	}
	jsonHit struct {
		Rank         int      `json:"rank"`
		Score        float64  `json:"score"`
		ID           string   `json:"id"`
		DocID        string   `json:"doc_id"`
		DocTitle     string   `json:"doc_title"`
		Section      string   `json:"section"`
		Label        string   `json:"label"`
		Text         string   `json:"text"`              // the passage's own words
		LeadIn       []string `json:"lead_in,omitempty"` // its parents' lead-ins it continues, outermost first
		BestSentence string   `json:"best_sentence"`
		// Footnotes are the best sentence's first (BestFootnotes of them),
		// then the passage's others.
		Footnotes     []jsonFootnote `json:"footnotes"`
		BestFootnotes int            `json:"best_sentence_footnotes"`
		// Same cites the paragraphs of other documents with the very same
		// words; Earlier those of earlier resolutions that held the same
		// task in other words (this one is in force).
		Same    []string `json:"same,omitempty"`
		Earlier []string `json:"earlier,omitempty"`
	}
	jsonFootnote struct {
		Number int      `json:"number"`
		Text   string   `json:"text"`
		URLs   []string `json:"urls"`
	}
)

func askJSON(res *index.Result) jsonAnswer {
	out := jsonAnswer{Query: res.Query, Mode: res.Mode, Hits: []jsonHit{}, Weak: res.Weak, Suggestions: res.Suggestions, Absent: orEmpty(res.Absent), Unheld: res.Unheld, Bridged: []jsonBridge{}}
	for _, b := range res.Bridged {
		out.Bridged = append(out.Bridged, jsonBridge{Word: b.Word, As: b.As})
	}
	for _, h := range res.Hits {
		jh := jsonHit{
			Rank: h.Rank, Score: roundScore(h.Score), ID: h.Passage.ID, DocID: h.Document.ID,
			DocTitle: h.Document.Title, Section: h.Passage.Section, Label: h.Passage.Label,
			Text: h.Document.OwnText(h.Passage), LeadIn: h.Document.LeadIn(h.Passage), BestSentence: h.BestSentence(), Footnotes: []jsonFootnote{},
			BestFootnotes: h.BestNotes, Same: citations(res, h.Identical), Earlier: citations(res, h.Earlier),
		}
		for _, f := range h.Footnotes {
			urls := h.Document.FootnoteURLs(f.Number)
			if urls == nil {
				urls = []string{}
			}
			jh.Footnotes = append(jh.Footnotes, jsonFootnote{Number: f.Number, Text: f.Text, URLs: urls})
		}
		out.Hits = append(out.Hits, jh)
	}
	return out
}

// citations cites passages of the result's corpus: "S/RES/2100 (2013), op. 16(f)".
func citations(res *index.Result, ps []*corpus.Passage) []string {
	var out []string
	for _, p := range ps {
		if d := res.Corpus.Document(p.DocID); d != nil {
			out = append(out, d.Citation(p))
		}
	}
	return out
}

func roundScore(s float64) float64 { return float64(int64(s*1000+0.5)) / 1000 }

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printHits prints ranked passages for a person. By default as Discord
// shows them: the first with its best sentence in bold in a short
// excerpt, under its parents' trail for a sub-paragraph, and the
// footnotes of that sentence first; the others a line each. With full,
// each passage whole with its matched words in bold and all its
// footnotes.
func printHits(w io.Writer, res *index.Result, ansi, full bool) {
	if res.SmallTalk {
		fmt.Fprintln(w, "Ask about MINUSMA, the UN mission in Mali: its mandate, its challenges, the brief's recommendations. For example:")
		fmt.Fprintln(w, "  mandatebot ask \"why don't countries want to send troops north?\"")
		fmt.Fprintln(w, "  mandatebot ask \"what did resolution 2164 change?\"")
		return
	}
	for _, sym := range res.Unheld {
		fmt.Fprintf(w, "%s is not in the corpus yet (the UN's copy: %s); add it with: mandatebot fetch %q. These passages are from the documents it holds.\n", sym, corpus.SymbolURL(sym), sym)
	}
	if len(res.Absent) > 0 {
		fmt.Fprintf(w, "The documents never mention: %s.\n", strings.Join(res.Absent, ", "))
	}
	if res.Weak {
		fmt.Fprintf(w, "Nothing in the corpus answers %q well.\n", res.Query)
		if len(res.Suggestions) > 0 {
			fmt.Fprintf(w, "Did you mean: %s?\n", strings.Join(res.Suggestions, ", "))
		} else {
			fmt.Fprintln(w, "The corpus may not cover it: try other words; 'mandatebot dump' shows what it holds.")
		}
		if len(res.Hits) > 0 {
			h := res.Hits[0]
			fmt.Fprintf(w, "The closest passage, which may not answer it, is %s — %s (id %s).\n", h.Document.Title, h.Passage.Label, h.Passage.ID)
		}
		return
	}
	if res.Language == "fr" {
		fmt.Fprintf(w, "(question read as French; searched for: %s)\n\n", res.Searched)
	}
	if full {
		for i, h := range res.Hits {
			if i > 0 {
				fmt.Fprintln(w)
			}
			printHead(w, res, h)
			fmt.Fprintln(w, indent(wrap(emphasis(h.BestSentence(), ansi), 96), " » "))
			own := h.Document.OwnStart(h.Passage)
			fmt.Fprintln(w, indent(wrap(bold(h.Passage.Text[own:], shifted(h.Matches, own), ansi), 96), "   "))
			for _, f := range h.Footnotes {
				fmt.Fprintln(w, indent(wrap(h.Document.FootnoteLine(f, nil), 96), "   "))
			}
		}
		return
	}
	if len(res.Hits) == 0 {
		return
	}
	h := res.Hits[0]
	printHead(w, res, h)
	fmt.Fprintln(w, indent(wrap(excerpt(h, ansi), 96), "   "))
	var notes, names []string
	for _, f := range h.Footnotes {
		notes = append(notes, indent(wrap(h.Document.FootnoteLine(f, nil), 96), "   "))
		names = append(names, fmt.Sprintf("[%d]", f.Number))
	}
	// As in Discord: the notes that fit a few lines, the others named.
	used := 0
	for i, n := range notes {
		if i > 0 && used+len(n) > notesBudget {
			fmt.Fprintf(w, "   (+%d more: %s; --full shows them)\n", len(notes)-i, strings.Join(names[i:], ", "))
			break
		}
		fmt.Fprintln(w, n)
		used += len(n)
	}
	if len(res.Hits) > 1 {
		fmt.Fprintln(w, "\nAlso:")
	}
	for _, o := range res.Hits[1:] {
		line := fmt.Sprintf("%d. %s — %s: %s", o.Rank, o.Document.Title, o.Passage.Label, ownSentence(o))
		fmt.Fprintln(w, cutRunes(line, otherLine))
	}
}

// Budgets of the compact answer, in characters, as Discord's.
const (
	excerptBefore = 160 // of the passage's own words before its best sentence
	excerptAfter  = 220 // and after it
	notesBudget   = 600 // the best passage's footnotes
	otherLine     = 160 // each further answer's line
)

// printHead prints a hit's first lines: its rank, document and label,
// what else holds it, and for a sub-paragraph the trail of its parents.
func printHead(w io.Writer, res *index.Result, h index.Hit) {
	fmt.Fprintf(w, "%d. %s — %s  (score %.2f)\n", h.Rank, h.Document.Title, h.Passage.Label, h.Score)
	if same := citations(res, h.Identical); len(same) > 0 {
		fmt.Fprintf(w, "   the same words in %s\n", strings.Join(same, "; "))
	}
	if earlier := citations(res, h.Earlier); len(earlier) > 0 {
		fmt.Fprintf(w, "   earlier %s\n", strings.Join(earlier, "; "))
	}
	if trail := h.Document.Trail(h.Passage); trail != nil {
		for i := 1; i < len(trail); i++ {
			trail[i] = cutRunes(trail[i], 70)
		}
		fmt.Fprintln(w, indent(wrap(strings.Join(trail, " › "), 96), "   "))
	}
}

// excerpt is a hit's best sentence in bold with a little of the
// passage's own words before and after it, cut at words.
func excerpt(h index.Hit, ansi bool) string {
	text := h.Passage.Text
	own := min(h.Document.OwnStart(h.Passage), h.Best.Start)
	before := text[own:h.Best.Start]
	if len(before) > excerptBefore {
		before = before[len(before)-excerptBefore:]
		if i := strings.IndexByte(before, ' '); i >= 0 {
			before = before[i+1:]
		}
		before = "…" + strings.ToValidUTF8(before, "")
	}
	after := strings.TrimSpace(text[h.Best.End:])
	if after != "" {
		after = " " + cutRunes(after, excerptAfter)
	}
	return before + emphasis(h.BestSentence(), ansi) + after
}

// ownSentence is a further hit's best sentence without the lead-in a
// sub-paragraph repeats from its parents.
func ownSentence(h index.Hit) string {
	own := h.Document.OwnStart(h.Passage)
	if h.Best.Start >= own {
		return h.BestSentence()
	}
	if rest := strings.TrimSpace(h.Passage.Text[own:h.Best.End]); rest != "" {
		return rest
	}
	return h.BestSentence()
}

// shifted returns the spans that fall at or after from, moved back by it.
func shifted(spans []index.Span, from int) []index.Span {
	var out []index.Span
	for _, s := range spans {
		if s.Start >= from {
			out = append(out, index.Span{Start: s.Start - from, End: s.End - from})
		}
	}
	return out
}

// cutRunes shortens s to at most n characters at a word, ending it with
// "…" when it cut anything.
func cutRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	t := string(r[:n-1])
	if i := strings.LastIndexByte(t, ' '); i > len(t)/2 {
		t = t[:i]
	}
	return strings.TrimRight(t, " ,;:") + "…"
}

// bold marks the matched spans of text, with ANSI escapes for a terminal
// and Markdown's ** otherwise.
func bold(text string, spans []index.Span, ansi bool) string {
	on, off := "**", "**"
	if ansi {
		on, off = "\x1b[1m", "\x1b[0m"
	}
	var b strings.Builder
	for _, seg := range index.Segments(text, spans) {
		if seg.Match {
			b.WriteString(on + seg.Text + off)
		} else {
			b.WriteString(seg.Text)
		}
	}
	return b.String()
}

// emphasis sets the whole of text in bold.
func emphasis(text string, ansi bool) string {
	return bold(text, []index.Span{{Start: 0, End: len(text)}}, ansi)
}

// wrap breaks text into lines of at most width characters at spaces.
func wrap(text string, width int) string {
	var b strings.Builder
	n := 0
	for i, word := range strings.Fields(text) {
		l := len([]rune(stripANSI(word)))
		if i > 0 {
			if n+1+l > width {
				b.WriteByte('\n')
				n = 0
			} else {
				b.WriteByte(' ')
				n++
			}
		}
		b.WriteString(word)
		n += l
	}
	return b.String()
}

func stripANSI(s string) string {
	return strings.NewReplacer("\x1b[1m", "", "\x1b[0m", "").Replace(s)
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// isTerminal reports whether w is a terminal that wants colour.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
