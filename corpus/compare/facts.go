package compare

import (
	"regexp"
	"slices"
	"strings"

	"mandatebot/corpus"
)

// FactKind is a fact of a mandate that a renewal may change.
type FactKind string

// The facts, in the order a comparison shows them.
const (
	FactMandate    FactKind = "mandate"    // how long the mandate runs: "until 30 June 2015"
	FactCeiling    FactKind = "ceiling"    // the personnel it may deploy: "11,200 military personnel"
	FactPriorities FactKind = "priorities" // the headings its tasks are grouped under
	FactForce      FactKind = "force"      // who is authorised to use all necessary means, for what
	FactReporting  FactKind = "reporting"  // when the Secretary-General reports
)

// FactKinds lists the facts in the order a comparison shows them.
var FactKinds = []FactKind{FactMandate, FactCeiling, FactPriorities, FactForce, FactReporting}

// Name is how a fact of kind k is introduced: "Mandate", "Use of force".
func (k FactKind) Name() string {
	switch k {
	case FactMandate:
		return "Mandate"
	case FactCeiling:
		return "Ceiling"
	case FactPriorities:
		return "Priorities"
	case FactForce:
		return "Use of force"
	case FactReporting:
		return "Reporting"
	}
	return string(k)
}

// links reports whether paragraphs that state a fact of kind k are the
// same paragraph for the alignment: one paragraph states it, whereas
// priorities are the headings of many.
func (k FactKind) links() bool { return k != FactPriorities }

// Fact is one fact of the mandate in both resolutions.
type Fact struct {
	Kind   FactKind   `json:"kind"`
	Name   string     `json:"name"`   // "Use of force"
	About  string     `json:"about"`  // whom it concerns, when a resolution states it of several: "MINUSMA", "French forces"
	Change FactChange `json:"change"` // how it changed
	Old    *FactSide  `json:"old"`    // nil when the earlier resolution does not state it
	New    *FactSide  `json:"new"`
}

// FactChange says how a fact changed.
type FactChange string

// How a fact changes.
const (
	FactUnchanged FactChange = "unchanged"
	FactChanged   FactChange = "changed"
	FactNew       FactChange = "new"  // only the later resolution states it
	FactGone      FactChange = "gone" // only the earlier one does
)

// FactSide is a fact as one resolution states it.
type FactSide struct {
	Value  string   `json:"value"`  // in a line: "11,200 military personnel, 1,440 police personnel"
	Values []string `json:"values"` // the figures, dates, names and headings it is made of, each as the text has it
	Cites  []Cite   `json:"cites"`  // the paragraphs that state it
}

// Cite is a paragraph a fact stands in.
type Cite struct {
	Passage  string `json:"passage"`
	Label    string `json:"label"`
	Citation string `json:"citation"`
	URL      string `json:"url,omitempty"`
}

// Labels is the labels of the paragraphs that state the fact, joined:
// "op. 13(a), op. 13(b)".
func (s *FactSide) Labels() string {
	var ls []string
	for _, c := range s.Cites {
		ls = append(ls, c.Label)
	}
	return strings.Join(ls, ", ")
}

func (f Fact) cites(passages map[string]bool) bool {
	for _, s := range []*FactSide{f.Old, f.New} {
		if s == nil {
			continue
		}
		for _, c := range s.Cites {
			if passages[c.Passage] {
				return true
			}
		}
	}
	return false
}

// fact is a fact as extracted from one resolution.
type fact struct {
	kind   FactKind
	about  string   // as the text names it
	values []string // as the text has them
	labels []string // the paragraphs that state them
}

const month = `(?:January|February|March|April|May|June|July|August|September|October|November|December)`

