package undoctest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
)

// Producer is a program that makes PDFs of a Source.
type Producer string

// The two producers: go-pdf/fpdf (FPDF) and LibreOffice, given the flat
// ODT make_fodt.py writes.
const (
	ProducerFPDF        Producer = "fpdf"
	ProducerLibreOffice Producer = "lo"
)

// Producers are both producers, in the order reports show them.
var Producers = []Producer{ProducerFPDF, ProducerLibreOffice}

// ParseProducers reads a comma-separated list of producers ("fpdf,lo").
func ParseProducers(s string) ([]Producer, error) {
	var out []Producer
	for _, p := range strings.Split(s, ",") {
		switch Producer(strings.TrimSpace(p)) {
		case ProducerFPDF:
			out = append(out, ProducerFPDF)
		case ProducerLibreOffice:
			out = append(out, ProducerLibreOffice)
		default:
			return nil, fmt.Errorf("unknown producer %q (fpdf or lo)", p)
		}
	}
	return out, nil
}

// Renderer makes PDFs of Sources with either producer and keeps each in
// a cache folder, named by the SHA-256 of the Source and of the code that
// lays it out (source.go for FPDF, make_fodt.py for LibreOffice), so a
// second run over the same texts starts no LibreOffice at all.
// LibreOffice starts slowly, so documents are converted many per call,
// with a profile of the Renderer's own (under Cache) so that no other
// soffice running on the machine is disturbed.
type Renderer struct {
	Cache   string        // the cache folder; made if missing
	Soffice string        // "soffice" when empty
	Python  string        // "python3" when empty
	Batch   int           // documents per soffice call; 50 when 0
	Timeout time.Duration // for one soffice call; 10 minutes when 0
	// Log, when set, is told what the Renderer starts.
	Log func(format string, args ...any)
}

// ErrNoLibreOffice is the error of rendering with LibreOffice on a machine
// without soffice.
var ErrNoLibreOffice = errors.New("soffice (LibreOffice) is not installed")

// here is this package's source folder: make_fodt.py and source.go are
// found from it, so the Renderer works from any working directory.
func here() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(file)
}

// MakeFODT is the path of make_fodt.py.
func MakeFODT() string { return filepath.Join(here(), "..", "testdata", "libreoffice", "make_fodt.py") }

var (
	versionOnce sync.Once
	versions    map[Producer]string
)

// version identifies the code that lays a Source out for p.
func version(p Producer) string {
	versionOnce.Do(func() {
		versions = map[Producer]string{}
		for p, file := range map[Producer]string{ProducerFPDF: filepath.Join(here(), "source.go"), ProducerLibreOffice: MakeFODT()} {
			b, err := os.ReadFile(file)
			if err != nil {
				b = []byte(err.Error())
			}
			h := sha256.Sum256(b)
			versions[p] = hex.EncodeToString(h[:8])
		}
	})
	return versions[p]
}

// key names a Source's PDF by producer in the cache.
func key(p Producer, src Source) string {
	h := sha256.New()
	h.Write([]byte(string(p) + "\x00" + version(p) + "\x00"))
	h.Write(src.JSON())
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// Render returns the PDF of each Source made by p, in order.
func (r *Renderer) Render(ctx context.Context, p Producer, srcs []Source) ([][]byte, error) {
	if r.Cache == "" {
		return nil, errors.New("render: no cache folder")
	}
	if err := os.MkdirAll(r.Cache, 0o755); err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	out := make([][]byte, len(srcs))
	var missing []int
	for i, src := range srcs {
		b, err := os.ReadFile(r.path(p, src))
		if err == nil {
			out[i] = b
			continue
		}
		if p == ProducerFPDF {
			out[i] = FPDF(src)
			if err := r.store(p, src, out[i]); err != nil {
				return nil, err
			}
			continue
		}
		missing = append(missing, i)
	}
	batch := r.Batch
	if batch <= 0 {
		batch = 50
	}
	for start := 0; start < len(missing); start += batch {
		part := missing[start:min(start+batch, len(missing))]
		var group []Source
		for _, i := range part {
			group = append(group, srcs[i])
		}
		pdfs, err := r.libreOffice(ctx, group)
		if err != nil {
			return nil, err
		}
		for j, i := range part {
			out[i] = pdfs[j]
		}
	}
	return out, nil
}

func (r *Renderer) path(p Producer, src Source) string {
	return filepath.Join(r.Cache, string(p), key(p, src)+".pdf")
}

func (r *Renderer) store(p Producer, src Source, pdf []byte) error {
	path := r.path(p, src)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, pdf, 0o644); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	return os.Rename(tmp, path)
}

// libreOffice renders srcs with one call of make_fodt.py and one of
// soffice, and caches the PDFs.
func (r *Renderer) libreOffice(ctx context.Context, srcs []Source) ([][]byte, error) {
	soffice := r.Soffice
	if soffice == "" {
		soffice = "soffice"
	}
	if _, err := exec.LookPath(soffice); err != nil {
		return nil, ErrNoLibreOffice
	}
	python := r.Python
	if python == "" {
		python = "python3"
	}
	dir, err := os.MkdirTemp(r.Cache, "batch-")
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	defer os.RemoveAll(dir)
	args := []string{MakeFODT(), "--sources", dir}
	var fodts []string
	for i, src := range srcs {
		name := fmt.Sprintf("d%04d", i)
		if err := os.WriteFile(filepath.Join(dir, name+".json"), src.JSON(), 0o644); err != nil {
			return nil, fmt.Errorf("render: %w", err)
		}
		args = append(args, filepath.Join(dir, name+".json"))
		fodts = append(fodts, filepath.Join(dir, name+".fodt"))
	}
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if out, err := exec.CommandContext(ctx, python, args...).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("render: make_fodt.py: %v: %s", err, out)
	}
	profile, err := filepath.Abs(filepath.Join(r.Cache, "lo-profile"))
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	if r.Log != nil {
		r.Log("soffice: converting %d documents", len(srcs))
	}
	cmd := exec.CommandContext(ctx, soffice, append([]string{"-env:UserInstallation=file://" + profile, "--headless", "--convert-to", "pdf", "--outdir", dir}, fodts...)...)
	cmd.WaitDelay = 5 * time.Second
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("render: soffice: %v: %s", err, out)
	}
	pdfs := make([][]byte, len(srcs))
	for i, src := range srcs {
		b, err := os.ReadFile(strings.TrimSuffix(fodts[i], ".fodt") + ".pdf")
		if err != nil {
			return nil, fmt.Errorf("render: soffice made no PDF of %s: %w", src.Symbol, err)
		}
		if err := r.store(ProducerLibreOffice, src, b); err != nil {
			return nil, err
		}
		pdfs[i] = b
	}
	return pdfs, nil
}
