package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"mandatebot/corpus"
)

// citeJSON is the JSON shape of "cite --json": the cited paragraph first,
// then the sub-paragraphs under it, each as dump shows a passage.
type citeJSON struct {
	Reference string        `json:"reference"`
	Citation  string        `json:"citation"` // "S/RES/2164 (2014), op. 13(a)(i)"
	DocID     string        `json:"doc_id"`
	DocTitle  string        `json:"doc_title"`
	Symbol    string        `json:"symbol,omitempty"`
	URL       string        `json:"url,omitempty"`       // where the document can be read
	Permalink string        `json:"permalink,omitempty"` // the paragraph on the web pages (PUBLIC_URL)
	Passages  []dumpPassage `json:"passages"`
}

func runCite(ctx context.Context, env *environment, args []string) error {
	fs := newFlags("cite", `[--json] "reference"`, env.stderr)
	asJSON := fs.Bool("json", false, "print the paragraph and its sub-paragraphs as JSON")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	ref := strings.Join(pos, " ")
	if strings.TrimSpace(ref) == "" {
		return usagef("give a reference: %s", referenceExamples)
	}
	c, err := loadCorpus(ctx, env)
	if err != nil {
		return err
	}
	cited, err := c.Cite(ref)
	if err != nil {
		return err // explain words it: a reference that does not read is a usage mistake
	}
	if *asJSON {
		return writeJSON(env.stdout, citeJSONOf(ref, cited, env.cfg))
	}
	printCited(env.stdout, cited, env.cfg)
	return nil
}

// referenceExamples shows how references are written, as /cite says it.
const referenceExamples = `e.g. mandatebot cite "2164 op 13(a)(i)", "S/RES/2100 para 16", "S/2014/692 para 12", or for the brief "Recommendation 4" or "Introduction ¶2"`

// printCited prints a cited paragraph as /cite shows it: its citation
// (the document's title first, for one without a UN symbol), the paragraph
// whole (a sub-paragraph under the trail of what it continues), then each
// sub-paragraph under it with only its own words.
func printCited(w io.Writer, cited *corpus.Cited, cfg config) {
	d, p := cited.Doc, cited.Passage
	if d.Symbol == "" {
		// A citation of a document without a symbol ("Recommendation
		// 4") names the document, as /cite's footer does.
		fmt.Fprint(w, d.Title+" — ")
	}
	fmt.Fprintln(w, cited.Title())
	if u := d.Link(); u != "" {
		fmt.Fprintln(w, u)
	}
	if cfg.PublicSite.Published() {
		fmt.Fprintln(w, cfg.PublicSite.Passage(p))
	}
	fmt.Fprintln(w)
	if trail := d.Trail(p); trail != nil {
		fmt.Fprintln(w, wrap(strings.Join(trail, " › "), 96))
		fmt.Fprintln(w, indent(wrap(d.OwnText(p), 96), "  "))
	} else {
		fmt.Fprintln(w, wrap(p.Text, 96))
	}
	for _, q := range cited.Under {
		fmt.Fprintln(w)
		fmt.Fprintln(w, q.Label)
		fmt.Fprintln(w, indent(wrap(d.OwnText(q), 96), "  "))
	}
}

func citeJSONOf(ref string, cited *corpus.Cited, cfg config) citeJSON {
	d, p := cited.Doc, cited.Passage
	out := citeJSON{Reference: ref, Citation: d.Citation(p), DocID: d.ID, DocTitle: d.Title, Symbol: d.Symbol, URL: d.Link(), Passages: []dumpPassage{}}
	if cfg.PublicSite.Published() {
		out.Permalink = cfg.PublicSite.Passage(p)
	}
	for _, q := range append([]*corpus.Passage{p}, cited.Under...) {
		out.Passages = append(out.Passages, dumpPassageOf(d, q))
	}
	return out
}
