package bot

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/bwmarrin/discordgo"

	"mandatebot/corpus"
	"mandatebot/index"
)

// refRE reads the paragraph part of a reference: an optional kind ("op",
// "para", "paragraph", "§", "pp", "preamble") and a number with up to three
// sub-paragraph marks, spaces allowed: "op 13(a)", "para. 16", "13 (a) (i)".
var refRE = regexp.MustCompile(`(?i)(?:\b(op|operative|para|paragraph|pp|preamble|preambular)\b\.?|§)?\s*(\d{1,3})\s*((?:\(\s*[a-z]{1,5}\s*\)\s*){0,3})\s*$`)

var (
	// bareResolutionRE reads a resolution given by number: "2164",
	// "res 2164", "resolution 2164 (2014)", then the rest.
	bareResolutionRE = regexp.MustCompile(`^(?i)(?:res(?:olution)?\.?\s*)?(\d{3,4})(?:\s*\((\d{4})\))?\b(.*)$`)
	// leadingSymbolRE matches a UN symbol at the start of a reference.
	leadingSymbolRE = regexp.MustCompile(`^\s*S/(?:RES/\d{1,4}(?:\s*\(\d{4}\))?|PV\.\d{1,5}|PRST/\d{4}/\d{1,3}|\d{4}/\d{1,4})`)
)

// reference is a parsed "/cite" reference.
type reference struct {
	symbol string // normalised UN symbol
	label  string // "op. 13(a)(i)", "pp. 2", "para. 12"
}

// parseReference reads "2164 op 13(a)", "S/RES/2100 para 16",
// "S/2014/692 para 12" and the like.
func parseReference(s string) (reference, error) {
	s = strings.TrimSpace(s)
	example := "Write it like: 2164 op 13(a), S/RES/2100 para 16, or S/2014/692 para 12."
	if s == "" {
		return reference{}, userErrorf("Give a reference. %s", example)
	}
	up := strings.ToUpper(s)
	sym := corpus.NormalizeSymbol(up)
	rest := ""
	if sym != "" {
		// Everything after the symbol (and its year) is the paragraph.
		loc := symbolEnd(up)
		rest = s[loc:]
	} else if m := bareResolutionRE.FindStringSubmatch(s); m != nil {
		sym = corpus.NormalizeSymbol("S/RES/" + m[1] + yearPart(m[2]))
		rest = m[3]
	}
	if sym == "" {
		return reference{}, userErrorf("I can't tell which document %q means. %s", cut(s, 100), example)
	}
	m := refRE.FindStringSubmatch(strings.TrimSpace(strings.Trim(rest, ",;: ")))
	if m == nil || m[2] == "" {
		return reference{}, userErrorf("I found the document %s but not which paragraph. %s", sym, example)
	}
	kind := "op"
	switch strings.ToLower(m[1]) {
	case "pp", "preamble", "preambular":
		kind = "pp"
	case "para", "paragraph", "op", "operative", "":
		if !strings.HasPrefix(sym, "S/RES/") {
			kind = "para"
		}
	}
	marks := strings.NewReplacer(" ", "", "\t", "").Replace(strings.ToLower(m[3]))
	return reference{symbol: sym, label: kind + ". " + m[2] + marks}, nil
}

func yearPart(y string) string {
	if y == "" {
		return ""
	}
	return " (" + y + ")"
}

// symbolEnd returns where the UN symbol at the start of s ends.
func symbolEnd(s string) int {
	if loc := leadingSymbolRE.FindStringIndex(s); loc != nil {
		return loc[1]
	}
	return 0
}

// notInCorpus is the message for a UN document the corpus lacks.
func notInCorpus(sym string) error {
	return userErrorf("%s is not in the corpus yet. An admin can add it with `mandatebot fetch \"%s\"` or /reindex fetch:true.", sym, sym)
}

