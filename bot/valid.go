package bot

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Discord's limits on what a message may hold. A payload over any of them
// is rejected, so rendering cuts text to fit, and checkMessage refuses
// what still does not.
const (
	maxContent        = 2000
	maxEmbedTitle     = 256
	maxEmbedDesc      = 4096
	maxFieldName      = 256
	maxFieldValue     = 1024
	maxFields         = 25
	maxEmbeds         = 10
	maxEmbedsTotal    = 6000 // characters across all embeds of a message
	maxFooter         = 2048
	maxCustomID       = 100
	maxChoiceName     = 100
	maxChoices        = 25
	maxButtonsPerRow  = 5
	maxComponentsRows = 5
	maxButtonLabel    = 80
)

// checkResponse reports the first of Discord's rules an interaction
// response breaks: a message's limits (checkMessage), and for an
// autocomplete result, choices present, at most 25, each named.
func checkResponse(resp *discordgo.InteractionResponse) error {
	switch resp.Type {
	case discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseUpdateMessage:
		if resp.Data == nil {
			return errors.New("a message response without data")
		}
		d := resp.Data
		if resp.Type == discordgo.InteractionResponseChannelMessageWithSource && d.Content == "" && len(d.Embeds) == 0 && len(d.Components) == 0 {
			return errors.New("an empty message")
		}
		return checkMessage(d.Content, d.Embeds, d.Components)
	case discordgo.InteractionApplicationCommandAutocompleteResult:
		if resp.Data == nil || resp.Data.Choices == nil {
			return errors.New("an autocomplete result without choices")
		}
		return checkChoices(resp.Data.Choices)
	case discordgo.InteractionResponseDeferredChannelMessageWithSource, discordgo.InteractionResponseDeferredMessageUpdate, discordgo.InteractionResponsePong:
		return nil
	}
	return fmt.Errorf("response type %d is not one the bot sends", resp.Type)
}

// checkChoices checks an autocomplete's choices.
func checkChoices(cs []*discordgo.ApplicationCommandOptionChoice) error {
	if len(cs) > maxChoices {
		return fmt.Errorf("%d choices", len(cs))
	}
	for _, c := range cs {
		if c == nil {
			return errors.New("a null choice")
		}
		if n := utf8.RuneCountInString(c.Name); n == 0 || n > maxChoiceName {
			return fmt.Errorf("a choice named in %d characters", n)
		}
		switch v := c.Value.(type) {
		case string:
			if n := utf8.RuneCountInString(v); n == 0 || n > maxChoiceName {
				return fmt.Errorf("choice %q has a value of %d characters", c.Name, n)
			}
		case int, int64, float64:
		default:
			return fmt.Errorf("choice %q has a value of type %T", c.Name, c.Value)
		}
	}
	return nil
}

// checkMessage reports the first of Discord's limits a message breaks.
func checkMessage(content string, embeds []*discordgo.MessageEmbed, components []discordgo.MessageComponent) error {
	if n := utf8.RuneCountInString(content); n > maxContent {
		return fmt.Errorf("content is %d characters", n)
	}
	if err := checkEmbeds(embeds); err != nil {
		return err
	}
	return checkComponents(components)
}

func checkEmbeds(embeds []*discordgo.MessageEmbed) error {
	if len(embeds) > maxEmbeds {
		return fmt.Errorf("%d embeds", len(embeds))
	}
	if n := embedsLength(embeds); n > maxEmbedsTotal {
		return fmt.Errorf("embeds hold %d characters", n)
	}
	for _, e := range embeds {
		switch {
		case e == nil:
			return errors.New("a null embed")
		case e.Title == "" && e.Description == "" && len(e.Fields) == 0:
			return errors.New("an empty embed")
		case utf8.RuneCountInString(e.Title) > maxEmbedTitle:
			return fmt.Errorf("embed title too long")
		case utf8.RuneCountInString(e.Description) > maxEmbedDesc:
			return fmt.Errorf("embed description too long")
		case len(e.Fields) > maxFields:
			return fmt.Errorf("%d fields", len(e.Fields))
		case e.Footer != nil && (e.Footer.Text == "" || utf8.RuneCountInString(e.Footer.Text) > maxFooter):
			return fmt.Errorf("embed footer empty or too long")
		}
		for _, f := range e.Fields {
			if f.Name == "" || f.Value == "" || utf8.RuneCountInString(f.Name) > maxFieldName || utf8.RuneCountInString(f.Value) > maxFieldValue {
				return fmt.Errorf("field %q breaks a limit", f.Name)
			}
		}
	}
	return nil
}

func checkComponents(components []discordgo.MessageComponent) error {
	if len(components) > maxComponentsRows {
		return fmt.Errorf("%d component rows", len(components))
	}
	ids := map[string]bool{}
	for _, row := range components {
		r, ok := row.(discordgo.ActionsRow)
		if !ok {
			return fmt.Errorf("a top-level component of type %T, not a row", row)
		}
		if len(r.Components) == 0 || len(r.Components) > maxButtonsPerRow {
			return fmt.Errorf("%d buttons in a row", len(r.Components))
		}
		for _, c := range r.Components {
			b, ok := c.(discordgo.Button)
			if !ok {
				return fmt.Errorf("a component of type %T in a row", c)
			}
			if err := checkButton(b, ids); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkButton(b discordgo.Button, ids map[string]bool) error {
	switch {
	case b.Label == "" && b.Emoji == nil:
		return errors.New("a button with neither label nor emoji")
	case utf8.RuneCountInString(b.Label) > maxButtonLabel:
		return fmt.Errorf("button label of %d characters", utf8.RuneCountInString(b.Label))
	case b.Style == discordgo.LinkButton:
		if b.URL == "" || b.CustomID != "" {
			return errors.New("a link button needs a URL and no custom_id")
		}
		return nil
	case b.CustomID == "" || len(b.CustomID) > maxCustomID:
		return fmt.Errorf("custom_id of %d characters", len(b.CustomID))
	case ids[b.CustomID]:
		return fmt.Errorf("custom_id %q twice in a message", b.CustomID)
	}
	ids[b.CustomID] = true
	return nil
}

// embedsLength is what Discord counts towards the 6,000-character limit.
func embedsLength(es []*discordgo.MessageEmbed) int {
	n := 0
	for _, e := range es {
		if e == nil {
			continue
		}
		n += utf8.RuneCountInString(e.Title) + utf8.RuneCountInString(e.Description)
		if e.Footer != nil {
			n += utf8.RuneCountInString(e.Footer.Text)
		}
		if e.Author != nil {
			n += utf8.RuneCountInString(e.Author.Name)
		}
		for _, f := range e.Fields {
			n += utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Value)
		}
	}
	return n
}