// The rules facts are read by. Each value is a stretch of a paragraph's
// own text, so a fact always cites the words it stands on.
var (
	mandateWordRE = regexp.MustCompile(`(?i)\bmandate\b`)
	mandateVerbRE = regexp.MustCompile(`(?i)\b(?:extend|renew|prolong|establish)\w*`)
	untilRE       = regexp.MustCompile(`(?i)\b(?:until|till|ending on|expiring on|terminating on|through)\s+(?:the\s+end\s+of\s+)?(?:\d{1,2}\s+` + month + `|` + month + `(?:\s+\d{1,2},?)?)\s+\d{4}\b|\buntil\s+further\s+notice\b`)
	periodRE      = regexp.MustCompile(`(?i)\b(?:(?:an?|another)\s+)?(?:(?:initial|further|final|additional)\s+)?period\s+of\s+(?:\w+\s+)?(?:\(\d+\)\s+)?(?:days|weeks|months|years|month|year)\b|\bfor\s+(?:(?:a|an|another)\s+)?(?:(?:further|final|additional)\s+)?(?:\w+|\d+)\s+(?:\(\d+\)\s+)?(?:days|weeks|months|years)\b`)
	holderRE      = regexp.MustCompile(`\bmandate of (?:the )?(?:[A-Z][\w-]*\s+){0,10}?\(?([A-Z][A-Z-]{2,}[a-z]?)\b|\(([A-Z][A-Z-]{2,}[a-z]?)\)`)

	personnelRE   = regexp.MustCompile(`\b(?:\d{1,3}(?:,\d{3})+|\d{1,3})\s+(?:[\w-]+\s+){0,3}?(?:personnel|troops|observers|officers|police|units|military|peacekeepers|soldiers|advisers|monitors)\b(?:\s+(?:personnel|observers|officers|units))?`)
	ceilingWordRE = regexp.MustCompile(`(?i)\bceiling|\bup to\b|\bauthori[sz]ed\s+(?:\w+\s+)?(?:strength|level|ceiling)|\bcompris|\bmaximum|\btotal of\b|\bstrength\b|\bincrease|\breduc|\bdecrease|\bconsist of\b|\btroop levels?\b`)

	forceRE    = regexp.MustCompile(`(?i)\bauthori[sz]es\s+(.{1,150}?)\s+to\s+((?:use|take)\s+all\s+necessary\s+(?:means|measures|action))`)
	scopeRE    = regexp.MustCompile(`(?i)\bto carry out (?:fully )?its mandate(?:\s+as\s+(?:set out|defined|described|outlined|provided)\s+in\s+(?:sub-?)?paragraphs?\s+[^;]*)?`)
	scopeEndRE = regexp.MustCompile(`(?i),? and (?:requests|decides|further|calls|urges|stresses|underlines|emphasizes|encourages)\b|,\s+(?:within|in accordance|consistent|without)\b`)

	// The Secretary-General asked to report: what follows says when.
	reporterRE   = regexp.MustCompile(`(?i)\b(?:requests|invites|asks)\s+the\s+Secretary-?\s?General\b[^;]*?\breport`)
	reportWhenRE = regexp.MustCompile(`(?i)\bevery\s+(?:\w+\s+)?(?:\(\d+\)\s+)?(?:days|weeks|months|years|month|year)\b|\b(?:within|no later than|not later than)\s+(?:\w+\s+)?(?:\(\d+\)\s+)?(?:days|weeks|months)\b|\b(?:twice|once|three times|four times)\s+a\s+year\b|\b(?:quarterly|biannually|annually|semi-annually)\b|\bon\s+a\s+(?:quarterly|monthly|regular|biannual|semi-annual|six-monthly)\s+basis\b|\bby\s+\d{1,2}\s+` + month + `\s+\d{4}\b`)

	// A group heading with the text under it run together: "Support for
	// cultural preservation To assist …".
	headingThenTextRE = regexp.MustCompile(`^(\S.{2,150}?[\p{Ll})]) (?:To|In) \p{Ll}`)
)

