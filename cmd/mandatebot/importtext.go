package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"mandatebot/corpus"
	"mandatebot/corpus/pdftext"
)

func runImportText(ctx context.Context, env *environment, args []string) error {
	fs := newFlags("import-text", "[flags] FILE   (FILE may be - for standard input)", env.stderr)
	var fm corpus.FrontMatter
	fs.StringVar(&fm.ID, "id", "", "document id (default: from the file name)")
	fs.StringVar(&fm.Title, "title", "", "document title (default: from the file name)")
	kind := fs.String("kind", string(corpus.KindBrief), "brief, resolution, report or record")
	fs.StringVar(&fm.Publisher, "publisher", "", "publisher, e.g. NUPI")
	fs.StringVar(&fm.Date, "date", "", "publication date, e.g. 2015 or 2015-06-01")
	fs.StringVar(&fm.Symbol, "symbol", "", "UN document symbol, if it has one")
	fs.StringVar(&fm.URL, "url", "", "where the original can be found")
	outPath := fs.String("o", "", "write the Markdown to this file instead of standard output")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give one file of PDF-extracted text, e.g. mandatebot import-text brief.txt > brief.md")
	}
	var in io.Reader = env.stdin
	if pos[0] != "-" {
		f, err := os.Open(pos[0])
		if err != nil {
			return fmt.Errorf("read %s: %w", pos[0], err)
		}
		defer f.Close()
		in = f
	}
	max := env.cfg.MaxDocumentBytes
	if max <= 0 {
		max = corpus.DefaultMaxDocumentBytes
	}
	raw, err := io.ReadAll(io.LimitReader(in, max+1))
	if err != nil {
		return fmt.Errorf("read %s: %w", pos[0], err)
	}
	if int64(len(raw)) > max {
		return fmt.Errorf("%s: larger than %d MB (MAX_DOCUMENT_MB); is it really extracted text?", pos[0], max>>20)
	}
	if err := checkImportText(pos[0], raw); err != nil {
		return err
	}
	fm.Kind = corpus.Kind(*kind)
	base := strings.TrimSuffix(filepath.Base(pos[0]), filepath.Ext(pos[0]))
	if base == "-" || base == "" {
		base = "document"
	}
	if fm.ID == "" {
		fm.ID = corpus.Slug(base)
	}
	if fm.Title == "" {
		fm.Title = base
	}
	if err := fm.Validate(); err != nil {
		return usageError{err.Error()}
	}
	res := pdftext.Convert(string(raw), pdftext.Options{})
	md, err := res.Markdown(fm)
	if err != nil {
		return err
	}
	// Check that what we write loads as a document.
	if _, err := corpus.Parse(fm.ID+".md", md); err != nil {
		return fmt.Errorf("converted text does not load: %w", err)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(env.stderr, "warning: %s\n", w)
	}
	if *outPath == "" {
		_, err = env.stdout.Write(md)
		return err
	}
	if err := os.WriteFile(*outPath, md, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", *outPath, err)
	}
	fmt.Fprintf(env.stderr, "wrote %s: %d blocks, %d footnotes; review it before adding it to the corpus\n", *outPath, len(res.Blocks), len(res.Footnotes))
	return nil
}

// checkImportText refuses input that is no extracted text: empty (as an
// extractor writes for a scanned PDF), binary, or not UTF-8.
func checkImportText(path string, raw []byte) error {
	if len(strings.TrimSpace(string(raw))) == 0 {
		name := path
		if name == "-" {
			name = "standard input"
		}
		return fmt.Errorf("%s is empty: give the text pdftotext (or another extractor) wrote, e.g. pdftotext -layout brief.pdf brief.txt", name)
	}
	if err := pdftext.CheckText(raw); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
