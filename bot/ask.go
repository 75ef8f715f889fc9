package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"mandatebot/corpus"
	"mandatebot/feedback"
	"mandatebot/index"
)

const (
	maxHitsPerPage = 5
	defaultHits    = 3
)

// ask answers /ask: ranked passages, the best with its footnotes.
// smallTalkReply answers a message that asks nothing ("thanks!", "hi",
// an emoji): "You're welcome!" first only when it thanks.
func smallTalkReply(question string) string {
	for _, w := range strings.FieldsFunc(strings.ToLower(question), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if thanksWords[w] {
			return "You're welcome! " + aboutMe
		}
	}
	return aboutMe
}

// thanksWords thank, in English and French.
var thanksWords = map[string]bool{"thanks": true, "thank": true, "thx": true, "ty": true, "tyvm": true, "cheers": true, "merci": true, "appreciated": true}

// aboutMe says what the bot answers, with examples to try.
const aboutMe = "I answer questions about MINUSMA, the UN mission in Mali, from its mandate (Security Council resolutions) and a NUPI policy brief, citing where each answer comes from. Try `/ask question: why don't countries want to send troops north?` or `/ask question: what did 2164 change about the mandate?`; /help lists everything I do."

func (b *Bot) ask(ctx context.Context, r *reply, opts optionSet) error {
	count := min(max(opts.integer("count", defaultHits), 1), maxHitsPerPage)
	q := index.Query{Text: opts.str("question"), Source: opts.str("source"), Limit: count}
	res, err := b.cfg.Searcher.Search(ctx, q)
	if err != nil {
		return err
	}
	if res.SmallTalk {
		return r.send(message{content: smallTalkReply(res.Query), ephemeral: true})
	}
	if res.Weak {
		b.recordWeak(r, res)
	}
	r.question, r.weak = res.Query, res.Weak
	if len(res.Hits) > 0 {
		r.top = res.Hits[0].Passage.ID
	}
	m := b.answerMessage(res, q, "")
	m.ephemeral = opts.boolean("private") || m.ephemeral
	return r.send(m)
}

// recordWeak keeps a question no passage answered well, for /feedback.
func (b *Bot) recordWeak(r *reply, res *index.Result) {
	if b.cfg.Feedback == nil {
		return
	}
	var ids []string
	for _, h := range res.Hits[:min(len(res.Hits), 3)] {
		ids = append(ids, h.Passage.ID)
	}
	err := b.cfg.Feedback.Record(feedback.Entry{Kind: feedback.Weak, Question: res.Query, Passages: ids,
		Corpus: res.Corpus.Version(), User: b.cfg.Feedback.HashUser(userID(r.i))})
	if err != nil {
		b.log.Warn("could not record a weak answer", "err", err)
	}
}

