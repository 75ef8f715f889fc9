package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// runCmd runs the program with args and an environment holding only env.
func runCmd(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runCmdWith(t, noDiscord, env, args...)
}

// noDiscord is the Discord of a test that must not reach one.
var noDiscord = discord{newSession: func(string) (*discordgo.Session, error) {
	return nil, errors.New("this test reaches no Discord")
}}

// runCmdWith is runCmd reaching Discord through d.
func runCmdWith(t *testing.T, d discord, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	if _, ok := env["INDEX_PATH"]; !ok {
		if env == nil {
			env = map[string]string{}
		}
		env["INDEX_PATH"] = filepath.Join(t.TempDir(), "index")
	}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	var out, errb bytes.Buffer
	code = runWith(context.Background(), d, args, strings.NewReader(""), &out, &errb, lookup)
	return code, out.String(), errb.String()
}

func TestAskJSON(t *testing.T) {
	code, out, stderr := runCmd(t, nil, "ask", "--json", "What is the authorized strength of uniformed personnel?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got jsonAnswer
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Hits) == 0 {
		t.Fatal("no hits")
	}
	top := got.Hits[0]
	if top.Rank != 1 || !strings.Contains(top.Text, "12,640 uniformed personnel") || top.DocID != "nupi-policy-brief-19-2015" {
		t.Errorf("top hit = %+v", top)
	}
	var nine *jsonFootnote
	for i := range top.Footnotes {
		if top.Footnotes[i].Number == 9 {
			nine = &top.Footnotes[i]
		}
	}
	if nine == nil || !strings.HasPrefix(nine.Text, "MINUSMA: Facts and Figures.") || len(nine.URLs) != 1 {
		t.Errorf("footnote 9 = %+v", nine)
	}
	// The field names are part of the interface.
	for _, key := range []string{`"query"`, `"hits"`, `"rank"`, `"score"`, `"id"`, `"doc_id"`, `"doc_title"`, `"section"`, `"label"`, `"text"`, `"footnotes"`, `"number"`, `"urls"`} {
		if !strings.Contains(out, key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
}

// TestAskText: ask prints what Discord shows — the best passage's best
// sentence in bold in a short excerpt, the footnotes that sentence cites
// first, those that do not fit named by number, the next answers a line
// each — and --full each passage whole, its matched words in bold, with
// all its footnotes.
func TestAskText(t *testing.T) {
	code, out, stderr := runCmd(t, nil, "ask", "Serval and Barkhane", "--limit", "1", "--full")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"1. NUPI Policy Brief", "MINUSMA’s Challenges ¶1", "**Serval**", "[12] Security Council Report", "[15] "} {
		if !strings.Contains(out, want) {
			t.Errorf("--full: output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\n2. ") {
		t.Error("--limit 1 printed a second hit")
	}

	code, out, stderr = runCmd(t, nil, "ask", "Who called MINUSMA the deadliest UN mission?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[0], "1. NUPI Policy Brief 19 · 2015 on MINUSMA — MINUSMA’s Challenges ¶1") {
		t.Errorf("first line %q", lines[0])
	}
	bold := strings.Index(out, "**According to UN Under-Secretary-General")
	note13 := strings.Index(out, "   [13] United Nations News Centre")
	note10 := strings.Index(out, "   [10] ")
	more := strings.Index(out, "(+4 more: [11], [12], [14], [15]; --full shows them)")
	also := strings.Index(out, "\nAlso:\n2. ")
	if bold < 0 || note13 < bold || note10 < note13 || more < note10 || also < more {
		t.Errorf("want the bold sentence, its footnote [13], then [10], the others named, then the next answers:\n%s", out)
	}
	if strings.Contains(out, "never mention") {
		t.Errorf("a verb of asking reported absent:\n%s", out)
	}
	if len(lines) > 20 {
		t.Errorf("%d lines; the compact answer should fit a screen:\n%s", len(lines), out)
	}
}

// A question naming a resolution the corpus lacks says so first, with
// how to add it, and in --json.
func TestAskNamesAnUnheldResolution(t *testing.T) {
	code, out, stderr := runCmd(t, nil, "ask", "what does resolution 2227 say about the troop ceiling?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := `S/RES/2227 (2015) is not in the corpus yet (the UN's copy: https://undocs.org/S/RES/2227(2015)); add it with: mandatebot fetch "S/RES/2227 (2015)".`
	if first, _, _ := strings.Cut(out, "\n"); !strings.HasPrefix(first, want) {
		t.Errorf("first line %q, want it to begin %q", first, want)
	}
	if strings.Contains(out, "never mention: 2227") {
		t.Errorf("the resolution's number is also reported absent:\n%s", out)
	}
	_, out, _ = runCmd(t, nil, "ask", "--json", "what does resolution 2227 say?")
	if !strings.Contains(out, `"unheld": [
    "S/RES/2227 (2015)"
  ]`) {
		t.Errorf("--json lacks unheld:\n%s", out)
	}
}

func TestAskIbidShowsWhatItRepeats(t *testing.T) {
	_, out, _ := runCmd(t, nil, "ask", "--limit", "1", "rapid intervention force capable of effectively combating terrorists")
	if !strings.Contains(out, "[20] Ibid. (= [19] United Nations, S/PV.7274.)") {
		t.Errorf("output lacks the resolved Ibid.:\n%s", out)
	}
}

// badJSONL is a file of questions whose first line is cut short.
func badJSONL(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "bad.jsonl")
	if err := os.WriteFile(p, []byte(`{"q": `+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"ask", "   "}, 2, "give a question"},
		{[]string{"ask"}, 2, "give a question"},
		{[]string{"ask", "--limit", "0", "q"}, 2, "--limit"},
		{[]string{"ask", "<@123456789012345678> *"}, 2, "give a question"},               // a mention and a wildcard are no words
		{[]string{"ask", "--source", "nope", "mandate"}, 1, "nupi-policy-brief-19-2015"}, // names what the corpus lacks: not a usage mistake
		{[]string{"ask", "--bogus", "q"}, 2, "bogus"},
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"dump", "extra"}, 2, "no arguments"},
		{[]string{"dump", "--doc", "nope"}, 1, `no document has id "nope"; the documents are: nupi-policy-brief-19-2015`}, // what the corpus lacks
		{[]string{"eval"}, 2, "e.g. mandatebot eval eval/testdata/dev.jsonl"},
		{[]string{"eval", badJSONL(t)}, 1, `bad.jsonl: line 1: unexpected EOF (each line is one question as JSON: {"q": …, "expect": […]})`},
		{[]string{"import-text"}, 2, "give one file"},
		{[]string{"import-text", "/no/such/file.txt"}, 1, "no such file"},
		{[]string{"ask", "qu\xffest\xfeion"}, 2, "not valid UTF-8"},
		{[]string{"import-text", binaryFile(t)}, 1, "NUL byte"},
		{[]string{"import-text", latin1File(t)}, 1, "not UTF-8"},
		{[]string{"import-text", emptyFile(t)}, 1, "empty.txt is empty: give the text pdftotext (or another extractor) wrote"},
		{[]string{"import-text", "-"}, 1, "standard input is empty"},
		{[]string{"serve", "--bogus"}, 2, "flag provided but not defined: -bogus (see 'mandatebot serve -h')"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, stderr := runCmd(t, nil, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, stderr, tt.code, tt.want)
			}
			// Said once, as one line, and nothing written.
			if lines := strings.Split(strings.TrimSpace(stderr), "\n"); len(lines) != 1 && !strings.Contains(stderr, "unknown command") {
				t.Errorf("the error takes %d lines, want 1:\n%s", len(lines), stderr)
			}
			if out != "" {
				t.Errorf("a failed command wrote %q", out)
			}
		})
	}
	// No command at all: the usage, on stderr, as a usage mistake.
	if code, out, stderr := runCmd(t, nil); code != 2 || out != "" || !strings.Contains(stderr, "Usage:\n  mandatebot <command>") {
		t.Errorf("no arguments: exit %d, stdout %q, stderr %q; want exit 2 and the usage on stderr", code, out, stderr)
	}
	if code, out, _ := runCmd(t, nil, "help"); code != 0 || !strings.Contains(out, "Usage:") {
		t.Errorf("help: exit %d, stdout %q", code, out)
	}
	// serve takes no flags: -h lists what configures it.
	code, _, stderr := runCmd(t, nil, "serve", "-h")
	if code != 0 || strings.Contains(stderr, "Flags:") {
		t.Errorf("serve -h: exit %d\n%s", code, stderr)
	}
	for _, s := range settings {
		if !strings.Contains(stderr, "\n  "+s.name) {
			t.Errorf("serve -h does not list %s:\n%s", s.name, stderr)
		}
	}
	if code, _, stderr := runCmd(t, nil, "ask", "-h"); code != 0 || !strings.Contains(stderr, "Flags:\n  -full") || !strings.Contains(stderr, "\n  -json") {
		t.Errorf("ask -h: exit %d\n%s", code, stderr)
	}
	if code, out, _ := runCmd(t, nil, "help"); code != 0 || !strings.Contains(out, "import-text") {
		t.Errorf("help: exit %d\n%s", code, out)
	}
}

