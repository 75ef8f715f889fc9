package main

import (
	"encoding/json"
	"hash/fnv"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
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
