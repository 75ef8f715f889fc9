package index

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// What a member types is searched as words: Discord's markup for
// mentions, channels, commands, emoji and timestamps names no subject,
// and the marks of search syntax mean nothing.
func TestNormalizeQuestion(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"<@123456789012345678> what is the troop ceiling?", "what is the troop ceiling?"},
		{"<@!123> <@&456> <#789> protect civilians", "protect civilians"},
		{"</ask:1234567890> how many police <:blue_helmet:987654321> <a:wave:1>", "how many police"},
		{"deployed by <t:1420070400:R>?", "deployed by ?"},
		{"<@&1> <#2>", ""},
		{"title:mandate OR +troops -police*", "title: mandate OR +troops -police"},
		{"MINUSMA~2 troops^3 \\(civilians\\) `2164`", "MINUSMA troops (civilians) 2164"},
		{"*", ""},
		// What is not markup or syntax stays: a paragraph's reference, a
		// time, a compound, a heading's colon, an email-like address.
		{"2164 op. 13(a)(ii): what does it say?", "2164 op. 13(a)(ii): what does it say?"},
		{"at 10:30 in S/RES/2100 (2013), State-controlled", "at 10:30 in S/RES/2100 (2013), State-controlled"},
		{"Mandate: what is it? <3", "Mandate: what is it? <3"},
		{"a\u200bb\u202e c\n\td", "ab c d"},
	} {
		if diff := cmp.Diff(tt.want, NormalizeQuestion(tt.in)); diff != "" {
			t.Errorf("NormalizeQuestion(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

// A question with markup or syntax answers as the same words do, and
// reports no word of markup or syntax as absent; markup alone is an
// empty question.
func TestMarkupAndSyntaxAreNotWords(t *testing.T) {
	ix := memIndex(t)
	search := func(q string) *Result {
		t.Helper()
		res, err := ix.Search(context.Background(), Query{Text: q, Limit: 3})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		return res
	}
	for _, tt := range []struct{ marked, plain string }{
		{"<@123456789012345678> how many police officers?", "how many police officers?"},
		{"<#99> <@&12> why don't countries send troops north", "why don't countries send troops north"},
		{"MINUSMA~2", "MINUSMA"},
		{"police* deployed^2", "police deployed"},
	} {
		got, want := search(tt.marked), search(tt.plain)
		if diff := cmp.Diff(hitIDs(want), hitIDs(got)); diff != "" {
			t.Errorf("%q answers unlike %q (-plain +marked):\n%s", tt.marked, tt.plain, diff)
		}
		if got.Weak != want.Weak || !slices.Equal(got.Absent, want.Absent) {
			t.Errorf("%q: weak %v, absent %q; %q: weak %v, absent %q", tt.marked, got.Weak, got.Absent, tt.plain, want.Weak, want.Absent)
		}
	}
	for _, w := range search("title:mandate OR +troops -police*").Absent {
		if strings.ContainsAny(w, ":*+") {
			t.Errorf("search syntax %q reported as a word the documents never mention", w)
		}
	}
	for _, q := range []string{"<@123456789012345678>", "<@&1> <#2> <:x:3>", "*", "~2"} {
		if _, err := ix.Search(context.Background(), Query{Text: q}); !errors.Is(err, ErrEmptyQuery) {
			t.Errorf("%q: %v, want ErrEmptyQuery", q, err)
		}
	}
}

func hitIDs(res *Result) []string {
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.Passage.ID)
	}
	return ids
}

// A question naming a resolution the corpus lacks says so (Unheld), and
// its number is not also a word the documents never mention; a
// resolution the corpus holds, or a bare number, is not reported.
func TestUnheldResolutions(t *testing.T) {
	ix := renewal(t) // fictional S/RES/9101 (2031) and S/RES/9150 (2032)
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"what does resolution 9999 say about zeppelins?", []string{"S/RES/9999"}},
		{"did res. 9998 (2033) renew MINUFIC?", []string{"S/RES/9998 (2033)"}},
		{"S/RES/9997 and resolution 9997 on the harbour", []string{"S/RES/9997"}},
		{"what did resolution 9150 change?", nil},
		{"were 9999 zeppelins deployed?", nil},
	} {
		res, err := ix.Search(context.Background(), Query{Text: tt.q})
		if err != nil {
			t.Fatalf("%q: %v", tt.q, err)
		}
		if diff := cmp.Diff(tt.want, res.Unheld); diff != "" {
			t.Errorf("%q: unheld (-want +got):\n%s", tt.q, diff)
		}
		if len(tt.want) > 0 && slices.ContainsFunc(res.Absent, func(w string) bool { return strings.HasPrefix(w, "99") }) {
			t.Errorf("%q: the unheld resolution's number is also reported absent: %q", tt.q, res.Absent)
		}
	}
}
