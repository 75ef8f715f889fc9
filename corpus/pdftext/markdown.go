package pdftext

import (
	"mandatebot/corpus"
)

// Markdown renders r as a stored corpus document with the given front
// matter: headings, paragraphs, quotations and items in reading order,
// asides in an "About …" section at the end, then the footnotes.
func (r *Result) Markdown(fm corpus.FrontMatter) ([]byte, error) {
	w, err := corpus.NewWriter(fm)
	if err != nil {
		return nil, err
	}
	for _, blk := range r.Blocks {
		cites := make([]corpus.Citation, len(blk.Markers))
		for i, m := range blk.Markers {
			cites[i] = corpus.Citation{Footnote: m.Number, Offset: m.Offset}
		}
		switch blk.Kind {
		case Heading:
			w.Heading(blk.Text)
		case Quote:
			w.Quote(blk.Text, cites)
		case Item:
			w.Item(blk.Text, cites)
		default:
			w.Paragraph("", blk.Text, cites)
		}
	}
	if len(r.Asides) > 0 {
		about := "About the publisher"
		if fm.Publisher != "" {
			about = "About " + fm.Publisher
		}
		w.Heading(about)
		for _, a := range r.Asides {
			w.Paragraph("", a.Text, nil)
		}
	}
	for n, t := range r.Footnotes {
		w.Footnote(n, t)
	}
	return w.Bytes(), nil
}