// extractFacts reads the facts of a resolution's mandate from its
// operative paragraphs, by the rules above.
func extractFacts(d *corpus.Document) []fact {
	var out []fact
	var ceiling, reporting fact
	ceiling.kind, reporting.kind = FactCeiling, FactReporting
	aboutSeen := map[FactKind]map[string]int{FactMandate: {}, FactForce: {}}
	add := func(f fact) {
		key := strings.ToLower(f.about)
		if i, ok := aboutSeen[f.kind][key]; ok {
			out[i].values = appendNew(out[i].values, f.values...)
			out[i].labels = appendNew(out[i].labels, f.labels...)
			return
		}
		aboutSeen[f.kind][key] = len(out)
		out = append(out, f)
	}
	var priorities fact
	priorities.kind = FactPriorities
	// The headings of a list of tasks count when the whole list is
	// headings: a list of tasks with one set off by a colon has no
	// priorities.
	headed, lettered := map[string]int{}, map[string]int{}
	for i := range d.Passages {
		p := &d.Passages[i]
		if !p.IsOperative() {
			continue
		}
		own := markRE.ReplaceAllString(strings.Join(strings.Fields(d.OwnText(p)), " "), "")
		// Cheap tests first: the rules are regular expressions.
		lower := strings.ToLower(own)
		if strings.Contains(lower, "mandate") && mandateWordRE.MatchString(own) && mandateVerbRE.MatchString(own) {
			var vs []string
			for _, m := range periodRE.FindAllString(own, -1) {
				vs = appendNew(vs, m)
			}
			for _, m := range untilRE.FindAllString(own, -1) {
				vs = appendNew(vs, m)
			}
			if len(vs) > 0 {
				about := ""
				if m := holderRE.FindStringSubmatch(own); m != nil {
					about = m[1] + m[2]
				}
				add(fact{kind: FactMandate, about: about, values: inTextOrder(own, vs), labels: []string{p.Label}})
			}
		}
		if strings.ContainsAny(own, "0123456789") && ceilingWordRE.MatchString(own) {
			if ms := personnelRE.FindAllString(own, -1); len(ms) > 0 {
				ceiling.values = appendNew(ceiling.values, ms...)
				ceiling.labels = appendNew(ceiling.labels, p.Label)
			}
		}
		if strings.Contains(lower, "necessary") {
			force(own, p.Label, add)
		}
		if strings.Contains(lower, "report") && strings.Contains(lower, "secretary") {
			if at := reporterRE.FindStringIndex(own); at != nil {
				if ms := reportWhenRE.FindAllString(own[at[0]:], -1); len(ms) > 0 {
					reporting.values = appendNew(reporting.values, ms...)
					reporting.labels = appendNew(reporting.labels, p.Label)
				}
			}
		}
		if h := groupHeading(d, p, own); h != "" {
			priorities.values = append(priorities.values, h)
			priorities.labels = append(priorities.labels, p.Label)
			headed[p.Label[:strings.IndexByte(p.Label, '(')]]++
		}
		if strings.Count(p.Label, "(") == 1 {
			lettered[p.Label[:strings.IndexByte(p.Label, '(')]]++
		}
	}
	var kept fact
	kept.kind = FactPriorities
	for i, l := range priorities.labels {
		parent := l[:strings.IndexByte(l, '(')]
		if headed[parent] == lettered[parent] {
			kept.values = append(kept.values, priorities.values[i])
			kept.labels = append(kept.labels, l)
		}
	}
	for _, f := range []fact{ceiling, kept, reporting} {
		if len(f.values) > 0 {
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(x, y fact) int { return slices.Index(FactKinds, x.kind) - slices.Index(FactKinds, y.kind) })
	return out
}

// force reads who a paragraph authorises to use all necessary means, and
// for what.
func force(own, label string, add func(fact)) {
	m := forceRE.FindStringSubmatch(own)
	if m == nil {
		return
	}
	about, _, _ := strings.Cut(m[1], ",")
	about = strings.TrimSpace(about)
	vs := []string{about, m[2]}
	if s := scopeRE.FindString(own); s != "" {
		if e := scopeEndRE.FindStringIndex(s); e != nil {
			s = s[:e[0]]
		}
		vs = append(vs, strings.TrimRight(s, " ,"))
	}
	add(fact{kind: FactForce, about: about, values: vs, labels: []string{label}})
}

// groupHeading returns the heading that lettered sub-paragraph p of a
// mandate's list of tasks stands for, "" when p is not one: the
// sub-paragraphs of an operative paragraph that says what the mandate
// shall be ("… the mandate of MINUSMA shall be the following:") that
// head sub-paragraphs of their own, end with a colon, or run a heading
// and its text together.
func groupHeading(d *corpus.Document, p *corpus.Passage, own string) string {
	if strings.Count(p.Label, "(") != 1 {
		return ""
	}
	parent := d.PassageByLabel(p.Label[:strings.IndexByte(p.Label, '(')])
	if parent == nil {
		return ""
	}
	lead := strings.TrimSpace(parent.Text)
	if !strings.HasSuffix(lead, ":") || !mandateWordRE.MatchString(lead) {
		return ""
	}
	switch {
	case d.PassageByLabel(corpus.SubLabel(p.Label, "i")) != nil:
		return strings.TrimSuffix(own, ":")
	case strings.HasSuffix(own, ":"):
		return strings.TrimSuffix(own, ":")
	}
	if m := headingThenTextRE.FindStringSubmatch(own); m != nil && !strings.ContainsAny(m[1], ";:") {
		return m[1]
	}
	return ""
}

// appendNew appends the values of vs not in list.
func appendNew(list []string, vs ...string) []string {
	for _, v := range vs {
		if !slices.Contains(list, v) {
			list = append(list, v)
		}
	}
	return list
}

// inTextOrder orders values as they first stand in text.
func inTextOrder(text string, vs []string) []string {
	slices.SortStableFunc(vs, func(a, b string) int { return strings.Index(text, a) - strings.Index(text, b) })
	return vs
}

// factPair is a fact of both resolutions, or of one.
type factPair struct {
	kind     FactKind
	old, new *fact
}

// pairFacts pairs each fact of the earlier resolution with the same fact
// of the later: about the same mission or force, else stated by
// paragraphs the alignment paired, else in order.
func pairFacts(fs [2][]fact, at [2]map[string]*unit) []factPair {
	var out []factPair
	for _, k := range FactKinds {
		var olds, news []*fact
		for i := range fs[0] {
			if fs[0][i].kind == k {
				olds = append(olds, &fs[0][i])
			}
		}
		for i := range fs[1] {
			if fs[1][i].kind == k {
				news = append(news, &fs[1][i])
			}
		}
		usedNew := make([]bool, len(news))
		pairOld := make([]int, len(olds))
		for i := range pairOld {
			pairOld[i] = -1
		}
		match := func(same func(o, n *fact) bool) {
			for i, o := range olds {
				if pairOld[i] >= 0 {
					continue
				}
				for j, n := range news {
					if !usedNew[j] && same(o, n) {
						pairOld[i], usedNew[j] = j, true
						break
					}
				}
			}
		}
		match(func(o, n *fact) bool { return o.about != "" && strings.EqualFold(o.about, n.about) })
		match(func(o, n *fact) bool { return samePlace(o, n, at) })
		match(func(o, n *fact) bool { return true })
		for i, o := range olds {
			p := factPair{kind: k, old: o}
			if pairOld[i] >= 0 {
				p.new = news[pairOld[i]]
			}
			out = append(out, p)
		}
		for j, n := range news {
			if !usedNew[j] {
				out = append(out, factPair{kind: k, new: n})
			}
		}
	}
	return out
}

// samePlace reports whether the alignment put a paragraph stating o with
// one stating n.
func samePlace(o, n *fact, at [2]map[string]*unit) bool {
	for _, lo := range o.labels {
		for _, ln := range n.labels {
			if u, v := at[0][lo], at[1][ln]; u != nil && v != nil && u.g != nil && u.g == v.g {
				return true
			}
		}
	}
	return false
}

// factsOf describes each pair of facts for the reader.
func factsOf(pairs []factPair, docs [2]*corpus.Document) []Fact {
	out := []Fact{}
	for _, p := range pairs {
		f := Fact{Kind: p.kind, Name: p.kind.Name(), Old: sideOf(p.old, docs[0]), New: sideOf(p.new, docs[1])}
		switch {
		case p.new == nil:
			f.Change, f.About = FactGone, p.old.about
		case p.old == nil:
			f.Change, f.About = FactNew, p.new.about
		case sameValues(p.kind, p.old.values, p.new.values):
			f.Change, f.About = FactUnchanged, p.new.about
		default:
			f.Change, f.About = FactChanged, p.new.about
		}
		if p.kind != FactMandate && p.kind != FactForce {
			f.About = ""
		}
		out = append(out, f)
	}
	return out
}

func sideOf(f *fact, d *corpus.Document) *FactSide {
	if f == nil {
		return nil
	}
	s := &FactSide{Values: f.values, Value: valueOf(f)}
	for _, l := range f.labels {
		p := d.PassageByLabel(l)
		if p == nil {
			continue
		}
		s.Cites = append(s.Cites, Cite{Passage: p.ID, Label: p.Label, Citation: d.Citation(p), URL: d.Link()})
	}
	return s
}

// valueOf says a fact in a line.
func valueOf(f *fact) string {
	switch f.kind {
	case FactForce:
		return strings.Join(f.values[1:], ", ") // the first, whom it concerns, is in the title
	case FactPriorities:
		return strings.Join(f.values, "; ")
	}
	return strings.Join(f.values, ", ")
}

// sameValues compares two facts' values as a reader would: case and
// spacing aside, and, for the use of force, whoever it is granted to
// (the pairing matched them; "French troops" are "French forces").
func sameValues(k FactKind, a, b []string) bool {
	if k == FactForce {
		a, b = a[1:], b[1:]
	}
	norm := func(vs []string) []string {
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = strings.ToLower(strings.Join(strings.Fields(v), " "))
		}
		return out
	}
	return slices.Equal(norm(a), norm(b))
}

