package bot

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
)

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
	if err := r.choices(choices); err != nil {
		return fmt.Errorf("autocomplete: %w", err)
	}
	return nil
}
