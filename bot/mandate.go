package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"mandatebot/corpus"
	"mandatebot/corpus/compare"
	"mandatebot/index"
	"mandatebot/internal/words"

	"github.com/bwmarrin/discordgo"
)

// mandate answers from the resolutions when the corpus has them, and
// otherwise from the brief's account of the mandate, saying which.
func (b *Bot) mandate(ctx context.Context, r *reply, opts optionSet) error {
	topic := opts.str("topic")
	theme := opts.str("theme")
	if theme != "" {
		if _, ok := corpus.ThemeByID(theme); !ok {
			return userErrorf("There is no theme “%s”; pick one from the list.", cut(escapeMarkdown(theme), 60))
		}
	}
	if pair := opts.str("compare"); pair != "" {
		return b.compareMandates(ctx, r, pair, topic, theme)
	}
	c := b.cfg.Searcher.Corpus()
	if res := opts.str("resolution"); res != "" {
		d := c.ResolutionNamed(res)
		if d == nil {
			if sym := corpus.NormalizeSymbol(res); strings.HasPrefix(sym, "S/RES/") {
				return notInCorpus(sym)
			}
			return &compare.PairError{Problem: compare.NotFound, Name: res, Held: compare.Held(c)}
		}
		return b.mandateOf(ctx, r, d.Symbol, topic, theme)
	}
	if theme != "" {
		d := c.LatestResolution()
		if d == nil {
			return userErrorf("Themes tag the paragraphs of the resolutions, and the corpus holds none yet. An admin can add them with /reindex fetch:true; meanwhile try /mandate topic:.")
		}
		return b.mandateOf(ctx, r, d.Symbol, topic, theme)
	}
	if topic == "" {
		// The mandate's tasks: the resolution in force, or the brief's
		// account of it; never whatever a search for "mandate" finds.
		if d := c.LatestResolution(); d != nil {
			return b.mandateOf(ctx, r, d.Symbol, "", "")
		}
		l, err := accountListing(c, b.links)
		if err != nil {
			return err
		}
		return r.send(l.page(0))
	}
	hasResolutions := c.HasKind(corpus.KindResolution)
	q := index.Query{Text: topic, Limit: 3}
	note := "From the Security Council resolutions in the corpus."
	if hasResolutions {
		q.Kind = corpus.KindResolution
	} else {
		note = "The resolution texts are not in the corpus yet, so this is the brief's account of the mandate."
	}
	if !hasResolutions {
		// The brief's account: its passages on the mandate first. The
		// topic must be found on its own, though: the words added would
		// answer a topic the documents never mention ("zzzz").
		alone, err := b.cfg.Searcher.Search(ctx, index.Query{Text: topic, Limit: 1})
		if err != nil {
			return err
		}
		if len(alone.Hits) == 0 || alone.Weak {
			return userErrorf("The mandate says nothing I can find about “%s”. Try other words, or /ask.", cut(escapeMarkdown(topic), 200))
		}
		q.Text += " mandate resolution"
	}
	res, err := b.cfg.Searcher.Search(ctx, q)
	if err != nil {
		return err
	}
	if len(res.Hits) == 0 || res.Weak {
		return userErrorf("The mandate says nothing I can find about “%s”. Try other words, or /ask.", cut(escapeMarkdown(topic), 200))
	}
	return r.send(message{content: note, embeds: []*discordgo.MessageEmbed{answerEmbed(res.Hits, res.Corpus, b.links, maxReply-utf8.RuneCountInString(note))}})
}

// mandateOf lists a resolution's mandate paragraphs, grouped by heading
// and paged; on a topic, those a search finds; on a theme (a corpus.Theme
// id), those tagged with it.
func (b *Bot) mandateOf(ctx context.Context, r *reply, sym, topic, theme string) error {
	c := b.cfg.Searcher.Corpus()
	d := c.DocumentBySymbol(sym)
	if d == nil {
		return notInCorpus(sym)
	}
	if topic == "" {
		l, err := mandateListing(d, theme, c, b.links)
		if err != nil {
			return err
		}
		return r.send(l.page(0))
	}
	d, ps, err := b.operativeOnTopic(ctx, d, topic)
	if err != nil {
		return err
	}
	return r.send(onTopicListing(d, ps, topic, c, b.links).page(0))
}

