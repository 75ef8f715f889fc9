package corpus

import (
	"errors"
	"slices"
	"testing"
)

func TestSymbolsAreReadWhole(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"see S/RES/21640 (2014), para. 3", []string{"S/RES/21640 (2014)"}},
		{"S/RES/10005 (2032) and S/RES/2100", []string{"S/RES/10005 (2032)", "S/RES/2100 (2013)"}},
		{"S/2014/6921; S/PV.72740; S/PRST/2014/81", []string{"S/2014/6921", "S/PV.72740", "S/PRST/2014/81"}},
		{"S/RES/2164(2014)", []string{"S/RES/2164 (2014)"}},
	} {
		if got := Symbols(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Symbols(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for in, want := range map[string]string{"s/res/10005 (2032)": "S/RES/10005 (2032)", " S/PV.7274 ": "S/PV.7274", "S/RES/2164": "S/RES/2164 (2014)"} {
		if got, err := ParseSymbol(in); err != nil || got != want {
			t.Errorf("ParseSymbol(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "2164", "S/RES/21x", "S/RES/2164 (2014) x", "see S/PV.7274", "S/2014"} {
		if _, err := ParseSymbol(bad); !errors.Is(err, ErrNotSymbol) {
			t.Errorf("ParseSymbol(%q) = %v, want ErrNotSymbol", bad, err)
		}
	}
	ref, err := ParseReference("S/RES/10005 (2032) op 2(a)")
	if err != nil || ref.Symbol != "S/RES/10005 (2032)" || ref.Label != "op. 2(a)" {
		t.Errorf("reference to a five-digit resolution: %+v, %v", ref, err)
	}
	if ref, err := ParseReference("10005 op 2"); err != nil || ref.Symbol != "S/RES/10005" {
		t.Errorf("a bare five-digit number: %+v, %v", ref, err)
	}
	if got := ResolutionMentions("10005 → S/RES/10006 (2033)"); !slices.Equal(got, []string{"10005", "10006 (2033)"}) {
		t.Errorf("ResolutionMentions = %q", got)
	}
}
