package corpus

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"mandatebot/internal/fault"
)

// Errors of Cite for a reference that reads but names nothing the corpus
// holds, wrapped in a *CiteError.
var (
	ErrNotHeld         = fault.New(fault.NotFound, "the document is not in the corpus")
	ErrNoSuchParagraph = fault.New(fault.NotFound, "the document has no such paragraph")
)

// CiteError is a reference Cite read but could not find.
type CiteError struct {
	Input  string
	Symbol string    // the UN document named, when one was
	Doc    *Document // the document, when the corpus holds it
	Label  string    // the paragraph named
	Near   []string  // the document's labels that start like Label
	Err    error     // ErrNotHeld or ErrNoSuchParagraph
}

func (e *CiteError) Error() string {
	name := e.Symbol
	if name == "" && e.Doc != nil {
		name = e.Doc.Name()
	}
	if errors.Is(e.Err, ErrNotHeld) {
		return name + ": " + e.Err.Error()
	}
	return name + " has no " + e.Label
}

func (e *CiteError) Unwrap() error { return e.Err }

// Kind is fault.NotFound: the reference reads, but names what the corpus
// lacks.
func (e *CiteError) Kind() fault.Kind { return fault.NotFound }

// Hint says which paragraphs the document has instead, for a reference
// to one it lacks: "Did you mean: op. 13, op. 13(a), …?", or the range of
// its paragraphs when none is near.
func (e *CiteError) Hint() string {
	if e.Doc == nil {
		return ""
	}
	near := e.Near
	if len(near) == 0 {
		if len(e.Doc.Passages) == 0 {
			return "It has no numbered paragraphs."
		}
		return "Its paragraphs run " + e.Doc.Passages[0].Label + " to " + e.Doc.Passages[len(e.Doc.Passages)-1].Label + "."
	}
	if len(near) > 12 {
		near = append(near[:12:12], "…")
	}
	return "Did you mean: " + strings.Join(near, ", ") + "?"
}

// Cited is what a reference names: a paragraph of a document, and the
// sub-paragraphs under it in reading order. For a paragraph too long to
// index whole (see MaxPassageBytes), Passage is its first part and Under
// begins with the others.
type Cited struct {
	Doc     *Document
	Passage *Passage
	Under   []*Passage
}

// Title is how a listing of c is headed: "S/RES/2164 (2014), op. 13 and
// its 26 sub-paragraphs"; "…, op. 2 (split into 3 parts)".
func (c *Cited) Title() string {
	t := c.Doc.Citation(c.Passage)
	under := c.Under
	if p := c.Passage; p.IsPart() {
		t = strings.TrimSuffix(t, p.Label) + p.ParagraphLabel() + " (split into " + strconv.Itoa(p.Parts) + " parts)"
		under = under[min(len(under), p.Parts-1):]
	}
	switch n := len(under); n {
	case 0:
	case 1:
		t += " and its sub-paragraph"
	default:
		t += " and its " + strconv.Itoa(n) + " sub-paragraphs"
	}
	return t
}

// Cite finds the paragraph a reference names, as people write them: a
// UN document's ("2164 op 13(a)(i)", "S/RES/2100 para 16", "S/2014/692
// para 12"; see ParseReference) or a paragraph of a document without a
// symbol, the brief's, by its label ("Recommendation 4", "Introduction
// ¶2", "MINUSMA's Challenges para 3"). A reference that does not read is
// a *ReferenceError; one that reads but names what the corpus lacks, a
// *CiteError.
func (c *Corpus) Cite(s string) (*Cited, error) {
	ref, err := ParseReference(s)
	if err != nil {
		if p, d := c.briefParagraph(s); p != nil {
			return d.Cite(p.Label), nil
		}
		var re *ReferenceError
		if errors.As(err, &re) && errors.Is(re, ErrUnknownDocument) {
			if d, label := c.briefDocument(s); d != nil {
				return nil, &CiteError{Input: s, Doc: d, Label: label, Near: d.NearLabels(label, 13), Err: ErrNoSuchParagraph}
			}
		}
		return nil, err
	}
	d := c.DocumentBySymbol(ref.Symbol)
	if d == nil {
		return nil, &CiteError{Input: s, Symbol: ref.Symbol, Label: ref.Label, Err: ErrNotHeld}
	}
	cited := d.Cite(ref.Label)
	if cited == nil {
		return nil, &CiteError{Input: s, Symbol: ref.Symbol, Doc: d, Label: ref.Label, Near: d.NearLabels(ref.Label, 13), Err: ErrNoSuchParagraph}
	}
	return cited, nil
}

