package bot

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"mandatebot/corpus"
)

// autocomplete offers the indexed documents for a "source" option, the
// resolutions and pairs of them for /mandate's "resolution" and
// "compare", and to admins the documents /reindex can remove, filtered by
// what has been typed.
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
	case "remove":
		return b.respondChoices(r, b.removableChoices(r, typed))
	case "resolution":
		for _, d := range b.cfg.Searcher.Corpus().Resolutions() {
			if len(choices) < maxChoices && strings.Contains(strings.ToLower(d.Symbol), typed) {
				choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: cut(d.Symbol, maxChoiceName), Value: cut(d.Symbol, maxChoiceName)})
			}
		}
		return b.respondChoices(r, choices)
	}
	return b.respondChoices(r, documentChoices(b.cfg.Searcher.Corpus().Documents, typed, nil))
}

// documentChoices offers the documents keep allows (all when nil) whose
// symbol, title or id holds typed, by their id.
func documentChoices(docs []*corpus.Document, typed string, keep func(*corpus.Document) bool) []*discordgo.ApplicationCommandOptionChoice {
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	for _, d := range docs {
		name := d.Title
		if d.Symbol != "" {
			name = d.Symbol + " — " + d.Title
		}
		hay := strings.ToLower(name + " " + d.ID)
		if typed != "" && !strings.Contains(hay, typed) || keep != nil && !keep(d) || len(d.ID) > maxChoiceName {
			continue
		}
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: cut(name, maxChoiceName), Value: d.ID})
		if len(choices) == maxChoices {
			break
		}
	}
	return choices
}

// removableChoices offers an admin the documents of the corpus folder,
// which /reindex remove: can take out; anyone else is offered none.
func (b *Bot) removableChoices(r *reply, typed string) []*discordgo.ApplicationCommandOptionChoice {
	if !b.isAdmin(r.i) || b.cfg.Library == nil {
		return nil
	}
	return documentChoices(b.cfg.Searcher.Corpus().Documents, typed, b.cfg.Library.Removable)
}

// respondChoices answers an autocomplete interaction.
func (b *Bot) respondChoices(r *reply, choices []*discordgo.ApplicationCommandOptionChoice) error {
	if err := r.choices(choices); err != nil {
		return fmt.Errorf("autocomplete: %w", err)
	}
	return nil
}