// answerMessage renders a page of answers: the best passage as one embed
// (its citation linked to the source, the best sentence in bold with a
// short excerpt around it, its footnotes with their full links), the next
// ones as a line each, and buttons. note, when set, opens the message.
// Everything is read from the result's own corpus.
func (b *Bot) answerMessage(res *index.Result, q index.Query, note string) message {
	echo := cut(escapeMarkdown(res.Query), 300)
	unheld := ""
	if q.Offset == 0 {
		unheld = unheldNote(res.Unheld)
	}
	if res.Weak || len(res.Hits) == 0 {
		msg := fmt.Sprintf("Nothing in the documents answers “%s” well.", echo)
		if len(res.Absent) > 0 {
			msg = fmt.Sprintf("Nothing in the documents answers “%s” well: they never mention %s.", echo, escapeMarkdown(strings.Join(res.Absent, ", ")))
		}
		switch {
		case q.Offset > 0:
			msg = fmt.Sprintf("No more passages for “%s”.", echo)
		case len(res.Suggestions) > 0:
			msg += " Did you mean: " + escapeMarkdown(strings.Join(res.Suggestions, ", ")) + "?"
		default:
			msg += " The documents may not cover it: try other words, or see /sources for what I answer from."
		}
		if unheld != "" {
			msg += "\n" + unheld
		}
		return message{content: joinNote(note, msg), ephemeral: true}
	}
	c := res.Corpus
	ver := c.Version()
	var buttons []discordgo.MessageComponent
	for _, h := range res.Hits {
		buttons = append(buttons, discordgo.Button{
			Label: fmt.Sprintf("Full passage %d", h.Rank), Style: discordgo.SecondaryButton,
			CustomID: encodeID(fullButton, []string{corpus.Key(h.Passage.ID)}, ver),
		})
	}
	src := "-"
	if q.Source != "" {
		src = corpus.Key(q.Source)
	}
	if q.Offset > 0 {
		// Wherever there is a next page, the way back too.
		size := max(q.Limit, 1)
		buttons = append(buttons, discordgo.Button{
			Label: "◀ Previous", Style: discordgo.SecondaryButton,
			CustomID: encodeID(moreButton, []string{strconv.Itoa(max(q.Offset-size, 0)), strconv.Itoa(size), src}, ver),
		})
	}
	if res.Total > q.Offset+len(res.Hits) {
		buttons = append(buttons, discordgo.Button{
			Label: "More results", Style: discordgo.PrimaryButton,
			CustomID: encodeID(moreButton, []string{strconv.Itoa(q.Offset + len(res.Hits)), strconv.Itoa(len(res.Hits)), src}, ver),
		})
	}
	var rows []discordgo.MessageComponent
	for len(buttons) > 0 {
		n := min(len(buttons), maxButtonsPerRow)
		rows = append(rows, discordgo.ActionsRow{Components: buttons[:n]})
		buttons = buttons[n:]
	}
	if b.cfg.Feedback != nil {
		rows = append(rows, voteRow(res.Hits, ver))
	}
	content := questionLine(res.Query)
	if res.Language == "fr" {
		content += " *(question lue en français)*"
	}
	if unheld != "" {
		content += "\n" + unheld
	}
	if len(res.Absent) > 0 && q.Offset == 0 {
		content += "\n*The documents never mention: " + escapeMarkdown(strings.Join(res.Absent, ", ")) + ". These are the passages nearest the rest of the question.*"
	}
	content = joinNote(note, content)
	return message{content: content, embeds: []*discordgo.MessageEmbed{answerEmbed(res.Hits, c, b.links, maxReply-utf8.RuneCountInString(content))}, components: rows}
}

// unheldNote says which resolutions a question names that the corpus
// lacks, with their links at the UN and how an admin adds them; "" when
// it names none.
func unheldNote(syms []string) string {
	if len(syms) == 0 {
		return ""
	}
	var links []string
	for _, s := range syms {
		links = append(links, linked(s, corpus.SymbolURL(s)))
	}
	verb := "is"
	if len(syms) > 1 {
		verb = "are"
	}
	return fmt.Sprintf("*%s %s not in the corpus yet, so nothing here is from it; an admin can add it with /reindex fetch:true or `mandatebot fetch \"%s\"`.*", strings.Join(links, ", "), verb, syms[0])
}

// voteRow is the 👍 / 👎 pair under an answer, naming its first passages.
func voteRow(hits []index.Hit, ver string) discordgo.ActionsRow {
	var keys []string
	for _, h := range hits[:min(len(hits), 3)] {
		keys = append(keys, corpus.Key(h.Passage.ID))
	}
	ks := strings.Join(keys, ".")
	return discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👍"}, Style: discordgo.SecondaryButton, CustomID: encodeID(voteButton, []string{feedback.Up, ks}, ver)},
		discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👎"}, Style: discordgo.SecondaryButton, CustomID: encodeID(voteButton, []string{feedback.Down, ks}, ver)},
	}}
}

func joinNote(note, s string) string {
	if note == "" {
		return s
	}
	return note + "\n" + s
}

// questionLine shows the question in bold; questionOf reads it back.
func questionLine(q string) string { return "**" + escapeMarkdown(q) + "**" }

