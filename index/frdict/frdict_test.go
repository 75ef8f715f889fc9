package frdict

import (
	"slices"
	"testing"
)

func TestTranslations(t *testing.T) {
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