// Cite returns the paragraph of d labelled label with its sub-paragraphs,
// or nil when d has none.
func (d *Document) Cite(label string) *Cited {
	p := d.PassageByLabel(label)
	if p == nil {
		return nil
	}
	out := &Cited{Doc: d, Passage: p}
	parts := d.PartsOf(p)
	out.Under = append(out.Under, parts[1:]...)
	base := p.ParagraphLabel()
	for i := range d.Passages {
		if q := &d.Passages[i]; strings.HasPrefix(q.Label, base+"(") {
			out.Under = append(out.Under, q)
		}
	}
	return out
}

var (
	// recommendationRefRE reads "Recommendation 4", "rec. 4", "recommendation #4".
	recommendationRefRE = regexp.MustCompile(`(?i)^rec(?:ommendation)?\.?\s*(?:no\.?\s*|#\s*)?(\d{1,3})$`)
	// sectionRefRE reads "<section> ¶2", "<section> para 2", "<section>, paragraph 2".
	sectionRefRE = regexp.MustCompile(`(?i)^(.+?)[\s,]*(?:¶|§|paras?\.?|paragraphs?|p\.)\s*(\d{1,3})$`)
)

// briefParagraph returns the paragraph of a document without a UN symbol
// that s names by its label, and the document; nil when none (or more
// than one) does.
func (c *Corpus) briefParagraph(s string) (*Passage, *Document) {
	label, ok := briefLabel(s)
	if !ok {
		return nil, nil
	}
	var found *Passage
	var doc *Document
	for _, d := range c.Documents {
		if d.Symbol != "" {
			continue
		}
		for i := range d.Passages {
			if sameLabel(d.Passages[i].Label, label) {
				if found != nil {
					return nil, nil // two documents hold it
				}
				found, doc = &d.Passages[i], d
			}
		}
	}
	return found, doc
}

// briefDocument returns the document without a UN symbol whose labels s
// looks like (a section it has, or recommendations), and the label s
// names, for saying what it has instead.
func (c *Corpus) briefDocument(s string) (*Document, string) {
	label, ok := briefLabel(s)
	if !ok {
		return nil, ""
	}
	section, _, _ := strings.Cut(label, " ¶")
	recommendation := strings.HasPrefix(label, recommendationPrefix)
	for _, d := range c.Documents {
		if d.Symbol != "" {
			continue
		}
		for i := range d.Passages {
			ls, _, para := strings.Cut(d.Passages[i].Label, " ¶")
			if para && sameLabel(ls, section) || recommendation && d.Passages[i].IsRecommendation() {
				return d, d.canonicalLabel(label)
			}
		}
	}
	return nil, ""
}

// canonicalLabel writes label with the section's own spelling.
func (d *Document) canonicalLabel(label string) string {
	section, n, ok := strings.Cut(label, " ¶")
	if !ok {
		return label
	}
	for _, s := range d.Sections {
		if sameLabel(s, section) {
			return s + " ¶" + n
		}
	}
	return label
}

// briefLabel reads s as the label of a paragraph of a document without a
// symbol: "Recommendation 4", or "<section> ¶2".
func briefLabel(s string) (string, bool) {
	s = strings.Join(strings.Fields(s), " ")
	if m := recommendationRefRE.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		return RecommendationLabel(n), true
	}
	if m := sectionRefRE.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[2])
		return strings.TrimSpace(m[1]) + " ¶" + strconv.Itoa(n), true
	}
	return "", false
}

// sameLabel reports whether two labels are the same but for case, spaces
// and the apostrophe's form (’ or ').
func sameLabel(a, b string) bool {
	norm := func(s string) string {
		return strings.ToLower(strings.Join(strings.Fields(strings.NewReplacer("’", "'", "‘", "'").Replace(s)), " "))
	}
	return norm(a) == norm(b)
}

// Name is how d is named where a citation names it: its UN symbol, or
// its title.
func (d *Document) Name() string {
	if d.Symbol != "" {
		return d.Symbol
	}
	return d.Title
}

// Reference is how a member names p to cite it, as Cite reads it: a
// resolution's paragraph by the resolution's number ("2164 op.
// 13(a)(i)"), another UN document's by its symbol ("S/2014/692 para.
// 12"), a paragraph of a document without a symbol by its label
// ("Recommendation 4").
func (d *Document) Reference(p *Passage) string {
	label := p.ParagraphLabel()
	if num, ok := strings.CutPrefix(d.Symbol, "S/RES/"); ok {
		num, _, _ = strings.Cut(num, " ")
		return num + " " + label
	}
	if d.Symbol != "" {
		return d.Symbol + " " + label
	}
	return label
}

// Trail is what a sub-paragraph's text continues, as a reader needs it
// above the sub-paragraph's own words: its paragraph's label, then each
// lead-in after the first ("op. 13", "(a) Security, stabilization and
// protection of civilians"). Nil for a passage that is no sub-paragraph.
func (d *Document) Trail(p *Passage) []string {
	lead := d.LeadIn(p)
	if len(lead) == 0 {
		return nil
	}
	return append([]string{strings.SplitN(p.Label, "(", 2)[0]}, lead[1:]...)
}
