package undoc_test

// Properties every converted fixture must have, whichever program made
// its PDF: go-pdf/fpdf (undoctest) or LibreOffice (testdata/libreoffice,
// laid out the way Word writes Official Document System PDFs). All their
// text is fictional.

import (
	"context"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"mandatebot/corpus"
	"mandatebot/corpus/undoc"
	"mandatebot/corpus/undoc/undoctest"
	"mandatebot/index"
	"mandatebot/index/indextest"
)

// fixture is a PDF with the text it was made from.
type fixture struct {
	name, symbol string
	pdf          []byte
	source       []string // the body's paragraphs, in order, as written
}

var (
	fodtParaRE = regexp.MustCompile(`(?s)<text:p text:style-name="([A-Za-z]+)">(.*?)</text:p>`)
	tagRE      = regexp.MustCompile(`<[^>]+>`)
)

// fodtSource reads the paragraphs of a flat ODT's body, from the one
// after the paragraph starting with after.
func fodtSource(t *testing.T, path, after string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	body := string(b)
	body = body[strings.Index(body, "<office:text>"):]
	var out []string
	started := after == ""
	for _, m := range fodtParaRE.FindAllStringSubmatch(body, -1) {
		text := html.UnescapeString(tagRE.ReplaceAllString(strings.ReplaceAll(m[2], "<text:tab/>", " "), ""))
		if !started {
			started = strings.HasPrefix(text, after)
			continue
		}
		out = append(out, text)
	}
	return out
}

func fixtures(t *testing.T) []fixture {
	t.Helper()
	var blocks []string
	for _, b := range undoctest.ResolutionBlocks[1:] {
		blocks = append(blocks, b.Italic+b.Text)
	}
	fs := []fixture{
		{"fpdf resolution (Helvetica)", "S/RES/9999 (2031)", undoctest.ResolutionPDF(), blocks},
		{"fpdf resolution (Times, tabbed numbers)", "S/RES/9997 (2031)", undoctest.TabbedResolutionPDF(), blocks},
	}
	lo := []struct{ file, symbol, after string }{
		{"lo-resolution-9990", "S/RES/9990 (2030)", "The Security Council,"},
		{"lo-resolution-9998", "S/RES/9998 (2031)", "The Security Council,"},
		{"lo-resolution-9999", "S/RES/9999 (2032)", "The Security Council,"},
		{"lo-report-2031-100", "S/2031/100", "Report of the Secretary-General"},
		{"lo-record-9998", "S/PV.9998", "New York"},
	}
	for _, l := range lo {
		base := filepath.Join("testdata", "libreoffice", l.file)
		pdf, err := os.ReadFile(base + ".pdf")
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, fixture{"LibreOffice " + l.file, l.symbol, pdf, fodtSource(t, base+".fodt", l.after)})
		// The same document made by the other producer, in the Official
		// Document System's layout (footers "2/3 31-04321", bar code,
		// "Please recycle").
		src := readSource(t, base+".json")
		fs = append(fs, fixture{"fpdf " + l.file, l.symbol, undoctest.FPDF(src), sourceText(src)})
	}
	return fs
}

func readSource(t *testing.T, path string) undoctest.Source {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	src, err := undoctest.ReadSource(b)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return src
}

// sourceText is a Source's body paragraphs as written, as fodtSource
// reads them from the flat ODT.
func sourceText(src undoctest.Source) []string {
	var out []string
	for _, b := range src.Body {
		switch mark, _ := undoctest.ItemRuns(b); {
		case b[0] == "head":
			out = append(out, b[1])
		case mark != "":
			out = append(out, mark+" "+undoctest.ItemText(b))
		default:
			out = append(out, undoctest.ItemText(b))
		}
	}
	return out
}

// TestTwoProducersAgree: a document's text made into a PDF by LibreOffice
// and by go-pdf/fpdf (another layout, other footers, other page breaks)
// converts to the same passages, label for label and word for word, so a
// comparison between the two finds no change.
func TestTwoProducersAgree(t *testing.T) {
	byName := map[string]*corpus.Document{}
	for _, f := range fixtures(t) {
		if strings.HasPrefix(f.name, "LibreOffice ") || strings.HasPrefix(f.name, "fpdf lo-") {
			byName[f.name] = convert(t, f)
		}
	}
	for name, lo := range byName {
		file, ok := strings.CutPrefix(name, "LibreOffice ")
		if !ok {
			continue
		}
		fp := byName["fpdf "+file]
		t.Run(file, func(t *testing.T) {
			if len(lo.Passages) != len(fp.Passages) {
				t.Errorf("LibreOffice: %d passages, fpdf: %d", len(lo.Passages), len(fp.Passages))
			}
			for i := range min(len(lo.Passages), len(fp.Passages)) {
				a, b := lo.Passages[i], fp.Passages[i]
				if a.Label != b.Label || strings.Join(strings.Fields(a.Text), " ") != strings.Join(strings.Fields(b.Text), " ") || a.Section != b.Section {
					t.Errorf("passage %d:\n LibreOffice %s [%s] %q\n fpdf        %s [%s] %q", i, a.Label, a.Section, a.Text, b.Label, b.Section, b.Text)
				}
			}
		})
	}
}

