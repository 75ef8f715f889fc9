package bot

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"mandatebot/corpus"
	"mandatebot/index"
)

// Command names.
const (
	cmdAsk             = "ask"
	cmdFootnote        = "footnote"
	cmdRecommendations = "recommendations"
	cmdMandate         = "mandate"
	cmdSources         = "sources"
	cmdReindex         = "reindex"
	cmdHelp            = "help"
	cmdCite            = "cite"
	cmdFeedback        = "feedback"
)

func fr(s string) *map[discordgo.Locale]string {
	return &map[discordgo.Locale]string{discordgo.French: s}
}

var (
	// Only members with Administrator see /reindex: the check in code
	// (isAdmin) lets no one else run it, so no one else should be shown it.
	administrator int64 = discordgo.PermissionAdministrator
	guildOnly           = []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	minOne              = 1.0
)

// Commands returns the slash commands the bot answers, with names and
// descriptions in English and French. They are data: register them with
// ApplicationCommandBulkOverwrite ("mandatebot register").
func Commands() []*discordgo.ApplicationCommand {
	source := &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionString, Name: "source", NameLocalizations: *fr("source"),
		Description:              "Only this document (type to choose)",
		DescriptionLocalizations: *fr("Seulement ce document (tapez pour choisir)"),
		Autocomplete:             true,
	}
	topic := func(desc, descFR string) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionString, Name: "topic", NameLocalizations: *fr("sujet"),
			Description: desc, DescriptionLocalizations: *fr(descFR), MaxLength: index.MaxQueryLen,
		}
	}
	return []*discordgo.ApplicationCommand{
		{
			Name: cmdAsk, NameLocalizations: fr("demander"),
			Description:              "Ask about MINUSMA: ranked passages with their footnotes",
			DescriptionLocalizations: fr("Poser une question sur la MINUSMA : passages classés et leurs notes"),
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type: discordgo.ApplicationCommandOptionString, Name: "question", NameLocalizations: *fr("question"),
					Description: "Your question, in your own words", DescriptionLocalizations: *fr("Votre question, avec vos mots"),
					Required: true, MaxLength: index.MaxQueryLen,
				},
				source,
				{
					Type: discordgo.ApplicationCommandOptionInteger, Name: "count", NameLocalizations: *fr("nombre"),
					Description: "How many passages (1-5, default 3)", DescriptionLocalizations: *fr("Combien de passages (1-5, 3 par défaut)"),
					MinValue: &minOne, MaxValue: maxHitsPerPage,
				},
				{
					Type: discordgo.ApplicationCommandOptionBoolean, Name: "private", NameLocalizations: *fr("privé"),
					Description: "Only you see the answer", DescriptionLocalizations: *fr("Vous seul voyez la réponse"),
				},
			},
		},
		{
			Name: cmdFootnote, NameLocalizations: fr("note"),
			Description:              "A footnote's text and links, and the passages that cite it",
			DescriptionLocalizations: fr("Le texte et les liens d'une note, et les passages qui la citent"),
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type: discordgo.ApplicationCommandOptionInteger, Name: "number", NameLocalizations: *fr("numéro"),
					Description: "The footnote's number", DescriptionLocalizations: *fr("Le numéro de la note"),
					Required: true, MinValue: &minOne,
				},
				source,
			},
		},
		{
			Name: cmdRecommendations, NameLocalizations: fr("recommandations"),
			Description:              "The brief's recommendations: all, or those on a topic",
			DescriptionLocalizations: fr("Les recommandations de la note : toutes, ou celles sur un sujet"),
			Options:                  []*discordgo.ApplicationCommandOption{topic("Only those about this", "Seulement celles sur ce sujet")},
		},
		{
			Name: cmdMandate, NameLocalizations: fr("mandat"),
			Description:              "What MINUSMA's mandate says on a topic",
			DescriptionLocalizations: fr("Ce que dit le mandat de la MINUSMA sur un sujet"),
			Options: []*discordgo.ApplicationCommandOption{
				topic("e.g. protection of civilians", "p. ex. protection des civils"),
				{
					Type: discordgo.ApplicationCommandOptionString, Name: "resolution", NameLocalizations: *fr("résolution"),
					Description: "Only this resolution's paragraphs, e.g. 2164 (type to choose)", DescriptionLocalizations: *fr("Seulement les paragraphes de cette résolution, p. ex. 2164"),
					Autocomplete: true, MaxLength: 40,
				},
				{
					Type: discordgo.ApplicationCommandOptionString, Name: "theme", NameLocalizations: *fr("thème"),
					Description: "Only the paragraphs on this theme of peacekeeping mandates", DescriptionLocalizations: *fr("Seulement les paragraphes sur ce thème"),
					Choices: themeChoices(),
				},
				{
					Type: discordgo.ApplicationCommandOptionString, Name: "compare", NameLocalizations: *fr("comparer"),
					Description:              "What a later resolution changed, e.g. 2100 → 2164 (type to choose)",
					DescriptionLocalizations: *fr("Ce qu'une résolution plus récente a changé, p. ex. 2100 → 2164"),
					Autocomplete:             true, MaxLength: maxChoiceName,
				},
			},
		},
		{
			Name: cmdCite, NameLocalizations: fr("citer"),
			Description:              "One paragraph of a UN document, exactly: e.g. 2164 op 13(a)",
			DescriptionLocalizations: fr("Un paragraphe d'un document de l'ONU : p. ex. 2164 op 13(a)"),
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionString, Name: "reference", NameLocalizations: *fr("référence"),
				Description: "e.g. 2164 op 13(a)(i), S/RES/2100 para 16, S/2014/692 para 12", DescriptionLocalizations: *fr("p. ex. 2164 op 13(a)(i), S/RES/2100 para 16"),
				Required: true, MaxLength: 100,
			}},
		},
		{
			Name: cmdSources, NameLocalizations: fr("sources"),
			Description:              "The documents the bot answers from",
			DescriptionLocalizations: fr("Les documents sur lesquels le bot s'appuie"),
		},
		{
			Name: cmdReindex, NameLocalizations: fr("réindexer"),
			Description:              "Admins: re-read the corpus folder and rebuild the index",
			DescriptionLocalizations: fr("Admins : relire le dossier du corpus et reconstruire l'index"),
			DefaultMemberPermissions: &administrator,
			Contexts:                 &guildOnly,
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionBoolean, Name: "fetch", NameLocalizations: *fr("télécharger"),
				Description:              "First fetch the UN documents the corpus cites but lacks",
				DescriptionLocalizations: *fr("D'abord télécharger les documents de l'ONU cités qui manquent"),
			}, {
				Type: discordgo.ApplicationCommandOptionAttachment, Name: "file", NameLocalizations: *fr("fichier"),
				Description:              "First add this document: a UN document's PDF or a corpus .md file (at most 20 MB)",
				DescriptionLocalizations: *fr("D'abord ajouter ce document : PDF d'un document de l'ONU ou fichier .md (20 Mo au plus)"),
			}},
		},
		{
			Name: cmdFeedback, NameLocalizations: fr("retours"),
			Description:              "Admins: the answers members disliked and the questions answered weakly",
			DescriptionLocalizations: fr("Admins : les réponses mal notées et les questions sans bonne réponse"),
			DefaultMemberPermissions: &administrator,
			Contexts:                 &guildOnly,
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionInteger, Name: "days", NameLocalizations: *fr("jours"),
				Description: "How many days back (default 7)", DescriptionLocalizations: *fr("Combien de jours en arrière (7 par défaut)"),
				MinValue: &minOne, MaxValue: 365,
			}},
		},
		{
			Name: cmdHelp, NameLocalizations: fr("aide"),
			Description:              "What each command does, with examples",
			DescriptionLocalizations: fr("Ce que fait chaque commande, avec des exemples"),
		},
	}
}

