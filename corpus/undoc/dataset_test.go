package undoc_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"mandatebot/corpus/undoc"
	"mandatebot/corpus/undoc/undoctest"
)

// TestDataset checks the parser on real resolutions: every text of the
// public dataset of Security Council resolution texts adopted from 2000 to
// 2015 (about a thousand) is laid out as a PDF by both producers,
// converted, and checked against the text it came from (see
// undoctest.Check for the properties). It needs the dataset, which the
// repository does not hold, so it is opt-in:
//
//	MANDATEBOT_SC_TEXTS=/work/data/sc go test ./corpus/undoc -run TestDataset -v -timeout 60m
//
// MANDATEBOT_SC_YEARS (2000-2015) chooses other years, MANDATEBOT_SC_CACHE
// the folder rendered PDFs are cached in (sc-render-cache beside the
// texts' folder; the first run renders with LibreOffice for many minutes,
// later ones read the cache), and MANDATEBOT_SC_REPORT a file to write
// the report to. The report gives each property's pass rate by producer
// and the failures by class.
func TestDataset(t *testing.T) {
	dir := os.Getenv("MANDATEBOT_SC_TEXTS")
	if dir == "" {
		t.Skip("set MANDATEBOT_SC_TEXTS to the folder of the dataset's resolution texts (S-RES-<n>(<year>).txt) to check the parser on real resolutions")
	}
	from, to := 2000, 2015
	if y := os.Getenv("MANDATEBOT_SC_YEARS"); y != "" {
		a, b, _ := strings.Cut(y, "-")
		var err1, err2 error
		from, err1 = strconv.Atoi(a)
		to, err2 = strconv.Atoi(b)
		if err1 != nil || err2 != nil {
			t.Fatalf("MANDATEBOT_SC_YEARS=%q: want FROM-TO, as 2000-2015", y)
		}
	}
	files, err := undoctest.DatasetFiles(dir, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("%s holds no S-RES-<n>(<year>).txt of %d-%d", dir, from, to)
	}
	cache := os.Getenv("MANDATEBOT_SC_CACHE")
	if cache == "" {
		cache = filepath.Join(filepath.Dir(filepath.Clean(dir)), "sc-render-cache")
	}
	spellings, err := undoctest.CountSpellings(dir)
	if err != nil {
		t.Fatal(err)
	}
	producers := undoctest.Producers
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Log("soffice (LibreOffice) is not installed: checking the fpdf producer's PDFs only")
		producers = []undoctest.Producer{undoctest.ProducerFPDF}
	}
	s := &undoctest.Survey{
		Renderer:  &undoctest.Renderer{Cache: cache, Log: t.Logf},
		Producers: producers,
		Convert: func(ctx context.Context, pdf []byte, symbol string) ([]byte, error) {
			lines, err := undoc.ExtractLines(ctx, pdf)
			if err != nil {
				return nil, err
			}
			md, _, err := undoc.Convert(lines, symbol, "")
			return md, err
		},
		Spellings: spellings,
	}
	rep, err := s.Run(context.Background(), files)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	rep.Write(&b)
	t.Log("\n" + b.String())
	if path := os.Getenv("MANDATEBOT_SC_REPORT"); path != "" {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Error(err)
		}
	}
	for _, p := range s.Producers {
		if share := rep.PassShare(p); share < 0.99 {
			t.Errorf("%s: %.1f%% of the %d resolutions read have every property, want at least 99%%", p, 100*share, rep.Read())
		}
	}
}
