package undoc

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// selfExecutable is this binary, even when the file has been replaced
// since it started (an upgrade in place).
func selfExecutable() (string, error) {
	if _, err := os.Stat("/proc/self/exe"); err == nil {
		return "/proc/self/exe", nil
	}
	return os.Executable()
}

// isolate makes the child die with its parent.
func isolate(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

// limitWorker bounds the child's own data segment and CPU time, so a
// runaway allocation fails at once ("out of memory", reported as such)
// and a runaway loop is killed by the kernel even if the parent is gone.
// The race detector maps terabytes of shadow memory, so race builds
// (tests only) keep the CPU limit alone.
func limitWorker(memory uint64, d time.Duration) {
	if !raceEnabled {
		syscall.Setrlimit(syscall.RLIMIT_DATA, &syscall.Rlimit{Cur: memory, Max: memory})
	}
	cpu := uint64(d/time.Second) + 1
	syscall.Setrlimit(syscall.RLIMIT_CPU, &syscall.Rlimit{Cur: cpu, Max: cpu + 1})
}

// peakKB is this process's peak resident size (VmHWM), or -1.
func peakKB() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err == nil {
				return n
			}
		}
	}
	return -1
}
