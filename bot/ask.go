package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"mandatebot/corpus"
	"mandatebot/feedback"
	"mandatebot/index"
)

const (
	maxHitsPerPage = 5
	defaultHits    = 3
)

func (b *Bot) ask(ctx context.Context, r *reply, data discordgo.ApplicationCommandInteractionData) error {
	opts := options(data)
	question := optString(opts, "question")
	count := min(max(optInt(opts, "count", defaultHits), 1), maxHitsPerPage)
	q := index.Query{Text: question, Source: optString(opts, "source"), Limit: count}
	private := optBool(opts, "private")
	res, err := b.cfg.Searcher.Search(ctx, q)
	if err != nil {
		return err
	}
	if res.Weak && b.cfg.Feedback != nil {
		var ids []string
		for _, h := range res.Hits[:min(len(res.Hits), 3)] {
			ids = append(ids, h.Passage.ID)
		}
		err := b.cfg.Feedback.Record(feedback.Entry{Kind: feedback.Weak, Question: res.Query, Passages: ids,
			Corpus: b.cfg.Searcher.Corpus().Version(), User: b.cfg.Feedback.HashUser(userID(r.i))})
		if err != nil {
			b.log.Warn("could not record a weak answer", "err", err)
		}
	}
	r.question, r.weak = res.Query, res.Weak
	if len(res.Hits) > 0 {
		r.top = res.Hits[0].Passage.ID
	}
	m := b.answerMessage(res, q, "")
	m.ephemeral = private || m.ephemeral
	return r.send(m)
}

// Button custom ids carry everything a click needs, so buttons work after
// a restart and on any replica (Discord allows 100 characters):
//
//	full:<passage key>:<corpus version>
//	more:<offset>:<count>:<source key or ->:<corpus version>
//
// The question is read back from the message the button sits on.
const (
	fullButton = "full"
	moreButton = "more"
	voteButton = "vote" // vote:<up|down>:<passage keys, dot-separated>:<corpus version>
)

// answerMessage renders a page of answers: the best passage as one embed
// (its citation linked to the source, the best sentence in bold with a
// short excerpt around it, its footnotes with their full links), the next
// ones as a line each, and buttons. note, when set, opens the message.
func (b *Bot) answerMessage(res *index.Result, q index.Query, note string) message {
	echo := cut(escapeMarkdown(res.Query), 300)
	if res.Weak || len(res.Hits) == 0 {
		msg := fmt.Sprintf("Nothing in the documents answers “%s” well.", echo)
		switch {
		case q.Offset > 0:
			msg = fmt.Sprintf("No more passages for “%s”.", echo)
		case len(res.Suggestions) > 0:
			msg += " Did you mean: " + escapeMarkdown(strings.Join(res.Suggestions, ", ")) + "?"
		default:
			msg += " The documents may not cover it: try other words, or see /sources for what I answer from."
		}
		return message{content: joinNote(note, msg), ephemeral: true}
	}
	c := b.cfg.Searcher.Corpus()
	ver := c.Version()
	var buttons []discordgo.MessageComponent
	for _, h := range res.Hits {
		buttons = append(buttons, discordgo.Button{
			Label: fmt.Sprintf("Full passage %d", h.Rank), Style: discordgo.SecondaryButton,
			CustomID: strings.Join([]string{fullButton, corpus.Key(h.Passage.ID), ver}, ":"),
		})
	}
	if res.Total > q.Offset+len(res.Hits) {
		src := "-"
		if q.Source != "" {
			src = corpus.Key(q.Source)
		}
		buttons = append(buttons, discordgo.Button{
			Label: "More results", Style: discordgo.PrimaryButton,
			CustomID: strings.Join([]string{moreButton, strconv.Itoa(q.Offset + len(res.Hits)), strconv.Itoa(len(res.Hits)), src, ver}, ":"),
		})
	}
	var rows []discordgo.MessageComponent
	for len(buttons) > 0 {
		n := min(len(buttons), maxButtonsPerRow)
		rows = append(rows, discordgo.ActionsRow{Components: buttons[:n]})
		buttons = buttons[n:]
	}
	if b.cfg.Feedback != nil {
		var keys []string
		for _, h := range res.Hits[:min(len(res.Hits), 3)] {
			keys = append(keys, corpus.Key(h.Passage.ID))
		}
		ks := strings.Join(keys, ".")
		rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👍"}, Style: discordgo.SecondaryButton, CustomID: strings.Join([]string{voteButton, feedback.Up, ks, ver}, ":")},
			discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👎"}, Style: discordgo.SecondaryButton, CustomID: strings.Join([]string{voteButton, feedback.Down, ks, ver}, ":")},
		}})
	}
	content := questionLine(res.Query)
	if res.Language == "fr" {
		content += " *(question lue en français)*"
	}
	return message{content: joinNote(note, content), embeds: []*discordgo.MessageEmbed{answerEmbed(res.Hits, c)}, components: rows}
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

