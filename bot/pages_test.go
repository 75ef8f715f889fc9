package bot_test

import (
	"regexp"
	"strings"
	"testing"

	"mandatebot/bot/discordtest"
)

// TestMandateAndCitePaged: /mandate without a topic and /cite of a
// paragraph with sub-paragraphs each fit one screen, grouped under their
// headings, no lead-in repeated; their pages, turned by the asker in
// place, hold every paragraph once.
func TestMandateAndCitePaged(t *testing.T) {
	t.Parallel()
	h := start(t, nil)
	withLibreOfficePair(t, h)
	labelRE := regexp.MustCompile(`(?m)^\*\*(op\. [0-9a-z()]+)\*\*`)

	for _, tt := range []struct {
		name    string
		command string
		opts    []discordtest.Option
		want    []string // labels, in order, over all pages
		paged   bool     // more than one page
	}{
		{"mandate", "mandate", []discordtest.Option{str("resolution", "9999")},
			[]string{"op. 3", "op. 4", "op. 4(a)", "op. 4(a)(i)", "op. 4(a)(ii)", "op. 4(a)(iii)", "op. 4(b)", "op. 4(c)", "op. 4(d)", "op. 4(e)", "op. 4(f)", "op. 4(g)", "op. 4(h)", "op. 4(i)", "op. 4(j)"}, true},
		{"cite", "cite", []discordtest.Option{str("reference", "9999 op 4(a)")},
			[]string{"op. 4(a)(i)", "op. 4(a)(ii)", "op. 4(a)(iii)"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			id := h.srv.Command(discordtest.Alice, tt.command, tt.opts...)
			var got []string
			at := id
			pages := 1
			for ; ; pages++ {
				r := h.srv.WaitResponse(at, nil)
				checkSafe(t, r)
				m := r.Final()
				all := text(m)
				if n := len([]rune(all)); n > 2000 {
					t.Errorf("page %d is %d characters:\n%s", pages, n, all)
				}
				if n := strings.Count(all, "shall be the following"); n > 1 {
					t.Errorf("page %d repeats the lead-in %d times:\n%s", pages, n, all)
				}
				for _, match := range labelRE.FindAllStringSubmatch(m.Embeds[0].Description, -1) {
					got = append(got, match[1])
				}
				next := ""
				for _, cid := range m.CustomIDs() {
					if strings.HasPrefix(cid, "page:") && strings.Contains(cid, ":"+itoa(pages)+":") {
						next = cid
					}
				}
				if next == "" || pages > 10 {
					break
				}
				at = h.srv.Click(discordtest.Alice, id, next)
				if turned := h.srv.WaitResponse(at, nil); turned.Type != 7 {
					t.Errorf("the asker's Next answered with type %d, want the page turned in place (7)", turned.Type)
				}
			}
			if (pages > 1) != tt.paged {
				t.Errorf("%d pages, want paged %v", pages, tt.paged)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("paragraphs over all pages:\n got  %v\n want %v", got, tt.want)
			}
		})
	}
	// The mandate list is grouped under its heading.
	r := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "mandate", str("resolution", "9999")), nil)
	if d := r.Final().Embeds[0].Description; !strings.HasPrefix(d, "__Mandate of UNFMR__") {
		t.Errorf("the list does not open with its heading:\n%s", d)
	}
}

// Honest answers through the fake Discord: small talk gets help (and
// "You're welcome!" only when it thanks), a question with a word no
// document uses says so before the passages, one naming a resolution
// the corpus lacks says that and how to add it, and one of mentions or
// search syntax is searched as its words.
func TestHonestAnswers(t *testing.T) {
	t.Parallel()
	h := start(t, nil)
	for _, tt := range []struct {
		question  string
		want      []string
		ephemeral bool
		lacks     []string
	}{
		{"thanks!", []string{"You're welcome! I answer", "Try `/ask question:", "/help"}, true, nil},
		{"hi there 👋", []string{"I answer questions about MINUSMA"}, true, []string{"welcome"}},
		{"what does resolution 2227 say about the troops?", []string{"[S/RES/2227 (2015)](<https://undocs.org/S/RES/2227(2015)>) is not in the corpus yet", "/reindex fetch:true or `mandatebot fetch \"S/RES/2227 (2015)\"`"}, false, []string{"never mention: 2227"}},
		{"<@123456789012345678> how many police?", []string{"**how many police?**", "1,440 police.**"}, false, []string{"123456789012345678", "never mention"}},
		{"police*~2 OR title:deployed", []string{"**police OR title: deployed**", "never mention: title."}, false, []string{"title:deployed", "police*", "~2"}},
		{"merci", []string{"Try `/ask question:"}, true, nil},
		{"how many women serve in the mission", []string{"*The documents never mention: women. These are the passages nearest the rest of the question.*"}, false, nil},
		{"what is the capital of norway", []string{"they never mention norway"}, true, nil},
		{"What does NUPI stand for?", []string{"Norwegian Institute of International Affairs"}, false, nil},
		{"What is MINUSMA?", []string{"Multidimensional Integrated Stabilization Mission in Mali"}, false, nil},
		{"how many police?", []string{"1. MINUSMA’s Mandate and Capacity ¶2", "1,440 police.**"}, false, nil},
	} {
		r := h.srv.WaitResponse(h.srv.Command(discordtest.Alice, "ask", str("question", tt.question)), nil)
		checkSafe(t, r)
		got := text(r.Final())
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%q: reply lacks %q:\n%s", tt.question, w, got)
			}
		}
		for _, w := range tt.lacks {
			if strings.Contains(got, w) {
				t.Errorf("%q: reply has %q:\n%s", tt.question, w, got)
			}
		}
		if r.Ephemeral() != tt.ephemeral {
			t.Errorf("%q: ephemeral %v", tt.question, r.Ephemeral())
		}
	}
}
