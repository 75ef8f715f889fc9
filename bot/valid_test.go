package bot

import (
	"strings"
	"testing"

	"mandatebot/index"

	"github.com/bwmarrin/discordgo"
)

// TestCheckResponse lists replies Discord refuses (with 400, code 50035),
// which the one writer must refuse first, and some it takes.
func TestCheckResponse(t *testing.T) {
	msg := func(d *discordgo.InteractionResponseData) *discordgo.InteractionResponse {
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: d}
	}
	choices := func(n int) *discordgo.InteractionResponse {
		cs := []*discordgo.ApplicationCommandOptionChoice{}
		for i := range n {
			cs = append(cs, &discordgo.ApplicationCommandOptionChoice{Name: strings.Repeat("x", i%3+1), Value: "v"})
		}
		return &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: &discordgo.InteractionResponseData{Choices: cs}}
	}
	button := func(b discordgo.Button) *discordgo.InteractionResponse {
		return msg(&discordgo.InteractionResponseData{Content: "x", Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{b}}}})
	}
	tests := []struct {
		name string
		resp *discordgo.InteractionResponse
		ok   bool
	}{
		{"content", msg(&discordgo.InteractionResponseData{Content: "hello"}), true},
		{"an empty message", msg(&discordgo.InteractionResponseData{}), false},
		{"no data", msg(nil), false},
		{"content over 2000", msg(&discordgo.InteractionResponseData{Content: strings.Repeat("é", 2001)}), false},
		{"content of 2000 runes", msg(&discordgo.InteractionResponseData{Content: strings.Repeat("é", 2000)}), true},
		{"a nil embed", msg(&discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{nil}}), false},
		{"an empty embed", msg(&discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{{}}}), false},
		{"a field without a value", msg(&discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{{Title: "t", Fields: []*discordgo.MessageEmbedField{{Name: "n"}}}}}), false},
		{"an empty footer", msg(&discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{{Title: "t", Footer: &discordgo.MessageEmbedFooter{}}}}), false},
		{"embeds over 6000 in all", msg(&discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{{Description: strings.Repeat("a", 4000)}, {Description: strings.Repeat("a", 2001)}}}), false},
		{"eleven embeds", msg(&discordgo.InteractionResponseData{Embeds: func() []*discordgo.MessageEmbed {
			var es []*discordgo.MessageEmbed
			for range 11 {
				es = append(es, &discordgo.MessageEmbed{Title: "t"})
			}
			return es
		}()}), false},
		{"autocomplete, none", choices(0), true},
		{"autocomplete, 25", choices(25), true},
		{"autocomplete, 26", choices(26), false},
		{"autocomplete, null", &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: &discordgo.InteractionResponseData{}}, false},
		{"a choice without a name", &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{{Value: "v"}}}}, false},
		{"a choice named 101 characters", &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: strings.Repeat("n", 101), Value: "v"}}}}, false},
		{"a button", button(discordgo.Button{Label: "Full passage", Style: discordgo.SecondaryButton, CustomID: "full:a:v"}), true},
		{"a button without label or emoji", button(discordgo.Button{Style: discordgo.SecondaryButton, CustomID: "full:a:v"}), false},
		{"a button without custom_id", button(discordgo.Button{Label: "x", Style: discordgo.SecondaryButton}), false},
		{"a custom_id of 101", button(discordgo.Button{Label: "x", Style: discordgo.SecondaryButton, CustomID: strings.Repeat("x", 101)}), false},
		{"a link button without its URL", button(discordgo.Button{Label: "x", Style: discordgo.LinkButton}), false},
		{"two buttons with one custom_id", msg(&discordgo.InteractionResponseData{Content: "x", Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "a", Style: discordgo.SecondaryButton, CustomID: "same"},
			discordgo.Button{Label: "b", Style: discordgo.SecondaryButton, CustomID: "same"},
		}}}}), false},
		{"an empty row", msg(&discordgo.InteractionResponseData{Content: "x", Components: []discordgo.MessageComponent{discordgo.ActionsRow{}}}), false},
		{"a deferral", &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}, true},
		{"a modal", &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkResponse(tt.resp)
			if (err == nil) != tt.ok {
				t.Errorf("checkResponse = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

func TestSemanticLine(t *testing.T) {
	for _, tt := range []struct {
		check *index.SemanticCheck
		want  string
	}{
		{nil, ""},
		{&index.SemanticCheck{Questions: 30, LexicalHit1: 0.93, LexicalMRR: 0.95, HybridHit1: 0.97, HybridMRR: 0.98, Weight: 0.5, Accepted: true}, "On, its ranking weighing 0.5 of the lexical one: on 30 shipped questions, Hit@1 0.93 and MRR@10 0.95 lexically, 0.97 and 0.98 hybrid."},
		{&index.SemanticCheck{Questions: 30, LexicalHit1: 0.93, LexicalMRR: 0.95, HybridHit1: 0.23, HybridMRR: 0.42, Weight: 1}, "Off: the embeddings model did not help (on 30 shipped questions, Hit@1 0.93 and MRR@10 0.95 lexically, 0.23 and 0.42 hybrid), so answers are lexical."},
	} {
		if got := semanticLine(tt.check); got != tt.want {
			t.Errorf("semanticLine(%+v) =\n %q\nwant\n %q", tt.check, got, tt.want)
		}
	}
}