// onTopicListing is what /mandate resolution: topic: shows of the
// paragraphs ps of d a search found, best first: as many of the best as
// fit one screen, in the resolution's order under their headings, and the
// others named, with how to read one.
func onTopicListing(d *corpus.Document, ps []*corpus.Passage, topic string, c *corpus.Corpus, lk links) paged {
	l := paged{title: d.Symbol + " on “" + cut(topic, 60) + "”", note: "From the text of the resolution.", doc: d, url: lk.document(d)}
	at := map[*corpus.Passage]int{}
	for i := range d.Passages {
		at[&d.Passages[i]] = i
	}
	for shown := len(ps); ; shown-- {
		// The best found, in the resolution's order: each heading once,
		// a paragraph before its sub-paragraphs, whose lead-in it is.
		best := slices.SortedFunc(slices.Values(ps[:shown]), func(a, b *corpus.Passage) int { return at[a] - at[b] })
		l.lines, l.last = groupedLines(d, best, c, lk), ""
		if rest := ps[shown:]; len(rest) > 0 {
			var names []string
			for _, p := range rest {
				names = append(names, lk.label(p, p.Label))
			}
			l.last = "Also found: " + strings.Join(names, ", ") + ". Read one with /cite, e.g. `/cite reference: " + d.Reference(rest[0]) + "`."
		}
		if shown == 1 || len(pageLines(l.lines, l.room())) == 1 {
			return l
		}
	}
}

// mandateListing is the paged list of d's mandate paragraphs, or of its
// operative paragraphs on theme when one is given.
func mandateListing(d *corpus.Document, theme string, c *corpus.Corpus, lk links) (paged, error) {
	l := paged{title: d.Symbol + " — mandate", note: "From the text of the resolution.", doc: d, url: lk.document(d),
		idFor: func(n int) string { return pageID(mandateList, d, theme, n, c) }}
	ps := d.MandatePassages()
	if theme != "" {
		th, ok := corpus.ThemeByID(theme)
		if !ok {
			return paged{}, errBrokenButton
		}
		ps = nil
		for i := range d.Passages {
			if p := &d.Passages[i]; p.IsOperative() && d.HasTheme(p, theme) {
				ps = append(ps, p)
			}
		}
		if len(ps) == 0 {
			return paged{}, userErrorf("No paragraph of %s is tagged %s (%s). Try /mandate topic: in your own words.", d.Symbol, th.Name, strings.ToLower(strings.TrimSuffix(th.Definition, ".")))
		}
		l.title = d.Symbol + " — " + th.Name
		l.note += " Theme: " + th.Definition + " (tagged by the terms in corpus/themes.json)"
	}
	l.lines = groupedLines(d, ps, c, lk)
	return l, nil
}

// paragraphLines lists paragraphs of d by label. A sub-paragraph listed
// under its parent shows only what it adds to the parent's lead-in, so a
// list of a mandate's tasks does not repeat "Decides that the mandate
// shall be the following:" before each; listed alone, it shows whole,
// once: a sibling listed after it (a search's order) shows its own
// words.
func paragraphLines(d *corpus.Document, ps []*corpus.Passage, c *corpus.Corpus, lk links) []string {
	listed := map[string]bool{} // labels listed, and parents whose lead-in was shown
	var lines []string
	for _, p := range ps {
		text := p.Text
		if i := strings.LastIndexByte(p.Label, '('); i > 0 {
			if listed[p.Label[:i]] {
				text = d.OwnText(p)
			}
			listed[p.Label[:i]] = true
		}
		listed[p.Label] = true
		lines = append(lines, lk.label(p, p.Label)+" "+lk.referenced(d, text, c))
	}
	return lines
}