func convert(t *testing.T, f fixture) *corpus.Document {
	t.Helper()
	lines, err := undoc.Lines(context.Background(), f.pdf)
	if err != nil {
		t.Fatal(err)
	}
	md, warnings, err := undoc.Convert(lines, f.symbol, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range warnings {
		t.Errorf("warning: %s", w)
	}
	d, err := corpus.Parse(f.name+".md", md)
	if err != nil {
		t.Fatalf("%v\n%s", err, md)
	}
	return d
}

var (
	gluedNumberRE = regexp.MustCompile(`\b\d{1,3}\.\p{Lu}`)
	// Page furniture, in any of the forms the Official Document System
	// and word processors set it.
	jobNumberRE = regexp.MustCompile(`\b\d{2}-\d{5}\b|\*\d{6,}\*|(?i)please recycle`)
	pageOfRE    = regexp.MustCompile(`(^|\s)\d{1,2}/\d{1,2}(\s|$)`)
	subLabelRE  = regexp.MustCompile(`^(op|para)\. (\d+)((?:\([a-z]+\))*)$`)
	wordRE      = regexp.MustCompile(`[\p{L}\p{N}][\p{L}\p{N}'’-]*`)
)

// ownText is what a passage adds to its parent's lead-in.
func ownText(d *corpus.Document, p corpus.Passage) string {
	m := subLabelRE.FindStringSubmatch(p.Label)
	if m == nil || m[3] == "" {
		return p.Text
	}
	parentLabel := p.Label[:strings.LastIndexByte(p.Label, '(')]
	if parent := d.PassageByLabel(parentLabel); parent != nil {
		return strings.TrimPrefix(p.Text, parent.Text)
	}
	return p.Text
}

func words(s string) []string { return wordRE.FindAllString(s, -1) }

func TestFixtureProperties(t *testing.T) {
	for _, f := range fixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			d := convert(t, f)
			if d.Symbol != f.symbol {
				t.Errorf("symbol %q, want %q", d.Symbol, f.symbol)
			}

			// Numbers: each top-level number once, 1..N in order; lettered
			// and roman sub-paragraphs contiguous from (a) and (i); each
			// sub-paragraph carrying its parent's text as lead-in.
			next := 1
			lastMark := map[string]string{}
			romanList := map[string]bool{}
			for _, p := range d.Passages {
				m := subLabelRE.FindStringSubmatch(p.Label)
				if m == nil {
					continue
				}
				if m[3] == "" {
					if n, _ := strconv.Atoi(m[2]); n != next {
						t.Errorf("%s where %s. %d was expected", p.Label, m[1], next)
					}
					next++
					continue
				}
				i := strings.LastIndexByte(p.Label, '(')
				parent, mark := p.Label[:i], strings.Trim(p.Label[i:], "()")
				want := "a"
				if prev, ok := lastMark[parent]; ok {
					want = string(prev[0] + 1)
					if strings.Count(p.Label, "(") == 2 || romanList[parent] {
						want = nextRoman(prev)
					}
				} else if strings.Count(p.Label, "(") == 2 || mark == "i" {
					// A paragraph's own list may be numbered (i), (ii).
					want, romanList[parent] = "i", strings.Count(p.Label, "(") == 1
				}
				if mark != want {
					t.Errorf("%s where (%s) was expected", p.Label, want)
				}
				lastMark[parent] = mark
				if pp := d.PassageByLabel(parent); pp == nil || !strings.HasPrefix(p.Text, pp.Text+" ") {
					t.Errorf("%s does not carry the lead-in of %s", p.Label, parent)
				}
				// Its own words start with its mark; its lead-ins are its
				// parents', and with its own words make its text.
				own, lead := d.OwnText(&p), d.LeadIn(&p)
				if !strings.HasPrefix(own, "("+mark+")") || len(lead) != strings.Count(p.Label, "(") || strings.Join(append(lead, own), " ") != p.Text {
					t.Errorf("%s: own words %q, lead-ins %q", p.Label, own, lead)
				}
			}
			if next == 1 && d.Kind != corpus.KindRecord {
				t.Error("no numbered paragraph found")
			}

			// No page furniture, no glued numbers.
			for _, p := range d.Passages {
				for _, bad := range []*regexp.Regexp{gluedNumberRE, jobNumberRE, pageOfRE} {
					if loc := bad.FindStringIndex(p.Text); loc != nil {
						t.Errorf("%s holds %q", p.Label, p.Text[loc[0]:loc[1]])
					}
				}
				if strings.Contains(p.Text, f.symbol) {
					t.Errorf("%s holds the running header %s", p.Label, f.symbol)
				}
			}

			// Word for word: what the passages add, in order (headings
			// where they fall), is the source's words, none split, glued,
			// lost or added.
			var got []string
			section := ""
			seen := map[string]bool{}
			for _, p := range d.Passages {
				if p.Section != section && p.Section != "Preamble" && p.Section != "Operative paragraphs" && !(seen[p.Section] && d.Kind == corpus.KindResolution) {
					// A section the document returns to (after a heading
					// inside a list) is not a heading of its own.
					got = append(got, words(p.Section)...)
				}
				section, seen[p.Section] = p.Section, true
				if m := subLabelRE.FindStringSubmatch(p.Label); m != nil && m[3] == "" {
					got = append(got, m[2]) // the number, read into the label
				}
				got = append(got, words(ownText(d, p))...)
			}
			want := words(strings.Join(f.source, " "))
			if d.Kind == corpus.KindRecord {
				// A speaker's name is read into the label; "spoke in"
				// notes are dropped with it.
				want = words(regexp.MustCompile(` \(spoke in [A-Za-z]+\)`).ReplaceAllString(strings.Join(f.source, " "), ""))
			}
			if i := firstDiff(got, want); i >= 0 {
				t.Errorf("words differ from the source at word %d:\n got  …%s…\n want …%s…", i, around(got, i), around(want, i))
			}
		})
	}
}

