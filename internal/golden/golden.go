// Package golden holds what tests share to compare their output with a
// golden file under testdata: the comparison, and its rewriting when a
// test runs with -update.
package golden

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Text compares got with the file at path and reports the difference. With
// update (the test package's -update flag) it first writes got to path,
// making its folder, so that the comparison passes and the file can be
// reviewed in the diff.
func Text(t testing.TB, path, got string, update bool) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to write it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s is not what the test made; if the change is intended, rerun with -update (-want +got):\n%s", path, diff)
	}
}
