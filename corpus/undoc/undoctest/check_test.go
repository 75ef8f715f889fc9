package undoctest

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"mandatebot/corpus"
)

// checkSource is a fictional resolution's Source, as ReadText makes them.
var checkSource = Source{
	Symbol: "S/RES/9990 (2030)",
	Body: [][]string{
		{KindPre, "Recalling", " its resolutions on the fictional State-controlled mission,"},
		{KindPre, "Acting", " under Chapter VII,"},
		{KindHead, "Mandate"},
		{KindOp, "1.", "", "Decides", " that the mission shall support the SecretaryGeneral:"},
		{KindSub, "(a)", "Security"},
		{KindSubsub, "(i)", "To protect civilians;"},
		{KindSubsub, "(ii)", "To deter threats;"},
		{KindSub, "(b)", "Support for elections;"},
		{KindOp, "2.", "", "Decides", " to remain seized of the matter."},
	},
}

// passages writes a converted document from label, section and own text:
// a sub-paragraph's text is its parent's then its own, as undoc writes it.
func document(ps ...[3]string) *corpus.Document {
	d := &corpus.Document{}
	for _, p := range ps {
		text := p[2]
		if i := lastParen(p[0]); i > 0 {
			if parent := d.PassageByLabel(p[0][:i]); parent != nil {
				text = parent.Text + " " + text
			}
		}
		d.Passages = append(d.Passages, corpus.Passage{Label: p[0], Section: p[1], Text: text})
	}
	return d
}

func lastParen(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '(' {
			return i
		}
	}
	return -1
}

var rightPassages = [][3]string{
	{"pp. 1", "Preamble", "Recalling its resolutions on the fictional State-controlled mission,"},
	{"pp. 2", "Preamble", "Acting under Chapter VII,"},
	{"op. 1", "Mandate", "Decides that the mission shall support the Secretary-General:"},
	{"op. 1(a)", "Mandate", "(a) Security"},
	{"op. 1(a)(i)", "Mandate", "(i) To protect civilians;"},
	{"op. 1(a)(ii)", "Mandate", "(ii) To deter threats;"},
	{"op. 1(b)", "Mandate", "(b) Support for elections;"},
	{"op. 2", "Mandate", "Decides to remain seized of the matter."},
}

// with returns rightPassages with the passage at i replaced (or, with
// an empty label, removed).
func with(i int, p [3]string) [][3]string {
	out := append([][3]string(nil), rightPassages...)
	if p[0] == "" {
		return append(out[:i], out[i+1:]...)
	}
	out[i] = p
	return out
}

func TestCheck(t *testing.T) {
	spellings := Spellings{"secretary-general": 100, "secretarygeneral": 2}
	glued := with(0, [3]string{"pp. 1", "Preamble", "Recalling its resolutions on the fictional Statecontrolled mission,"})
	split := append(with(1, [3]string{"pp. 2", "Preamble", "Acting under"}), rightPassages[2:]...)
	split = append(split[:2], append([][3]string{{"pp. 3", "Preamble", "Chapter VII,"}}, split[2:]...)...)
	split = split[:9]
	tests := []struct {
		name      string
		passages  [][3]string
		spellings Spellings
		want      []Failure
	}{
		{"right", rightPassages, spellings, nil},
		{"a hyphen the collection writes whole", rightPassages, Spellings{"secretary-general": 1, "secretarygeneral": 5}, []Failure{
			{PropInvented, "hyphen kept in a word", "Secretary-General for SecretaryGeneral"},
		}},
		{"glued compound", glued, spellings, []Failure{
			{PropInvented, "glued compound", "Statecontrolled for State-controlled"},
		}},
		{"(i) lost in its heading", append(with(4, [3]string{"op. 1(a)", "Mandate", "(a) Security (i) To protect civilians;"})[:3], append([][3]string{{"op. 1(a)", "Mandate", "(a) Security (i) To protect civilians;"}}, rightPassages[5:]...)...), spellings, []Failure{
			{PropMarks, "out of sequence", "op. 1(a)(ii) where (i) was expected"},
			{PropLabels, "passage lost: roman sub-paragraph", "at passage 5: op. 1(a)(ii), the source has op. 1(a)(i)"},
			{PropInvented, "a mark inside a passage", "i"},
		}},
		{"preamble split", split, spellings, []Failure{
			{PropPreamble, "more", "3 preambular paragraphs, the source has 2"},
			{PropLabels, "passage added: preambular", "at passage 3: pp. 3, the source has op. 1"},
		}},
		{"furniture and a lost paragraph", with(7, [3]string{"op. 2", "Mandate", "Decides 2/3 30-09990"}), spellings, []Failure{
			{PropWords, "lost or moved", "84.21% of the source's 38 words in order"},
			{PropInvented, "other", "2"},
			{PropFurniture, "furniture in a passage", `op. 2 holds "30-09990"`},
		}},
		{"numbering", with(7, [3]string{"op. 3", "Mandate", "Decides to remain seized of the matter."}), spellings, []Failure{
			{PropOperative, "out of order", "op. 3 where op. 2 was expected"},
			{PropLabels, "another label: operative", "at passage 8: op. 3, the source has op. 2"},
		}},
		{"repeated", with(6, [3]string{"op. 1(a)(ii)", "Mandate", "(b) Support for elections;"}), spellings, []Failure{
			{PropMarks, "out of sequence", "op. 1(a)(ii) where (iii) was expected"},
			{PropUnique, "repeated", "op. 1(a)(ii)"},
			{PropLabels, "another label: lettered sub-paragraph", "at passage 7: op. 1(a)(ii), the source has op. 1(b)"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Check(document(tt.passages...), checkSource, tt.spellings)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Check (-want +got):\n%s", diff)
			}
		})
	}
}
