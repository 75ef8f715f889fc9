// This file: what an index derives from its corpus besides bleve's
// postings — the terms the corpus defines, the acronyms it spells out and
// the vocabulary of its words — found once when the index is built,
// stored beside it, read back in milliseconds when it is opened, and
// updated document by document when a reindex changes a few.

package index

import (
	"bufio"
	"cmp"
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"mandatebot/corpus"
)

// derivedVersion changes whenever what derived holds, or how it is
// found, changes, so that an index stored by an older binary is rebuilt.
const derivedVersion = 1

// derived is what an index knows of the documents of its corpus beyond
// bleve's postings, document by document, so that a reindex rescans only
// the documents it changes. (The vocabulary, kept in a file of its own,
// is read only when a suggestion needs it.)
type derived struct {
	Version int
	Docs    map[string]*docDerived // by document id
	// Renewals is what the resolutions say of each other (inForce):
	// found again only when a resolution changes.
	Renewals storedRenewals
}

// storedRenewals is renewals by passage id, as derivedFile holds them.
type storedRenewals struct {
	Later                   map[string]string
	Renewed, Added, Dropped []string
	Renews                  map[string][]string
}

func storeRenewals(r renewals) storedRenewals {
	s := storedRenewals{Later: make(map[string]string, len(r.later))}
	for id, p := range r.later {
		s.Later[id] = p.ID
	}
	keys := func(m map[string]bool) []string {
		out := make([]string, 0, len(m))
		for k, v := range m {
			if v {
				out = append(out, k)
			}
		}
		slices.Sort(out)
		return out
	}
	s.Renewed, s.Added, s.Dropped = keys(r.renewed), keys(r.added), keys(r.dropped)
	s.Renews = r.renews
	return s
}

// renewals returns the renewals of c that s stored, or false if one of
// its passages is not in c.
func (s storedRenewals) renewals(c *corpus.Corpus) (renewals, bool) {
	r := renewals{later: make(map[string]*corpus.Passage, len(s.Later))}
	for id, to := range s.Later {
		p := c.Passage(to)
		if p == nil || c.Passage(id) == nil {
			return renewals{}, false
		}
		r.later[id] = p
	}
	set := func(ids []string) map[string]bool {
		m := make(map[string]bool, len(ids))
		for _, id := range ids {
			m[id] = true
		}
		return m
	}
	r.renewed, r.added, r.dropped = set(s.Renewed), set(s.Added), set(s.Dropped)
	r.renews = s.Renews
	for id, ids := range s.Renews {
		if c.Document(id) == nil {
			return renewals{}, false
		}
		for _, earlier := range ids {
			if c.Document(earlier) == nil {
				return renewals{}, false
			}
		}
	}
	return r, true
}

// docDerived is what one document defines, in the order it says it.
type docDerived struct {
	Hash       string       // the document's, to tell that it is the same
	Resolution bool         // it is a resolution (whose changes change the renewals)
	Chunks     int          // chunks its passages make in the index
	Defines    []definition // terms spelled out, first to last
	Acronyms   []acronymDef // acronyms spelled out, first to last
}

// definition is a term the corpus spells out (lower case) and the passage
// that does.
type definition struct{ Term, Passage string }

// acronymDef is an acronym, its expansion, and the passage giving both.
type acronymDef struct{ Acronym, Long, Passage string }

// deriveDocument scans one document for what it defines.
func deriveDocument(d *corpus.Document) *docDerived {
	n := 0
	for i := range d.Passages {
		n += len(chunksOf(d, &d.Passages[i]))
	}
	return &docDerived{Hash: d.Hash, Resolution: d.Kind == corpus.KindResolution, Chunks: n, Defines: documentDefinitions(d), Acronyms: documentAcronyms(d)}
}

// chunks returns how many chunks the index should hold.
func (dv *derived) chunks() int {
	n := 0
	for _, d := range dv.Docs {
		n += d.Chunks
	}
	return n
}

// derive scans every document of c, reusing from old (nil for none) what
// it found in the documents that have not changed.
func derive(c *corpus.Corpus, old *derived) *derived {
	dv := &derived{Version: derivedVersion, Docs: make(map[string]*docDerived, len(c.Documents))}
	resolutionChanged := old == nil
	for _, d := range c.Documents {
		if old != nil {
			if o, ok := old.Docs[d.ID]; ok && o.Hash == d.Hash {
				dv.Docs[d.ID] = o
				continue
			}
		}
		dv.Docs[d.ID] = deriveDocument(d)
		resolutionChanged = resolutionChanged || d.Kind == corpus.KindResolution
	}
	if old != nil {
		for id, o := range old.Docs {
			if n := dv.Docs[id]; n == nil || n.Hash != o.Hash {
				resolutionChanged = resolutionChanged || o.Resolution
			}
		}
	}
	if resolutionChanged {
		dv.Renewals = storeRenewals(inForce(c))
	} else {
		dv.Renewals = old.Renewals
	}
	return dv
}

