package intake

import (
	"os"
	"path/filepath"
	"time"

	"mandatebot/corpus"
)

// Held is a document of the corpus as an admin manages it: what it is,
// where it was read from, and whether it can be removed.
type Held struct {
	ID       string      `json:"id"`
	Symbol   string      `json:"symbol,omitempty"`
	Title    string      `json:"title"`
	Kind     corpus.Kind `json:"kind"`
	File     string      `json:"file"`          // the Markdown it was read from ("embedded/…" when shipped)
	PDF      string      `json:"pdf,omitempty"` // the original kept beside it, if any
	Passages int         `json:"passages"`
	// Added is when its file was last written (added, fetched or
	// replaced); zero for a shipped document.
	Added time.Time `json:"added,omitzero"`
	// Shipped: embedded in the binary, so it cannot be removed.
	Shipped bool `json:"shipped"`
	// ReplacesShipped: a file of the folder with the id of a shipped
	// document, which it replaces; removing it serves the shipped one.
	ReplacesShipped bool `json:"replaces_shipped,omitempty"`
}

// List describes the documents of c, read from the corpus folder dir
// ("" for none) and the binary, in c's order.
func List(c *corpus.Corpus, dir string) []Held {
	shipped := shippedIDs()
	out := make([]Held, 0, len(c.Documents))
	for _, d := range c.Documents {
		h := Held{ID: d.ID, Symbol: d.Symbol, Title: d.Title, Kind: d.Kind, File: d.Source, Passages: len(d.Passages)}
		if inFolder(d, dir) {
			h.ReplacesShipped = shipped[d.ID]
			if st, err := os.Stat(d.Source); err == nil {
				h.Added = st.ModTime().UTC().Truncate(time.Second)
			}
			if pdf := filepath.Join(dir, d.ID+".pdf"); isRegular(pdf) {
				h.PDF = pdf
			}
		} else {
			h.Shipped = true
		}
		out = append(out, h)
	}
	return out
}

// inFolder reports whether d was read from the corpus folder dir.
func inFolder(d *corpus.Document, dir string) bool {
	return dir != "" && filepath.Dir(d.Source) == filepath.Clean(dir)
}