// button answers "Full passage" and "More results" from what the button
// and its message carry. The asker's own "More results" turns their
// message to the next page; anyone else gets the page privately, so no
// click posts a public message.
func (b *Bot) button(ctx context.Context, r *reply, data discordgo.MessageComponentInteractionData) error {
	parts := strings.Split(data.CustomID, ":")
	broken := userErrorf("This button does not work (it may be from an old version of me, or tampered with). Ask again with /ask.")
	if len(parts) > 5 || len(data.CustomID) > maxCustomID {
		return broken
	}
	c := b.cfg.Searcher.Corpus()
	note := ""
	if ver := parts[len(parts)-1]; ver != c.Version() {
		note = "*The documents have changed since this answer; this is from the current ones.*"
	}
	switch {
	case parts[0] == fullButton && len(parts) == 3:
		p := c.PassageByKey(parts[1])
		if p == nil {
			return userErrorf("That passage is no longer in the documents (they were reindexed). Ask again with /ask.")
		}
		return r.send(message{content: note, embeds: []*discordgo.MessageEmbed{fullEmbed(p, c)}, ephemeral: true})
	case parts[0] == compareButton && len(parts) == 5:
		return b.compareButtonClicked(r, parts[1], parts[2], parts[3], note)
	case parts[0] == voteButton && len(parts) == 4 && (parts[1] == feedback.Up || parts[1] == feedback.Down):
		return b.vote(r, parts[1], strings.Split(parts[2], "."), parts[3])
	case parts[0] == moreButton && len(parts) == 5:
		offset, err1 := strconv.Atoi(parts[1])
		count, err2 := strconv.Atoi(parts[2])
		if err1 != nil || err2 != nil || offset < 0 || offset > index.MaxOffset || count < 1 || count > maxHitsPerPage {
			return broken
		}
		question := ""
		if r.i.Message != nil {
			question = questionOf(r.i.Message.Content)
		}
		if question == "" {
			return userErrorf("I can't read the question this button belongs to. Ask again with /ask.")
		}
		q := index.Query{Text: question, Offset: offset, Limit: count}
		if parts[3] != "-" {
			d := c.DocumentByKey(parts[3])
			if d == nil {
				return userErrorf("The document this answer was limited to is no longer there. Ask again with /ask.")
			}
			q.Source = d.ID
		}
		if wait, ok := b.limiter.allow(userID(r.i)); !ok {
			return rateLimited(wait)
		}
		res, err := b.cfg.Searcher.Search(ctx, q)
		if err != nil {
			return err
		}
		m := b.answerMessage(res, q, note)
		if askerOf(r.i.Message) == userID(r.i) && !m.ephemeral {
			return r.update(m)
		}
		m.ephemeral = true
		return r.send(m)
	}
	return broken
}

