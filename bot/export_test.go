package bot

import "github.com/bwmarrin/discordgo"

// TableRule is what commandTable says of one use of a command, for tests
// that check the bot's behaviour against the table.
type TableRule struct {
	Examples          []string
	Limited, Private  bool
	DefersAfterChecks bool // acknowledged once its checks pass, not when slow
}

// RuleOf reads commandTable's entry for the named command, given options.
func RuleOf(name string, opts []*discordgo.ApplicationCommandInteractionDataOption) (TableRule, bool) {
	cmd, ok := commandNamed(name)
	if !ok {
		return TableRule{}, false
	}
	o := newOptionSet(discordgo.ApplicationCommandInteractionData{Name: name, Options: opts})
	return TableRule{Examples: cmd.examples, Limited: cmd.limited(o), Private: cmd.private(o), DefersAfterChecks: cmd.defers == deferAfterChecks}, true
}

// Round-trip hooks for the custom_id fuzz test.
var (
	EncodeID = encodeID
	ParseID  = func(s string) (kind string, args []string, version string, err error) {
		id, err := parseID(s)
		return id.kind, id.args, id.version, err
	}
)