// operativeOnTopic searches resolution d for topic and returns its
// operative paragraphs found, with d as the search saw it (a reindex may
// have come between).
func (b *Bot) operativeOnTopic(ctx context.Context, d *corpus.Document, topic string) (*corpus.Document, []*corpus.Passage, error) {
	sym := d.Symbol
	res, err := b.cfg.Searcher.Search(ctx, index.Query{Text: topic, Source: d.ID, Limit: 8})
	if err != nil {
		return nil, nil, err
	}
	if d = res.Corpus.DocumentBySymbol(sym); d == nil {
		return nil, nil, notInCorpus(sym)
	}
	var ps []*corpus.Passage
	for _, h := range res.Hits {
		if h.Passage.IsOperative() && !res.Weak {
			ps = append(ps, h.Passage)
		}
	}
	if len(ps) == 0 {
		return nil, nil, userErrorf("%s says nothing I can find about “%s”. Try other words.", sym, cut(escapeMarkdown(topic), 200))
	}
	return d, ps, nil
}

// pairSep joins the two resolutions of a /mandate compare: choice.
const pairSep = compare.PairSep

// resolutionPair reads the two resolutions of a compare: option, in
// either order; the earlier is old. Its error is compare.Pair's, which
// userMessage words.
func resolutionPair(c *corpus.Corpus, s string) (old, new *corpus.Document, err error) {
	names := compare.Names(s)
	if len(names) != 2 {
		return nil, nil, &compare.PairError{Problem: compare.NotTwo, Held: compare.Held(c)}
	}
	return compare.Pair(c, names)
}

// pairChoices offers every earlier → later pair of the corpus's
// resolutions that matches what was typed, consecutive pairs (a renewal
// against the one before) first.
func pairChoices(c *corpus.Corpus, typed string) []*discordgo.ApplicationCommandOptionChoice {
	rs := c.Resolutions()
	typed = strings.ToLower(strings.TrimSpace(typed))
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	for gap := 1; gap < len(rs); gap++ {
		for i := 0; i+gap < len(rs); i++ {
			name := rs[i].Symbol + pairSep + rs[i+gap].Symbol
			if !compare.Matches(name, typed) {
				continue
			}
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: cut(name, maxChoiceName), Value: cut(name, maxChoiceName)})
			if len(choices) == maxChoices {
				return choices
			}
		}
	}
	return choices
}

// compareMandates answers /mandate compare: the facts of the mandate side
// by side, the tasks added and dropped by theme, the counts of what
// changed and, as room allows, the paragraphs moved, merged, split and
// reworded (on topic, when one is given), with a button for the full list.
func (b *Bot) compareMandates(ctx context.Context, r *reply, pair, topic, theme string) error {
	c := b.cfg.Searcher.Corpus()
	old, new, err := resolutionPair(c, pair)
	if err != nil {
		return err
	}
	cmp, err := compare.Resolutions(ctx, old, new)
	if err != nil {
		return err // too large, or out of time: userMessage says which
	}
	th, _ := corpus.ThemeByID(theme)
	if theme != "" {
		cmp = cmp.OnTheme(theme)
		if len(cmp.Changes) == 0 {
			return userErrorf("Neither resolution has a paragraph tagged %s.", th.Name)
		}
	}
	if topic != "" {
		found, err := b.onTopic(ctx, old, new, topic)
		if err != nil {
			return err
		}
		cmp = cmp.Narrow(func(e compare.Entry) bool { return e.Change != compare.Unchanged && found(e) })
		if len(cmp.Changes) == 0 {
			return userErrorf("Neither resolution says anything I can find about “%s” that changed. Try other words, or compare without a topic.", cut(escapeMarkdown(topic), 200))
		}
	}
	title := old.Symbol + pairSep + new.Symbol + ": what changed"
	switch {
	case topic != "":
		title = old.Symbol + pairSep + new.Symbol + " on “" + cut(topic, 40) + "”"
	case theme != "":
		title = old.Symbol + pairSep + new.Symbol + ": " + th.Name
	}
	e := &discordgo.MessageEmbed{Title: cut(title, maxEmbedTitle), URL: b.links.compare(old, new), Description: compareSummary(cmp, old, new, theme != "", b.links),
		Footer: &discordgo.MessageEmbedFooter{Text: "Paragraphs are paired by what they say, not by number. Struck-through words were taken out, underlined words put in."}}
	m := message{embeds: []*discordgo.MessageEmbed{e}}
	if cmp.Changed() > 0 {
		m.components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Full list (only you)", Style: discordgo.SecondaryButton,
				CustomID: encodeID(compareButton, []string{corpus.Key(old.ID), corpus.Key(new.ID), orDash(theme), "0"}, c.Version())},
		}}}
	}
	return r.send(m)
}