// emptyFile is a text file of blank lines, as an extractor writes for a
// scanned PDF.
func emptyFile(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "empty.txt")
	if err := os.WriteFile(p, []byte("\n \n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// binaryFile is 1 MB of random bytes, as import-text may be given by
// mistake.
func binaryFile(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "random.txt")
	b := make([]byte, 1<<20)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	os.WriteFile(p, b, 0o644)
	return p
}

// latin1File is text in another encoding than UTF-8.
func latin1File(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "latin1.txt")
	os.WriteFile(p, []byte(strings.Repeat("S\xe9curit\xe9 et d\xe9fense au Mali. ", 20)), 0o644)
	return p
}

func TestMaxDocumentMB(t *testing.T) {
	for _, v := range []string{"0", "-3", "lots", "5000"} {
		code, _, stderr := runCmd(t, map[string]string{"MAX_DOCUMENT_MB": v}, "ask", "mandate")
		if code != 2 || !strings.Contains(stderr, "MAX_DOCUMENT_MB") {
			t.Errorf("MAX_DOCUMENT_MB=%s: exit %d, %s", v, code, stderr)
		}
	}
	// A document over the limit is refused by name before it is read.
	dir := t.TempDir()
	big := "---\nid: big\ntitle: Big\nkind: report\n---\n\n" + strings.Repeat("Fictional words of a large report. ", 70000)
	os.WriteFile(filepath.Join(dir, "big.md"), []byte(big), 0o644)
	code, _, stderr := runCmd(t, map[string]string{"MAX_DOCUMENT_MB": "2", "CORPUS_DIR": dir}, "ask", "mandate")
	if code != 1 || !strings.Contains(stderr, "big.md") || !strings.Contains(stderr, "over the limit of 2 MB") {
		t.Errorf("oversized document: exit %d, %s", code, stderr)
	}
}

