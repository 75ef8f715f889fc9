package undoctest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"mandatebot/corpus"
)

// DatasetFiles returns the dataset's resolution texts in dir adopted in
// the years from to to (inclusive), by year and number.
func DatasetFiles(dir string, from, to int) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	type file struct {
		path         string
		year, number int
	}
	var fs []file
	for _, e := range entries {
		m := datasetNameRE.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		if y >= from && y <= to {
			fs = append(fs, file{filepath.Join(dir, e.Name()), y, n})
		}
	}
	sort.Slice(fs, func(i, j int) bool {
		return fs[i].year < fs[j].year || fs[i].year == fs[j].year && fs[i].number < fs[j].number
	})
	var out []string
	for _, f := range fs {
		out = append(out, f.path)
	}
	return out, nil
}

var datasetNameRE = regexp.MustCompile(`^S-RES-(\d+)\((\d{4})\)\.txt$`)

// CountSpellings counts the words of every text in the dataset folder dir.
func CountSpellings(dir string) (Spellings, error) {
	files, err := DatasetFiles(dir, 0, 9999)
	if err != nil {
		return nil, err
	}
	s := Spellings{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		text, err := decodeLatin1(b)
		if err != nil {
			continue
		}
		s.Add(text)
	}
	return s, nil
}

// Survey renders texts of the dataset with each producer, converts each
// PDF as the product does and checks the properties of what comes out.
type Survey struct {
	Renderer  *Renderer
	Producers []Producer
	// Convert turns a PDF into the stored form of a corpus document, as
	// mandatebot fetch does (undoc.Lines, then undoc.Convert).
	Convert   func(ctx context.Context, pdf []byte, symbol string) ([]byte, error)
	Spellings Spellings
	// Converted, when set, is given each PDF and what it converted to.
	Converted func(p Producer, src Source, pdf, md []byte) error
}

// Report is what a Survey found.
type Report struct {
	Texts      int
	Unreadable map[string][]string // reason → the files ReadText refused for it, with the line
	Results    map[Producer][]Result
}

// Result is one text converted from one producer's PDF.
type Result struct {
	Name     string // the file's name without ".txt"
	Failures []Failure
	Err      error // the conversion's, when it failed
}

// Passed reports whether the text has every property.
func (r Result) Passed() bool { return r.Err == nil && len(r.Failures) == 0 }

// Run surveys the given dataset files.
func (s *Survey) Run(ctx context.Context, files []string) (*Report, error) {
	rep := &Report{Texts: len(files), Unreadable: map[string][]string{}, Results: map[Producer][]Result{}}
	var srcs []Source
	var names []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		src, err := ReadText(b)
		var u *UnreadableError
		switch {
		case errors.As(err, &u):
			where := name
			if u.Line > 0 {
				where += fmt.Sprintf(" line %d", u.Line)
			}
			rep.Unreadable[u.Reason] = append(rep.Unreadable[u.Reason], where)
			continue
		case err != nil:
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		srcs = append(srcs, src)
		names = append(names, name)
	}
	for _, p := range s.Producers {
		pdfs, err := s.Renderer.Render(ctx, p, srcs)
		if err != nil {
			return nil, err
		}
		for i, src := range srcs {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			res := Result{Name: names[i]}
			md, err := s.Convert(ctx, pdfs[i], src.Symbol)
			var d *corpus.Document
			if err == nil {
				d, err = corpus.Parse(names[i]+".md", md)
			}
			if err != nil {
				res.Err = err
			} else {
				res.Failures = Check(d, src, s.Spellings)
			}
			if s.Converted != nil && md != nil {
				if err := s.Converted(p, src, pdfs[i], md); err != nil {
					return nil, err
				}
			}
			rep.Results[p] = append(rep.Results[p], res)
		}
	}
	return rep, nil
}

// Read returns how many texts were read (not refused by ReadText).
func (r *Report) Read() int {
	n := r.Texts
	for _, fs := range r.Unreadable {
		n -= len(fs)
	}
	return n
}

// PassShare returns the share of the texts read that p's PDFs converted
// with every property.
func (r *Report) PassShare(p Producer) float64 {
	res := r.Results[p]
	if len(res) == 0 {
		return 0
	}
	n := 0
	for _, x := range res {
		if x.Passed() {
			n++
		}
	}
	return float64(n) / float64(len(res))
}

// Write prints the report: the texts not read and why, the pass rate of
// each property by producer, and the classes of failure with examples.
func (r *Report) Write(w io.Writer) {
	fmt.Fprintf(w, "texts: %d; read: %d; not read: %d\n", r.Texts, r.Read(), r.Texts-r.Read())
	for _, reason := range sortedByCount(r.Unreadable) {
		fmt.Fprintf(w, "  not read: %-60s %4d  %s\n", reason, len(r.Unreadable[reason]), examples(r.Unreadable[reason], 3))
	}
	var ps []Producer
	for _, p := range Producers {
		if _, ok := r.Results[p]; ok {
			ps = append(ps, p)
		}
	}
	fmt.Fprintf(w, "\n%-28s", "property")
	for _, p := range ps {
		fmt.Fprintf(w, " %22s", p)
	}
	fmt.Fprintln(w)
	row := func(name string, ok func(Result) bool) {
		fmt.Fprintf(w, "%-28s", name)
		for _, p := range ps {
			n := 0
			for _, x := range r.Results[p] {
				if ok(x) {
					n++
				}
			}
			total := len(r.Results[p])
			fmt.Fprintf(w, " %12s %8s", fmt.Sprintf("%d/%d", n, total), fmt.Sprintf("%.1f%%", 100*float64(n)/float64(max(total, 1))))
		}
		fmt.Fprintln(w)
	}
	row("converted", func(x Result) bool { return x.Err == nil })
	for _, prop := range Properties {
		row(string(prop), func(x Result) bool {
			if x.Err != nil {
				return false
			}
			for _, f := range x.Failures {
				if f.Property == prop {
					return false
				}
			}
			return true
		})
	}
	row("every property", Result.Passed)
	for _, p := range ps {
		classes := map[string][]string{}
		for _, x := range r.Results[p] {
			if x.Err != nil {
				classes["conversion failed"] = append(classes["conversion failed"], x.Name+": "+x.Err.Error())
			}
			for _, f := range x.Failures {
				k := string(f.Property) + ": " + f.Class
				classes[k] = append(classes[k], x.Name+": "+f.Detail)
			}
		}
		if len(classes) == 0 {
			continue
		}
		fmt.Fprintf(w, "\nfailures (%s):\n", p)
		for _, c := range sortedByCount(classes) {
			fmt.Fprintf(w, "  %-60s %4d\n", c, len(classes[c]))
			for _, e := range classes[c][:min(3, len(classes[c]))] {
				fmt.Fprintf(w, "      %s\n", e)
			}
		}
	}
}

func sortedByCount(m map[string][]string) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if len(m[keys[i]]) != len(m[keys[j]]) {
			return len(m[keys[i]]) > len(m[keys[j]])
		}
		return keys[i] < keys[j]
	})
	return keys
}

func examples(names []string, n int) string {
	s := strings.Join(names[:min(n, len(names))], ", ")
	if len(names) > n {
		s += ", …"
	}
	return s
}