// The summary's room: its description stays within summaryBudget
// characters, so that with its title and footer the reply reads at a
// glance, well within Discord's 2,000; the facts share factsBudget of it,
// and each kind of change gets perKind lines before any gets more.
const (
	summaryBudget = 1650
	factsBudget   = 1000
	perKind       = 4
)

// compareSummary is the summary of a comparison: the facts of the mandate
// first, then the tasks added and dropped by theme, the counts, and the
// other changes of the operative paragraphs as room allows. Each
// paragraph is named once: an added or removed one among the tasks, any
// other among the changes.
func compareSummary(cmp *compare.Comparison, old, new *corpus.Document, themed bool, lk links) string {
	var b strings.Builder
	room := summaryBudget - 160 // for the counts and the closing line
	add := func(s string) bool {
		if len([]rune(b.String()+s)) > room {
			return false
		}
		b.WriteString(s)
		return true
	}
	hiddenFacts := 0
	if len(cmp.Facts) > 0 {
		add("**The mandate**")
		for _, l := range factLines(cmp.Facts, lk) {
			if !add("\n• " + l) {
				hiddenFacts++
			}
		}
	}
	left := 0
	if lines := taskLines(cmp.Tasks, lk); len(lines) > 0 {
		sep := ""
		if b.Len() > 0 {
			sep = "\n\n"
		}
		free := room - len([]rune(b.String()+sep+tasksHeading))
		if lk.site.Published() && fits(lines, free) < len(lines) {
			// A link per paragraph takes more room than the tasks have:
			// their labels alone then, each linked on the comparison's
			// page, where the summary's title leads.
			if plain := taskLines(cmp.Tasks, links{}); fits(plain, free) > fits(lines, free) {
				lines = plain
			}
		}
		n := fits(lines, free)
		if n > 0 {
			add(sep + tasksHeading)
			for _, l := range lines[:n] {
				add("\n" + l.text)
			}
		}
		for _, l := range lines[n:] {
			left += l.n
		}
	}
	counts := fmt.Sprintf("**Operative paragraphs:** %s", cmp.Summary(compare.Operative))
	if !themed {
		counts += fmt.Sprintf("\n**Preambular paragraphs:** %s", cmp.Summary(compare.Preambular))
	}
	var more strings.Builder
	shown, listed := 0, 0
	for _, ch := range []compare.Change{compare.Moved, compare.Merged, compare.Split, compare.Reworded} {
		var lines []string
		for _, en := range cmp.Changes {
			if en.Change == ch && en.Part == compare.Operative {
				listed++
				lines = append(lines, "• "+changeLine(en, 200, false, lk))
			}
		}
		for k, l := range lines {
			add := "\n" + l
			if k == 0 {
				add = "\n\n**" + strings.ToUpper(string(ch[:1])) + string(ch[1:]) + fmt.Sprintf(" (%d)**", len(lines)) + add
			}
			if k == perKind || len([]rune(b.String()+counts+more.String()+add)) > room+60 {
				break
			}
			more.WriteString(add)
			shown++
		}
	}
	if b.Len() > 0 {
		b.WriteString("\n\n")
	}
	b.WriteString(counts)
	b.WriteString(more.String())
	switch {
	case hiddenFacts > 0 && lk.site.Published():
		fmt.Fprintf(&b, "\n\n*…and %s of the mandate, on %s.*", words.Count(hiddenFacts, "more fact"), linked("the comparison's page", lk.compare(old, new)))
	case hiddenFacts > 0:
		fmt.Fprintf(&b, "\n\n*…and %s of the mandate, for which there is no room here (an admin's `mandatebot compare` shows every one).*", words.Count(hiddenFacts, "more fact"))
	case left > 0:
		fmt.Fprintf(&b, "\n\n*…and %s added or dropped: the full list has all %d changes.*", words.Count(left, "more task"), cmp.Changed())
	case shown < listed:
		fmt.Fprintf(&b, "\n\n*…and %s: the full list has all %d changes.*", words.Count(listed-shown, "more operative change"), cmp.Changed())
	}
	return b.String()
}

