package main

import (
	"context"
	"fmt"
	"strings"

	"mandatebot/corpus"
)

// The JSON shape of "dump".
type (
	dumpCorpus struct {
		Documents []dumpDocument `json:"documents"`
		Skipped   []string       `json:"skipped,omitempty"` // files of CORPUS_DIR not read, and why
	}
	dumpDocument struct {
		ID        string         `json:"id"`
		Title     string         `json:"title"`
		Kind      corpus.Kind    `json:"kind"`
		Symbol    string         `json:"symbol"`
		URL       string         `json:"url"`
		Publisher string         `json:"publisher,omitempty"`
		Date      string         `json:"date,omitempty"`
		Source    string         `json:"source"`
		Notes     []string       `json:"notes,omitempty"`
		Warnings  []string       `json:"warnings,omitempty"`
		Splits    []string       `json:"splits,omitempty"` // paragraphs too long to index whole, split into parts
		Passages  []dumpPassage  `json:"passages"`
		Footnotes []dumpFootnote `json:"footnotes"`
	}
	dumpPassage struct {
		ID      string `json:"id"`
		Label   string `json:"label"`
		Section string `json:"section"`
		// Text is the passage's own words; LeadIn the lead-ins of its
		// parents that it continues, outermost first (sub-paragraphs only).
		Text      string   `json:"text"`
		LeadIn    []string `json:"lead_in,omitempty"`
		Footnotes []int    `json:"footnotes"`
		// Themes are the mandate themes of a resolution's operative
		// paragraph (see 'mandatebot compare --theme' and corpus/themes.json).
		Themes []string `json:"themes,omitempty"`
	}
	dumpFootnote struct {
		Number  int      `json:"number"`
		Text    string   `json:"text"`
		URLs    []string `json:"urls"`
		Symbols []string `json:"symbols"`
		IbidOf  *int     `json:"ibid_of"`
	}
)

func runDump(ctx context.Context, env *environment, args []string) error {
	fs := newFlags("dump", "[--doc ID]", env.stderr)
	only := fs.String("doc", "", "print only the document with this id")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("dump takes no arguments (got %q); use --doc ID for one document", pos[0])
	}
	c, err := loadCorpus(ctx, env)
	if err != nil {
		return err
	}
	out := dumpCorpus{Documents: []dumpDocument{}, Skipped: c.Warnings}
	for _, d := range c.Documents {
		if *only != "" && d.ID != *only {
			continue
		}
		out.Documents = append(out.Documents, dumpOf(d))
	}
	if *only != "" && len(out.Documents) == 0 {
		// What the corpus lacks, not how the program was called: exit 1.
		var ids []string
		for _, d := range c.Documents {
			ids = append(ids, d.ID)
		}
		return fmt.Errorf("no document has id %q; the documents are: %s", *only, strings.Join(ids, ", "))
	}
	return writeJSON(env.stdout, out)
}

func dumpOf(d *corpus.Document) dumpDocument {
	dd := dumpDocument{
		ID: d.ID, Title: d.Title, Kind: d.Kind, Symbol: d.Symbol, URL: d.URL,
		Publisher: d.Publisher, Date: d.Date, Source: d.Source, Notes: d.Notes, Warnings: d.Warnings, Splits: d.Splits,
		Passages: []dumpPassage{}, Footnotes: []dumpFootnote{},
	}
	for i := range d.Passages {
		dd.Passages = append(dd.Passages, dumpPassageOf(d, &d.Passages[i]))
	}
	for _, f := range d.Footnotes {
		df := dumpFootnote{Number: f.Number, Text: f.Text, URLs: orEmpty(f.URLs), Symbols: orEmpty(f.Symbols)}
		if f.IbidOf != 0 {
			n := f.IbidOf
			df.IbidOf = &n
		}
		dd.Footnotes = append(dd.Footnotes, df)
	}
	return dd
}

// dumpPassageOf is passage p of d as dump shows it.
func dumpPassageOf(d *corpus.Document, p *corpus.Passage) dumpPassage {
	fn := p.Footnotes
	if fn == nil {
		fn = []int{}
	}
	return dumpPassage{ID: p.ID, Label: p.Label, Section: p.Section, Text: d.OwnText(p), LeadIn: d.LeadIn(p), Footnotes: fn, Themes: d.ThemesOf(p)}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
