package bot

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"mandatebot/corpus"
	"mandatebot/index"
	"mandatebot/index/indextest"
	"mandatebot/web/permalink"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func TestRenderGolden(t *testing.T) {
	t.Parallel()
	shipped := indextest.Load(t, "")
	// The index's fictional renewal: a mission's mandate renewed, a brief on it.
	renewal := indextest.Load(t, "../index/testdata/renewal")
	tests := []struct {
		name, q string
		ix      *index.Index
	}{
		{"strength", "What is MINUSMA's authorized strength?", shipped},
		{"ibid", "rapid intervention force capable of effectively combating terrorists", shipped},
		{"weak", "zebra migration patterns", shipped},
		// The bold sentence's footnote first, the others named by number.
		{"deadliest", "Who called MINUSMA the deadliest UN mission?", shipped},
		// The paragraph in force, citing the earlier; a sub-paragraph
		// under its parents' trail, with its own words.
		{"in-force", "Does MINUFIC have a mandate to protect civilians?", renewal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := tt.ix
			b := New(Config{Searcher: index.NewLive(ix, nil)})
			q := index.Query{Text: tt.q, Limit: 3}
			res, err := ix.Search(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			m := b.answerMessage(res, q, "")
			if err := checkMessage(m.content, m.embeds, m.components); err != nil {
				t.Fatalf("invalid message: %v", err)
			}
			got, _ := json.MarshalIndent(struct {
				Content string
				Embeds  any
				Private bool
			}{m.content, m.embeds, m.ephemeral}, "", "  ")
			path := filepath.Join("testdata", "golden", tt.name+".json")
			if *update {
				os.WriteFile(path, append(got, '\n'), 0o644)
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./bot -run TestRenderGolden -update)", err)
			}
			if strings.TrimSpace(string(want)) != strings.TrimSpace(string(got)) {
				t.Errorf("rendering of %q changed; if intended, rerun with -update.\ngot:\n%s", tt.q, got)
			}
		})
	}
}