// tasksHeading heads the tasks added and dropped in a summary.
const tasksHeading = "**Tasks added and dropped**"

// fits is how many of lines, in order, fit in room characters, each on a
// line of its own.
func fits(lines []taskLine, room int) int {
	n := 0
	for i, l := range lines {
		if n += len([]rune(l.text)) + 1; n > room {
			return i
		}
	}
	return len(lines)
}

// factLines are the facts of a mandate for a summary, together within
// factsBudget characters: a short one takes what it needs, the long ones
// share the rest, their values cut to fit. When a link to each of their
// paragraphs would leave the values too little room, they name their
// paragraphs by label alone, each linked on the comparison's page, where
// the summary's title leads.
func factLines(facts []compare.Fact, lk links) []string {
	render := func(lk links) (lines []string, total int) {
		full := make([]int, len(facts))
		for i, f := range facts {
			full[i] = len([]rune(factLine(f, 1<<20, lk)))
		}
		each := fairShare(full, factsBudget)
		for _, f := range facts {
			l := factLine(f, each, lk)
			lines = append(lines, l)
			total += len([]rune(l)) + 3
		}
		return lines, total
	}
	lines, total := render(lk)
	if total > factsBudget && lk.site.Published() {
		lines, _ = render(links{})
	}
	return lines
}

// fairShare returns the most each of lines (their lengths) may take so
// that together they take at most budget: the short ones whole, the rest
// an equal share of what is left; at least 120 each.
func fairShare(lines []int, budget int) int {
	sorted := slices.Sorted(slices.Values(lines))
	left := budget
	for i, n := range sorted {
		share := left / (len(sorted) - i)
		if n > share {
			return max(share, 120)
		}
		left -= n
	}
	return max(budget, 120)
}

// factLine is a fact of the mandate for Discord in about n characters,
// its values cut to fit and its paragraphs linked as lk links passages.
func factLine(f compare.Fact, n int, lk links) string {
	cites := func(s *compare.FactSide) string {
		var ls []string
		for _, c := range s.Cites {
			if lk.site.Published() {
				ls = append(ls, linked(c.Label, lk.site.PassageID(c.Passage)))
			} else {
				ls = append(ls, escapeMarkdown(c.Label))
			}
		}
		return strings.Join(ls, ", ")
	}
	// The values share what the title and the paragraphs, as rendered
	// (linked or not), leave of n.
	fixed := len([]rune(f.Line(func(*compare.FactSide) string { return "" }, cites))) + 4
	room := max((n-fixed)/2, 40)
	line := f.Line(func(s *compare.FactSide) string { return escapeMarkdown(cut(s.Value, room)) }, cites)
	title, rest, _ := strings.Cut(line, ": ")
	return "**" + title + ":** " + rest
}

// taskLine is a theme's line of tasks added and dropped, and how many
// tasks it names.
type taskLine struct {
	text string
	n    int
}

