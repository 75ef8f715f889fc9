package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Kind says what sort of document a Document is.
type Kind string

// The kinds of document the corpus knows.
const (
	KindBrief      Kind = "brief"
	KindResolution Kind = "resolution"
	KindReport     Kind = "report"
	KindRecord     Kind = "record"
)

// Valid reports whether k is one of the known kinds.
func (k Kind) Valid() bool {
	switch k {
	case KindBrief, KindResolution, KindReport, KindRecord:
		return true
	}
	return false
}

// Document is one source text: its metadata from the front matter, its
// passages in reading order and its footnotes in number order.
type Document struct {
	ID        string
	Title     string
	Kind      Kind
	Publisher string
	Date      string
	Symbol    string // UN document symbol, e.g. "S/RES/2164 (2014)"; empty if none
	URL       string
	Notes     []string // editorial notes from the front matter

	Sections  []string // section titles in reading order
	Passages  []Passage
	Footnotes []Footnote

	// Source is the file the document was read from ("embedded:…" for a
	// shipped document) and Hash the SHA-256 of its bytes.
	Source string
	Hash   string
	// Warnings lists things in the file that parsed but look wrong, such
	// as a footnote that is defined but never cited.
	Warnings []string
	// Splits says which paragraphs were too long to index whole and into
	// how many parts each was split (see MaxPassageBytes).
	Splits []string

	// byLabel maps each label to its passage's index, so that finding a
	// sub-paragraph's parent costs the same in a document of 10,000
	// passages as in one of ten; nil for a document not read by Parse
	// (a test's), which is searched in order instead.
	byLabel map[string]int
}

// indexLabels makes d.byLabel: the first passage with each label, and
// for a paragraph split into parts, its first part under the paragraph's
// own label too. Documents are not changed once read, so it is made once,
// where a document is read.
func (d *Document) indexLabels() {
	d.byLabel = make(map[string]int, len(d.Passages))
	for i := range d.Passages {
		p := &d.Passages[i]
		if _, ok := d.byLabel[p.Label]; !ok {
			d.byLabel[p.Label] = i
		}
	}
	for i := range d.Passages {
		if p := &d.Passages[i]; p.Part == 1 {
			if _, ok := d.byLabel[p.ParagraphLabel()]; !ok {
				d.byLabel[p.ParagraphLabel()] = i
			}
		}
	}
}

// Passage is the unit of retrieval: one paragraph, quotation or list item.
type Passage struct {
	ID        string // stable: "<doc id>#<section slug>-<n>" or "<doc id>#recommendation-<n>"
	DocID     string
	Section   string
	Label     string // what a citation shows: "MINUSMA’s Challenges ¶3", "Recommendation 4"
	Text      string // plain text, footnote markers removed
	Footnotes []int  // numbers of the footnotes the passage cites, in order of first citation
	// Citations says where in Text each footnote marker stood, in order.
	Citations []Citation
	// Part and Parts are set on the parts of a paragraph too long to index
	// whole (see MaxPassageBytes): this is part Part of Parts, and its
	// Label says so ("op. 13(a), part 2 of 3"). Both are 0 for a whole
	// paragraph.
	Part, Parts int
}

// IsRecommendation reports whether p is one of a brief's recommendations.
func (p *Passage) IsRecommendation() bool { return strings.HasPrefix(p.Label, recommendationPrefix) }

// RecommendationNumber returns "4" for "Recommendation 4", or "" when p is
// not a recommendation.
func (p *Passage) RecommendationNumber() string {
	n, ok := strings.CutPrefix(p.Label, recommendationPrefix)
	if !ok {
		return ""
	}
	return n
}

// Anchor is the part of p's id after its document's: "minusmas-challenges-3"
// for "nupi-policy-brief-19-2015#minusmas-challenges-3". It names the
// passage within its document, as a web page's fragment does.
func (p *Passage) Anchor() string {
	_, a, _ := strings.Cut(p.ID, "#")
	return a
}

// IsOperative reports whether p is an operative paragraph of a resolution.
func (p *Passage) IsOperative() bool { return strings.HasPrefix(p.Label, string(Operative)+". ") }

