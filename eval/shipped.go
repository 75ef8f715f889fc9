package eval

import (
	"bytes"
	_ "embed"

	"mandatebot/index"
)

// devQuestions is the development set, shipped in the binary so that a
// running bot can check semantic search against it (index.Semantic's
// Questions). The held-out and chat sets stay out of it: they measure.
//
//go:embed testdata/dev.jsonl
var devQuestions []byte

// GuardQuestions returns the shipped questions that have an answer, as
// the semantic-search guard takes them.
func GuardQuestions() []index.GuardQuestion {
	qs, err := Read(bytes.NewReader(devQuestions))
	if err != nil {
		panic("eval: the shipped questions do not parse: " + err.Error())
	}
	var out []index.GuardQuestion
	for _, q := range qs {
		if !q.None && (len(q.Expect) > 0 || len(q.Passages) > 0) {
			out = append(out, index.GuardQuestion{Q: q.Q, Expect: q.Expect, Passages: q.Passages})
		}
	}
	return out
}
