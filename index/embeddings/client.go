// Package embeddings asks an OpenAI-compatible embeddings API for text
// vectors: POST {URL}/v1/embeddings, as served by Ollama, llama.cpp's
// server, vLLM, Hugging Face TEI and OpenAI. It is what index's optional
// semantic search calls; every error it returns makes the index answer
// lexically instead.
package embeddings

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"

	"mandatebot/internal/fault"
)

// ErrBadResponse is wrapped by the errors for an answer that is not the
// vectors asked for: bad JSON, a wrong count, or vectors of differing or
// unexpected dimensions.
var ErrBadResponse = fault.New(fault.Unavailable, "bad embeddings response")

// Client calls the embeddings API.
type Client struct {
	URL       string       // base address, e.g. http://127.0.0.1:11434 for Ollama
	Model     string       // e.g. nomic-embed-text
	Key       string       // sent as a bearer token when set; never logged
	HTTP      *http.Client // http.DefaultClient when nil
	BatchSize int          // texts per request; 32 when 0
}

// Name identifies the vectors: the model, so that vectors of two models
// are never mixed.
func (c *Client) Name() string { return c.Model }

// maxResponse bounds an answer: 32 texts of 4,096 dimensions as JSON
// numbers fit many times over.
const maxResponse = 64 << 20

// Embed returns one unit-length vector per text, in order, asking in
// batches.
func (c *Client) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	batch := c.BatchSize
	if batch <= 0 {
		batch = 32
	}
	var out [][]float32
	for start := 0; start < len(texts); start += batch {
		vs, err := c.embedBatch(ctx, texts[start:min(len(texts), start+batch)])
		if err != nil {
			return nil, err
		}
		out = append(out, vs...)
	}
	if len(out) > 0 {
		dim := len(out[0])
		for _, v := range out {
			if len(v) != dim || dim == 0 {
				return nil, fmt.Errorf("%w: vectors of %d and %d dimensions", ErrBadResponse, dim, len(v))
			}
		}
	}
	return out, nil
}

func (c *Client) embedBatch(ctx context.Context, texts []string) ([][]float32, error) {
	body, _ := json.Marshal(map[string]any{"model": c.Model, "input": texts})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(c.URL, "/")+"/v1/embeddings", bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("embeddings: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if c.Key != "" {
		req.Header.Set("Authorization", "Bearer "+c.Key)
	}
	client := c.HTTP
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("embeddings: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("embeddings: the service answered %s", resp.Status)
	}
	var r struct {
		Data []struct {
			Index     int       `json:"index"`
			Embedding []float32 `json:"embedding"`
		} `json:"data"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxResponse)).Decode(&r); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadResponse, err)
	}
	if len(r.Data) != len(texts) {
		return nil, fmt.Errorf("%w: %d vectors for %d texts", ErrBadResponse, len(r.Data), len(texts))
	}
	out := make([][]float32, len(texts))
	for _, d := range r.Data {
		if d.Index < 0 || d.Index >= len(texts) || out[d.Index] != nil {
			return nil, fmt.Errorf("%w: vector index %d", ErrBadResponse, d.Index)
		}
		out[d.Index] = normalize(d.Embedding)
	}
	return out, nil
}

// normalize scales v to unit length, so that cosine is a dot product.
func normalize(v []float32) []float32 {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if sum == 0 || math.IsNaN(sum) || math.IsInf(sum, 0) {
		return v
	}
	n := float32(1 / math.Sqrt(sum))
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = x * n
	}
	return out
}
