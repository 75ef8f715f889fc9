package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"mandatebot/index"
	"mandatebot/internal/words"
)

// isAdmin reports whether the member who made the interaction may
// reindex: listed by user id or by role (bare, or scoped to this server as
// "guildID:id"), or, with no list configured in a single-server
// deployment, holding the Administrator permission. Discord's
// default_member_permissions only hides the command, so this is checked on
// every call.
func (b *Bot) isAdmin(i *discordgo.Interaction) bool {
	listed := func(ids []string, id string) bool {
		return id != "" && (slices.Contains(ids, id) || i.GuildID != "" && slices.Contains(ids, i.GuildID+":"+id))
	}
	if listed(b.cfg.AdminUserIDs, userID(i)) {
		return true
	}
	if i.Member != nil {
		for _, role := range i.Member.Roles {
			if listed(b.cfg.AdminRoleIDs, role) {
				return true
			}
		}
	}
	if b.adminFallback() && i.Member != nil && i.GuildID == b.cfg.AllowedGuildIDs[0] {
		return i.Member.Permissions&discordgo.PermissionAdministrator != 0
	}
	return false
}

// notAdmin is the refusal of an admin command (what: "reindex") to a
// member who is not one. With no admin configured it says what to set and
// gives the ids to set it to, so whoever runs the bot can.
func (b *Bot) notAdmin(i *discordgo.Interaction, what string) error {
	if len(b.cfg.AdminRoleIDs) > 0 || len(b.cfg.AdminUserIDs) > 0 || b.adminFallback() {
		return userErrorf("Only admins may %s. Ask one of them, or see /help.", what)
	}
	where := ""
	if i.GuildID != "" {
		where = fmt.Sprintf(", or ALLOWED_GUILD_IDS=%s (this server) so that its Administrators may", i.GuildID)
	}
	return userErrorf("No admins are configured for this bot, so no one may %s. Whoever runs it sets, in its .env: ADMIN_USER_IDS=%s (your user id; as serverID:userID when it serves several servers), ADMIN_ROLE_IDS with a role's id (Developer Mode on → right-click the role → Copy Role ID)%s; then restarts it.", what, userID(i), where)
}

// adminFallback reports whether the Administrator permission makes an
// admin: only with no admin configured and exactly one allowed server.
func (b *Bot) adminFallback() bool {
	return len(b.cfg.AdminRoleIDs) == 0 && len(b.cfg.AdminUserIDs) == 0 && len(b.cfg.AllowedGuildIDs) == 1
}

// reindex answers /reindex: with its checks passed, it acknowledges,
// adds the attached file or fetches the missing UN documents when asked,
// then builds a new index and swaps it in; on any failure the previous
// index keeps serving and the admin is told why.
func (b *Bot) reindex(ctx context.Context, r *reply, opts optionSet) error {
	att, err := b.reindexAllowed(r, opts)
	if err != nil {
		return err
	}
	// Building takes longer than Discord's three seconds: acknowledge now.
	if err := r.deferNow(); err != nil {
		return err
	}
	who := userID(r.i)
	b.log.Info("reindex started", "user", who, "interaction", r.i.ID)
	done, err := b.beforeReindex(ctx, r, att, opts.boolean("fetch"))
	if err != nil {
		return err
	}
	reindex := b.cfg.Reindexer.Reindex
	if att != nil {
		// This admin's file may have been written after a reindex under
		// way read the folder: wait for it and build again, so that every
		// admin's file is served and each is told so.
		reindex = b.cfg.Reindexer.ReindexAfter
	}
	change, err := reindex(ctx, b.cfg.Library.Load)
	if err != nil {
		return b.reindexFailed(who, err)
	}
	b.log.Info("reindex done", "user", who, "documents", change.Documents, "passages", change.Passages,
		"added", change.DocumentsAdded, "removed", change.DocumentsRemoved, "changed", change.DocumentsChanged, "took", change.Took)
	msg := done + describeChange(change)
	if skipped := b.cfg.Searcher.Corpus().Warnings; len(skipped) > 0 {
		msg += "\nSkipped files:\n" + escapeMarkdown(strings.Join(skipped, "\n"))
	}
	msg = cut(msg, maxContent)
	if err := r.send(message{content: msg}); err != nil {
		// The reindex is done: the admin must not read "something went
		// wrong" and run it again. Tell them in a follow-up.
		b.log.Warn("reindex succeeded but its reply could not be edited; telling the admin in a follow-up", "user", who, "err", err)
		if ferr := r.followup(msg); ferr != nil {
			return fmt.Errorf("reindex succeeded, but the admin could not be told: %w", errors.Join(err, ferr))
		}
	}
	return nil
}

