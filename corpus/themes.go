package corpus

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// Theme is one of the themes of UN peacekeeping mandates ("protection of
// civilians", "elections"), from the curated list in themes.json.
type Theme struct {
	ID         string   `json:"id"`   // "protection-of-civilians": what /mandate theme: and --theme take
	Name       string   `json:"name"` // "Protection of civilians"
	Aliases    []string `json:"aliases"`
	Definition string   `json:"definition"`
	Terms      []string `json:"terms"` // lower-case, matched at the start of a word
}

//go:embed themes.json
var themesJSON []byte

// themes is the curated list, read once, and themeTerms its terms in
// the form themeText gives text, theme by theme.
var (
	themes     = mustThemes(themesJSON)
	themeTerms = normalizedTerms(themes)
)

func normalizedTerms(ts []Theme) [][]string {
	out := make([][]string, len(ts))
	for i, t := range ts {
		for _, term := range t.Terms {
			out[i] = append(out[i], themeText(term))
		}
	}
	return out
}

func mustThemes(b []byte) []Theme {
	ts, err := parseThemes(b)
	if err != nil {
		panic("corpus/themes.json: " + err.Error())
	}
	return ts
}

func parseThemes(b []byte) ([]Theme, error) {
	var f struct {
		Themes []Theme `json:"themes"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, t := range f.Themes {
		switch {
		case t.ID == "" || t.Name == "" || t.Definition == "" || len(t.Terms) == 0:
			return nil, fmt.Errorf("theme %q lacks an id, a name, a definition or terms", t.ID)
		case seen[t.ID]:
			return nil, fmt.Errorf("theme %q twice", t.ID)
		}
		seen[t.ID] = true
		for _, term := range t.Terms {
			if term != strings.ToLower(strings.TrimSpace(term)) || term == "" {
				return nil, fmt.Errorf("theme %q: term %q must be lower case, without surrounding spaces", t.ID, term)
			}
		}
	}
	return f.Themes, nil
}

// Themes returns the themes of peacekeeping mandates, in the curated order.
func Themes() []Theme { return append([]Theme(nil), themes...) }

// ThemeByID returns the theme with id, or false.
func ThemeByID(id string) (Theme, bool) {
	id = strings.ToLower(strings.TrimSpace(id))
	for _, t := range themes {
		if t.ID == id {
			return t, true
		}
	}
	return Theme{}, false
}

var nonWordRE = regexp.MustCompile(`[^\p{L}\p{N}'-]+`)

// themeText is text as terms are matched against: lower case, curly
// apostrophes straightened, each run of spaces and punctuation other than
// commas one space, with a space in front so a term matches at a word
// start.
func themeText(s string) string {
	s = strings.ToLower(strings.ReplaceAll(s, "’", "'"))
	s = strings.ReplaceAll(s, ",", " , ")
	return " " + strings.Join(strings.Fields(nonWordRE.ReplaceAllStringFunc(s, func(m string) string {
		if strings.Contains(m, ",") {
			return " , "
		}
		return " "
	})), " ")
}

// ThemesOf returns the ids of the themes of an operative paragraph or
// sub-paragraph p of d: those with a term in its own text or in the
// heading it sits under (a parent sub-paragraph that ends with a colon,
// "(a) Security, stabilization and protection of civilians:"). Other
// passages have none.
func (d *Document) ThemesOf(p *Passage) []string {
	if d.Kind != KindResolution || !p.IsOperative() {
		return nil
	}
	text := d.OwnText(p)
	for _, parent := range d.parents(p) {
		own := strings.TrimSpace(d.OwnText(parent))
		if strings.HasSuffix(own, ":") && strings.Contains(parent.Label, "(") {
			text += "\n" + own
		}
	}
	return themesIn(text)
}

func themesIn(text string) []string {
	t := themeText(text)
	var ids []string
	for i, th := range themes {
		for _, term := range themeTerms[i] {
			if strings.Contains(t, term) {
				ids = append(ids, th.ID)
				break
			}
		}
	}
	return ids
}

// HasTheme reports whether passage p of d has theme id.
func (d *Document) HasTheme(p *Passage, id string) bool {
	for _, t := range d.ThemesOf(p) {
		if t == id {
			return true
		}
	}
	return false
}