// Citation is a footnote marker in a passage: the footnote's number and
// the byte offset in the passage's text where the marker stood (after the
// words it annotates).
type Citation struct {
	Footnote int
	Offset   int
}

// Link is where d can be read: the address it was fetched from (URL),
// else, for a UN document, its symbol's address (SymbolURL); "" for a
// document with neither.
func (d *Document) Link() string {
	if d.URL != "" {
		return d.URL
	}
	if d.Symbol != "" {
		return SymbolURL(d.Symbol)
	}
	return ""
}

// SymbolLink is where the document a UN symbol names can be read: the
// corpus's copy's Link when it holds one, else the UN's (SymbolURL).
func (c *Corpus) SymbolLink(symbol string) string {
	if d := c.DocumentBySymbol(symbol); d != nil && d.Link() != "" {
		return d.Link()
	}
	return SymbolURL(symbol)
}

// Citation is how a passage of d is cited: "S/RES/2164 (2014), op. 13(a)(i)"
// for a UN document, else the passage's label.
func (d *Document) Citation(p *Passage) string {
	if d.Symbol != "" {
		return d.Symbol + ", " + p.Label
	}
	return p.Label
}

// PassageByLabel returns the passage of d labelled label ("op. 13(a)"),
// or, for a paragraph split into parts, its first part; or nil.
func (d *Document) PassageByLabel(label string) *Passage {
	if d.byLabel != nil {
		if i, ok := d.byLabel[label]; ok {
			return &d.Passages[i]
		}
		return nil
	}
	for i := range d.Passages {
		if d.Passages[i].Label == label {
			return &d.Passages[i]
		}
	}
	for i := range d.Passages {
		if p := &d.Passages[i]; p.Part == 1 && p.ParagraphLabel() == label {
			return p
		}
	}
	return nil
}

// NearLabels returns up to max labels of d that start like label: the
// paragraph "op. 13" and its sub-paragraphs for "op. 13(z)", the
// section's paragraphs for "Introduction ¶9", the recommendations for
// "Recommendation 12".
func (d *Document) NearLabels(label string, max int) []string {
	prefix := label
	if i := strings.IndexByte(prefix, '('); i > 0 {
		prefix = prefix[:i]
	}
	if i := strings.Index(prefix, " ¶"); i > 0 {
		prefix = prefix[:i+len(" ¶")]
	}
	if strings.HasPrefix(prefix, recommendationPrefix) {
		prefix = recommendationPrefix
	}
	// "op. 1" is near "op. 1(c)", and so are its sub-paragraphs, but not
	// "op. 10".
	numbered := IsParagraphLabel(prefix)
	var near []string
	for _, p := range d.Passages {
		l := p.Label
		if (numbered && (l == prefix || strings.HasPrefix(l, prefix+"(")) || !numbered && strings.HasPrefix(l, prefix)) && len(near) < max {
			near = append(near, l)
		}
	}
	return near
}

// MandatePassages returns the operative paragraphs of a resolution that
// set out the mission's mandate: those under a heading about the mandate
// when the resolution has one; else, as resolutions without headings
// write it, each paragraph that introduces the mandate's list ("Decides
// that the mandate of MINUSMA shall be the following:") with the
// sub-paragraphs under it; else every operative paragraph.
func (d *Document) MandatePassages() []*Passage {
	var mandate, listed, operative []*Passage
	lead := "" // the label of the paragraph introducing the mandate's list, while its sub-paragraphs follow
	for i := range d.Passages {
		p := &d.Passages[i]
		if !p.IsOperative() {
			continue
		}
		operative = append(operative, p)
		if strings.Contains(strings.ToLower(p.Section), "mandate") {
			mandate = append(mandate, p)
		}
		switch {
		case lead != "" && strings.HasPrefix(p.Label, lead+"("):
			listed = append(listed, p)
		case !strings.Contains(p.Label, "(") && introducesMandate(d.OwnText(p)) && i+1 < len(d.Passages) && strings.HasPrefix(d.Passages[i+1].Label, p.Label+"("):
			lead = p.Label
			listed = append(listed, p)
		default:
			lead = ""
		}
	}
	switch {
	case len(mandate) > 0:
		return mandate
	case len(listed) > 0:
		return withParagraphsNaming(listed, operative)
	}
	return operative
}

