// Command scrender lays Security Council resolutions from the public
// dataset of resolution texts out as PDFs with both of the test producers
// (go-pdf/fpdf and LibreOffice), converts each PDF as mandatebot fetch
// does, and writes the PDFs and the converted corpus documents, or checks
// the converted documents' properties against the texts:
//
//	go run ./corpus/undoc/undoctest/cmd/scrender --out /work/data/real-corpus \
//	    /work/data/sc/S-RES-2100\(2013\).txt /work/data/sc/S-RES-2164\(2014\).txt
//	go run ./corpus/undoc/undoctest/cmd/scrender --check --texts /work/data/sc --years 2000-2015
//
// With --out DIR it writes DIR/fpdf/<id>.pdf and DIR/fpdf/<id>.md, and the
// same under DIR/lo, so CORPUS_DIR=DIR/fpdf serves the documents as the
// first producer's PDFs convert. PDFs are cached by content under --cache.
// The texts are real: keep what it writes outside the repository.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"

	"mandatebot/corpus/undoc"
	"mandatebot/corpus/undoc/undoctest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:])
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "scrender:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("scrender", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: scrender [--out DIR] [--check] [--producers fpdf,lo] [--cache DIR] FILE…\n       scrender --check --texts DIR [--years 2000-2015]")
		fs.PrintDefaults()
	}
	out := fs.String("out", "", "write DIR/<producer>/<id>.pdf and .md for each text")
	check := fs.Bool("check", false, "print each property's pass rate by producer, and the failures")
	texts := fs.String("texts", "", "the dataset's folder: its texts of --years are surveyed when no FILE is given, and all its texts count the spellings --check compares with (default: the FILEs' folder)")
	years := fs.String("years", "2000-2015", "with --texts and no FILE: the years of the texts to survey")
	producers := fs.String("producers", "fpdf,lo", "the producers, comma-separated")
	cache := fs.String("cache", "", "the folder rendered PDFs are cached in (default: sc-render-cache beside the texts' folder)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	files := fs.Args()
	if len(files) == 0 {
		if *texts == "" {
			fs.Usage()
			return errors.New("give the texts as FILEs or --texts DIR")
		}
		from, to, ok := parseYears(*years)
		if !ok {
			return fmt.Errorf("--years %q: want FROM-TO, as 2000-2015", *years)
		}
		var err error
		if files, err = undoctest.DatasetFiles(*texts, from, to); err != nil {
			return err
		}
	}
	if *out == "" && !*check {
		return errors.New("nothing to do: give --out DIR, --check or both")
	}
	if *texts == "" {
		*texts = filepath.Dir(files[0])
	}
	if *cache == "" {
		*cache = filepath.Join(filepath.Dir(filepath.Clean(*texts)), "sc-render-cache")
	}
	ps, err := undoctest.ParseProducers(*producers)
	if err != nil {
		return err
	}
	s := &undoctest.Survey{
		Renderer:  &undoctest.Renderer{Cache: *cache, Log: func(f string, a ...any) { fmt.Fprintf(os.Stderr, f+"\n", a...) }},
		Producers: ps,
		Convert: func(ctx context.Context, pdf []byte, symbol string) ([]byte, error) {
			_, md, err := undoc.ConvertPDF(ctx, pdf, symbol, (&undoc.Fetcher{}).URL(symbol))
			return md, err
		},
	}
	if *check {
		if s.Spellings, err = undoctest.CountSpellings(*texts); err != nil {
			return err
		}
	}
	if *out != "" {
		s.Converted = func(p undoctest.Producer, src undoctest.Source, pdf, md []byte) error {
			dir := filepath.Join(*out, string(p))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			base := filepath.Join(dir, undoc.ID(src.Symbol))
			if err := os.WriteFile(base+".pdf", pdf, 0o644); err != nil {
				return err
			}
			return os.WriteFile(base+".md", md, 0o644)
		}
	}
	rep, err := s.Run(ctx, files)
	if err != nil {
		return err
	}
	if *check {
		rep.Write(os.Stdout)
	} else {
		for reason, names := range rep.Unreadable {
			fmt.Fprintf(os.Stderr, "not read (%s): %s\n", reason, strings.Join(names, ", "))
		}
	}
	return nil
}

func parseYears(s string) (from, to int, ok bool) {
	a, b, found := strings.Cut(s, "-")
	if !found {
		b = a
	}
	from, err1 := strconv.Atoi(a)
	to, err2 := strconv.Atoi(b)
	return from, to, err1 == nil && err2 == nil && from <= to
}