func (b *Bot) cite(ctx context.Context, r *reply, data discordgo.ApplicationCommandInteractionData) error {
	ref, err := parseReference(optString(options(data), "reference"))
	if err != nil {
		return err
	}
	c := b.cfg.Searcher.Corpus()
	d := c.DocumentBySymbol(ref.symbol)
	if d == nil {
		return notInCorpus(ref.symbol)
	}
	for i := range d.Passages {
		p := &d.Passages[i]
		if p.Label != ref.label {
			continue
		}
		e := &discordgo.MessageEmbed{
			Title: cut(d.Citation(p), maxEmbedTitle), URL: d.URL,
			Description: cut(escapeMarkdown(p.Text), maxEmbedDesc-100),
			Footer:      &discordgo.MessageEmbedFooter{Text: cut(d.Title, maxFooter)},
		}
		return r.send(message{embeds: []*discordgo.MessageEmbed{e}})
	}
	return userErrorf("%s has no %s. %s", ref.symbol, ref.label, nearLabels(d, ref.label))
}

// nearLabels suggests the labels of d that start like label.
func nearLabels(d *corpus.Document, label string) string {
	prefix := label
	if i := strings.IndexByte(prefix, '('); i > 0 {
		prefix = prefix[:i]
	}
	var near []string
	for _, p := range d.Passages {
		if strings.HasPrefix(p.Label, prefix) {
			near = append(near, p.Label)
		}
	}
	if len(near) == 0 {
		return fmt.Sprintf("Its paragraphs run %s to %s.", d.Passages[0].Label, d.Passages[len(d.Passages)-1].Label)
	}
	if len(near) > 12 {
		near = append(near[:12], "…")
	}
	return "Did you mean: " + strings.Join(near, ", ") + "?"
}

// mandateOf lists a resolution's mandate paragraphs, filtered by topic.
func (b *Bot) mandateOf(ctx context.Context, r *reply, sym, topic string) error {
	c := b.cfg.Searcher.Corpus()
	d := c.DocumentBySymbol(sym)
	if d == nil {
		return notInCorpus(sym)
	}
	var ps []*corpus.Passage
	if topic != "" {
		if err := checkQuestion(topic); err != nil {
			return err
		}
		res, err := b.search(ctx, index.Query{Text: topic, Source: d.ID, Limit: 8})
		if err != nil {
			return err
		}
		for _, h := range res.Hits {
			if h.Passage.IsOperative() && !res.Weak {
				ps = append(ps, h.Passage)
			}
		}
		if len(ps) == 0 {
			return userErrorf("%s says nothing I can find about “%s”. Try other words.", sym, cut(escapeMarkdown(topic), 200))
		}
	} else {
		// The mandate section if the resolution has one, else every
		// operative paragraph.
		for i := range d.Passages {
			p := &d.Passages[i]
			if p.IsOperative() && strings.Contains(strings.ToLower(p.Section), "mandate") {
				ps = append(ps, p)
			}
		}
		if len(ps) == 0 {
			for i := range d.Passages {
				if d.Passages[i].IsOperative() {
					ps = append(ps, &d.Passages[i])
				}
			}
		}
	}
	var lines []string
	for _, p := range ps {
		lines = append(lines, fmt.Sprintf("**%s** %s", p.Label, escapeMarkdown(p.Text)))
	}
	title := d.Symbol + " — mandate"
	if topic != "" {
		title = d.Symbol + " on “" + cut(topic, 60) + "”"
	}
	es := listEmbeds(title, lines, d)
	content := "From the text of the resolution."
	if shown := countShown(es); shown < len(lines) {
		content += fmt.Sprintf(" Showing %d of %d paragraphs; add a topic to narrow them down, or use /cite.", shown, len(lines))
	}
	return r.send(message{content: content, embeds: es})
}

// countShown counts the paragraphs listEmbeds fitted (they are separated
// by blank lines).
func countShown(es []*discordgo.MessageEmbed) int {
	n := 0
	for _, e := range es {
		if e.Description != "" {
			n += strings.Count(e.Description, "\n\n") + 1
		}
	}
	return n
}