// reindexAllowed makes /reindex's checks, before it is acknowledged so
// that a refusal comes at once: an admin, a library, and an attachment
// the bot takes (returned; nil when none).
func (b *Bot) reindexAllowed(r *reply, opts optionSet) (*discordgo.MessageAttachment, error) {
	if !b.isAdmin(r.i) {
		b.log.Warn("reindex refused", "user", userID(r.i), "guild", r.i.GuildID, "interaction", r.i.ID)
		return nil, b.notAdmin(r.i, "reindex")
	}
	if b.cfg.Reindexer == nil || b.cfg.Library == nil {
		return nil, userErrorf("Reindexing is not set up for this bot.")
	}
	att, err := attachment(opts, "file")
	if err != nil {
		return nil, err
	}
	if att != nil && !b.cfg.Library.Writable() {
		return nil, userErrorf("Adding documents is not set up for this bot (it needs CORPUS_DIR).")
	}
	return att, nil
}

// beforeReindex adds the attached file and fetches the missing UN
// documents when asked, returning what it did, a line each.
func (b *Bot) beforeReindex(ctx context.Context, r *reply, att *discordgo.MessageAttachment, fetch bool) (string, error) {
	done := ""
	if att != nil {
		added, err := b.addAttachment(ctx, r, att)
		if err != nil {
			return "", err
		}
		b.log.Info("document added", "user", userID(r.i), "file", att.Filename, "parsed", added)
		done = "Added " + escapeMarkdown(added) + ".\n"
	}
	if fetch {
		fetched, err := b.fetchMissing(ctx, r)
		if err != nil {
			return "", err
		}
		done += fetched
	}
	return done, nil
}

// reindexFailed logs why a reindex failed and says what the admin is
// told: in every case the previous index keeps serving.
func (b *Bot) reindexFailed(who string, err error) error {
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
	}
	b.log.Error("reindex failed; the previous index keeps serving", "user", who, "err", err)
	return userErrorf("Reindex failed, so the previous index keeps serving. Fix this and try again:\n%s", cut(escapeMarkdown(err.Error()), 1700))
}

// maxAttachment is the largest file /reindex takes.
const maxAttachment = 20 << 20

// attachment returns the file of an attachment option, checked before
// anything is downloaded: a PDF or a Markdown file of at most 20 MB.
func attachment(opts optionSet, name string) (*discordgo.MessageAttachment, error) {
	if !opts.has(name) {
		return nil, nil
	}
	id := opts.str(name)
	var att *discordgo.MessageAttachment
	if opts.data.Resolved != nil {
		att = opts.data.Resolved.Attachments[id]
	}
	if att == nil {
		return nil, userErrorf("I could not find the attached file. Attach it again.")
	}
	name = strings.ToLower(att.Filename)
	switch {
	case !strings.HasSuffix(name, ".pdf") && !strings.HasSuffix(name, ".md"):
		return nil, userErrorf("Attach a UN document's PDF or a corpus Markdown file (.md); “%s” is neither.", cut(escapeMarkdown(att.Filename), 100))
	case att.Size > maxAttachment:
		return nil, userErrorf("“%s” is %d MB; attach at most %d MB.", cut(escapeMarkdown(att.Filename), 100), (att.Size+1<<20-1)>>20, maxAttachment>>20)
	}
	return att, nil
}