// definitions maps each term the corpus spells out (lower case) to the
// first passage that does, documents in the corpus's order.
func (dv *derived) definitions(c *corpus.Corpus) map[string]string {
	out := map[string]string{}
	for _, d := range c.Documents {
		for _, def := range dv.Docs[d.ID].Defines {
			if out[def.Term] == "" {
				out[def.Term] = def.Passage
			}
		}
	}
	return out
}

// acronyms returns the acronyms the corpus spells out, documents in the
// corpus's order.
func (dv *derived) acronyms(c *corpus.Corpus) []acronymDef {
	var out []acronymDef
	for _, d := range c.Documents {
		out = append(out, dv.Docs[d.ID].Acronyms...)
	}
	return out
}

// covers reports whether dv holds every document of c as it is.
func (dv *derived) covers(c *corpus.Corpus) bool {
	if dv == nil || dv.Version != derivedVersion || len(dv.Docs) != len(c.Documents) {
		return false
	}
	for _, d := range c.Documents {
		if o, ok := dv.Docs[d.ID]; !ok || o.Hash != d.Hash {
			return false
		}
	}
	return true
}

// Files that sit in each index folder beside metaFile, under the index's
// checksums: what the index derived from its corpus (derived), and its
// vocabulary (vocabulary), in gob.
const (
	derivedFile    = "derived.gob"
	vocabularyFile = "vocabulary.gob"
)

func readDerived(path string) (*derived, error) {
	dv := &derived{}
	if err := readGob(path, dv); err != nil {
		return nil, err
	}
	if dv.Version != derivedVersion {
		return nil, fmt.Errorf("%s is of version %d, not %d", filepath.Base(path), dv.Version, derivedVersion)
	}
	return dv, nil
}

// storedVocabulary is a vocabulary as a file holds it: slices, which
// decode faster than maps; byLen and byTerm are made again from them.
type storedVocabulary struct {
	Version int
	Words   []string
	Counts  []int
	Terms   []string // each word's analysed terms, separated by spaces
	Capped  bool
}

func writeVocabulary(path string, v *vocabulary) error {
	sv := storedVocabulary{Version: derivedVersion, Capped: v.capped}
	for w, n := range v.count {
		sv.Words = append(sv.Words, w)
		sv.Counts = append(sv.Counts, n)
		sv.Terms = append(sv.Terms, strings.Join(v.terms[w], " "))
	}
	return writeGob(path, &sv)
}

func readVocabulary(path string) (*vocabulary, error) {
	var sv storedVocabulary
	if err := readGob(path, &sv); err != nil {
		return nil, err
	}
	if sv.Version != derivedVersion || len(sv.Counts) != len(sv.Words) || len(sv.Terms) != len(sv.Words) {
		return nil, fmt.Errorf("%s is not a vocabulary of this version", filepath.Base(path))
	}
	v := &vocabulary{count: make(map[string]int, len(sv.Words)), terms: make(map[string][]string, len(sv.Words)), capped: sv.Capped}
	for i, w := range sv.Words {
		v.count[w] = sv.Counts[i]
		v.terms[w] = strings.Fields(sv.Terms[i])
	}
	v.index()
	return v, nil
}

// writeGob writes v to a new file at path, synced.
func writeGob(path string, v any) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	err = gob.NewEncoder(w).Encode(v)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// readGob reads what writeGob wrote into v. The index's checksums have
// been checked before: a file that does not decode all the same is an
// error, never a panic.
func readGob(path string, v any) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s does not decode: %v", filepath.Base(path), p)
		}
	}()
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := gob.NewDecoder(bufio.NewReaderSize(f, 1<<20)).Decode(v); err != nil {
		return fmt.Errorf("%s does not decode: %w", filepath.Base(path), err)
	}
	return nil
}

// eachWord calls f with each word of text as the suggestions count them:
// a letter, then letters, digits, apostrophes and hyphens, ending with a
// letter (the matches of `\p{L}[\p{L}\p{N}’'-]*\p{L}|\p{L}`, found
// without a regular expression: the corpus's every word goes through it).
func eachWord(text string, f func(string)) {
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) {
			i += n
			continue
		}
		end := i + n
	scan:
		for j := end; j < len(text); {
			r, m := utf8.DecodeRuneInString(text[j:])
			switch {
			case unicode.IsLetter(r):
				j += m
				end = j
			case unicode.IsNumber(r), r == '’', r == '\'', r == '-':
				j += m
			default:
				break scan
			}
		}
		f(text[i:end])
		i = end
	}
}

// sortedBySize returns c's documents from the smallest text to the
// largest, in the corpus's order among equals: the order the vocabulary
// meets them in.
func sortedBySize(c *corpus.Corpus) []*corpus.Document {
	docs := slices.Clone(c.Documents)
	slices.SortStableFunc(docs, func(a, b *corpus.Document) int { return cmp.Compare(a.TextBytes(), b.TextBytes()) })
	return docs
}