func TestDump(t *testing.T) {
	code, out, stderr := runCmd(t, nil, "dump")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Documents []struct {
			ID, Title, Kind, Symbol, URL string
			Passages                     []struct {
				ID, Label, Section, Text string
				Footnotes                []int
			}
			Footnotes []struct {
				Number  int
				Text    string
				URLs    []string
				Symbols []string
				IbidOf  *int `json:"ibid_of"`
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Documents) != 1 || len(got.Documents[0].Footnotes) != 24 {
		t.Fatalf("documents = %+v", got.Documents)
	}
	d := got.Documents[0]
	if f := d.Footnotes[1]; f.IbidOf == nil || *f.IbidOf != 1 {
		t.Errorf("footnote 2 ibid_of = %v, want 1", f.IbidOf)
	}
	if f := d.Footnotes[0]; f.IbidOf != nil {
		t.Errorf("footnote 1 ibid_of = %v, want null", *f.IbidOf)
	}
	if !strings.Contains(out, `"ibid_of": null`) || !strings.Contains(out, `"footnotes": []`) {
		t.Error("dump does not print null ibid_of and empty footnote lists")
	}
}

func TestCorpusDirAddsDocuments(t *testing.T) {
	dir := t.TempDir()
	// Fictional document.
	src := "---\nid: fictional-report\ntitle: Fictional report on Ruritania\nkind: report\n---\n\n## Findings\n\nThe zeppelin squadron of Ruritania was grounded.[^1]\n\n[^1]: Fictional source, 2031.\n"
	os.WriteFile(filepath.Join(dir, "fictional.md"), []byte(src), 0o644)
	env := map[string]string{"CORPUS_DIR": dir}
	code, out, stderr := runCmd(t, env, "ask", "--json", "zeppelin squadron")
	if code != 0 || !strings.Contains(out, `"doc_id": "fictional-report"`) {
		t.Fatalf("exit %d, %s\n%s", code, stderr, out)
	}
	// A broken document is named in the error.
	os.WriteFile(filepath.Join(dir, "broken.md"), []byte("no front matter"), 0o644)
	code, _, stderr = runCmd(t, env, "ask", "zeppelin")
	if code != 1 || !strings.Contains(stderr, "broken.md") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestImportText(t *testing.T) {
	dir := t.TempDir()
	// Fictional text laid out like a PDF extraction.
	raw := " Background\nThe fictional mission was estab-\nlished in 2031.1\n\n1\tFictional Council, S/RES/9999 (2031).\n"
	in := filepath.Join(dir, "fictional-note.txt")
	os.WriteFile(in, []byte(raw), 0o644)
	out := filepath.Join(dir, "fictional-note.md")
	code, _, stderr := runCmd(t, nil, "import-text", "--kind", "report", "-o", out, in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	md, _ := os.ReadFile(out)
	for _, want := range []string{"id: fictional-note", "kind: report", "## Background", "established in 2031.[^1]", "[^1]: Fictional Council, S/RES/9999 (2031)."} {
		if !strings.Contains(string(md), want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
}

func TestIndexCommand(t *testing.T) {
	env := map[string]string{"INDEX_PATH": filepath.Join(t.TempDir(), "ix")}
	code, out, stderr := runCmd(t, env, "index")
	// The embedded corpus alone (the folder is empty): one document.
	if code != 0 || !strings.Contains(out, "built in") || !strings.Contains(out, " from 1 document at ") {
		t.Fatalf("exit %d: %s %s", code, out, stderr)
	}
	code, out, _ = runCmd(t, env, "index")
	if code != 0 || !strings.Contains(out, "up to date") {
		t.Errorf("second run: exit %d: %s", code, out)
	}
}

// TestAskRepairsDamagedIndex damages the index on disk between two
// questions, as a disk fault or a stray copy would: the next ask must
// still answer, say once that it rebuilt, and the one after say nothing.
func TestAskRepairsDamagedIndex(t *testing.T) {
	env := map[string]string{"INDEX_PATH": filepath.Join(t.TempDir(), "index")}
	if code, _, stderr := runCmd(t, env, "ask", "authorized strength"); code != 0 {
		t.Fatalf("first ask: exit %d: %s", code, stderr)
	}
	bolts, _ := filepath.Glob(filepath.Join(env["INDEX_PATH"], "*-m*", "store", "root.bolt"))
	if len(bolts) != 1 {
		t.Fatalf("found %d bolt files", len(bolts))
	}
	b, _ := os.ReadFile(bolts[0])
	for i := len(b) / 2; i < len(b); i += 7 {
		b[i] ^= 0xff
	}
	os.WriteFile(bolts[0], b, 0o644)

	code, out, stderr := runCmd(t, env, "ask", "--limit", "1", "authorized strength")
	if code != 0 || !strings.Contains(out, "12,640") {
		t.Fatalf("ask after damage: exit %d\n%s\n%s", code, out, stderr)
	}
	if strings.Count(stderr, "index damaged") != 1 {
		t.Errorf("the repair was not reported once:\n%s", stderr)
	}
	if _, _, stderr := runCmd(t, env, "ask", "authorized strength"); stderr != "" {
		t.Errorf("ask after the repair printed: %s", stderr)
	}
}

// TestAskWithEmbeddingsDown: with EMBEDDINGS_URL at a closed port, ask
// still answers, lexically, within seconds, and says which mode answered.
func TestAskWithEmbeddingsDown(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	start := time.Now()
	code, out, stderr := runCmd(t, map[string]string{"EMBEDDINGS_URL": "http://" + addr}, "ask", "--json", "--limit", "1", "What is MINUSMA's authorized strength?")
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("took %v", took)
	}
	if code != 0 || !strings.Contains(out, `"mode": "lexical"`) || !strings.Contains(out, "12,640 uniformed personnel") {
		t.Errorf("exit %d\n%s\n%s", code, out, stderr)
	}
	if !strings.Contains(stderr, "answering lexically") {
		t.Errorf("the fallback was not logged:\n%s", stderr)
	}
	if code, _, stderr := runCmd(t, map[string]string{"EMBEDDINGS_URL": "localhost:11434"}, "ask", "q"); code != 2 || !strings.Contains(stderr, "EMBEDDINGS_URL") {
		t.Errorf("a malformed EMBEDDINGS_URL: exit %d, %s", code, stderr)
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, out, stderr := runCmd(t, nil, args...)
		if code != 0 || !strings.HasPrefix(out, "mandatebot ") || !strings.Contains(out, "built with go") || !strings.Contains(out, "corpus: version ") || !strings.Contains(out, "), 1 document, 26 passages") {
			t.Errorf("%v: exit %d\n%s%s", args, code, out, stderr)
		}
	}
}
