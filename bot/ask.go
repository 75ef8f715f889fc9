package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"mandatebot/index"
)

const (
	maxHitsPerPage = 5
	defaultHits    = 3
	answerTTL      = 30 * time.Minute // how long "More results" and "Show full passage" work
	maxAnswers     = 2000             // answers remembered for their buttons
)

// answer is what the buttons under an answer need: the question, and the
// passages shown.
type answer struct {
	query    index.Query
	private  bool
	passages []string // ids of the passages on the page, in order
	at       time.Time
}

// answerStore remembers recent answers by a short key carried in the
// buttons' custom ids, which may hold only 100 characters.
type answerStore struct {
	mu  sync.Mutex
	m   map[string]*answer
	now func() time.Time
}

func newAnswerStore(now func() time.Time) *answerStore {
	return &answerStore{m: map[string]*answer{}, now: now}
}

func (s *answerStore) put(a *answer) string {
	var b [6]byte
	rand.Read(b[:])
	key := hex.EncodeToString(b[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	a.at = s.now()
	if len(s.m) >= maxAnswers {
		for k, v := range s.m {
			if s.now().Sub(v.at) > answerTTL || len(s.m) >= maxAnswers {
				delete(s.m, k)
			}
		}
	}
	s.m[key] = a
	return key
}

func (s *answerStore) get(key string) *answer {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.m[key]
	if a == nil || s.now().Sub(a.at) > answerTTL {
		delete(s.m, key)
		return nil
	}
	return a
}

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
	return r.send(b.answerMessage(res, q, private))
}

// answerMessage renders a page of answers with its buttons.
func (b *Bot) answerMessage(res *index.Result, q index.Query, private bool) message {
	echo := cut(escapeMarkdown(res.Query), 300)
	if res.Weak || len(res.Hits) == 0 {
		msg := fmt.Sprintf("Nothing in the documents answers “%s” well.", echo)
		if q.Offset > 0 {
			msg = fmt.Sprintf("No more passages for “%s”.", echo)
		}
		switch {
		case q.Offset > 0:
		case len(res.Suggestions) > 0:
			msg += " Did you mean: " + escapeMarkdown(strings.Join(res.Suggestions, ", ")) + "?"
		default:
			msg += " The documents may not cover it: try other words, or see /sources for what I answer from."
		}
		return message{content: msg, ephemeral: true}
	}
	a := &answer{query: q, private: private}
	for _, h := range res.Hits {
		a.passages = append(a.passages, h.Passage.ID)
	}
	key := b.answers.put(a)
	var buttons []discordgo.MessageComponent
	for i := range res.Hits {
		buttons = append(buttons, discordgo.Button{
			Label: fmt.Sprintf("Full passage %d", res.Hits[i].Rank), Style: discordgo.SecondaryButton,
			CustomID: fmt.Sprintf("full:%s:%d", key, i),
		})
	}
	rows := []discordgo.MessageComponent{discordgo.ActionsRow{Components: buttons}}
	if res.Total > q.Offset+len(res.Hits) {
		rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.Button{
			Label: "More results", Style: discordgo.PrimaryButton,
			CustomID: fmt.Sprintf("more:%s:%d", key, q.Offset+len(res.Hits)),
		}}})
	}
	content := fmt.Sprintf("**%s**", echo)
	if res.Language == "fr" {
		content += " *(question lue en français)*"
	}
	return message{content: content, embeds: hitEmbeds(res.Hits, b.cfg.Searcher.Corpus()), components: rows, ephemeral: private}
}

// button answers "More results" and "Show full passage".
func (b *Bot) button(ctx context.Context, r *reply, data discordgo.MessageComponentInteractionData) error {
	kind, rest, _ := strings.Cut(data.CustomID, ":")
	key, arg, _ := strings.Cut(rest, ":")
	a := b.answers.get(key)
	if a == nil {
		return userErrorf("This button has expired. Ask again with /ask.")
	}
	n, err := strconv.Atoi(arg)
	if err != nil || n < 0 || n > index.MaxOffset {
		return userErrorf("This button does not work (it may have been tampered with). Ask again with /ask.")
	}
	switch kind {
	case "more":
		if wait, ok := b.limiter.allow(userID(r.i)); !ok {
			return userErrorf("You're asking quickly: please wait %d s.", int(wait.Seconds()+0.999))
		}
		q := a.query
		q.Offset = n
		res, err := b.cfg.Searcher.Search(ctx, q)
		if err != nil {
			return err
		}
		return r.send(b.answerMessage(res, q, a.private))
	case "full":
		if n >= len(a.passages) {
			return userErrorf("This button has expired. Ask again with /ask.")
		}
		c := b.cfg.Searcher.Corpus()
		p := c.Passage(a.passages[n])
		if p == nil {
			return userErrorf("That passage is no longer in the documents (they were reindexed). Ask again with /ask.")
		}
		d := c.Document(p.DocID)
		var notes []string
		for _, num := range p.Footnotes {
			if f, ok := d.Footnote(num); ok {
				notes = append(notes, footnoteLine(d, f, c))
			}
		}
		e := &discordgo.MessageEmbed{
			Title: cut(p.Label, maxEmbedTitle), URL: d.URL,
			Description: cut(escapeMarkdown(p.Text), maxEmbedDesc-100),
			Footer:      &discordgo.MessageEmbedFooter{Text: cut(d.Title, maxFooter)},
		}
		if len(notes) > 0 {
			e.Fields = []*discordgo.MessageEmbedField{{Name: "Footnotes", Value: cut(strings.Join(notes, "\n"), maxFieldValue)}}
		}
		return r.send(message{embeds: []*discordgo.MessageEmbed{e}, ephemeral: true})
	}
	return userErrorf("This button has expired. Ask again with /ask.")
}

// autocomplete offers the indexed documents for a "source" option,
// filtered by what has been typed.
func (b *Bot) autocomplete(r *reply, data discordgo.ApplicationCommandInteractionData) error {
	typed := ""
	for _, o := range data.Options {
		if o.Focused {
			typed, _ = o.Value.(string)
		}
	}
	typed = strings.ToLower(strings.TrimSpace(typed))
	choices := []*discordgo.ApplicationCommandOptionChoice{}
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
	err := r.s.InteractionRespond(r.i, &discordgo.InteractionResponse{
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
