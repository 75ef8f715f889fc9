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

	"mandatebot/corpus"
	"mandatebot/corpus/undoc"
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
	req, err := b.reindexAllowed(r, opts)
	if err != nil {
		return err
	}
	// Building takes longer than Discord's three seconds: acknowledge now.
	if err := r.deferNow(); err != nil {
		return err
	}
	who := userID(r.i)
	b.log.Info("reindex started", "user", who, "interaction", r.i.ID)
	done, err := b.beforeReindex(ctx, r, req)
	if err != nil {
		return err
	}
	reindex := b.cfg.Reindexer.Reindex
	if req.file != nil || req.remove != "" {
		// This admin's change may have been made after a reindex under
		// way read the folder: wait for it and build again, so that every
		// admin's change is served and each is told so.
		reindex = b.cfg.Reindexer.ReindexAfter
	}
	change, err := reindex(ctx, b.cfg.Library.Load)
	if err != nil {
		return b.reindexFailed(who, err)
	}
	b.log.Info("reindex done", "user", who, "documents", change.Documents, "passages", change.Passages,
		"added", change.DocumentsAdded, "removed", change.DocumentsRemoved, "changed", change.DocumentsChanged, "took", change.Took)
	msg := done + describeChange(change)
	if req.remove != "" {
		msg += citedAgain(req.removedSymbol, b.cfg.Searcher.Corpus())
	}
	if skipped := b.cfg.Searcher.Corpus().Warnings; len(skipped) > 0 {
		msg += "\nSkipped files:\n" + escapeMarkdown(strings.Join(skipped, "\n"))
	}
	if splits := b.cfg.Searcher.Corpus().Splits(); len(splits) > 0 {
		msg += "\nParagraphs too long to index whole, split into parts:\n" + escapeMarkdown(strings.Join(splits, "\n"))
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

// reindexRequest is what an admin asked /reindex to do first.
type reindexRequest struct {
	file   *discordgo.MessageAttachment // to add; nil for none
	symbol string                       // the attached PDF's UN symbol, normalised; "" for none
	fetch  bool                         // fetch the cited UN documents the corpus lacks
	remove string                       // the id of a document to remove; "" for none
	// removedSymbol is the UN symbol of the document removed, once it is.
	removedSymbol string
}

// reindexAllowed makes /reindex's checks, before it is acknowledged so
// that a refusal comes at once: an admin, a library, an attachment the
// bot takes, a symbol only with it, and a removal alone.
func (b *Bot) reindexAllowed(r *reply, opts optionSet) (*reindexRequest, error) {
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
	req := &reindexRequest{file: att, fetch: opts.boolean("fetch"), remove: opts.str("remove")}
	if (att != nil || req.remove != "") && !b.cfg.Library.Writable() {
		return nil, userErrorf("Adding and removing documents is not set up for this bot (it needs CORPUS_DIR).")
	}
	if req.remove != "" && (att != nil || req.fetch) {
		return nil, userErrorf("remove: is done alone: run /reindex remove: first, then /reindex with file: or fetch:true.")
	}
	if opts.has("symbol") {
		if att == nil {
			return nil, userErrorf("symbol: names the document of an attached PDF; attach the PDF with file: too.")
		}
		if req.symbol, err = corpus.ParseSymbol(opts.str("symbol")); err != nil {
			return nil, userErrorf("symbol: %s.", escapeMarkdown(err.Error()))
		}
	}
	return req, nil
}

// beforeReindex removes the document named, adds the attached file, and
// fetches the missing UN documents, as asked, returning what it did, a
// line each.
func (b *Bot) beforeReindex(ctx context.Context, r *reply, req *reindexRequest) (string, error) {
	done := ""
	if req.remove != "" {
		if d := b.cfg.Searcher.Corpus().Document(req.remove); d != nil {
			req.removedSymbol = d.Symbol
		}
		removed, err := b.cfg.Library.Remove(ctx, req.remove)
		if err != nil {
			return "", err // userMessage says why, and what the folder holds
		}
		b.log.Info("document removed", "user", userID(r.i), "removed", removed)
		done = "Removed " + escapeMarkdown(removed) + ".\n"
	}
	if req.file != nil {
		added, err := b.addAttachment(ctx, r, req.file, req.symbol)
		if err != nil {
			return "", err
		}
		b.log.Info("document added", "user", userID(r.i), "file", req.file.Filename, "parsed", added)
		done = "Added " + escapeMarkdown(added) + ".\n"
	}
	if req.fetch {
		fetched, err := b.fetchMissing(ctx, r)
		if err != nil {
			return "", err
		}
		done += fetched
	}
	return done, nil
}

// citedAgain warns, after a removal, that the corpus still cites the UN
// document removed (sym), so a fetch would bring it back; "" otherwise.
func citedAgain(sym string, c *corpus.Corpus) string {
	if sym == "" || !slices.ContainsFunc(c.MissingCited(), func(s string) bool { return corpus.NormalizeSymbol(s) == corpus.NormalizeSymbol(sym) }) {
		return ""
	}
	return "\nThe corpus cites " + escapeMarkdown(sym) + ", so /reindex fetch:true, and the fetch at start unless FETCH_ON_START is off, would fetch it again."
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
// nothing, and the admin is told why and what to do.
func (b *Bot) addAttachment(ctx context.Context, r *reply, att *discordgo.MessageAttachment, symbol string) (string, error) {
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
	added, err := b.cfg.Library.Add(ctx, att.Filename, content, symbol)
	if err != nil {
		if ctx.Err() != nil {
			return "", err
		}
		b.log.Warn("document not added", "user", userID(r.i), "file", att.Filename, "err", err)
		return "", userErrorf("I could not add “%s”, so nothing changed and the index was not rebuilt: %s", cut(escapeMarkdown(att.Filename), 100), addFailure(att.Filename, err))
	}
	return added, nil
}

// addFailure says why an attached file was not added, without its name
// (the reply gives it once), and what to do next.
func addFailure(name string, err error) string {
	var why []string
	for _, line := range strings.Split(err.Error(), "\n") {
		why = append(why, strings.TrimPrefix(line, name+": "))
	}
	text := cut(escapeMarkdown(strings.Join(why, "\n")), 1200)
	if len(why) > 1 {
		text = "\n" + text
	} else {
		text = strings.TrimSuffix(text, ".") + "."
	}
	switch {
	case errors.Is(err, undoc.ErrNoSymbol):
		return text + " Attach it again with its UN symbol, e.g. /reindex file: (the PDF) symbol: S/RES/2164 (2014)."
	case errors.Is(err, undoc.ErrEncrypted), errors.Is(err, undoc.ErrTruncated):
		return text // it says how to make a copy that reads
	case errors.Is(err, undoc.ErrConvert):
		return text + " If it is a UN document's own PDF, it may be a scan or laid out another way: add it as a corpus .md file instead (see “The corpus” in the README)."
	case errors.Is(err, corpus.ErrInvalid):
		return text + " Fix the file and attach it again."
	}
	return text
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
// editing the reply as each one goes, and returns what it did, grouped.
func (b *Bot) fetchMissing(ctx context.Context, r *reply) (string, error) {
	if !b.cfg.Library.Writable() {
		return "", userErrorf("Fetching is not set up for this bot (it needs CORPUS_DIR).")
	}
	c := b.cfg.Searcher.Corpus()
	missing := c.MissingCited()
	if len(missing) == 0 {
		return "Every cited UN document is already in the corpus.\n", nil
	}
	var tracker undoc.Tracker // a document's outcome replaces its pending one
	progress := func(o undoc.Outcome, done bool) {
		tracker.Observe(o, done)
		seen := tracker.Outcomes()
		head := fmt.Sprintf("Fetching the cited UN documents the corpus lacks (%d of %d)…\n", len(seen), len(missing))
		if err := r.send(message{content: head + joinLinesMore(fetchLines(seen, c), maxContent-len(head), "shown when done")}); err != nil {
			b.log.Warn("progress edit failed", "err", err)
		}
	}
	outcomes, err := b.cfg.Library.FetchMissing(ctx, missing, progress)
	if err != nil {
		return "", err
	}
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	for _, o := range outcomes {
		if o.Err != nil {
			b.log.Warn("fetch before reindex failed", "symbol", o.Symbol, "err", o.Err)
		}
	}
	return fetchSummary(outcomes, c), nil
}

// addInDiscord ends the advice to add a document by hand, in Discord.
const addInDiscord = "with /reindex file:"

// fetchLines is a line a document of a fetch: its symbol, linked, and what
// became of it ("S/RES/2164 (2014): fetched (58 passages)"), or, for one
// that failed, why and what to do.
func fetchLines(outcomes []undoc.Outcome, c *corpus.Corpus) []string {
	lines := make([]string, 0, len(outcomes))
	for _, o := range outcomes {
		lines = append(lines, fetchedSymbol(o.Symbol, c)+": "+escapeMarkdown(o.Result(addInDiscord)))
	}
	return lines
}

// fetchedSymbol links a symbol to its document; text that is no symbol
// is shown as it is.
func fetchedSymbol(sym string, c *corpus.Corpus) string {
	if corpus.NormalizeSymbol(sym) == "" {
		return escapeMarkdown(sym)
	}
	return symbolLink(sym, c)
}

// fetchSummary says what a fetch did, a group each, only the groups that
// happened: "Fetched: S/RES/2100 (2013) (97 passages)", "Already in the
// corpus: …", then, for those that could not be fetched, a line for each
// reason, naming every document it stopped.
func fetchSummary(outcomes []undoc.Outcome, c *corpus.Corpus) string {
	lines, failures, failed := fetchReport(outcomes, c)
	if failed > 0 {
		head := "Could not fetch, so the index is rebuilt without it:"
		if failed > 1 {
			head = "Could not fetch, so the index is rebuilt without them:"
		}
		lines = append(lines, head, joinLinesMore(failures, 1000, "see the bot's log"))
	}
	return strings.Join(lines, "\n") + "\n"
}

// fetchReport is what a fetch did, a line a group: those fetched, those
// already there, those under way; then failures, a line for each reason
// some could not be fetched, naming every document it stopped (nine
// documents the server lacks make one line, not nine), and how many.
func fetchReport(outcomes []undoc.Outcome, c *corpus.Corpus) (lines, failures []string, failed int) {
	var fetched, skipped, pending, reasons []string
	failedFor := map[string][]string{} // the documents of each reason
	for _, o := range outcomes {
		switch {
		case o.Status == "":
			pending = append(pending, fetchedSymbol(o.Symbol, c))
		case o.Err != nil:
			why := escapeMarkdown(o.Result(addInDiscord))
			if _, ok := failedFor[why]; !ok {
				reasons = append(reasons, why)
			}
			failedFor[why] = append(failedFor[why], fetchedSymbol(o.Symbol, c))
			failed++
		case o.Status == "fetched":
			fetched = append(fetched, symbolLink(o.Symbol, c)+" ("+words.Count(o.Passages, "passage")+")")
		default:
			skipped = append(skipped, symbolLink(o.Symbol, c))
		}
	}
	group := func(label string, items []string) {
		if len(items) > 0 {
			lines = append(lines, label+strings.Join(items, ", "))
		}
	}
	group("Fetched: ", fetched)
	group("Already in the corpus: ", skipped)
	group("Fetching now: ", pending)
	for _, why := range reasons {
		failures = append(failures, strings.Join(failedFor[why], ", ")+": "+why)
	}
	return lines, failures, failed
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
