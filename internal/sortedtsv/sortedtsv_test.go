package sortedtsv_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"mandatebot/internal/sortedtsv"
)

func TestLookup(t *testing.T) {
	type found struct {
		Value string
		Line  int
		OK    bool
	}
	for _, tt := range []struct {
		name, data, key string
		want            found
	}{
		{"first", "aid\thelp;assist\nbateau\tboat\nzeppelin\tairship\n", "aid", found{"help;assist", 0, true}},
		{"middle", "aid\thelp\nbateau\tboat\nzeppelin\tairship\n", "bateau", found{"boat", 1, true}},
		{"last, no final newline", "aid\thelp\nbateau\tboat\nzeppelin\tairship", "zeppelin", found{"airship", 2, true}},
		{"absent between", "aid\thelp\nbateau\tboat\n", "ba", found{}},
		{"absent after", "aid\thelp\nbateau\tboat\n", "zz", found{}},
		{"a prefix of a key", "aider\thelp\n", "aid", found{}},
		{"empty value", "aid\t\nbateau\tboat\n", "aid", found{}},
		{"no tab", "aid\nbateau\tboat\n", "aid", found{}},
		{"empty key", "\tnothing\naid\thelp\n", "", found{}},
		{"empty table", "", "aid", found{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v, line, ok := sortedtsv.New(tt.data).Lookup(tt.key)
			if diff := cmp.Diff(tt.want, found{v, line, ok}); diff != "" {
				t.Errorf("Lookup(%q) (-want +got):\n%s", tt.key, diff)
			}
		})
	}
}
