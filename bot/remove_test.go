package bot_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/google/go-cmp/cmp"

	"mandatebot/bot/discordtest"
)

// TestReindexRemove: an admin takes a document out of the corpus folder
// from Discord, choosing it by autocomplete, and answers no longer cite
// it; shipped documents, and members who are not admins, are refused.
func TestReindexRemove(t *testing.T) {
	t.Parallel()
	h := start(t, nil)
	os.WriteFile(filepath.Join(h.dir, "fictional.md"), []byte(fictionalDoc), 0o644)
	os.WriteFile(filepath.Join(h.dir, "fictional-report.pdf"), []byte("%PDF-1.4 fictional"), 0o644)
	if r := h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "reindex"), discordtest.Edited); !strings.Contains(r.Final().Content, "Documents added: fictional-report") {
		t.Fatalf("reindex: %q", r.Final().Content)
	}
	ask := func() string {
		return text(h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "ask", str("question", "zeppelin squadron hydrogen")), nil).Final())
	}
	if got := ask(); !strings.Contains(got, "grounded for want") {
		t.Fatalf("the document added is not answered from:\n%s", got)
	}

	// Autocomplete offers an admin the folder's documents only, and
	// anyone else nothing.
	choices := func(m discordtest.Member, typed string) []string {
		r := h.srv.WaitResponse(h.srv.Autocomplete(m, "reindex", discordtest.Option{Name: "remove", Type: discordgo.ApplicationCommandOptionString, Value: typed, Focused: true}), nil)
		checkSafe(t, r)
		var out []string
		for _, c := range r.Callback.Choices {
			out = append(out, c.Name+" = "+c.Value.(string))
		}
		return out
	}
	for _, tc := range []struct {
		who   discordtest.Member
		typed string
		want  []string
	}{
		{discordtest.Admin, "", []string{"Fictional report on Ruritania = fictional-report"}},
		{discordtest.Admin, "ruri", []string{"Fictional report on Ruritania = fictional-report"}},
		{discordtest.Admin, "nupi", nil},
		{discordtest.Alice, "", nil},
	} {
		if diff := cmp.Diff(tc.want, choices(tc.who, tc.typed)); diff != "" {
			t.Errorf("autocomplete remove:%q for %s (-want +got):\n%s", tc.typed, tc.who.UserID, diff)
		}
	}

	// Refused at once, privately, with nothing changed.
	for _, tc := range []struct {
		who  discordtest.Member
		opts []discordtest.Option
		want string
	}{
		{discordtest.Alice, []discordtest.Option{str("remove", "fictional-report")}, "Only admins may reindex."},
		{discordtest.Admin, []discordtest.Option{str("remove", "fictional-report"), boolean("fetch", true)}, "remove: is done alone: run /reindex remove: first, then /reindex with file: or fetch:true."},
	} {
		r := h.srv.WaitResponse(h.srv.Command(tc.who, "reindex", tc.opts...), nil)
		if !r.Ephemeral() || !strings.HasPrefix(r.Callback.Content, tc.want) {
			t.Errorf("want a private refusal %q, got %+v", tc.want, r.Callback)
		}
	}
	for _, tc := range []struct{ name, want string }{
		{"nupi-policy-brief-19-2015", "“nupi-policy-brief-19-2015” is shipped in the bot itself, not a file of its corpus folder, so it cannot be removed. Nothing changed."},
		{"zzz", "The corpus folder holds no document “zzz”. Pick one from the list that appears as you type; it holds fictional-report. Nothing changed."},
	} {
		r := h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "reindex", str("remove", tc.name)), discordtest.Edited)
		checkSafe(t, r)
		if got := r.Final().Content; got != tc.want {
			t.Errorf("remove:%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(h.dir, "fictional.md")); err != nil {
		t.Fatal("a refused removal removed the file")
	}

	// Removed: the Markdown and its PDF, and answers no longer cite it.
	r := h.srv.WaitResponse(h.srv.Command(discordtest.Admin, "reindex", str("remove", "fictional-report")), discordtest.Edited)
	checkSafe(t, r)
	got := r.Final().Content
	for _, want := range []string{"Removed fictional-report (files fictional.md and fictional-report.pdf).\n", "Documents removed: fictional-report"} {
		if !strings.Contains(got, want) {
			t.Errorf("reply lacks %q:\n%s", want, got)
		}
	}
	if left, _ := os.ReadDir(h.dir); len(left) != 0 {
		t.Errorf("the folder still holds %v", left)
	}
	if got := ask(); strings.Contains(got, "grounded for want") {
		t.Errorf("answers still cite the removed document:\n%s", got)
	}
	if got := choices(discordtest.Admin, ""); len(got) != 0 {
		t.Errorf("autocomplete still offers %v", got)
	}
}
