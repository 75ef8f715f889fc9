package undoc

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

// The PDF reader (github.com/ledongthuc/pdf) trusts the file: it sizes
// buffers from numbers in it and follows references without remembering
// where it has been, and an allocation the Go runtime cannot satisfy is a
// fatal error that no recover catches. So Lines reads every PDF in a
// child process, this same binary started again with workerEnv set, whose
// memory, CPU time and wall-clock time are bounded: whatever a file does
// to the reader, the caller gets an error naming the cause and goes on.
// The checks in structure.go and extract.go turn the known bad shapes into
// precise errors before the reader meets them; the child's limits catch
// the rest.
const (
	workerEnv = "MANDATEBOT_PDF_WORKER"
	// workerMemoryMB bounds the child's heap. A UN document needs a few
	// tens of MB.
	workerMemoryMB = 480
	// workerTime bounds one PDF's reading; the slowest real document (a
	// 40-page report) takes well under a second.
	workerTime = 20 * time.Second
	// maxWorkerInput is the largest PDF the child reads.
	maxWorkerInput = 200 << 20
	// maxReplyBytes bounds what the parent reads back.
	maxReplyBytes = 128 << 20
	// maxWorkers is how many PDFs are read at once, whoever asks.
	maxWorkers = 2
)

// workers limits how many children run at once, so that simultaneous
// uploads cannot take every core and maxWorkers × workerMemoryMB of
// memory at most.
var workers = make(chan struct{}, maxWorkers)

func init() {
	// The child's whole life: read a PDF on stdin, write its lines on
	// stdout, exit. It runs before main (or a test binary's tests), so any
	// binary that imports this package can serve as its own sandbox.
	if os.Getenv(workerEnv) == "1" {
		os.Exit(serveWorker(os.Stdin, os.Stdout))
	}
}

// workerReply is what the child sends back.
type workerReply struct {
	Lines  []Line
	Err    string
	Kind   errKind
	PeakKB int64 // the child's peak resident size
}

type errKind uint8

const (
	errNone errKind = iota
	errOther
	errTooComplex
	errNotPDF
	errEncrypted
)

// childError is an error the child reported, wrapping the sentinel it
// wrapped there.
type childError struct {
	msg  string
	kind error
}

func (e *childError) Error() string { return e.msg }
func (e *childError) Unwrap() error { return e.kind }

func serveWorker(in io.Reader, out io.Writer) int {
	limitWorker(workerMemoryMB<<20, workerTime)
	b, err := io.ReadAll(io.LimitReader(in, maxWorkerInput+1))
	var reply workerReply
	switch {
	case err != nil:
		reply = workerReply{Err: fmt.Sprintf("read PDF: %v", err), Kind: errOther}
	case len(b) > maxWorkerInput:
		reply = workerReply{Err: fmt.Sprintf("%v: more than %d MB", ErrTooComplex, maxWorkerInput>>20), Kind: errTooComplex}
	default:
		lines, err := extractLines(context.Background(), b)
		reply.Lines = lines
		if err != nil {
			reply = workerReply{Err: err.Error(), Kind: errOther}
			switch {
			case errors.Is(err, ErrTooComplex):
				reply.Kind = errTooComplex
			case errors.Is(err, ErrNotPDF):
				reply.Kind = errNotPDF
			case errors.Is(err, ErrEncrypted):
				reply.Kind = errEncrypted
			}
		}
	}
	reply.PeakKB = peakKB()
	if err := gob.NewEncoder(out).Encode(reply); err != nil {
		fmt.Fprintln(os.Stderr, "pdf worker:", err)
		return 1
	}
	return 0
}

// readIsolated runs extractLines on b in a child process. It returns the
// child's peak resident size too, when the child lived to report it.
func readIsolated(ctx context.Context, b []byte) ([]Line, int64, error) {
	select {
	case workers <- struct{}{}:
		defer func() { <-workers }()
	case <-ctx.Done():
		return nil, 0, ctx.Err()
	}
	return runWorker(ctx, b)
}

func runWorker(ctx context.Context, b []byte) ([]Line, int64, error) {
	exe, err := selfExecutable()
	if err != nil {
		return nil, 0, fmt.Errorf("read PDF: cannot start the PDF reader: %w", err)
	}
	cctx, cancel := context.WithTimeout(ctx, workerTime)
	defer cancel()
	cmd := exec.CommandContext(cctx, exe)
	// Only what the child needs: never the parent's secrets.
	// (A race-detector build would otherwise wait a second at exit.)
	cmd.Env = []string{workerEnv + "=1", "GORACE=atexit_sleep_ms=0"}
	cmd.Stdin = bytes.NewReader(b)
	var stdout, stderr boundedBuffer
	stdout.max, stderr.max = maxReplyBytes, 64<<10
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = time.Second
	isolate(cmd)
	start := time.Now()
	runErr := cmd.Run()
	switch {
	case ctx.Err() != nil:
		return nil, 0, ctx.Err()
	case cctx.Err() != nil:
		return nil, 0, fmt.Errorf("%w: reading it took longer than %v", ErrTooComplex, workerTime)
	case runErr != nil && outOfMemory(stderr.String()):
		return nil, 0, fmt.Errorf("%w: reading it needed more than %d MB", ErrTooComplex, workerMemoryMB)
	case runErr != nil:
		return nil, 0, fmt.Errorf("read PDF: the PDF reader failed after %v (%v)%s", time.Since(start).Round(time.Millisecond), runErr, firstLine(stderr.String()))
	case stdout.over:
		return nil, 0, fmt.Errorf("%w: its text is more than %d MB", ErrTooComplex, maxReplyBytes>>20)
	}
	var reply workerReply
	if err := gob.NewDecoder(&stdout.buf).Decode(&reply); err != nil {
		return nil, 0, fmt.Errorf("read PDF: the PDF reader's answer: %w", err)
	}
	switch reply.Kind {
	case errNone:
		return reply.Lines, reply.PeakKB, nil
	case errTooComplex:
		return nil, reply.PeakKB, &childError{reply.Err, ErrTooComplex}
	case errNotPDF:
		return nil, reply.PeakKB, &childError{reply.Err, ErrNotPDF}
	case errEncrypted:
		return nil, reply.PeakKB, ErrEncrypted
	default:
		return nil, reply.PeakKB, errors.New(reply.Err)
	}
}

// outOfMemory reports whether the child's stderr says it ran out of
// memory. Under its RLIMIT_DATA the Go runtime says so in two ways: a
// heap that cannot grow ("fatal error: runtime: out of memory"), or the
// kernel refusing to map more of its address space ("fatal error:
// runtime: cannot allocate memory", after "mmap errno 12" or "cannot map
// pages in arena address space"), or a thread it could not start for
// want of memory ("errno=12").
func outOfMemory(stderr string) bool {
	for _, s := range []string{"out of memory", "cannot allocate memory", "errno 12", "errno=12", "cannot map pages"} {
		if strings.Contains(stderr, s) {
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if s == "" {
		return ""
	}
	return ": " + s
}

// boundedBuffer keeps the first max bytes written to it and notes that
// more came.
type boundedBuffer struct {
	buf  bytes.Buffer
	max  int
	over bool
}

func (b *boundedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.buf.Len(); len(p) > room {
		b.over = true
		p = p[:max(room, 0)]
	}
	b.buf.Write(p)
	return len(p), nil
}

func (b *boundedBuffer) String() string { return b.buf.String() }
