//go:build !linux

package undoc

import (
	"os"
	"os/exec"
	"time"
)

func selfExecutable() (string, error) { return os.Executable() }

func isolate(*exec.Cmd) {}

// limitWorker sets no limit where rlimits are not known to work: the
// parent's deadline still ends a runaway child.
func limitWorker(uint64, time.Duration) {}

func peakKB() int64 { return -1 }
