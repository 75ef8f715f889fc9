// This file: how much text one document, and the whole corpus, may make
// the index hold, and the parts a paragraph too long to index whole is
// split into.

package corpus

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"mandatebot/internal/fault"
)

// Limits on what the documents make the index hold. Building an index
// costs memory in proportion to the text it holds and to its passages,
// and answering costs time in proportion to the passages it ranks and
// their length (each is analysed, its best sentence found, its matches
// marked), so each is bounded where the documents are read, and a
// document over a bound is split or refused by name, never indexed
// whole. Real documents stay far below: the longest paragraph of the
// 2,259 Security Council resolutions of 1946–2015 is about 12 KB (an
// annexed list), a long report has a few hundred paragraphs.
const (
	// MaxPassageBytes bounds one passage's text. A longer paragraph is
	// not refused: Parse splits it at sentence boundaries (between words
	// in a sentence longer than this, between characters in a word that
	// long) into parts of at most this many bytes, labelled "…, part 2
	// of 5", and says so in Document.Splits.
	MaxPassageBytes = 16 << 10
	// MaxTitleBytes bounds a document's title and each heading: the
	// index holds them with every chunk of the document or section.
	MaxTitleBytes = 1000
	// MaxFootnoteBytes bounds one footnote's text: the index holds it
	// with every chunk that cites it.
	MaxFootnoteBytes = MaxPassageBytes
	// MaxPassages bounds the passages of one document, parts included;
	// a document with more is refused (split it into several).
	MaxPassages = 10_000
	// DefaultMaxCorpusBytes is the most passage text the whole corpus
	// may hold when Loader.MaxCorpusBytes is not set (MAX_CORPUS_MB).
	DefaultMaxCorpusBytes = 32 << 20
)

// ErrCorpusTooLarge is wrapped by the error for a corpus whose passages
// hold more text than the limit (MAX_CORPUS_MB).
var ErrCorpusTooLarge = fault.New(fault.Invalid, "the corpus holds too much text")

// partSuffix is what a part's label adds to its paragraph's.
func partSuffix(part, parts int) string {
	return ", part " + strconv.Itoa(part) + " of " + strconv.Itoa(parts)
}

// partID is the id of part k of the passage with id: the first part keeps
// the paragraph's own id, so a link made before it was split still lands
// on its start.
func partID(id string, k int) string {
	if k == 1 {
		return id
	}
	return id + "-part-" + strconv.Itoa(k)
}

// IsPart reports whether p is one part of a paragraph too long to index
// whole (see MaxPassageBytes).
func (p *Passage) IsPart() bool { return p.Parts > 0 }

// ParagraphLabel is the label of the paragraph p is or is part of: "op.
// 13(a)" for "op. 13(a), part 2 of 3".
func (p *Passage) ParagraphLabel() string {
	if !p.IsPart() {
		return p.Label
	}
	return strings.TrimSuffix(p.Label, partSuffix(p.Part, p.Parts))
}

// PartsOf returns the parts of the paragraph p is part of, in order, or p
// alone when it is a whole paragraph.
func (d *Document) PartsOf(p *Passage) []*Passage {
	if !p.IsPart() {
		return []*Passage{p}
	}
	base := p.ParagraphLabel()
	var out []*Passage
	for i := range d.Passages {
		if q := &d.Passages[i]; q.IsPart() && q.ParagraphLabel() == base {
			out = append(out, q)
		}
	}
	return out
}

// How splitSpans had to cut a text, at worst.
type cut int

const (
	atSentences  cut = iota // every cut at a sentence end
	atWords                 // some between words: a sentence longer than the bound
	atCharacters            // some between characters: a word longer than the bound
)

// splitSpans cuts text (white space collapsed, as Parse leaves it) into
// spans of at most max bytes: at the last sentence end that fits, else at
// the last space, else between two characters; how says which it had
// to do at worst. The single spaces between spans belong to none.
func splitSpans(text string, max int) (spans []Span, how cut) {
	if len(text) <= max {
		return []Span{{Start: 0, End: len(text)}}, atSentences
	}
	ends := Sentences(text)
	var out []Span
	next := 0 // the first sentence that may end a span
	for start := 0; start < len(text); {
		if len(text)-start <= max {
			out = append(out, Span{Start: start, End: len(text)})
			break
		}
		limit := start + max
		cut := -1
		for next < len(ends) && ends[next].End <= limit {
			if ends[next].End > start {
				cut = ends[next].End
			}
			next++
		}
		if cut < 0 {
			if i := strings.LastIndexByte(text[start:limit+1], ' '); i > 0 {
				cut = start + i
				how = max2(how, atWords)
			} else {
				how = atCharacters
				cut = limit
				for cut > start && !utf8.RuneStart(text[cut]) {
					cut--
				}
				if cut == start {
					cut = limit // not UTF-8: any cut goes
				}
			}
		}
		out = append(out, Span{Start: start, End: cut})
		start = cut
		for start < len(text) && text[start] == ' ' {
			start++
		}
	}
	return out, how
}

func max2(a, b cut) cut {
	if a > b {
		return a
	}
	return b
}