// ThemeTask is what a later resolution added to and dropped from the
// mandate's tasks on one theme (a corpus.Theme): the operative
// (sub-)paragraphs added, and those removed, each under its first theme
// (so each is listed once), those on none among the "Other tasks". A
// paragraph merged into another, split or reworded is not dropped: the
// list of changes says where it went.
type ThemeTask struct {
	Theme   string `json:"theme"` // a corpus.Theme's id; "" for the other tasks
	Name    string `json:"name"`  // "Protection of civilians"; "Other tasks"
	Added   []Side `json:"added"`
	Dropped []Side `json:"dropped"`
}

// tasksOf gathers the operative paragraphs added and removed, by theme.
func tasksOf(es []Entry) []ThemeTask {
	byTheme := map[string]*ThemeTask{}
	get := func(s Side) *ThemeTask {
		id := ""
		if len(s.Themes) > 0 {
			id = s.Themes[0]
		}
		if byTheme[id] == nil {
			t := &ThemeTask{Theme: id, Name: "Other tasks", Added: []Side{}, Dropped: []Side{}}
			if th, ok := corpus.ThemeByID(id); ok {
				t.Name = th.Name
			}
			byTheme[id] = t
		}
		return byTheme[id]
	}
	for _, e := range es {
		if e.Part != Operative {
			continue
		}
		switch e.Change {
		case Added:
			t := get(e.New[0])
			t.Added = append(t.Added, e.New[0])
		case Removed:
			t := get(e.Old[0])
			t.Dropped = append(t.Dropped, e.Old[0])
		}
	}
	out := []ThemeTask{}
	for _, th := range corpus.Themes() {
		if t := byTheme[th.ID]; t != nil {
			out = append(out, *t)
		}
	}
	if t := byTheme[""]; t != nil {
		out = append(out, *t)
	}
	return out
}