func TestRenderStaysWithinLimits(t *testing.T) {
	t.Parallel()
	// A fictional document with a huge passage and a huge footnote.
	long := strings.Repeat("The fictional Ruritania mission patrols the long northern road again. ", 200)
	src := "---\nid: fictional-long\ntitle: " + strings.Repeat("Very long fictional title ", 20) + "\nkind: report\n---\n\n## " +
		strings.Repeat("Heading ", 60) + "\n\n" + long + "[^1]\n\n[^1]: " + strings.Repeat("A fictional source with https://example.org/a_b_c and more words. ", 60) + "\n"
	d, err := corpus.Parse("long.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	ix := indextest.Build(t, corpus.New(d))
	b := New(Config{Searcher: index.NewLive(ix, nil)})
	for _, limit := range []int{1, 5} {
		q := index.Query{Text: "Ruritania northern road", Limit: limit}
		res, err := ix.Search(context.Background(), q)
		if err != nil || len(res.Hits) == 0 {
			t.Fatalf("search: %v", err)
		}
		m := b.answerMessage(res, q, "")
		if err := checkMessage(m.content, m.embeds, m.components); err != nil {
			t.Errorf("limit %d: %v", limit, err)
		}
		desc := m.embeds[0].Description
		if !strings.HasSuffix(desc, "…") || strings.HasSuffix(strings.TrimSuffix(desc, "…"), " ") {
			t.Errorf("a cut description should end with a whole word and …: %q", desc[len(desc)-40:])
		}
		// The footnote is too long for its field: cut, but never inside
		// one of its web addresses.
		for _, f := range m.embeds[0].Fields {
			for _, w := range strings.Fields(f.Value) {
				if strings.HasPrefix(w, "http") && strings.TrimRight(w, ".,…") != "https://example.org/a_b_c" {
					t.Errorf("a link was cut: %q", w)
				}
			}
		}
		if strings.Count(desc, "**")%2 != 0 {
			t.Error("a cut left a bold marker open")
		}
	}
}

func TestCut(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"one two three four", 12, "one two…"},
		{"**bold words here** tail", 15, "**bold words**…"},
		{"**bold words here** tail", 14, "**bold**…"},
		{"ééééé ééééé", 8, "ééééé…"},
		// Never inside a web address, even far back: a cut link is broken.
		{"[12] Report, 30 September 2014. http://www.securitycouncilreport.org/monthly-forecast/2014-10/mali_14.php", 60, "[12] Report, 30 September 2014.…"},
		{"see https://example.org/a/very/long/path/indeed", 20, "see…"},
		// Never inside a Markdown link: its text or its address.
		{"as set out in [16 (a) (i)](<https://m.example.org/d/s#op-16-a-i>) above", 30, "as set out in…"},
		{"as set out in [16 (a) (i)](<https://m.example.org/d/s#op-16-a-i>) above", 60, "as set out in…"},
	}
	for _, tt := range tests {
		got := cut(tt.in, tt.n)
		if got != tt.want || utf8.RuneCountInString(got) > tt.n {
			t.Errorf("cut(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestEscapeMarkdown(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"@everyone":                  "@\u200beveryone",
		"<@123> **x** _y_ `z` ~w~":   "\\<@\u200b123\\> \\*\\*x\\*\\* \\_y\\_ \\`z\\` \\~w\\~",
		"see https://x.org/a_b_c.":   "see https://x.org/a_b_c.",
		"# heading > quote || spoil": "\\# heading \\> quote \\|\\| spoil",
	}
	for in, want := range tests {
		if got := escapeMarkdown(in); got != want {
			t.Errorf("escapeMarkdown(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCommandsAreValid(t *testing.T) {
	t.Parallel()
	for _, c := range Commands() {
		if len(c.Name) > 32 || len(c.Description) > 100 || c.NameLocalizations == nil || c.DescriptionLocalizations == nil {
			t.Errorf("/%s: name or description breaks a limit, or has no French", c.Name)
		}
		for _, l := range *c.DescriptionLocalizations {
			if utf8.RuneCountInString(l) > 100 {
				t.Errorf("/%s: French description too long", c.Name)
			}
		}
		for _, o := range c.Options {
			if len(o.Description) > 100 || o.NameLocalizations == nil || strings.ToLower(o.Name) != o.Name {
				t.Errorf("/%s %s: bad option", c.Name, o.Name)
			}
		}
	}
}

func TestReindexShownToAdministratorsInServers(t *testing.T) {
	t.Parallel()
	for _, c := range Commands() {
		if c.Name != cmdReindex {
			continue
		}
		if c.DefaultMemberPermissions == nil || *c.DefaultMemberPermissions != discordgo.PermissionAdministrator {
			t.Errorf("/reindex default_member_permissions = %v, want Administrator", c.DefaultMemberPermissions)
		}
		if c.Contexts == nil || len(*c.Contexts) != 1 || (*c.Contexts)[0] != discordgo.InteractionContextGuild {
			t.Errorf("/reindex contexts = %v, want servers only", c.Contexts)
		}
		return
	}
	t.Fatal("no /reindex")
}

func TestRedact(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`Post "https://discord.com/api/v9/interactions/1234/aW50ZXJhY3Rpb246MTIz.x-y_z/callback": timeout`: `Post "https://discord.com/api/v9/interactions/1234/<redacted>/callback": timeout`,
		`PATCH https://discord.com/api/v9/webhooks/5678/aW50ZXJhY3Rpb24-abc/messages/@original failed`:     `PATCH https://discord.com/api/v9/webhooks/5678/<redacted>/messages/@original failed`,
		`nothing secret here`: `nothing secret here`,
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestReferencedLinks: the references a resolution's text makes link to
// the paragraph or document they name, in Discord's Markdown; a
// paragraph only when the pages are published. The texts are fictional.
func TestReferencedLinks(t *testing.T) {
	t.Parallel()
	parse := func(md string) *corpus.Document {
		d, err := corpus.Parse("d.md", []byte(md))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	d := parse("---\nid: s-res-9999-2032\ntitle: Resolution 9999 (2032)\nkind: resolution\npublisher: United Nations Security Council\nsymbol: S/RES/9999 (2032)\n---\n\n**op. 1** Decides to act.\n\n**op. 1(a)** Decides to act. (a) Now;\n\n**op. 2** Acts as set out in paragraph 1 (a) above and resolution 9990 (2030) [sic].\n")
	c := corpus.New(d)
	text := d.PassageByLabel("op. 2").Text
	site, err := permalink.New("https://mandatebot.example.org")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lk   links
		want string
	}{
		{links{site}, "Acts as set out in paragraph [1 (a)](<" + site.Passage(d.PassageByLabel("op. 1(a)")) + ">) above and resolution [9990 (2030)](<https://undocs.org/S/RES/9990(2030)>) \\[sic\\]."},
		{links{}, "Acts as set out in paragraph 1 (a) above and resolution [9990 (2030)](<https://undocs.org/S/RES/9990(2030)>) \\[sic\\]."},
	}
	for _, tt := range tests {
		if got := tt.lk.referenced(d, text, c); got != tt.want {
			t.Errorf("referenced (published %v) =\n%s\nwant\n%s", tt.lk.site.Published(), got, tt.want)
		}
	}
}

// TestFairShare: the facts of a comparison share the room: short lines
// whole, the long ones an equal share of the rest, never under 120.
func TestFairShare(t *testing.T) {
	for _, tc := range []struct {
		lines       []int
		budget, cap int
	}{
		{[]int{100, 100, 600, 900}, 1000, 400},
		{[]int{100, 200}, 1000, 1000},
		{[]int{900, 900, 900, 900, 900, 900, 900, 900, 900, 900}, 1000, 120},
		{nil, 1000, 1000},
	} {
		if got := fairShare(tc.lines, tc.budget); got != tc.cap {
			t.Errorf("fairShare(%v, %d) = %d, want %d", tc.lines, tc.budget, got, tc.cap)
		}
	}
}
