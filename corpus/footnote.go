package corpus

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Footnote is a numbered note of a document.
type Footnote struct {
	Number  int
	Text    string
	URLs    []string
	Symbols []string // UN document symbols the note cites, normalised
	IbidOf  int      // the footnote an "Ibid." refers to; 0 when it is not one
}

// Footnote returns the footnote numbered n, or false.
func (d *Document) Footnote(n int) (Footnote, bool) {
	i := sort.Search(len(d.Footnotes), func(i int) bool { return d.Footnotes[i].Number >= n })
	if i < len(d.Footnotes) && d.Footnotes[i].Number == n {
		return d.Footnotes[i], true
	}
	return Footnote{}, false
}

// Resolve follows "Ibid." references from footnote n to the footnote that
// holds the text, and returns it.
func (d *Document) Resolve(n int) (Footnote, bool) {
	seen := map[int]bool{}
	for {
		f, ok := d.Footnote(n)
		if !ok || f.IbidOf == 0 || seen[n] {
			return f, ok
		}
		seen[n] = true
		n = f.IbidOf
	}
}

// FootnotesOf returns the footnotes passage p of d cites, in the order
// it cites them: the one place a passage gets its footnotes, for the
// index's hits, the bot's full passage and the command line alike. A
// number d has no note for is left out.
func (d *Document) FootnotesOf(p *Passage) []Footnote {
	var out []Footnote
	for _, n := range p.Footnotes {
		if f, ok := d.Footnote(n); ok {
			out = append(out, f)
		}
	}
	return out
}

// FootnotesFirst returns the footnotes passage p of d cites, those whose
// markers stand in the part of its text from start to end (a sentence)
// first, in the order cited, then the others; and how many are of that
// part. A marker at end (after a sentence's full stop) is of the part,
// one at start of what comes before it.
func (d *Document) FootnotesFirst(p *Passage, start, end int) (notes []Footnote, inPart int) {
	if len(p.Footnotes) == 0 {
		return nil, 0
	}
	notes = make([]Footnote, 0, len(p.Footnotes))
	listed := func(n int) bool {
		for _, f := range notes {
			if f.Number == n {
				return true
			}
		}
		return false
	}
	for _, c := range p.Citations {
		if (c.Offset > start || c.Offset == 0 && start == 0) && c.Offset <= end && !listed(c.Footnote) {
			if f, ok := d.Footnote(c.Footnote); ok {
				notes = append(notes, f)
			}
		}
	}
	inPart = len(notes)
	for _, n := range p.Footnotes {
		if !listed(n) {
			if f, ok := d.Footnote(n); ok {
				notes = append(notes, f)
			}
		}
	}
	return notes, inPart
}

// CitedBy returns the passages that cite footnote n.
func (d *Document) CitedBy(n int) []Passage {
	var out []Passage
	for _, p := range d.Passages {
		for _, f := range p.Footnotes {
			if f == n {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// FootnoteLine is footnote f as a list of notes shows it: "[9] text",
// and for an "Ibid." what it repeats: "[10] Ibid. (= [9] text)". esc
// escapes the notes' texts for where they are shown (nil: plain text).
func (d *Document) FootnoteLine(f Footnote, esc func(string) string) string {
	if esc == nil {
		esc = func(s string) string { return s }
	}
	s := fmt.Sprintf("[%d] %s", f.Number, esc(f.Text))
	if f.IbidOf != 0 {
		if r, ok := d.Resolve(f.Number); ok {
			s += fmt.Sprintf(" (= [%d] %s)", r.Number, esc(r.Text))
		}
	}
	return s
}

// FootnoteURLs returns the web addresses of footnote n; an "Ibid." with
// none of its own links where the note it repeats does.
func (d *Document) FootnoteURLs(n int) []string {
	f, ok := d.Footnote(n)
	if !ok {
		return nil
	}
	if len(f.URLs) == 0 && f.IbidOf != 0 {
		if r, ok := d.Resolve(n); ok {
			return r.URLs
		}
	}
	return f.URLs
}

func sortFootnotes(fs []Footnote) {
	sort.Slice(fs, func(i, j int) bool { return fs[i].Number < fs[j].Number })
}

var urlRE = regexp.MustCompile(`https?://[^\s<>"]+`)

// URLs returns the web addresses in s, without the punctuation that ends
// the sentence around them.
func URLs(s string) []string {
	var out []string
	seen := map[string]bool{} // a footnote may hold thousands: no linear look-up
	for _, u := range urlRE.FindAllString(s, -1) {
		u = strings.TrimRight(u, ".,;:’”'\"")
		if strings.Count(u, ")") > strings.Count(u, "(") {
			u = strings.TrimRight(u, ")")
		}
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}
