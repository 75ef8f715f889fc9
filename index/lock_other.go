//go:build !unix

package index

import (
	"os"
	"time"
)

// lockBuild does nothing where there is no flock: lockAbandoned then goes
// by age.
func lockBuild(dir string) (func(), error) { return func() {}, nil }

// lockAbandoned treats a build folder untouched for an hour as abandoned.
func lockAbandoned(dir string) (func(), bool) {
	st, err := os.Stat(dir)
	return func() {}, err == nil && time.Since(st.ModTime()) > time.Hour
}
