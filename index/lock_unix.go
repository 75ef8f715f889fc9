//go:build unix

package index

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// lockName is the lock file of a build folder: a build holds an exclusive
// lock on it for as long as it runs, and the kernel drops the lock when
// the process dies, so a folder whose lock can be taken is abandoned.
const lockName = ".lock"

// lockBuild takes the lock of a new build folder. The lock file is
// created under another name, locked, then renamed into place, so that no
// cleaner can take the lock between its creation and its locking.
func lockBuild(dir string) (unlock func(), err error) {
	f, err := os.CreateTemp(dir, ".lock-new-")
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, err
	}
	if err := os.Rename(f.Name(), filepath.Join(dir, lockName)); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}

// lockAbandoned takes the lock of a build folder if no build holds it. A
// folder without a lock file is abandoned once it is a minute old (a
// build locks its folder as soon as it makes it).
func lockAbandoned(dir string) (unlock func(), ok bool) {
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		st, err := os.Stat(dir)
		return func() {}, err == nil && time.Since(st.ModTime()) > time.Minute
	}
	if err != nil {
		return nil, false
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, false
	}
	return func() { f.Close() }, true
}
