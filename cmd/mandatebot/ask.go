package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"mandatebot/index"
)

func runAsk(ctx context.Context, env *environment, args []string) error {
	fs := newFlags("ask", `[--json] [--limit N] [--source ID] "question"`, env.stderr)
	asJSON := fs.Bool("json", false, "print the answer as JSON")
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
	printHits(env.stdout, res, isTerminal(env.stdout))
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
		Absent  []string     `json:"absent"`
		Bridged []jsonBridge `json:"bridged"`
	}
	jsonBridge struct {
		Word string   `json:"word"`
		As   []string `json:"as"`
	}
	jsonHit struct {
		Rank         int            `json:"rank"`
		Score        float64        `json:"score"`
		ID           string         `json:"id"`
		DocID        string         `json:"doc_id"`
		DocTitle     string         `json:"doc_title"`
		Section      string         `json:"section"`
		Label        string         `json:"label"`
		Text         string         `json:"text"`              // the passage's own words
		LeadIn       []string       `json:"lead_in,omitempty"` // its parents' lead-ins it continues, outermost first
		BestSentence string         `json:"best_sentence"`
		Footnotes    []jsonFootnote `json:"footnotes"`
	}
	jsonFootnote struct {
		Number int      `json:"number"`
		Text   string   `json:"text"`
		URLs   []string `json:"urls"`
	}
)

func askJSON(res *index.Result) jsonAnswer {
	out := jsonAnswer{Query: res.Query, Mode: res.Mode, Hits: []jsonHit{}, Weak: res.Weak, Suggestions: res.Suggestions, Absent: orEmpty(res.Absent), Bridged: []jsonBridge{}}
	for _, b := range res.Bridged {
		out.Bridged = append(out.Bridged, jsonBridge{Word: b.Word, As: b.As})
	}
	for _, h := range res.Hits {
		jh := jsonHit{
			Rank: h.Rank, Score: roundScore(h.Score), ID: h.Passage.ID, DocID: h.Document.ID,
			DocTitle: h.Document.Title, Section: h.Passage.Section, Label: h.Passage.Label,
			Text: h.Document.OwnText(h.Passage), LeadIn: h.Document.LeadIn(h.Passage), BestSentence: h.BestSentence(), Footnotes: []jsonFootnote{},
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

func roundScore(s float64) float64 { return float64(int64(s*1000+0.5)) / 1000 }

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printHits prints ranked passages for a person: rank, document, section
// and label, the passage with matched words in bold, and its footnotes.
func printHits(w io.Writer, res *index.Result, ansi bool) {
	if res.SmallTalk {
		fmt.Fprintln(w, "Ask about MINUSMA, the UN mission in Mali: its mandate, its challenges, the brief's recommendations. For example:")
		fmt.Fprintln(w, "  mandatebot ask \"why don't countries want to send troops north?\"")
		fmt.Fprintln(w, "  mandatebot ask \"what did resolution 2164 change?\"")
		return
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
	for i, h := range res.Hits {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%d. %s — %s  (score %.2f)\n", h.Rank, h.Document.Title, h.Passage.Label, h.Score)
		fmt.Fprintln(w, indent(wrap(emphasis(h.BestSentence(), ansi), 96), " » "))
		fmt.Fprintln(w, indent(wrap(bold(h.Passage.Text, h.Matches, ansi), 96), "   "))
		for _, f := range h.Footnotes {
			fmt.Fprintln(w, indent(wrap(h.Document.FootnoteLine(f, nil), 96), "   "))
		}
	}
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
