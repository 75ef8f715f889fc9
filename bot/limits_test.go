package bot_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"mandatebot/bot"
	"mandatebot/bot/discordtest"
	"mandatebot/corpus"
	"mandatebot/index"
)

// TestSplitParagraphCited: a paragraph too long to index whole is split
// into parts that /reindex names, and /cite of the paragraph lists every
// part under its own label, across pages, its title saying it was split.
// The resolution is fictional.
func TestSplitParagraphCited(t *testing.T) {
	t.Parallel()
	h := start(t, nil)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("the bot's log:\n%s", h.logs.String())
		}
	})
	sentence := "Requests the fictional mission to patrol the northern provinces of Ruritania every week. "
	long := strings.Repeat(sentence, corpus.MaxPassageBytes*2/len(sentence)+5)
	md := "---\nid: s-res-9990-2030\ntitle: Fictional resolution 9990 (2030)\nkind: resolution\nsymbol: S/RES/9990 (2030)\n---\n\n" +
		"**op. 1** Decides to extend the fictional mandate;\n\n**op. 2** " + long + "\n"
	if err := os.WriteFile(filepath.Join(h.dir, "s-res-9990-2030.md"), []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	r := h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "reindex"), func(r discordtest.Response) bool {
		return len(r.Edits) > 0 && strings.Contains(r.Final().Content, "Reindexed")
	})
	if got, want := r.Final().Content, "Paragraphs too long to index whole, split into parts:\n"+filepath.Join(h.dir, "s-res-9990-2030.md")+": op. 2 is 32 KB, over the 16 KB a passage may hold: split into 3 parts at sentence ends (op. 2, part 1 of 3 … op. 2, part 3 of 3)"; !strings.Contains(got, want) {
		t.Errorf("/reindex does not name the split:\n%s\nwant it to hold:\n%s", got, want)
	}

	labelRE := regexp.MustCompile(`(?m)^\*\*(op\. [^*]+)\*\*`)
	id := h.srv.Command(discordtest.Alice, "cite", str("reference", "9990 op 2"))
	var labels []string
	at := id
	for page := 1; page <= 5; page++ {
		r := h.srv.WaitResponse(at, nil)
		checkSafe(t, r)
		m := r.Final()
		if page == 1 && m.Embeds[0].Title != "S/RES/9990 (2030), op. 2 (split into 3 parts)" {
			t.Errorf("title %q", m.Embeds[0].Title)
		}
		for _, match := range labelRE.FindAllStringSubmatch(m.Embeds[0].Description, -1) {
			labels = append(labels, match[1])
		}
		next := ""
		for _, cid := range m.CustomIDs() {
			if strings.HasPrefix(cid, "page:") && strings.Contains(cid, ":"+itoa(page)+":") {
				next = cid
			}
		}
		if next == "" {
			break
		}
		at = h.srv.Click(discordtest.Alice, id, next)
	}
	if got, want := strings.Join(labels, " · "), "op. 2, part 2 of 3 · op. 2, part 3 of 3"; got != want {
		t.Errorf("the parts listed: %s\nwant (after the first, shown whole): %s", got, want)
	}
}

// timingOut is a search whose deadline passes before it ranks.
type timingOut struct{ searcher }

func (s timingOut) Search(context.Context, index.Query) (*index.Result, error) {
	return nil, fmt.Errorf("%w: %w", index.ErrTimeout, context.DeadlineExceeded)
}

// TestAskTimedOut: a search stopped at its deadline is told as such, to
// the asker alone, not as something gone wrong.
func TestAskTimedOut(t *testing.T) {
	t.Parallel()
	h := start(t, func(cfg *bot.Config) { cfg.Searcher = timingOut{cfg.Searcher.(searcher)} })
	r := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "ask", str("question", "what is the mandate?")), nil)
	if got, want := text(r.Final()), "That question took too long to answer, so I stopped. Ask again, perhaps in fewer words."; got != want || !r.Ephemeral() {
		t.Errorf("reply %q (ephemeral %v), want %q privately", got, r.Ephemeral(), want)
	}
}
