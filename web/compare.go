package web

import (
	"net/http"
	"strings"

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
	Facts           []factView
	Tasks           []taskView
	Parts           []partView
	Unchanged       int
}

// factView is a fact of the mandate in both resolutions.
type factView struct {
	Title    string
	Change   compare.FactChange
	Old, New *factSideView // nil where the resolution does not state it
}

type factSideView struct {
	Value string
	Cites []sideView
}

// taskView is a theme's tasks added and dropped.
type taskView struct {
	Name           string
	Added, Dropped []sideView
}

// sideView is a paragraph named in a change: its label, its permalink
// and, in a list of tasks, its words.
type sideView struct {
	Label, Href, Text string
}

func (p *comparePage) title() string { return docName(p.Old) + " → " + docName(p.New) }
func (p *comparePage) query() string { return "" }

type partView struct {
	Name    string
	Summary string
	Entries []entryView
}

type entryView struct {
	Change   compare.Change
	Old, New []sideView
	Diff     []compare.Span // words kept ("="), taken out ("-"), put in ("+")
	Text     string         // when no words changed: the paragraphs' words
}

func (h *Handler) latestCompare(w http.ResponseWriter, r *http.Request) error {
	old, new, err := compare.Pair(h.cfg.Searcher.Corpus(), nil)
	if err != nil {
		return err
	}
	to := siteRelative.Compare(old.ID, new.ID)
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery // the theme and the unchanged ones, as asked
	}
	http.Redirect(w, r, to, http.StatusFound)
	return nil
}

func (h *Handler) compare(w http.ResponseWriter, r *http.Request) error {
	c := h.cfg.Searcher.Corpus()
	names := []string{r.PathValue("old"), r.PathValue("new")}
	old, new, err := compare.Pair(c, names)
	if err != nil {
		return err
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
	cmp, err := compare.Resolutions(r.Context(), old, new)
	if err != nil {
		return err // too large, out of time, or the client gone: fail words each
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
	for _, f := range cmp.Facts {
		p.Facts = append(p.Facts, factView{Title: f.Title(), Change: f.Change, Old: factSideOf(f.Old, c), New: factSideOf(f.New, c)})
	}
	for _, t := range cmp.Tasks {
		p.Tasks = append(p.Tasks, taskView{Name: t.Name, Added: sidesOf(t.Added, c), Dropped: sidesOf(t.Dropped, c)})
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
	v := entryView{Change: e.Change, Old: sidesOf(e.Old, c), New: sidesOf(e.New, c), Diff: e.Diff}
	if len(e.Diff) == 0 {
		ss := e.New
		if len(ss) == 0 {
			ss = e.Old
		}
		var ts []string
		for _, s := range ss {
			ts = append(ts, s.Text)
		}
		v.Text = strings.Join(ts, " ")
	}
	return v
}

func sidesOf(ss []compare.Side, c *corpus.Corpus) []sideView {
	var out []sideView
	for _, s := range ss {
		out = append(out, sideView{Label: s.Label, Href: passageHref(c, s.Passage), Text: s.Text})
	}
	return out
}

func factSideOf(s *compare.FactSide, c *corpus.Corpus) *factSideView {
	if s == nil {
		return nil
	}
	v := &factSideView{Value: s.Value}
	for _, ct := range s.Cites {
		v.Cites = append(v.Cites, sideView{Label: ct.Label, Href: passageHref(c, ct.Passage)})
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
