package undoctest

import (
	"errors"
	"strings"

	"mandatebot/corpus"
)

// Structured returns the stored form of a perfectly structured copy of
// the resolution src holds: what undoc.Convert writes for a PDF of it
// when it reads every paragraph right. Its passages carry the labels
// Expected gives, each with its own text as the Source has it; a
// sub-paragraph's text repeats its parents' (their lead-ins), the text
// under a group heading and a dashed item belong to the paragraph before
// them, and a heading starts a section ("Preamble" and "Operative
// paragraphs" before the first). It is how the alignment of resolutions
// is measured apart from the parser: what a comparison gets wrong on a
// structured copy, it gets wrong on its own.
func Structured(src Source) ([]byte, error) {
	num, year, ok := strings.Cut(strings.TrimPrefix(src.Symbol, "S/RES/"), " ")
	if !ok || !strings.HasPrefix(src.Symbol, "S/RES/") {
		return nil, errors.New("structured copy: " + src.Symbol + " is not a resolution's symbol")
	}
	fm := corpus.FrontMatter{
		ID: corpus.Slug(strings.ReplaceAll(src.Symbol, "/", " ")), Title: "Resolution " + num + " " + year,
		Kind: corpus.KindResolution, Publisher: "United Nations Security Council", Symbol: src.Symbol,
		Notes: []string{"A structured copy made from the text's paragraphs, not from a PDF."},
	}
	for _, f := range src.Front {
		if len(f) == 2 && f[0] == "Front" && frontDateRE.MatchString(f[1]) && frontDateRE.FindString(f[1]) == f[1] {
			fm.Date = f[1]
		}
	}
	w, err := corpus.NewWriter(fm)
	if err != nil {
		return nil, err
	}
	// A paragraph is written once its text is whole: after the text
	// under its heading and its dashed items.
	type para struct {
		label, lead, own string
	}
	var (
		section  string
		pending  *para
		pp       int
		op, sub  *para // the current operative paragraph and lettered sub-paragraph, for lead-ins
		opLabel  string
		subLabel string
	)
	flush := func() {
		if pending == nil {
			return
		}
		text := pending.own
		if pending.lead != "" {
			text = pending.lead + " " + pending.own
		}
		w.Paragraph(pending.label, text, nil)
		pending = nil
	}
	heading := func(h string) {
		if h != section {
			section = h
			w.Heading(h)
		}
	}
	whole := func(p *para) string {
		if p == nil {
			return ""
		}
		if p.lead == "" {
			return p.own
		}
		return p.lead + " " + p.own
	}
	for _, it := range src.Body {
		mark, _ := ItemRuns(it)
		text := strings.Join(strings.Fields(ItemText(it)), " ")
		switch it[0] {
		case KindPre:
			flush()
			if section == "" {
				heading("Preamble")
			}
			pp++
			pending = &para{label: corpus.Label(corpus.Preambular, pp), own: text}
		case KindOp:
			flush()
			if section == "" || section == "Preamble" {
				heading("Operative paragraphs")
			}
			opLabel = "op. " + strings.TrimSuffix(mark, ".")
			op = &para{label: opLabel, own: text}
			sub = nil
			pending = op
		case KindSub:
			flush()
			subLabel = corpus.SubLabel(opLabel, strings.Trim(mark, "()"))
			sub = &para{label: subLabel, lead: whole(op), own: mark + " " + text}
			pending = sub
		case KindSubsub:
			flush()
			pending = &para{label: corpus.SubLabel(subLabel, strings.Trim(mark, "()")), lead: whole(sub), own: mark + " " + text}
		case KindSubtext, KindBullet:
			if pending == nil {
				return nil, errors.New("structured copy: " + it[0] + " item before any paragraph")
			}
			if it[0] == KindBullet {
				text = mark + " " + text
			}
			pending.own += " " + text
		case KindHead:
			flush()
			heading(text)
			op, sub = nil, nil
		}
	}
	flush()
	return w.Bytes(), nil
}

// StructuredDocument is Structured read back as a corpus document.
func StructuredDocument(src Source) (*corpus.Document, error) {
	md, err := Structured(src)
	if err != nil {
		return nil, err
	}
	return corpus.Parse(corpus.Slug(strings.ReplaceAll(src.Symbol, "/", " "))+".md", md)
}