// vote records a 👍 or 👎 on an answer, privately thanking who voted. A
// second vote by the same member on the same answer replaces the first.
func (b *Bot) vote(r *reply, kind string, keys []string, ver string) error {
	if b.cfg.Feedback == nil {
		return userErrorf("Votes are not kept by this bot.")
	}
	c := b.cfg.Searcher.Corpus()
	var ids []string
	for _, k := range keys {
		if p := c.PassageByKey(k); p != nil {
			ids = append(ids, p.ID)
		}
	}
	e := feedback.Entry{Kind: kind, Passages: ids, Corpus: ver, User: b.cfg.Feedback.HashUser(userID(r.i))}
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

// autocomplete offers the indexed documents for a "source" option, and
// the resolutions and pairs of them for /mandate's "resolution" and
// "compare", filtered by what has been typed.
func (b *Bot) autocomplete(r *reply, data discordgo.ApplicationCommandInteractionData) error {
	typed, focused := "", ""
	for _, o := range data.Options {
		if o.Focused {
			typed, _ = o.Value.(string)
			focused = o.Name
		}
	}
	typed = strings.ToLower(strings.TrimSpace(typed))
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	switch focused {
	case "compare":
		return b.respondChoices(r, pairChoices(b.cfg.Searcher.Corpus(), typed))
	case "resolution":
		for _, d := range b.cfg.Searcher.Corpus().Resolutions() {
			if len(choices) < maxChoices && strings.Contains(strings.ToLower(d.Symbol), typed) {
				choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: cut(d.Symbol, maxChoiceName), Value: cut(d.Symbol, maxChoiceName)})
			}
		}
		return b.respondChoices(r, choices)
	}
	for _, d := range b.cfg.Searcher.Corpus().Documents {
		name := d.Title
		if d.Symbol != "" {
			name = d.Symbol + " — " + d.Title
		}
		hay := strings.ToLower(name + " " + d.ID)
		if typed != "" && !strings.Contains(hay, typed) {
			continue
		}
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: cut(name, maxChoiceName), Value: d.ID})
		if len(choices) == maxChoices {
			break
		}
	}
	return b.respondChoices(r, choices)
}

// respondChoices answers an autocomplete interaction.
func (b *Bot) respondChoices(r *reply, choices []*discordgo.ApplicationCommandOptionChoice) error {
	err := r.respond(&discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	})
	if err != nil {
		return fmt.Errorf("autocomplete: %w", err)
	}
	r.responded = true
	return nil
}

// limiter allows each user n questions in a sliding window, wherever they
// ask: a user is one user in every server.
type limiter struct {
	mu        sync.Mutex
	n         int
	window    time.Duration
	now       func() time.Time
	seen      map[string][]time.Time
	nextPrune int // prune idle users when seen holds this many
}

// minPrune is the size below which the limiter never bothers pruning.
const minPrune = 1024

func newLimiter(n int, window time.Duration, now func() time.Time) *limiter {
	return &limiter{n: n, window: window, now: now, seen: map[string][]time.Time{}, nextPrune: minPrune}
}

// allow records a question from user, or says how long to wait.
func (l *limiter) allow(user string) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	recent := l.seen[user][:0]
	for _, t := range l.seen[user] {
		if now.Sub(t) < l.window {
			recent = append(recent, t)
		}
	}
	if len(recent) >= l.n {
		l.seen[user] = recent
		return l.window - now.Sub(recent[0]), false
	}
	l.seen[user] = append(recent, now)
	if len(l.seen) >= l.nextPrune {
		// Forget users idle for a window. Pruning only when the map has
		// doubled since the last time keeps it at most about twice the
		// users active in a window, at a constant cost per question.
		for u, ts := range l.seen {
			if len(ts) == 0 || now.Sub(ts[len(ts)-1]) >= l.window {
				delete(l.seen, u)
			}
		}
		l.nextPrune = max(minPrune, 2*len(l.seen))
	}
	return 0, true
}
