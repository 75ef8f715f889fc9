package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"mandatebot/index"
)

// isAdmin reports whether the member who made the interaction may reindex:
// listed by user id or by role, or, with no list configured, holding the
// Administrator permission. Discord's default_member_permissions only hides
// the command, so this is checked on every call.
func (b *Bot) isAdmin(i *discordgo.Interaction) bool {
	id := userID(i)
	if id != "" && slices.Contains(b.cfg.AdminUserIDs, id) {
		return true
	}
	if i.Member != nil {
		for _, role := range i.Member.Roles {
			if slices.Contains(b.cfg.AdminRoleIDs, role) {
				return true
			}
		}
	}
	if len(b.cfg.AdminRoleIDs) == 0 && len(b.cfg.AdminUserIDs) == 0 && i.Member != nil {
		return i.Member.Permissions&discordgo.PermissionAdministrator != 0
	}
	return false
}

func (b *Bot) reindex(ctx context.Context, r *reply, data discordgo.ApplicationCommandInteractionData) error {
	who := userID(r.i)
	if !b.isAdmin(r.i) {
		b.log.Warn("reindex refused", "user", who, "interaction", r.i.ID)
		return userErrorf("Only admins may reindex. Ask one of them, or see /help.")
	}
	if b.cfg.Reindexer == nil || b.cfg.LoadCorpus == nil {
		return userErrorf("Reindexing is not set up for this bot.")
	}
	// Building takes longer than Discord's three seconds: acknowledge now.
	if err := r.deferReply(true); err != nil {
		return err
	}
	b.log.Info("reindex started", "user", who, "interaction", r.i.ID)
	fetched := ""
	if optBool(options(data), "fetch") {
		var err error
		if fetched, err = b.fetchMissing(ctx, r); err != nil {
			return err
		}
	}
	change, err := b.cfg.Reindexer.Reindex(ctx, b.cfg.LoadCorpus)
	switch {
	case errors.Is(err, index.ErrReindexRunning):
		b.log.Info("reindex refused: one is running", "user", who)
		return userErrorf("A reindex is already running. Try again when it has finished.")
	case errors.Is(err, context.Canceled), errors.Is(err, index.ErrClosed):
		b.log.Info("reindex stopped: shutting down", "user", who)
		return err
	case errors.Is(err, context.DeadlineExceeded):
		b.log.Error("reindex timed out; the previous index keeps serving", "user", who)
		return userErrorf("Reindex took too long and was stopped, so the previous index keeps serving. Try again; if it keeps happening, look for very large documents in the corpus folder.")
	case err != nil:
		b.log.Error("reindex failed; the previous index keeps serving", "user", who, "err", err)
		return userErrorf("Reindex failed, so the previous index keeps serving. Fix this and try again:\n%s", cut(escapeMarkdown(err.Error()), 1700))
	}
	b.log.Info("reindex done", "user", who, "documents", change.Documents, "passages", change.Passages,
		"added", change.DocumentsAdded, "removed", change.DocumentsRemoved, "changed", change.DocumentsChanged, "took", change.Took)
	msg := fetched + describeChange(change)
	if skipped := b.cfg.Searcher.Corpus().Warnings; len(skipped) > 0 {
		msg += "\nSkipped files:\n" + escapeMarkdown(strings.Join(skipped, "\n"))
	}
	return r.send(message{content: cut(msg, maxContent)})
}

// fetchMissing downloads the UN documents the corpus cites but lacks,
// editing the reply as each one goes, and returns what it did.
func (b *Bot) fetchMissing(ctx context.Context, r *reply) (string, error) {
	if b.cfg.FetchDocuments == nil {
		return "", userErrorf("Fetching is not set up for this bot (it needs CORPUS_DIR).")
	}
	missing := b.cfg.Searcher.Corpus().MissingCited()
	if len(missing) == 0 {
		return "Every cited UN document is already in the corpus.\n", nil
	}
	var log []string
	progress := func(line string) {
		log = append(log, escapeMarkdown(line))
		if err := r.send(message{content: cut("Fetching cited UN documents…\n"+strings.Join(log, "\n"), maxContent)}); err != nil {
			b.log.Warn("progress edit failed", "err", err)
		}
	}
	err := b.cfg.FetchDocuments(ctx, missing, progress)
	summary := "Fetched:\n" + strings.Join(log, "\n") + "\n"
	if err != nil {
		b.log.Warn("fetch before reindex: some documents failed", "err", err)
		summary += "Some documents could not be fetched; reindexing with what there is.\n"
	}
	return summary, nil
}

// describeChange says what a reindex changed and how long it took.
func describeChange(c *index.Change) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Reindexed in %s: %d documents, %d passages.\n", c.Took.Round(1e6), c.Documents, c.Passages)
	list := func(label string, ids []string) {
		if len(ids) > 0 {
			fmt.Fprintf(&b, "%s: %s\n", label, escapeMarkdown(strings.Join(ids, ", ")))
		}
	}
	list("Documents added", c.DocumentsAdded)
	list("Documents removed", c.DocumentsRemoved)
	list("Documents changed", c.DocumentsChanged)
	if c.PassagesAdded+c.PassagesRemoved+c.PassagesChanged == 0 && len(c.DocumentsAdded)+len(c.DocumentsRemoved)+len(c.DocumentsChanged) == 0 {
		b.WriteString("Nothing changed.")
	} else {
		fmt.Fprintf(&b, "Passages: %s added, %s removed, %s changed.",
			strconv.Itoa(c.PassagesAdded), strconv.Itoa(c.PassagesRemoved), strconv.Itoa(c.PassagesChanged))
	}
	return b.String()
}
