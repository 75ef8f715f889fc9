package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"mandatebot/corpus"
	"mandatebot/index"
)

// command is one slash command. Everything the bot does with a command
// is read from its entry in commandTable: its registration (Commands), the
// dispatcher (which handler, which limit, when to defer, how long it may
// take), /help, and the HTTP endpoint's deferral. Adding a command is one
// entry here and its handler in a file of its own.
type command struct {
	def    *discordgo.ApplicationCommand
	handle func(b *Bot, ctx context.Context, r *reply, opts optionSet) error
	// examples are uses of it, each as a member types it, shown by /help.
	examples []string
	// limited reports whether a use counts against the question limit:
	// one that searches does, a look-up (a footnote, a paragraph, the
	// list of documents) does not, so following an answer's pointers
	// never ends in "You're asking quickly".
	limited func(optionSet) bool
	// defers says when the reply is acknowledged before it is ready.
	defers deferMode
	// private reports whether the reply (and so its deferral) is shown
	// to the member alone.
	private func(optionSet) bool
	// timeout bounds the whole interaction; defaultTimeout when 0.
	timeout time.Duration
}

// deferMode is when an interaction is acknowledged ahead of its reply.
type deferMode int

const (
	// deferWhenSlow acknowledges a reply not ready after deferAfter
	// (Discord waits three seconds), with the visibility of the reply.
	deferWhenSlow deferMode = iota
	// deferAfterChecks is for work that takes minutes: the handler
	// acknowledges (reply.deferNow) once its checks have passed, so that
	// a refusal still comes at once.
	deferAfterChecks
)

// Timeouts: an interaction's token lets the bot edit its reply for 15
// minutes; a reindex that fetches documents may use most of that.
const (
	defaultTimeout = time.Minute
	reindexTimeout = 14 * time.Minute
)

// Rules for command.limited and command.private.
func always(optionSet) bool { return true }
func never(optionSet) bool  { return false }

// whenSet is true when any of the named options is given.
func whenSet(names ...string) func(optionSet) bool {
	return func(o optionSet) bool {
		for _, n := range names {
			if o.has(n) {
				return true
			}
		}
		return false
	}
}

// whenTrue is true when the named boolean option is true.
func whenTrue(name string) func(optionSet) bool {
	return func(o optionSet) bool { return o.boolean(name) }
}

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

// sourceOption limits a command to one document, chosen by autocomplete.
func sourceOption() *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionString, Name: "source", NameLocalizations: *fr("source"),
		Description:              "Only this document (type to choose)",
		DescriptionLocalizations: *fr("Seulement ce document (tapez pour choisir)"),
		Autocomplete:             true,
	}
}

func topicOption(desc, descFR string) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionString, Name: "topic", NameLocalizations: *fr("sujet"),
		Description: desc, DescriptionLocalizations: *fr(descFR), MaxLength: index.MaxQueryLen,
	}
}

// commandTable is every slash command the bot answers, in the order
// /help lists them. (It is filled in init: /help's handler reads it.)
var commandTable []command

func init() { commandTable = commands() }

