package corpus_test

import (
	"errors"
	"testing"

	"mandatebot/corpus"
)

func TestParseReference(t *testing.T) {
	tests := []struct{ in, sym, label string }{
		{"2164 op 13(a)", "S/RES/2164 (2014)", "op. 13(a)"},
		{"2164 op. 13 (a) (i)", "S/RES/2164 (2014)", "op. 13(a)(i)"},
		{"S/RES/2100 para 16", "S/RES/2100 (2013)", "op. 16"},
		{"s/res/2100 (2013), paragraph 16", "S/RES/2100 (2013)", "op. 16"},
		{"resolution 2164 pp 3", "S/RES/2164 (2014)", "pp. 3"},
		{"2164 13(b)", "S/RES/2164 (2014)", "op. 13(b)"},
		{"S/2014/692 para 12", "S/2014/692", "para. 12"},
		{"  S/PV.7274 § 4 ", "S/PV.7274", "para. 4"},
	}
	for _, tt := range tests {
		got, err := corpus.ParseReference(tt.in)
		if err != nil || got.Symbol != tt.sym || got.Label != tt.label {
			t.Errorf("ParseReference(%q) = %+v, %v; want %s %s", tt.in, got, err, tt.sym, tt.label)
		}
		if !corpus.IsParagraphLabel(got.Label) {
			t.Errorf("ParseReference(%q) label %q is not one Label makes", tt.in, got.Label)
		}
	}
	bad := []struct {
		in   string
		want error
	}{
		{"", corpus.ErrNoReference},
		{"banana", corpus.ErrUnknownDocument},
		{"2164", corpus.ErrNoParagraph},
		{"S/RES/2164 op", corpus.ErrNoParagraph},
	}
	for _, tt := range bad {
		_, err := corpus.ParseReference(tt.in)
		var re *corpus.ReferenceError
		if !errors.Is(err, tt.want) || !errors.As(err, &re) {
			t.Errorf("ParseReference(%q) err = %v, want %v", tt.in, err, tt.want)
		}
	}
}

func TestLabel(t *testing.T) {
	tests := []struct{ got, want string }{
		{corpus.Label(corpus.Operative, 13, "a", "i"), "op. 13(a)(i)"},
		{corpus.Label(corpus.Preambular, 2), "pp. 2"},
		{corpus.Label(corpus.Paragraph, 12), "para. 12"},
		{corpus.SubLabel("op. 1(b)", "ii"), "op. 1(b)(ii)"},
		{corpus.RecommendationLabel(4), "Recommendation 4"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func FuzzParseReference(f *testing.F) {
	for _, s := range []string{"2164 op 13(a)(i)", "S/RES/2100 (2013) para 16", "S/2014/692 § 3", "res 2164 pp 2", "(((", "S/RES/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ref, err := corpus.ParseReference(s)
		if err != nil {
			var re *corpus.ReferenceError
			if !errors.As(err, &re) {
				t.Fatalf("error %v is not a *ReferenceError", err)
			}
			return
		}
		if corpus.NormalizeSymbol(ref.Symbol) != ref.Symbol || !corpus.IsParagraphLabel(ref.Label) {
			t.Fatalf("ParseReference(%q) = %+v: symbol not normalised or label not one Label makes", s, ref)
		}
	})
}