// withParagraphsNaming adds to listed, in the resolution's order, the
// other operative paragraphs (and their sub-paragraphs) that name a
// paragraph introducing the mandate's list by number ("to carry out its
// mandate as set out in paragraphs 16 (a) (i) and (ii)"): they act on it.
func withParagraphsNaming(listed, operative []*Passage) []*Passage {
	var numbers []string
	in := map[*Passage]bool{}
	for _, p := range listed {
		in[p] = true
		if !strings.Contains(p.Label, "(") {
			numbers = append(numbers, strings.TrimPrefix(p.Label, string(Operative)+". "))
		}
	}
	names := func(text string) bool {
		for _, m := range paragraphNumberRE.FindAllStringSubmatch(text, -1) {
			for _, n := range numbers {
				if m[1] == n {
					return true
				}
			}
		}
		return false
	}
	var out []*Passage
	naming := ""
	for _, p := range operative {
		top := !strings.Contains(p.Label, "(")
		if top {
			naming = ""
			if !in[p] && names(p.Text) {
				naming = p.Label
			}
		}
		if in[p] || naming != "" && (p.Label == naming || strings.HasPrefix(p.Label, naming+"(")) {
			out = append(out, p)
		}
	}
	return out
}

// paragraphNumberRE is a paragraph named by number in a resolution's
// text: "paragraph 16", "paragraphs 16 (a) (i) and (ii)".
var paragraphNumberRE = regexp.MustCompile(`\bparagraphs?\s+(\d+)\b`)

// introducesMandate reports whether an operative paragraph's own text
// introduces a list of the mandate's tasks: it speaks of the mandate and
// ends with a colon.
func introducesMandate(own string) bool {
	own = strings.TrimSpace(own)
	return strings.HasSuffix(own, ":") && strings.Contains(strings.ToLower(own), "mandate")
}

// Corpus is a set of documents, ordered by id.
type Corpus struct {
	Documents []*Document
	// Warnings lists files of the corpus folder that were skipped, and
	// why (a named pipe, a link leaving the folder).
	Warnings  []string
	passages  map[string]*Passage
	docs      map[string]*Document
	bySymbol  map[string]*Document // normalised UN symbol, and a resolution's without its year → document
	ambiguous map[string]bool      // resolution symbols without a year that name two documents
	keysOnce  sync.Once
	keys      map[string]*Passage // Key(passage id) → passage
}

// New returns a corpus of docs. A later document with the same id as an
// earlier one replaces it.
func New(docs ...*Document) *Corpus {
	byID := map[string]*Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	c := &Corpus{docs: byID, passages: map[string]*Passage{}, bySymbol: map[string]*Document{}, ambiguous: map[string]bool{}}
	for _, d := range byID {
		c.Documents = append(c.Documents, d)
	}
	sort.Slice(c.Documents, func(i, j int) bool { return c.Documents[i].ID < c.Documents[j].ID })
	for _, d := range c.Documents {
		for i := range d.Passages {
			c.passages[d.Passages[i].ID] = &d.Passages[i]
		}
		if sym := NormalizeSymbol(d.Symbol); sym != "" {
			c.bySymbol[sym] = d
			// "S/RES/2164" names "S/RES/2164 (2014)" too, as people cite
			// resolutions by number: unless two documents share it.
			if bare, _, ok := strings.Cut(sym, " ("); ok && strings.HasPrefix(sym, "S/RES/") {
				if _, taken := c.bySymbol[bare]; taken {
					c.ambiguous[bare] = true
				}
				c.bySymbol[bare] = d
			}
		}
	}
	return c
}

