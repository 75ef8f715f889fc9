package bot

import (
	"context"
	"errors"
	"strings"

	"mandatebot/corpus"
)

// A component's custom_id carries everything a click needs, so buttons
// work after a restart and on any replica: a kind naming its handler in
// componentTable, its arguments, and the corpus version the message was
// made from, joined by ":" (Discord allows 100 characters). encodeID is
// the one writer and parseID the one reader.
//
//	full:<passage key>:<corpus version>
//	more:<offset>:<count>:<source key or ->:<corpus version>
//	vote:<up|down>:<passage keys, dot-separated>:<corpus version>
//	page:<list: mandate or cite>:<document key>:<theme id or label, or ->:<page, from 0>:<corpus version>
//	page:feedback:-:<days>:<page, from 0>:<corpus version>
//	cmp:<old document key>:<new document key>:<theme id or ->:<page, from 0>:<corpus version>
const (
	fullButton    = "full"
	moreButton    = "more"
	voteButton    = "vote"
	compareButton = "cmp"
	pageButton    = "page"
)

// customID is a parsed custom_id.
type customID struct {
	kind    string
	args    []string // between the kind and the version
	version string   // of the corpus the message was made from
}

// encodeID writes a custom_id. Parts may hold any text: "%" and ":" are
// escaped, so parseID reads back exactly what was written.
func encodeID(kind string, args []string, version string) string {
	parts := make([]string, 0, len(args)+2)
	parts = append(parts, escapeIDPart(kind))
	for _, a := range args {
		parts = append(parts, escapeIDPart(a))
	}
	return strings.Join(append(parts, escapeIDPart(version)), ":")
}

var idEscaper = strings.NewReplacer("%", "%25", ":", "%3A")

func escapeIDPart(s string) string { return idEscaper.Replace(s) }

// errBadID is parseID's error for a custom_id it cannot read.
var errBadID = errors.New("malformed custom_id")

// parseID reads a custom_id written by encodeID.
func parseID(s string) (customID, error) {
	if s == "" || len(s) > maxCustomID {
		return customID{}, errBadID
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 {
		return customID{}, errBadID
	}
	for i, p := range parts {
		u, ok := unescapeIDPart(p)
		if !ok {
			return customID{}, errBadID
		}
		parts[i] = u
	}
	return customID{kind: parts[0], args: parts[1 : len(parts)-1], version: parts[len(parts)-1]}, nil
}

// unescapeIDPart undoes escapeIDPart, refusing any other escape.
func unescapeIDPart(s string) (string, bool) {
	if !strings.Contains(s, "%") {
		return s, true
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		switch {
		case strings.HasPrefix(s[i:], "%25"):
			b.WriteByte('%')
		case strings.HasPrefix(s[i:], "%3A"):
			b.WriteByte(':')
		default:
			return "", false
		}
		i += 2
	}
	return b.String(), true
}

// click is a button press as its handler sees it.
type click struct {
	id     customID
	corpus *corpus.Corpus // the corpus served when it was clicked
	// note, when set, opens the reply: the documents changed since the
	// message was made.
	note string
}

// component is how one kind of button is answered.
type component struct {
	nargs  int // arguments between the kind and the version
	handle func(b *Bot, ctx context.Context, r *reply, c click) error
}

// componentTable routes a custom_id's kind to its handler.
var componentTable = map[string]component{
	fullButton:    {nargs: 1, handle: (*Bot).fullPassage},
	moreButton:    {nargs: 3, handle: (*Bot).morePage},
	voteButton:    {nargs: 2, handle: (*Bot).vote},
	compareButton: {nargs: 4, handle: (*Bot).compareListClicked},
	pageButton:    {nargs: 4, handle: (*Bot).pageClicked},
}

// errBrokenButton is the answer to a button the bot cannot read.
var errBrokenButton = userErrorf("This button does not work (it may be from an old version of me, or tampered with). Ask again with /ask.")

// button answers a click through componentTable.
func (b *Bot) button(ctx context.Context, r *reply, customIDText string) error {
	id, err := parseID(customIDText)
	if err != nil {
		return errBrokenButton
	}
	comp, ok := componentTable[id.kind]
	if !ok || len(id.args) != comp.nargs {
		return errBrokenButton
	}
	c := click{id: id, corpus: b.cfg.Searcher.Corpus()}
	if id.version != c.corpus.Version() {
		c.note = "*The documents have changed since this answer; this is from the current ones.*"
	}
	return comp.handle(b, ctx, r, c)
}

// buttonKind names a custom_id's kind for logs and metrics.
func buttonKind(customIDText string) string {
	id, err := parseID(customIDText)
	if _, ok := componentTable[id.kind]; err != nil || !ok {
		return "unknown"
	}
	return id.kind
}
