package corpus_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"mandatebot/corpus"
)

func TestMentions(t *testing.T) {
	type m struct{ Text, Symbol, Label string }
	tests := []struct {
		text string
		own  corpus.LabelKind
		want []m
	}{
		{"to carry out its mandate as set out in paragraphs 16 (a) (i) and (ii), 16 (c) (i) and (iii), 16 (e) and 16 (f) above,", corpus.Operative, []m{
			{"16 (a) (i)", "", "op. 16(a)(i)"}, {"(ii)", "", "op. 16(a)(ii)"}, {"16 (c) (i)", "", "op. 16(c)(i)"}, {"(iii)", "", "op. 16(c)(iii)"}, {"16 (e)", "", "op. 16(e)"}, {"16 (f)", "", "op. 16(f)"},
		}},
		{"the date referred to in paragraph 7 above", corpus.Operative, []m{{"7", "", "op. 7"}}},
		{"Recalling its resolutions 2056 (2012), 2071 (2012) and 2085 (2012), and resolution 2100 (2013),", corpus.Operative, []m{
			{"2056 (2012)", "S/RES/2056 (2012)", ""}, {"2071 (2012)", "S/RES/2071 (2012)", ""}, {"2085 (2012)", "S/RES/2085 (2012)", ""}, {"2100 (2013)", "S/RES/2100 (2013)", ""},
		}},
		{"the measures in paragraph 1 of resolution 2083 (2012);", corpus.Operative, []m{{"1", "S/RES/2083 (2012)", "op. 1"}, {"2083 (2012)", "S/RES/2083 (2012)", ""}}},
		{"as outlined in paragraph 81 of his report (S/2013/189), to take", corpus.Operative, []m{{"S/2013/189", "S/2013/189", ""}}},
		{"as described in paragraph 12 above", corpus.Paragraph, []m{{"12", "", "para. 12"}}},
		{"the brief cites paragraph 12 of its annex", "", nil},
		{"paragraphs 3 to 5 of this resolution", corpus.Operative, []m{{"3", "", "op. 3"}, {"5", "", "op. 5"}}},
		{"in paragraph (a) above", corpus.Operative, nil},
	}
	for _, tt := range tests {
		var got []m
		for _, x := range corpus.Mentions(tt.text, tt.own) {
			got = append(got, m{tt.text[x.Start:x.End], x.Symbol, x.Label})
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Mentions(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}

func FuzzMentions(f *testing.F) {
	f.Add("as set out in paragraphs 16 (a) (i) and (ii), 16 (c) (i) and (iii) above, resolution 2100 (2013) and S/2013/189")
	f.Fuzz(func(t *testing.T, text string) {
		end := 0
		for _, m := range corpus.Mentions(text, corpus.Operative) {
			if m.Start < end || m.End <= m.Start || m.End > len(text) {
				t.Fatalf("mention %+v out of order or place in %q", m, text)
			}
			end = m.End
			if m.Label != "" && !corpus.IsParagraphLabel(m.Label) {
				t.Fatalf("mention %+v: not a label", m)
			}
		}
	})
}