// DocumentBySymbol returns the document with a UN symbol, given in any
// form NormalizeSymbol reads ("S/RES/2164", "s/res/2164 (2014)"), or nil.
func (c *Corpus) DocumentBySymbol(symbol string) *Document {
	sym := NormalizeSymbol(symbol)
	if c.ambiguous[sym] {
		return nil
	}
	return c.bySymbol[sym]
}

// Document returns the document with the given id, or nil.
func (c *Corpus) Document(id string) *Document { return c.docs[id] }

// Passage returns the passage with the given id, or nil.
func (c *Corpus) Passage(id string) *Passage { return c.passages[id] }

// Recommendations returns the recommendations of every document, in
// document and reading order.
func (c *Corpus) Recommendations() []*Passage {
	var out []*Passage
	for _, d := range c.Documents {
		for i := range d.Passages {
			if d.Passages[i].IsRecommendation() {
				out = append(out, &d.Passages[i])
			}
		}
	}
	return out
}

// LatestResolution returns the resolution with the highest number, the
// one in force for a mission renewed year after year, or nil.
func (c *Corpus) LatestResolution() *Document {
	rs := c.Resolutions()
	if len(rs) == 0 {
		return nil
	}
	return rs[len(rs)-1]
}

// MandateAccount returns what the documents other than resolutions say
// of the mandate: the passages under a heading about it ("MINUSMA's
// Mandate and Capacity").
func (c *Corpus) MandateAccount() []*Passage {
	var out []*Passage
	for _, d := range c.Documents {
		if d.Kind == KindResolution {
			continue
		}
		for i := range d.Passages {
			if strings.Contains(strings.ToLower(d.Passages[i].Section), "mandate") {
				out = append(out, &d.Passages[i])
			}
		}
	}
	return out
}

// HasKind reports whether the corpus holds a document of kind k.
func (c *Corpus) HasKind(k Kind) bool {
	for _, d := range c.Documents {
		if d.Kind == k {
			return true
		}
	}
	return false
}