// addAttachment downloads an attached file and adds it to the corpus
// folder, returning what was parsed. A file that does not convert changes
// nothing, and the admin is told why.
func (b *Bot) addAttachment(ctx context.Context, r *reply, att *discordgo.MessageAttachment) (string, error) {
	u, err := url.Parse(att.URL)
	if err != nil || !fromDiscordCDN(u) {
		b.log.Warn("attachment refused: not on Discord's CDN", "host", hostOf(u))
		return "", userErrorf("“%s” is not stored on Discord's CDN, so I will not download it. Upload the file itself with the command.", cut(escapeMarkdown(att.Filename), 100))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "", fmt.Errorf("download attachment: %w", err)
	}
	client := *r.s.Client // discordgo's transport, without following redirects
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("download attachment: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("download attachment: %s", resp.Status)
	}
	content, err := io.ReadAll(io.LimitReader(resp.Body, maxAttachment+1))
	if err != nil {
		return "", fmt.Errorf("download attachment: %w", err)
	}
	if len(content) > maxAttachment {
		return "", userErrorf("“%s” is larger than %d MB; attach a smaller file.", cut(escapeMarkdown(att.Filename), 100), maxAttachment>>20)
	}
	added, err := b.cfg.Library.Add(ctx, att.Filename, content)
	if err != nil {
		if ctx.Err() != nil {
			return "", err
		}
		return "", userErrorf("I could not add “%s”, so nothing changed and the index was not rebuilt:\n%s", cut(escapeMarkdown(att.Filename), 100), cut(escapeMarkdown(err.Error()), 1500))
	}
	return added, nil
}

// discordCDNHosts are where Discord stores attachments.
var discordCDNHosts = map[string]bool{"cdn.discordapp.com": true, "media.discordapp.net": true}

// fromDiscordCDN reports whether u is an https address on Discord's CDN:
// an attachment's URL comes inside the interaction, and a forged one must
// not make the bot fetch from this machine or its network.
func fromDiscordCDN(u *url.URL) bool {
	return u.Scheme == "https" && discordCDNHosts[u.Host] && u.User == nil
}

func hostOf(u *url.URL) string {
	if u == nil {
		return ""
	}
	return u.Host
}

// fetchMissing downloads the UN documents the corpus cites but lacks,
// editing the reply as each one goes, and returns what it did.
func (b *Bot) fetchMissing(ctx context.Context, r *reply) (string, error) {
	if !b.cfg.Library.Writable() {
		return "", userErrorf("Fetching is not set up for this bot (it needs CORPUS_DIR).")
	}
	missing := b.cfg.Searcher.Corpus().MissingCited()
	if len(missing) == 0 {
		return "Every cited UN document is already in the corpus.\n", nil
	}
	var log []string
	progress := func(line string) {
		// A document's outcome takes the place of its "fetching…" line.
		if n := len(log); n > 0 && strings.HasSuffix(log[n-1], ": fetching…") && strings.HasPrefix(escapeMarkdown(line), strings.TrimSuffix(log[n-1], "fetching…")) {
			log = log[:n-1]
		}
		log = append(log, escapeMarkdown(line))
		if err := r.send(message{content: cut("Fetching cited UN documents…\n"+strings.Join(log, "\n"), maxContent)}); err != nil {
			b.log.Warn("progress edit failed", "err", err)
		}
	}
	err := b.cfg.Library.FetchMissing(ctx, missing, progress)
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
	fmt.Fprintf(&b, "Reindexed in %s: %s, %s.\n", c.Took.Round(1e6), words.Count(c.Documents, "document"), words.Count(c.Passages, "passage"))
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