// Title names the fact: "Ceiling", "Mandate of MINUSMA", "Use of force
// by French forces".
func (f Fact) Title() string {
	switch {
	case f.About == "":
		return f.Name
	case f.Kind == FactForce:
		return f.Name + " by " + f.About
	}
	return f.Name + " of " + f.About
}

// Line says the fact in one line, as every front end shows it first:
// "Ceiling: 11,200 military personnel, 1,440 police personnel —
// unchanged (op. 12 → op. 11)", "Mandate of MINUSMA: an initial period of
// 12 months (op. 7) → until 30 June 2015 (op. 11)". value words a side's
// value (a front end cuts or escapes it), cites names its paragraphs (its
// labels, linked or not).
func (f Fact) Line(value func(*FactSide) string, cites func(*FactSide) string) string {
	switch f.Change {
	case FactUnchanged:
		return f.Title() + ": " + value(f.New) + " — unchanged (" + cites(f.Old) + PairSep + cites(f.New) + ")"
	case FactNew:
		return f.Title() + ": " + value(f.New) + " (" + cites(f.New) + ") — new"
	case FactGone:
		return f.Title() + ": " + value(f.Old) + " (" + cites(f.Old) + ") — no longer stated"
	}
	return f.Title() + ": " + value(f.Old) + " (" + cites(f.Old) + ")" + PairSep + value(f.New) + " (" + cites(f.New) + ")"
}