// splitPassage returns p as it is when its text fits MaxPassageBytes,
// else as its parts, each with the citations that fall in it, and a note
// saying so for Document.Splits.
func splitPassage(p Passage) ([]Passage, string) {
	spans, how := splitSpans(p.Text, MaxPassageBytes)
	if len(spans) == 1 {
		return []Passage{p}, ""
	}
	out := make([]Passage, len(spans))
	for k, s := range spans {
		q := Passage{
			ID: partID(p.ID, k+1), DocID: p.DocID, Section: p.Section,
			Label: p.Label + partSuffix(k+1, len(spans)),
			Text:  p.Text[s.Start:s.End], Part: k + 1, Parts: len(spans),
		}
		for _, c := range p.Citations {
			// A marker right after a part's last word is that part's.
			if c.Offset >= s.Start && (c.Offset <= s.End) && (k == 0 || c.Offset > spans[k-1].End) {
				q.Citations = append(q.Citations, Citation{Footnote: c.Footnote, Offset: c.Offset - s.Start})
				if !containsInt(q.Footnotes, c.Footnote) {
					q.Footnotes = append(q.Footnotes, c.Footnote)
				}
			}
		}
		out[k] = q
	}
	return out, splitNote(p.Label, len(p.Text), len(spans), how)
}

// Splits says, for every document of the corpus, which paragraphs were
// split into parts and into how many: "folder/long.md: Findings ¶2 is
// 19.9 MB, … split … into 1,243 parts (…)".
func (c *Corpus) Splits() []string {
	var out []string
	for _, d := range c.Documents {
		for _, s := range d.Splits {
			out = append(out, d.Source+": "+s)
		}
	}
	return out
}

// splitNote says what splitPassage did to the paragraph labelled label,
// of n bytes, for Document.Splits.
func splitNote(label string, n, parts int, how cut) string {
	where := "at sentence ends"
	switch how {
	case atWords:
		where = "at sentence ends and, within a sentence longer than that, between words"
	case atCharacters:
		where = "at sentence ends, between words and, within a word longer than that, between characters"
	}
	return fmt.Sprintf("%s is %s, over the %s a passage may hold: split into %d parts %s (%s … %s)",
		label, sizeOf(int64(n)), sizeOf(MaxPassageBytes), parts, where, label+partSuffix(1, parts), label+partSuffix(parts, parts))
}

// sizeOf writes a size as people read it: "812 bytes", "16 KB", "19.9 MB".
func sizeOf(n int64) string {
	switch {
	case n < 1<<10:
		return strconv.FormatInt(n, 10) + " bytes"
	case n < 1<<20:
		return strconv.FormatInt((n+1<<9)>>10, 10) + " KB"
	}
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
}

// checkPassages refuses a document with more passages than MaxPassages.
func checkPassages(d *Document) error {
	if n := len(d.Passages); n > MaxPassages {
		return fmt.Errorf("%w: %d passages (paragraphs, list items and the parts of long paragraphs), over the limit of %d a document may hold; split it into several documents", ErrTooLarge, n, MaxPassages)
	}
	return nil
}

// TextBytes is how much text the index holds of d: its passages' text,
// and with each passage the footnotes it cites.
func (d *Document) TextBytes() int64 {
	n := int64(0)
	for i := range d.Passages {
		p := &d.Passages[i]
		n += int64(len(p.Text))
		for _, num := range p.Footnotes {
			if f, ok := d.Footnote(num); ok {
				n += int64(len(f.Text))
			}
		}
	}
	return n
}

// checkTitle refuses a title or heading longer than MaxTitleBytes.
func checkTitle(what, t string) error {
	if len(t) > MaxTitleBytes {
		return fmt.Errorf("%w: %s is %s, over the %d bytes a title or heading may hold", ErrTooLarge, what, sizeOf(int64(len(t))), MaxTitleBytes)
	}
	return nil
}

// CheckSize refuses documents that make the index hold more than max
// bytes of text together (see TextBytes) (DefaultMaxCorpusBytes when max is 0), naming the largest
// of them: what to remove.
func CheckSize(docs []*Document, max int64) error {
	if max <= 0 {
		max = DefaultMaxCorpusBytes
	}
	total := int64(0)
	for _, d := range docs {
		total += d.TextBytes()
	}
	if total <= max {
		return nil
	}
	largest := append([]*Document(nil), docs...)
	sort.SliceStable(largest, func(i, j int) bool { return largest[i].TextBytes() > largest[j].TextBytes() })
	var names []string
	for _, d := range largest[:min(3, len(largest))] {
		names = append(names, fmt.Sprintf("%s (%s)", d.Source, sizeOf(d.TextBytes())))
	}
	return fmt.Errorf("%w: its documents make the index hold %s of text, %s over the limit of %s (MAX_CORPUS_MB); the largest are %s: remove one, or raise MAX_CORPUS_MB if this machine has the memory to index them",
		ErrCorpusTooLarge, sizeOf(total), sizeOf(total-max), sizeOf(max), strings.Join(names, ", "))
}
