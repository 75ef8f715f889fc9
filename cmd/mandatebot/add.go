package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"mandatebot/corpus"
	"mandatebot/corpus/undoc"
)

// converted is a document ready to be written into the corpus folder.
type converted struct {
	from string
	doc  *corpus.Document
	md   []byte
	pdf  []byte // the original, kept beside the Markdown; nil for Markdown
}

func runAdd(ctx context.Context, env *environment, args []string) error {
	fs := newFlags("add", "[--symbol S] [--dir DIR] FILE...   (PDF of a UN document, or a corpus Markdown file)", env.stderr)
	symbol := fs.String("symbol", "", "the UN symbol of a PDF, when its first page does not show it (one file only)")
	dir := fs.String("dir", env.cfg.CorpusDir, "corpus folder to write to (default CORPUS_DIR)")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(files) == 0:
		return usagef("give one or more files: a UN document's PDF, or a corpus Markdown file")
	case *dir == "":
		return usagef("say where to put the documents: set CORPUS_DIR (see .env.example) or give --dir")
	case *symbol != "" && len(files) > 1:
		return usagef("--symbol names one document; add the files one at a time")
	case *symbol != "" && corpus.NormalizeSymbol(*symbol) == "":
		return usagef("%q is not a UN symbol (e.g. S/RES/2164 (2014), S/2014/692, S/PV.7274)", *symbol)
	}
	// Convert and check every file first: if one fails, nothing is written.
	var docs []converted
	var errs []error
	for _, f := range files {
		c, err := convertFile(ctx, env, f, *symbol)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f, err))
			continue
		}
		docs = append(docs, c)
	}
	if len(errs) > 0 {
		return fmt.Errorf("nothing was added:\n%w", errors.Join(errs...))
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return fmt.Errorf("corpus folder: %w", err)
	}
	for _, c := range docs {
		path := filepath.Join(*dir, c.doc.ID+".md")
		verb := "added"
		if _, err := os.Stat(path); err == nil {
			verb = "replaced"
		}
		if c.pdf != nil {
			if err := undoc.WriteFile(filepath.Join(*dir, c.doc.ID+".pdf"), c.pdf); err != nil {
				return err
			}
		}
		if err := undoc.WriteFile(path, c.md); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "%s → %s (%s): %s\n", c.from, path, verb, describeDocument(c.doc))
		for _, w := range c.doc.Warnings {
			fmt.Fprintf(env.stdout, "  warning: %s\n", w)
		}
	}
	fmt.Fprintln(env.stdout, "Run /reindex in Discord, or restart, to serve them; 'mandatebot ask' sees them at once.")
	return nil
}

// convertFile reads one file and turns it into a checked document.
func convertFile(ctx context.Context, env *environment, path, symbol string) (converted, error) {
	f, err := os.Open(path)
	if err != nil {
		return converted{}, err
	}
	defer f.Close()
	max := env.cfg.MaxPDFBytes
	if max <= 0 {
		max = undoc.DefaultMaxBytes
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return converted{}, err
	}
	if int64(len(b)) > max {
		return converted{}, fmt.Errorf("larger than %d MB (MAX_PDF_MB)", max>>20)
	}
	if undoc.IsPDF(b) {
		d, md, err := undoc.ConvertPDF(ctx, b, symbol, "")
		if err != nil {
			return converted{}, err
		}
		return converted{from: path, doc: d, md: md, pdf: b}, nil
	}
	if !strings.HasSuffix(strings.ToLower(path), ".md") || !bytes.HasPrefix(b, []byte("---")) {
		return converted{}, fmt.Errorf("neither a PDF nor a corpus Markdown file (front matter, then Markdown: see README)")
	}
	d, err := corpus.Parse(filepath.Base(path), b)
	if err != nil {
		return converted{}, err
	}
	return converted{from: path, doc: d, md: b}, nil
}

// describeDocument counts a document's passages by kind.
func describeDocument(d *corpus.Document) string {
	counts := map[string]int{}
	var order []string
	for _, p := range d.Passages {
		kind := "other passages"
		switch {
		case p.IsOperative() && strings.Contains(p.Label, "("):
			kind = "operative sub-paragraphs"
		case p.IsOperative():
			kind = "operative paragraphs"
		case strings.HasPrefix(p.Label, string(corpus.Preambular)+". "):
			kind = "preambular paragraphs"
		case strings.HasPrefix(p.Label, string(corpus.Paragraph)+". "):
			kind = "numbered paragraphs"
		case p.IsRecommendation():
			kind = "recommendations"
		}
		if counts[kind] == 0 {
			order = append(order, kind)
		}
		counts[kind]++
	}
	var parts []string
	for _, k := range order {
		parts = append(parts, fmt.Sprintf("%d %s", counts[k], k))
	}
	s := fmt.Sprintf("%s, %s", d.ID, d.Kind)
	if d.Symbol != "" {
		s += " " + d.Symbol
	}
	if len(parts) == 0 {
		return s + ", no passages"
	}
	return s + ": " + strings.Join(parts, ", ")
}
