package web

import (
	"errors"
	"net/http"

	"mandatebot/corpus"
	"mandatebot/corpus/compare"
)

// comparePage is what a later resolution added, removed, reworded or
// moved, optionally narrowed to a theme.
type comparePage struct {
	Old, New        *corpus.Document
	OldHref         string
	NewHref         string
	Theme           string
	ThemeName       string
	Themes          []option
	All             bool // unchanged paragraphs shown too
	AllHref         string
	ChangedOnlyHref string
	Parts           []partView
	Unchanged       int
}

func (p *comparePage) title() string { return docName(p.Old) + " → " + docName(p.New) }
func (p *comparePage) query() string { return "" }

type partView struct {
	Name    string
	Summary string
	Entries []entryView
}

type entryView struct {
	Change  compare.Change
	Heading string
	OldHref string
	NewHref string
	Diff    []compare.Span // reworded: words kept ("="), taken out ("-"), put in ("+")
	Text    string         // added, removed, moved or unchanged: the paragraph's words
}

func (h *Handler) latestCompare(w http.ResponseWriter, r *http.Request) error {
	old, new, err := compare.Pair(h.cfg.Searcher.Corpus(), nil)
	if err != nil {
		return compareError(err)
	}
	http.Redirect(w, r, siteRelative.Compare(old.ID, new.ID), http.StatusFound)
	return nil
}

func (h *Handler) compare(w http.ResponseWriter, r *http.Request) error {
	c := h.cfg.Searcher.Corpus()
	names := []string{r.PathValue("old"), r.PathValue("new")}
	old, new, err := compare.Pair(c, names)
	if err != nil {
		return compareError(err)
	}
	if old.ID != names[0] || new.ID != names[1] {
		// "2100/2164", or the later first: one address for one comparison.
		to := siteRelative.Compare(old.ID, new.ID)
		if r.URL.RawQuery != "" {
			to += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, to, http.StatusFound)
		return nil
	}
	cmp, err := compare.Resolutions(old, new)
	if err != nil {
		return badRequestf("", "%s", err)
	}
	v := r.URL.Query()
	p := &comparePage{Old: old, New: new, OldHref: siteRelative.Document(old.ID), NewHref: siteRelative.Document(new.ID),
		All: v.Get("show") == "all"}
	base := siteRelative.Compare(old.ID, new.ID)
	if id := v.Get("theme"); id != "" {
		t, ok := corpus.ThemeByID(id)
		if !ok {
			return badRequestf("", "There is no theme %q. Pick one from the list on the comparison page.", id)
		}
		p.Theme, p.ThemeName = t.ID, t.Name
		cmp = cmp.OnTheme(t.ID)
		base += "?theme=" + t.ID
	}
	sep := "?"
	if p.Theme != "" {
		sep = "&"
	}
	p.AllHref, p.ChangedOnlyHref = base+sep+"show=all", base
	for _, t := range corpus.Themes() {
		p.Themes = append(p.Themes, option{ID: t.ID, Name: t.Name, Selected: t.ID == p.Theme})
	}
	for _, part := range []compare.Part{compare.Operative, compare.Preambular} {
		pv := partView{Name: string(part), Summary: cmp.Summary(part)}
		for _, e := range cmp.Changes {
			if e.Part != part {
				continue
			}
			if e.Change == compare.Unchanged {
				p.Unchanged++
				if !p.All {
					continue
				}
			}
			pv.Entries = append(pv.Entries, entryOf(e, c))
		}
		p.Parts = append(p.Parts, pv)
	}
	h.render(w, r, http.StatusOK, "compare", p)
	return nil
}

func entryOf(e compare.Entry, c *corpus.Corpus) entryView {
	v := entryView{Change: e.Change, Heading: e.Heading(func(s *compare.Side) string { return s.Label }), Diff: e.Diff}
	if e.Old != nil {
		v.OldHref = passageHref(c, e.Old.Passage)
		v.Text = e.Old.Text
	}
	if e.New != nil {
		v.NewHref = passageHref(c, e.New.Passage)
		v.Text = e.New.Text
	}
	return v
}

// passageHref is the permalink of the passage with id, "" if c lacks it.
func passageHref(c *corpus.Corpus, id string) string {
	if p := c.Passage(id); p != nil {
		return siteRelative.Passage(p)
	}
	return ""
}

// compareError says why no comparison can be shown.
func compareError(err error) error {
	var pe *compare.PairError
	if !errors.As(err, &pe) {
		return err
	}
	switch pe.Problem {
	case compare.TooFew:
		return notFoundf("", "A comparison needs two resolutions, and the corpus holds %d. An admin can fetch them with /reindex fetch:true in Discord.", len(pe.Held))
	case compare.NotFound:
		return notFoundf("", "No resolution %q is in the corpus. The sources page lists the resolutions held.", pe.Name)
	}
	return badRequestf("", "%s.", pe.Error())
}
