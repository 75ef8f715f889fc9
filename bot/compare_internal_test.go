package bot

import (
	"strings"
	"testing"
)

// TestCutMarked: however a marked-up change is cut, every ~~ and __ is
// closed and none is left empty.
func TestCutMarked(t *testing.T) {
	s := "keep " + "~~taken out~~ " + "__put in here__ " + strings.Repeat("word ", 10)
	for n := 1; n <= len([]rune(s)); n++ {
		got := cutMarked(s, n)
		for _, mark := range []string{"~~", "__"} {
			if strings.Count(got, mark)%2 != 0 {
				t.Errorf("cutMarked(_, %d) = %q leaves %s open", n, got, mark)
			}
			if strings.Contains(got, mark+mark) {
				t.Errorf("cutMarked(_, %d) = %q has an empty %s", n, got, mark)
			}
		}
		if strings.Contains(got, "~~~") || strings.Contains(got, "___") {
			t.Errorf("cutMarked(_, %d) = %q splits a mark", n, got)
		}
	}
}