func nextRoman(r string) string {
	rs := strings.Fields("i ii iii iv v vi vii viii ix x xi xii")
	for i, x := range rs {
		if x == r && i+1 < len(rs) {
			return rs[i+1]
		}
	}
	return "?"
}

func firstDiff(a, b []string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

func around(ws []string, i int) string {
	return strings.Join(ws[max(0, i-6):min(len(ws), i+6)], " ")
}

// TestFixturesAnswerQuestions asks about a sub-paragraph of each
// resolution fixture: the answer must cite it, whoever made the PDF.
func TestFixturesAnswerQuestions(t *testing.T) {
	tests := []struct {
		fixture, question, want string
	}{
		{"fpdf resolution (Helvetica)", "protect civilians under imminent threat of physical violence", "S/RES/9999 (2031), op. 2(a)(ii)"},
		{"fpdf resolution (Times, tabbed numbers)", "protect civilians under imminent threat of physical violence", "S/RES/9997 (2031), op. 2(a)(ii)"},
		{"LibreOffice lo-resolution-9998", "mine action and explosive remnants of war", "S/RES/9998 (2031), op. 4(i)"},
		{"LibreOffice lo-resolution-9999", "mine action and explosive remnants of war", "S/RES/9999 (2032), op. 4(i)"},
		{"LibreOffice lo-resolution-9999", "children affected by armed conflict national mechanisms", "S/RES/9999 (2032), op. 4(j)"},
		{"LibreOffice lo-report-2031-100", "thank the troop-contributing countries", "S/2031/100, para. 12"},
	}
	// The LibreOffice documents made by fpdf answer the same.
	for _, tt := range tests {
		if file, ok := strings.CutPrefix(tt.fixture, "LibreOffice "); ok {
			tests = append(tests, struct{ fixture, question, want string }{"fpdf " + file, tt.question, tt.want})
		}
	}
	byName := map[string]fixture{}
	for _, f := range fixtures(t) {
		byName[f.name] = f
	}
	for _, tt := range tests {
		d := convert(t, byName[tt.fixture])
		ix := indextest.Build(t, corpus.New(d))
		res, err := ix.Search(context.Background(), index.Query{Text: tt.question, Limit: 1})
		if err != nil || len(res.Hits) == 0 {
			t.Fatalf("%s: %v", tt.fixture, err)
		}
		if got := d.Citation(res.Hits[0].Passage); got != tt.want {
			t.Errorf("%s: %q answered by %s, want %s", tt.fixture, tt.question, got, tt.want)
		}
	}
}

// A report's numbered paragraph and a meeting record's speaker turn are
// looked up by reference the same whichever producer made the PDF.
func TestReferencesOnBothProducers(t *testing.T) {
	byName := map[string]*corpus.Document{}
	for _, f := range fixtures(t) {
		if strings.Contains(f.name, "report") || strings.Contains(f.name, "record") {
			byName[f.name] = convert(t, f)
		}
	}
	for _, producer := range []string{"LibreOffice ", "fpdf "} {
		report, record := byName[producer+"lo-report-2031-100"], byName[producer+"lo-record-9998"]
		ref, err := corpus.ParseReference("S/2031/100 para 12")
		if err != nil {
			t.Fatal(err)
		}
		if p := report.PassageByLabel(ref.Label); p == nil || !strings.Contains(p.Text, "troop-contributing countries") {
			t.Errorf("%sreport: para. 12 is %v", producer, p)
		}
		speakers := 0
		for _, p := range record.Passages {
			if strings.Contains(p.Label, "Sample") || strings.Contains(p.Label, "Example") {
				speakers++
			}
		}
		if speakers < 2 {
			t.Errorf("%srecord: %d turns of the two named speakers; labels %v", producer, speakers, labelsOf(record))
		}
	}
}

func labelsOf(d *corpus.Document) []string {
	var out []string
	for _, p := range d.Passages {
		out = append(out, p.Label)
	}
	return out
}

// TestFixturesAgainstSource: each fictional resolution, made into a PDF
// by either producer, converts to exactly the labels of the source it was
// made from, with every property the real resolutions are checked for
// (undoctest.Check; TestDataset runs the same on the real ones).
func TestFixturesAgainstSource(t *testing.T) {
	for _, name := range []string{"lo-resolution-9990", "lo-resolution-9998", "lo-resolution-9999"} {
		base := filepath.Join("testdata", "libreoffice", name)
		src := readSource(t, base+".json")
		lo, err := os.ReadFile(base + ".pdf")
		if err != nil {
			t.Fatal(err)
		}
		for producer, pdf := range map[string][]byte{"LibreOffice": lo, "fpdf": undoctest.FPDF(src)} {
			t.Run(name+"/"+producer, func(t *testing.T) {
				d := convert(t, fixture{name: name, symbol: src.Symbol, pdf: pdf})
				for _, f := range undoctest.Check(d, src, nil) {
					t.Error(f)
				}
			})
		}
	}
}

// TestStructuresFixtureExercises: the structures fixture
// (lo-resolution-9990) is laid out so that, in both producers' PDFs, the
// cases the parser must get right are really there: a participle inside a
// preambular paragraph starting a line (in italics, as the UN sets it), an
// item of a list written inside a sentence starting a line, a compound
// broken at its hyphen, and a heading on two lines. If a change of layout
// moves them, the fixture's fillers need changing, not the parser.
func TestStructuresFixtureExercises(t *testing.T) {
	base := filepath.Join("testdata", "libreoffice", "lo-resolution-9990")
	src := readSource(t, base+".json")
	lo, err := os.ReadFile(base + ".pdf")
	if err != nil {
		t.Fatal(err)
	}
	inlineItemRE := regexp.MustCompile(`^\((a|b|c)\) (hold|adopt|report)\b`)
	for producer, pdf := range map[string][]byte{"LibreOffice": lo, "fpdf": undoctest.FPDF(src)} {
		lines, err := undoc.Lines(context.Background(), pdf)
		if err != nil {
			t.Fatal(err)
		}
		found := map[string]bool{}
		for i, l := range lines {
			switch w, _, _ := strings.Cut(l.Text, " "); {
			case l.Italic && (w == "welcoming" || w == "stressing" || w == "urging"):
				found["participle"] = true
			case inlineItemRE.MatchString(l.Text):
				found["inline item"] = true
			case strings.HasPrefix(l.Text, "Political process, reconciliation") && !strings.HasSuffix(l.Text, "provinces"):
				found["two-line heading"] = true
			}
			if i+1 < len(lines) && regexp.MustCompile(`\pL-$`).MatchString(l.Text) && strings.HasPrefix(lines[i+1].Text, strings.TrimLeft(lines[i+1].Text, " ")) {
				found["hyphen"] = true
			}
		}
		for _, want := range []string{"participle", "inline item", "hyphen", "two-line heading"} {
			if !found[want] {
				t.Errorf("%s: no line exercises the %s case", producer, want)
			}
		}
	}
}
