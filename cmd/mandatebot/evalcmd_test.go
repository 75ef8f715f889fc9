package main

import (
	"encoding/json"
	"hash/fnv"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// hashEmbeddings is an OpenAI-compatible embeddings API on 127.0.0.1
// whose vectors hash a text's words: a weak model.
func hashEmbeddings(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct{ Input []string }
		json.NewDecoder(r.Body).Decode(&req)
		var data []map[string]any
		for i, in := range req.Input {
			v := make([]float32, 32)
			for _, word := range strings.Fields(strings.ToLower(in)) {
				h := fnv.New32a()
				h.Write([]byte(word))
				v[h.Sum32()%32]++
			}
			data = append(data, map[string]any{"index": i, "embedding": v})
		}
		json.NewEncoder(w).Encode(map[string]any{"data": data})
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestEvalModes(t *testing.T) {
	srv := hashEmbeddings(t)
	env := map[string]string{"EMBEDDINGS_URL": srv.URL}
	code, out, stderr := runCmd(t, env, "eval", "--mode", "both", "../../eval/testdata/dev.jsonl")
	if code != 0 || !strings.Contains(out, "== lexical") || !strings.Contains(out, "== hybrid") || !strings.Contains(out, "lexical Hit@1 0.933") {
		t.Errorf("eval --mode both: exit %d\n%s%s", code, out, stderr)
	}
	// As the bot answers, the weak model is refused: the lexical scores.
	code, out, stderr = runCmd(t, env, "eval", "../../eval/testdata/dev.jsonl")
	if code != 0 || !strings.Contains(out, "Hit@1 0.933") || !strings.Contains(stderr, "accepted=false") {
		t.Errorf("eval as the bot answers: exit %d\n%s%s", code, out, stderr)
	}
	if code, _, stderr := runCmd(t, nil, "eval", "--mode", "hybrid", "../../eval/testdata/dev.jsonl"); code != 2 || !strings.Contains(stderr, "EMBEDDINGS_URL") {
		t.Errorf("--mode hybrid without EMBEDDINGS_URL: exit %d, %s", code, stderr)
	}
	if code, _, _ := runCmd(t, nil, "eval", "--mode", "fuzzy", "../../eval/testdata/dev.jsonl"); code != 2 {
		t.Errorf("--mode fuzzy: exit %d", code)
	}
}

// A question naming a passage of a document the corpus lacks is skipped,
// said so with what to do, and asked once the document is added.
func TestEvalSkipsMissingDocuments(t *testing.T) {
	dir := t.TempDir()
	qs := filepath.Join(t.TempDir(), "qs.jsonl")
	os.WriteFile(qs, []byte(`{"id":"fict-1","q":"mine action and explosive remnants of war","passages":[{"doc":"s-res-9998-2031","label":"op. 4(i)"}]}
{"id":"brief-1","q":"how many police were deployed in February 2015?","passages":[{"doc":"nupi-policy-brief-19-2015","label":"MINUSMA’s Mandate and Capacity ¶2"}]}
`), 0o644)
	env := map[string]string{"CORPUS_DIR": dir}
	code, out, stderr := runCmd(t, env, "eval", qs)
	wantSkip := "1 question skipped, not counted: the corpus has no s-res-9998-2031\nTo ask them, put the converted documents in CORPUS_DIR (now " + dir + "): `mandatebot fetch`"
	if code != 0 || !strings.Contains(out, "\n1 questions  Hit@1") || !strings.Contains(out, wantSkip) || strings.Contains(out, "fict-1") {
		t.Errorf("eval without the resolution: exit %d\n%s%s", code, out, stderr)
	}
	// The fictional resolution, converted from LibreOffice's PDF.
	if code, out, stderr := runCmd(t, env, "add", "../../corpus/undoc/testdata/libreoffice/lo-resolution-9998.pdf"); code != 0 {
		t.Fatalf("add: exit %d\n%s%s", code, out, stderr)
	}
	code, out, stderr = runCmd(t, env, "eval", "--json", qs)
	var rep struct {
		Rows    []struct{ ID string } `json:"questions"`
		Skipped []any
		Unknown []string `json:"unknown_passages"`
	}
	if err := json.Unmarshal([]byte(out), &rep); code != 0 || err != nil {
		t.Fatalf("eval --json: exit %d, %v\n%s%s", code, err, out, stderr)
	}
	var asked []string
	for _, r := range rep.Rows {
		asked = append(asked, r.ID)
	}
	if diff := cmp.Diff([]string{"fict-1", "brief-1"}, asked); diff != "" || len(rep.Skipped) != 0 || len(rep.Unknown) != 0 {
		t.Errorf("asked (-want +got):\n%s\nskipped %v, unknown %v", diff, rep.Skipped, rep.Unknown)
	}
}