func commands() []command {
	return []command{
		{
			def: &discordgo.ApplicationCommand{
				Name: cmdAsk, NameLocalizations: fr("demander"),
				Description:              "Ask about MINUSMA: ranked passages with their footnotes",
				DescriptionLocalizations: fr("Poser une question sur la MINUSMA : passages classés et leurs notes"),
				Options: []*discordgo.ApplicationCommandOption{
					{
						Type: discordgo.ApplicationCommandOptionString, Name: "question", NameLocalizations: *fr("question"),
						Description: "Your question, in your own words", DescriptionLocalizations: *fr("Votre question, avec vos mots"),
						Required: true, MaxLength: index.MaxQueryLen,
					},
					sourceOption(),
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
			handle:   (*Bot).ask,
			examples: []string{"/ask question: why don't countries want to send troops north?"},
			limited:  always, private: whenTrue("private"),
		},
		{
			def: &discordgo.ApplicationCommand{
				Name: cmdFootnote, NameLocalizations: fr("note"),
				Description:              "A footnote's text and links, and the passages that cite it",
				DescriptionLocalizations: fr("Le texte et les liens d'une note, et les passages qui la citent"),
				Options: []*discordgo.ApplicationCommandOption{
					{
						Type: discordgo.ApplicationCommandOptionInteger, Name: "number", NameLocalizations: *fr("numéro"),
						Description: "The footnote's number", DescriptionLocalizations: *fr("Le numéro de la note"),
						Required: true, MinValue: &minOne,
					},
					sourceOption(),
				},
			},
			handle:   (*Bot).footnote,
			examples: []string{"/footnote number: 11"},
			limited:  never, private: never,
		},
		{
			def: &discordgo.ApplicationCommand{
				Name: cmdRecommendations, NameLocalizations: fr("recommandations"),
				Description:              "The brief's recommendations: all, or those on a topic",
				DescriptionLocalizations: fr("Les recommandations de la note : toutes, ou celles sur un sujet"),
				Options:                  []*discordgo.ApplicationCommandOption{topicOption("Only those about this", "Seulement celles sur ce sujet")},
			},
			handle:   (*Bot).recommendations,
			examples: []string{"/recommendations topic: training"},
			limited:  whenSet("topic"), private: never,
		},
		{
			def: &discordgo.ApplicationCommand{
				Name: cmdMandate, NameLocalizations: fr("mandat"),
				Description:              "What MINUSMA's mandate says on a topic",
				DescriptionLocalizations: fr("Ce que dit le mandat de la MINUSMA sur un sujet"),
				Options: []*discordgo.ApplicationCommandOption{
					topicOption("e.g. protection of civilians", "p. ex. protection des civils"),
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
			handle:   (*Bot).mandate,
			examples: []string{"/mandate topic: protection of civilians", "/mandate compare: 2100 → 2164"},
			limited:  whenSet("topic", "compare"), private: never,
		},
		{
			def: &discordgo.ApplicationCommand{
				Name: cmdCite, NameLocalizations: fr("citer"),
				Description:              "One paragraph of a UN document or the brief, exactly: e.g. 2164 op 13(a), Recommendation 4",
				DescriptionLocalizations: fr("Un paragraphe d'un document de l'ONU ou de la note : p. ex. 2164 op 13(a)"),
				Options: []*discordgo.ApplicationCommandOption{{
					Type: discordgo.ApplicationCommandOptionString, Name: "reference", NameLocalizations: *fr("référence"),
					Description: "e.g. 2164 op 13(a)(i), S/RES/2100 para 16, Recommendation 4, Introduction ¶2", DescriptionLocalizations: *fr("p. ex. 2164 op 13(a)(i), S/RES/2100 para 16, Recommendation 4"),
					Required: true, MaxLength: 100,
				}},
			},
			handle:   (*Bot).cite,
			examples: []string{"/cite reference: 2164 op 13(a)"},
			limited:  never, private: never,
		},
		{
			def: &discordgo.ApplicationCommand{
				Name: cmdSources, NameLocalizations: fr("sources"),
				Description:              "The documents the bot answers from",
				DescriptionLocalizations: fr("Les documents sur lesquels le bot s'appuie"),
			},
			handle:   (*Bot).sources,
			examples: []string{"/sources"},
			limited:  never, private: never,
		},
		{
			def: &discordgo.ApplicationCommand{
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
				}, {
					Type: discordgo.ApplicationCommandOptionString, Name: "symbol", NameLocalizations: *fr("symbole"),
					Description:              "With file: the PDF's UN symbol, when its first page does not show it",
					DescriptionLocalizations: *fr("Avec fichier : la cote ONU du PDF, si sa première page ne la montre pas"),
					MaxLength:                40,
				}, {
					Type: discordgo.ApplicationCommandOptionString, Name: "remove", NameLocalizations: *fr("retirer"),
					Description:              "First remove this document from the corpus folder (type to choose)",
					DescriptionLocalizations: *fr("D'abord retirer ce document du dossier du corpus (tapez pour choisir)"),
					Autocomplete:             true, MaxLength: maxChoiceName,
				}},
			},
			handle:   (*Bot).reindex,
			examples: []string{"/reindex fetch: true", "/reindex remove: s-res-2164-2014"},
			limited:  never, private: always, defers: deferAfterChecks, timeout: reindexTimeout,
		},
		{
			def: &discordgo.ApplicationCommand{
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
			handle:   (*Bot).feedback,
			examples: []string{"/feedback days: 30"},
			limited:  never, private: always,
		},
		{
			def: &discordgo.ApplicationCommand{
				Name: cmdHelp, NameLocalizations: fr("aide"),
				Description:              "What each command does, with examples",
				DescriptionLocalizations: fr("Ce que fait chaque commande, avec des exemples"),
			},
			handle:   (*Bot).help,
			examples: []string{"/help"},
			limited:  never, private: always,
		},
	}
}

// commandNamed returns the table's entry for a command name.
func commandNamed(name string) (*command, bool) {
	for i := range commandTable {
		if commandTable[i].def.Name == name {
			return &commandTable[i], true
		}
	}
	return nil, false
}

// knownCommand reports whether name is a command of the table.
func knownCommand(name string) bool {
	_, ok := commandNamed(name)
	return ok
}

// Commands returns the slash commands the bot answers, with names and
// descriptions in English and French. They are data: register them with
// ApplicationCommandBulkOverwrite ("mandatebot register").
func Commands() []*discordgo.ApplicationCommand {
	out := make([]*discordgo.ApplicationCommand, len(commandTable))
	for i, c := range commandTable {
		out[i] = c.def
	}
	return out
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

// helpText describes every command of the table, so /help cannot drift
// from what is registered.
func helpText() string {
	var b strings.Builder
	for _, c := range commandTable {
		fmt.Fprintf(&b, "**/%s**", c.def.Name)
		for _, o := range c.def.Options {
			if o.Required {
				fmt.Fprintf(&b, " `%s`", o.Name)
			} else {
				fmt.Fprintf(&b, " `[%s]`", o.Name)
			}
		}
		fmt.Fprintf(&b, " — %s.", strings.TrimSuffix(c.def.Description, "."))
		for i, e := range c.examples {
			switch {
			case i == 0 && len(c.examples) == 1:
				b.WriteString(" Example: ")
			case i == 0:
				b.WriteString(" Examples: ")
			default:
				b.WriteString(" or ")
			}
			fmt.Fprintf(&b, "`%s`", e)
		}
		b.WriteString("\n\n")
	}
	b.WriteString("Questions in French work too. Every answer shows where it comes from, so you can check it against the source.")
	return b.String()
}

// help answers /help.
func (b *Bot) help(ctx context.Context, r *reply, opts optionSet) error {
	return r.send(message{embeds: []*discordgo.MessageEmbed{{Title: "mandatebot — what I can do", Description: helpText()}}, ephemeral: true})
}
