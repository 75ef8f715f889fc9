package undoc

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"mandatebot/corpus"
	"mandatebot/corpus/internal/linejoin"
	"mandatebot/internal/fault"
)

// ErrNoSymbol is ConvertPDF's error for a PDF given no symbol whose
// first page shows none: the caller asks for one.
var ErrNoSymbol = fault.New(fault.Invalid, "no UN symbol on its first page")

// ConvertError is a downloaded PDF that did not convert; it is ErrConvert
// and wraps why.
type ConvertError struct{ Err error }

func (e *ConvertError) Error() string { return fmt.Sprintf("%s: %v", ErrConvert, e.Err) }

// Is makes a ConvertError ErrConvert.
func (e *ConvertError) Is(target error) bool { return target == ErrConvert }

func (e *ConvertError) Unwrap() error { return e.Err }

// Kind is fault.Invalid: the PDF is not one this reads.
func (e *ConvertError) Kind() fault.Kind { return fault.Invalid }

// ConvertPDF turns a UN document's PDF into its stored form, checked by
// parsing it back. symbol may be "" to read it from the first page (the
// line that is a symbol alone, as the ODS layout sets it); a page that
// shows none is ErrNoSymbol. Any other failure is a *ConvertError, unless
// ctx ended (its error).
func ConvertPDF(ctx context.Context, pdf []byte, symbol, url string) (*corpus.Document, []byte, error) {
	d, md, err := convertPDF(ctx, pdf, symbol, url)
	switch {
	case err == nil, errors.Is(err, ErrNoSymbol):
		return d, md, err
	case ctx.Err() != nil:
		return nil, nil, ctx.Err()
	}
	return nil, nil, &ConvertError{err}
}

func convertPDF(ctx context.Context, pdf []byte, symbol, url string) (*corpus.Document, []byte, error) {
	lines, err := Lines(ctx, pdf)
	if err != nil {
		return nil, nil, err
	}
	shown := SymbolOf(lines)
	switch {
	case symbol == "" && shown == "":
		return nil, nil, ErrNoSymbol
	case symbol == "":
		symbol = shown
	case shown != "" && shown != corpus.NormalizeSymbol(symbol):
		return nil, nil, fmt.Errorf("its first page shows %s, not %s", shown, corpus.NormalizeSymbol(symbol))
	}
	md, _, err := Convert(lines, symbol, url)
	if err != nil {
		return nil, nil, err
	}
	d, err := corpus.Parse(ID(corpus.NormalizeSymbol(symbol))+".md", md)
	if err != nil {
		return nil, nil, fmt.Errorf("converted document does not load: %w", err)
	}
	return d, md, nil
}

// SymbolOf returns the symbol a document's first page shows on a line of
// its own, normalised, or "".
func SymbolOf(lines []Line) string {
	for _, l := range lines {
		if l.Page != 1 {
			break
		}
		t := strings.TrimSpace(l.Text)
		if sym := corpus.NormalizeSymbol(t); sym != "" && len(t) <= len(sym)+2 {
			return sym
		}
	}
	return ""
}

// Kind returns the kind of document a symbol names.
func Kind(symbol string) corpus.Kind {
	switch {
	case strings.HasPrefix(symbol, "S/RES/"):
		return corpus.KindResolution
	case strings.HasPrefix(symbol, "S/PV."):
		return corpus.KindRecord
	}
	return corpus.KindReport
}

// ID returns the corpus id of a document with a UN symbol:
// "S/RES/2164 (2014)" → "s-res-2164-2014".
func ID(symbol string) string { return corpus.Slug(strings.ReplaceAll(symbol, "/", " ")) }

// node is a paragraph of the document with its sub-paragraphs.
type node struct {
	heading bool
	label   string // "op. 13(a)(i)", "pp. 2", "para. 12", speaker
	text    []string
	kids    []*node
	head    string // the section it is under
}

// Convert turns the lines of a UN document into a stored corpus document
// (Markdown with front matter). Resolutions become preambular paragraphs
// (pp. 1 …) and operative paragraphs with their sub-paragraphs (op. 13(a)(i)),
// each sub-paragraph carrying its parents' lead-ins so it reads alone;
// reports become numbered paragraphs (para. 12) under their headings;
// meeting records become a passage per paragraph, labelled with the
// speaker.
func Convert(lines []Line, symbol, url string) ([]byte, []string, error) {
	symbol = strings.TrimSpace(symbol)
	norm := corpus.NormalizeSymbol(symbol)
	if norm == "" {
		norm = symbol
	}
	kind := Kind(norm)
	body, date, title := stripFurniture(lines, norm)
	if len(body) == 0 {
		return nil, nil, fmt.Errorf("%s: no text found in the PDF", symbol)
	}
	var texts []string
	for _, l := range body {
		texts = append(texts, l.Text)
	}
	j := linejoin.New(texts)
	var nodes []*node
	var warnings []string
	switch kind {
	case corpus.KindResolution:
		nodes, warnings = parseResolution(body)
	case corpus.KindRecord:
		nodes = parseRecord(body)
	default:
		nodes = parseReport(body)
	}
	if len(nodes) == 0 {
		return nil, warnings, fmt.Errorf("%s: found no paragraphs; is it a %s?", symbol, kind)
	}
	if title == "" {
		title = norm
	}
	fm := corpus.FrontMatter{
		ID: ID(norm), Title: title, Kind: kind, Publisher: "United Nations Security Council",
		Date: date, Symbol: norm, URL: url,
		Notes: []string{"Converted by mandatebot fetch from the official PDF. Running headers, page numbers and job numbers were dropped and hyphenation undone; each sub-paragraph repeats its parents' lead-ins so that it reads alone."},
	}
	md, err := render(fm, nodes, j)
	return md, warnings, err
}

// render writes the stored form: sections, and labelled passages, each
// sub-paragraph carrying its parents' lead-ins.
func render(fm corpus.FrontMatter, nodes []*node, j linejoin.Joiner) ([]byte, error) {
	w, err := corpus.NewWriter(fm)
	if err != nil {
		return nil, err
	}
	section := "\x00"
	heading := func(h string) {
		if h != section && h != "" {
			section = h
			w.Heading(h)
		}
	}
	for _, n := range nodes {
		if n.heading {
			section = strings.Join(n.text, " ")
			w.Heading(section)
			continue
		}
		heading(n.head)
		own := j.Join(n.text)
		w.Paragraph(n.label, own, nil)
		for _, a := range n.kids {
			heading(a.head)
			at := j.Join(a.text)
			w.Paragraph(a.label, own+" "+at, nil)
			for _, r := range a.kids {
				heading(r.head)
				w.Paragraph(r.label, own+" "+at+" "+j.Join(r.text), nil)
			}
		}
	}
	return w.Bytes(), nil
}

// atoi reads a paragraph number the regexps matched as digits.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
