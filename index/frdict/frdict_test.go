package frdict

import (
	"slices"
	"testing"
)

func TestTranslations(t *testing.T) {
	if data == "" {
		t.Skip("the dictionary is left out of this build (-tags nofrdict)")
	}
	for stem, want := range map[string][]string{
		"janvi": {"January"},
		"aid":   {"abet", "aid", "assist", "help"},
		"":      nil,
		"zzzz":  nil,
	} {
		if got := Translations(stem); !slices.Equal(got, want) {
			t.Errorf("Translations(%q) = %q, want %q", stem, got, want)
		}
	}
}

// TestLeftOut: built without the dictionary, no word has a translation
// and nothing fails.
func TestLeftOut(t *testing.T) {
	if data != "" {
		t.Skip("the dictionary is in this build; go test -tags nofrdict checks it left out")
	}
	if got := Translations("aid"); got != nil {
		t.Errorf("Translations(%q) = %q without the dictionary, want nil", "aid", got)
	}
}