// taskLines lists the tasks added and dropped, a line per theme:
// "• **Protection of civilians** — added op. 13(a)(iv), op. 13(a)(v);
// dropped op. 16(b)(i)".
func taskLines(ts []compare.ThemeTask, lk links) []taskLine {
	var out []taskLine
	labels := func(ss []compare.Side) string {
		var ls []string
		for _, s := range ss {
			if lk.site.Published() {
				ls = append(ls, linked(s.Label, lk.site.PassageID(s.Passage)))
			} else {
				ls = append(ls, escapeMarkdown(s.Label))
			}
		}
		return strings.Join(ls, ", ")
	}
	for _, t := range ts {
		var parts []string
		if len(t.Added) > 0 {
			parts = append(parts, "added "+labels(t.Added))
		}
		if len(t.Dropped) > 0 {
			parts = append(parts, "dropped "+labels(t.Dropped))
		}
		out = append(out, taskLine{"• **" + escapeMarkdown(t.Name) + "** — " + strings.Join(parts, "; "), len(t.Added) + len(t.Dropped)})
	}
	return out
}

// onTopic returns whether an entry's paragraph, on either side, is among
// what a search for topic finds in that resolution.
func (b *Bot) onTopic(ctx context.Context, old, new *corpus.Document, topic string) (func(compare.Entry) bool, error) {
	found := map[string]bool{} // citation
	for _, d := range []*corpus.Document{old, new} {
		res, err := b.cfg.Searcher.Search(ctx, index.Query{Text: topic, Source: d.ID, Limit: 10})
		if err != nil {
			return nil, err
		}
		if res.Weak {
			continue
		}
		for _, h := range res.Hits {
			found[d.Citation(h.Passage)] = true
		}
	}
	return func(e compare.Entry) bool {
		for _, s := range append(slices.Clone(e.Old), e.New...) {
			if found[s.Citation] {
				return true
			}
		}
		return false
	}, nil
}

// changeLine is one change for Discord: the labels of both sides (or,
// cited, their full citations, linked as lk links passages), then the
// paragraph with the words taken out struck and those put in underlined,
// cut to about n characters.
func changeLine(e compare.Entry, n int, cited bool, lk links) string {
	name := func(s *compare.Side) string {
		if !cited {
			return s.Label
		}
		if lk.site.Published() {
			return linked(s.Citation, lk.site.PassageID(s.Passage))
		}
		return linked(s.Citation, s.URL)
	}
	labels := e.Heading(name)
	var text string
	switch {
	case len(e.Diff) > 0:
		var sb strings.Builder
		for _, s := range e.Diff {
			t := strings.TrimSpace(s.Text)
			if t == "" {
				sb.WriteString(s.Text)
				continue
			}
			switch s.Op {
			case "-":
				sb.WriteString("~~" + escapeMarkdown(t) + "~~ ")
			case "+":
				sb.WriteString("__" + escapeMarkdown(t) + "__ ")
			default:
				sb.WriteString(escapeMarkdown(s.Text))
			}
		}
		text = cutMarked(sb.String(), n)
	case len(e.New) > 0:
		text = cut(escapeMarkdown(sideTexts(e.New)), n)
	default:
		text = cut(escapeMarkdown(sideTexts(e.Old)), n)
	}
	return "**" + labels + "** " + text
}

// sideTexts joins the texts of an entry's paragraphs.
func sideTexts(ss []compare.Side) string {
	var ts []string
	for _, s := range ss {
		ts = append(ts, s.Text)
	}
	return strings.Join(ts, " ")
}

// cutMarked cuts text with ~~ and __ marks to about n characters without
// leaving a mark open.
func cutMarked(s string, n int) string {
	c := cut(s, n)
	if c == s {
		return s
	}
	c = strings.TrimRight(strings.TrimSuffix(c, "…"), " ")
	for _, mark := range []string{"~~", "__"} {
		// A mark cut in half, or opened just before the cut, goes.
		if strings.Count(c, mark)%2 == 1 && strings.HasSuffix(c, mark) {
			c = strings.TrimRight(strings.TrimSuffix(c, mark), " ")
		}
		c = strings.TrimSuffix(c, mark[:1]+" ")
		if strings.HasSuffix(c, mark[:1]) && !strings.HasSuffix(c, mark) {
			c = strings.TrimSuffix(c, mark[:1])
		}
		if strings.Count(c, mark)%2 == 1 {
			c += mark
		}
	}
	return c + "…"
}