// Cited returns the UN documents that the corpus's footnotes cite, sorted.
func (c *Corpus) Cited() []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range c.Documents {
		for _, f := range d.Footnotes {
			for _, s := range f.Symbols {
				if !seen[s] {
					seen[s] = true
					out = append(out, s)
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// MissingCited returns the UN documents the corpus cites but does not
// hold, sorted: what to fetch.
func (c *Corpus) MissingCited() []string {
	var out []string
	for _, s := range c.Cited() {
		if c.DocumentBySymbol(s) == nil {
			out = append(out, s)
		}
	}
	return out
}

// NumPassages returns how many passages the corpus holds.
func (c *Corpus) NumPassages() int { return len(c.passages) }

// Key returns a short, stable key for a document or passage id, for
// places with little room (a Discord button's custom_id): 12 hex digits of
// the id's SHA-256.
func Key(id string) string {
	h := sha256.Sum256([]byte(id))
	return hex.EncodeToString(h[:6])
}

// PassageByKey returns the passage whose id has key k (see Key), or nil.
func (c *Corpus) PassageByKey(k string) *Passage { return c.byKey()[k] }

// DocumentByKey returns the document whose id has key k, or nil.
func (c *Corpus) DocumentByKey(k string) *Document {
	for _, d := range c.Documents {
		if Key(d.ID) == k {
			return d
		}
	}
	return nil
}

func (c *Corpus) byKey() map[string]*Passage {
	c.keysOnce.Do(func() {
		c.keys = make(map[string]*Passage, len(c.passages))
		for id, p := range c.passages {
			c.keys[Key(id)] = p
		}
	})
	return c.keys
}

// Version is a short form of Fingerprint: it tells an answer's corpus
// from the current one.
func (c *Corpus) Version() string { return c.Fingerprint()[:8] }

// Fingerprint identifies the corpus's content: it changes when any
// document is added, removed or edited.
func (c *Corpus) Fingerprint() string {
	h := sha256.New()
	for _, d := range c.Documents {
		h.Write([]byte(d.ID))
		h.Write([]byte{0})
		h.Write([]byte(d.Hash))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// LeadIn returns the lead-ins a sub-paragraph's text repeats from its
// parents, outermost first, each its parent's own words: for op. 4(a)(i),
// op. 4's "Decides that the mandate … shall be the following:" then op.
// 4(a)'s "(a) Security, …:". Nil for a passage that is no sub-paragraph.
// The lead-ins and OwnText, joined by spaces, are p.Text.
func (d *Document) LeadIn(p *Passage) []string {
	if d.OwnText(p) == p.Text {
		return nil // the text does not repeat them
	}
	var out []string
	for _, parent := range d.parents(p) {
		out = append(out, d.OwnText(parent))
	}
	return out
}

// parents returns the paragraphs a sub-paragraph sits under, outermost
// first: op. 4 and op. 4(a) for op. 4(a)(i).
func (d *Document) parents(p *Passage) []*Passage {
	var out []*Passage
	for label := p.Label; ; {
		i := strings.LastIndexByte(label, '(')
		if i <= 0 {
			return out
		}
		label = label[:i]
		parent := d.PassageByLabel(label)
		if parent == nil {
			return out
		}
		out = append([]*Passage{parent}, out...)
	}
}

// OwnText returns what passage p adds to its parent's lead-in: a
// sub-paragraph's text repeats its parent's ("Decides that the mandate
// shall be the following: (b) Protection …") so that it reads whole in
// an answer, and OwnText is the part after it ("(b) Protection …").
func (d *Document) OwnText(p *Passage) string {
	if p.IsPart() {
		return p.Text // a part of a paragraph is shown whole, as it is cited
	}
	i := strings.LastIndexByte(p.Label, '(')
	if i <= 0 {
		return p.Text
	}
	if parent := d.PassageByLabel(p.Label[:i]); parent != nil {
		if own, ok := strings.CutPrefix(p.Text, parent.Text); ok {
			return strings.TrimSpace(own)
		}
	}
	return p.Text
}

// OwnStart returns where p's own words (OwnText) start in p.Text: 0 for
// a passage that repeats no lead-in, else the byte offset after its
// parents' lead-ins.
func (d *Document) OwnStart(p *Passage) int {
	own := d.OwnText(p)
	if own == p.Text {
		return 0
	}
	if i := strings.LastIndex(p.Text, own); i >= 0 {
		return i
	}
	return 0
}

// Resolutions returns the corpus's resolutions in the order adopted: by
// year, then number (the year comes first: fictional test resolutions
// do not keep the UN's numbering in step with the years).
func (c *Corpus) Resolutions() []*Document {
	var out []*Document
	for _, d := range c.Documents {
		if d.Kind == KindResolution {
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		yi, ni := adoption(out[i])
		yj, nj := adoption(out[j])
		return yi < yj || yi == yj && ni < nj
	})
	return out
}

// Adoption is when resolution d was adopted, as its symbol says: its
// year (0 when unknown) and number (-1 when it has none).
func (d *Document) Adoption() (year, number int) { return adoption(d) }

// adoption is when a resolution was adopted, as its symbol says: its year
// (0 when unknown) and number (-1 when it has none).
func adoption(d *Document) (year, number int) {
	m := symbolRE.FindStringSubmatch(NormalizeSymbol(d.Symbol))
	if m == nil || m[1] == "" {
		return 0, -1
	}
	number, _ = strconv.Atoi(m[1])
	year, _ = strconv.Atoi(m[2])
	return year, number
}

// ResolutionNamed returns the resolution a user named by symbol
// ("S/RES/2164 (2014)"), by number alone ("2164") or by document id, or
// nil when none (or more than one) is.
func (c *Corpus) ResolutionNamed(name string) *Document {
	name = strings.TrimSpace(name)
	d := c.DocumentBySymbol(name)
	if d == nil {
		if m := bareNumberRE.FindStringSubmatch(name); m != nil {
			sym := "S/RES/" + m[1]
			if m[2] != "" {
				sym += " (" + m[2] + ")"
			}
			d = c.DocumentBySymbol(sym)
		}
	}
	if d == nil {
		d = c.Document(name)
	}
	if d == nil || d.Kind != KindResolution {
		return nil
	}
	return d
}