// questionOf reads the question back from the first line of an answer's
// content, undoing questionLine.
func questionOf(content string) string {
	line, _, _ := strings.Cut(content, "\n")
	if strings.HasSuffix(line, "*(question lue en français)*") {
		line = strings.TrimSpace(strings.TrimSuffix(line, "*(question lue en français)*"))
	}
	if !strings.HasPrefix(line, "**") || !strings.HasSuffix(line, "**") || len(line) < 4 {
		return ""
	}
	return unescapeMarkdown(line[2 : len(line)-2])
}

// fullPassage answers "Full passage": the whole passage and its
// footnotes, privately, in pages when it is longer than a screen.
func (b *Bot) fullPassage(ctx context.Context, r *reply, c click) error {
	p := c.corpus.PassageByKey(c.id.args[0])
	if p == nil {
		return userErrorf("That passage is no longer in the documents (they were reindexed). Ask again with /ask.")
	}
	m := b.passagePage(p, c.corpus, 0)
	m.content = joinNote(c.note, m.content)
	return r.send(m)
}

// morePage answers "More results". The asker's own click turns their
// message to the next page; anyone else gets the page privately, so no
// click posts a public message. It searches, so it counts against the
// question limit.
func (b *Bot) morePage(ctx context.Context, r *reply, c click) error {
	offset, err1 := strconv.Atoi(c.id.args[0])
	count, err2 := strconv.Atoi(c.id.args[1])
	if err1 != nil || err2 != nil || offset < 0 || offset > index.MaxOffset || count < 1 || count > maxHitsPerPage {
		return errBrokenButton
	}
	question := ""
	if r.i.Message != nil {
		question = questionOf(r.i.Message.Content)
	}
	if question == "" {
		return userErrorf("I can't read the question this button belongs to. Ask again with /ask.")
	}
	q := index.Query{Text: question, Offset: offset, Limit: count}
	if src := c.id.args[2]; src != "-" {
		d := c.corpus.DocumentByKey(src)
		if d == nil {
			return userErrorf("The document this answer was limited to is no longer there. Ask again with /ask.")
		}
		q.Source = d.ID
	}
	if wait, ok := b.limiter.Allow(userID(r.i)); !ok {
		return rateLimited(wait)
	}
	res, err := b.cfg.Searcher.Search(ctx, q)
	if err != nil {
		return err
	}
	m := b.answerMessage(res, q, c.note)
	if askerOf(r.i.Message) == userID(r.i) && !m.ephemeral {
		return r.update(m)
	}
	m.ephemeral = true
	return r.send(m)
}

// vote records a 👍 or 👎 on an answer, privately thanking who voted. A
// second vote by the same member on the same answer replaces the first.
func (b *Bot) vote(ctx context.Context, r *reply, c click) error {
	kind := c.id.args[0]
	if kind != feedback.Up && kind != feedback.Down {
		return errBrokenButton
	}
	if b.cfg.Feedback == nil {
		return userErrorf("Votes are not kept by this bot.")
	}
	var ids []string
	for _, k := range strings.Split(c.id.args[1], ".") {
		if p := c.corpus.PassageByKey(k); p != nil {
			ids = append(ids, p.ID)
		}
	}
	e := feedback.Entry{Kind: kind, Passages: ids, Corpus: c.id.version, User: b.cfg.Feedback.HashUser(userID(r.i))}
	if r.i.Message != nil {
		e.Question = questionOf(r.i.Message.Content)
		e.Answer = r.i.Message.ID
	}
	if err := b.cfg.Feedback.Record(e); err != nil {
		return fmt.Errorf("record a vote: %w", err)
	}
	thanks := "Thanks: your 👍 is recorded."
	if kind == feedback.Down {
		thanks = "Thanks: your 👎 is recorded. Admins see it with /feedback and can add what is missing."
	}
	return r.send(message{content: thanks, ephemeral: true})
}

// askerOf returns who asked for the message a button sits on.
func askerOf(m *discordgo.Message) string {
	switch {
	case m == nil:
		return ""
	case m.InteractionMetadata != nil && m.InteractionMetadata.User != nil:
		return m.InteractionMetadata.User.ID
	case m.Interaction != nil && m.Interaction.User != nil:
		return m.Interaction.User.ID
	}
	return ""
}