// compareList is the full list behind the button: every change, operative
// then preambular, paged so that none is left out; the unchanged
// paragraphs are counted on the last page.
func compareList(cmp *compare.Comparison, old, new *corpus.Document, idFor func(page int) string, lk links) paged {
	var lines []string
	for _, part := range []compare.Part{compare.Operative, compare.Preambular} {
		for _, e := range cmp.Changes {
			if e.Part == part && e.Change != compare.Unchanged {
				lines = append(lines, "*"+string(e.Change)+"* "+changeLine(e, 1400, true, lk))
			}
		}
	}
	total := len(lines)
	if total == 0 {
		lines = []string{"The two resolutions say the same, paragraph for paragraph."}
	}
	return paged{title: cmp.Old + pairSep + cmp.New + ": every change", lines: lines, doc: new, url: lk.compare(old, new), idFor: idFor,
		items: "changes", total: total,
		last: fmt.Sprintf("Unchanged: %d operative and %d preambular paragraphs.", cmp.Count(compare.Operative, compare.Unchanged), cmp.Count(compare.Preambular, compare.Unchanged))}
}

// pageLines cuts lines into pages of at most budget characters (a line
// longer than that is a page of its own, cut), keeping every line.
func pageLines(lines []string, budget int) [][]string {
	var pages [][]string
	var cur []string
	n := 0
	for _, l := range lines {
		if len(cur) == 1 && isHeading(cur[0]) {
			// A heading and the first line under it stay together,
			// the line cut to what the heading leaves.
			l = cut(l, max(budget-n, 1))
		}
		l = cut(l, budget)
		size := len([]rune(l)) + 2
		if len(cur) > 0 && n+size > budget && !(len(cur) == 1 && isHeading(cur[0])) {
			// A heading goes with what it heads, to the next page.
			var carry []string
			if k := len(cur) - 1; k > 0 && isHeading(cur[k]) {
				cur, carry = cur[:k], []string{cur[k]}
			}
			pages = append(pages, cur)
			cur, n = carry, 0
			for _, c := range carry {
				n += len([]rune(c)) + 2
			}
		}
		cur = append(cur, l)
		n += size
	}
	return append(pages, cur)
}

// isHeading reports whether a line of a list is a heading over the lines
// after it ("__MINUSMA mandate__"), not an item of the list.
func isHeading(line string) bool {
	return len(line) > 4 && strings.HasPrefix(line, "__") && strings.HasSuffix(line, "__") && !strings.Contains(line[2:len(line)-2], "__")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// compareListClicked sends the full list of changes to whoever clicked.
func (b *Bot) compareListClicked(ctx context.Context, r *reply, cl click) error {
	oldKey, newKey, theme := cl.id.args[0], cl.id.args[1], cl.id.args[2]
	old, new := cl.corpus.DocumentByKey(oldKey), cl.corpus.DocumentByKey(newKey)
	if old == nil || new == nil || old.Kind != corpus.KindResolution || new.Kind != corpus.KindResolution {
		return userErrorf("One of these resolutions is no longer in the documents (they were reindexed). Compare again with /mandate compare:.")
	}
	cmp, err := compare.Resolutions(ctx, old, new)
	if err != nil {
		return err
	}
	if theme != "-" {
		if _, ok := corpus.ThemeByID(theme); !ok {
			return userErrorf("This button does not work (it may be from an old version of me, or tampered with). Compare again with /mandate compare:.")
		}
		cmp = cmp.OnTheme(theme)
	}
	page, err := strconv.Atoi(cl.id.args[3])
	if err != nil || page < 0 {
		return userErrorf("This button does not work (it may be from an old version of me, or tampered with). Compare again with /mandate compare:.")
	}
	list := compareList(cmp, old, new, func(to int) string {
		return encodeID(compareButton, []string{oldKey, newKey, theme, strconv.Itoa(to)}, cl.corpus.Version())
	}, b.links)
	m := list.page(page)
	m.content = joinNote(cl.note, m.content)
	// Paging the list turns the page in place; the summary's button, on
	// a public message, sends the list privately, even to its asker.
	return turnPage(r, m, false)
}