// themeChoices offers the themes of corpus/themes.json (14, within
// Discord's 25 choices).
func themeChoices() []*discordgo.ApplicationCommandOptionChoice {
	var cs []*discordgo.ApplicationCommandOptionChoice
	for _, t := range corpus.Themes() {
		if len(cs) == maxChoices {
			break
		}
		cs = append(cs, &discordgo.ApplicationCommandOptionChoice{Name: cut(t.Name, maxChoiceName), Value: t.ID})
	}
	return cs
}

// commandExamples shows one use of each command in /help; a test checks
// that every command has one.
var commandExamples = map[string]string{
	cmdAsk:             "/ask question: why don't countries want to send troops north?",
	cmdFootnote:        "/footnote number: 11",
	cmdRecommendations: "/recommendations topic: training",
	cmdMandate:         "/mandate topic: protection of civilians, or /mandate compare: 2100 → 2164",
	cmdCite:            "/cite reference: 2164 op 13(a)",
	cmdSources:         "/sources",
	cmdReindex:         "/reindex fetch: true",
	cmdFeedback:        "/feedback days: 30",
	cmdHelp:            "/help",
}

// helpText describes every command of Commands, so /help cannot drift
// from what is registered.
func helpText() string {
	var b strings.Builder
	for _, c := range Commands() {
		fmt.Fprintf(&b, "**/%s**", c.Name)
		for _, o := range c.Options {
			if o.Required {
				fmt.Fprintf(&b, " `%s`", o.Name)
			} else {
				fmt.Fprintf(&b, " `[%s]`", o.Name)
			}
		}
		fmt.Fprintf(&b, " — %s.", strings.TrimSuffix(c.Description, "."))
		if ex := commandExamples[c.Name]; ex != "" {
			fmt.Fprintf(&b, " Example: `%s`", ex)
		}
		b.WriteString("\n\n")
	}
	b.WriteString("Questions in French work too. Every answer shows where it comes from, so you can check it against the source.")
	return b.String()
}
