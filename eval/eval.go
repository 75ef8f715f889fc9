// Package eval measures retrieval quality: for each question of a set, the
// rank of the first passage that contains one of its expected substrings,
// and from those Hit@1, Hit@3 and MRR@10. A question marked "none" has no
// answer in the corpus: it is answered right when the answer is weak (the
// bot then says nothing answers it well), and the share of those answered
// confidently is the false-confident rate.
package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"mandatebot/index"
)

// Depth is how many hits are looked at for each question.
const Depth = 10

// Question is one line of an evaluation file (JSONL).
type Question struct {
	ID       string   `json:"id"`
	Q        string   `json:"q"`
	Expect   []string `json:"expect"`
	Footnote int      `json:"footnote,omitempty"` // the footnote the right passage must cite
	Kind     string   `json:"kind,omitempty"`
	Lang     string   `json:"lang,omitempty"`
	None     bool     `json:"none,omitempty"` // the corpus does not answer it
}

// Read parses JSONL questions; blank lines are skipped. Errors name the line.
func Read(r io.Reader) ([]Question, error) {
	var qs []Question
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var q Question
		if err := json.Unmarshal([]byte(line), &q); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		switch {
		case strings.TrimSpace(q.Q) == "":
			return nil, fmt.Errorf("line %d: a question needs \"q\"", n)
		case q.None && len(q.Expect) > 0:
			return nil, fmt.Errorf("line %d: a \"none\" question expects nothing", n)
		case !q.None && len(q.Expect) == 0:
			return nil, fmt.Errorf("line %d: a question needs \"expect\" (or \"none\": true when the corpus does not answer it)", n)
		}
		if q.ID == "" {
			q.ID = fmt.Sprintf("line-%d", n)
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return qs, nil
}

// Searcher is what eval needs of an index.
type Searcher interface {
	Search(ctx context.Context, q index.Query) (*index.Result, error)
}

// Row is the outcome for one question.
type Row struct {
	ID       string `json:"id"`
	Q        string `json:"q"`
	Rank     int    `json:"rank"` // 0: not in the first Depth hits
	Hit      string `json:"hit,omitempty"`
	Top      string `json:"top,omitempty"` // label of the first hit, to see what won instead
	Footnote int    `json:"footnote,omitempty"`
	Cites    *bool  `json:"cites_footnote,omitempty"`
	None     bool   `json:"none,omitempty"` // the corpus does not answer it
	Weak     bool   `json:"weak,omitempty"` // the answer said nothing answers it well
	// Absent are the question's words the answer said the documents never
	// use ("The documents never mention: drones").
	Absent []string `json:"absent,omitempty"`
}

// Report is the outcome for a set of questions.
type Report struct {
	Rows         []Row   `json:"questions"`
	Hit1         float64 `json:"hit_at_1"`
	Hit3         float64 `json:"hit_at_3"`
	MRR10        float64 `json:"mrr_at_10"`
	FootnoteQs   int     `json:"footnote_questions"`
	FootnoteAcc  float64 `json:"footnote_accuracy"`
	FootnoteHits int     `json:"footnote_hits"`
	// Answerable questions whose answer was weak: the user sees no
	// passage, so they count as misses above too.
	WeakAnswerable int `json:"weak_answerable"`
	// Questions the corpus does not answer, and the share of them
	// answered confidently anyway: neither weak nor saying what the
	// documents lack. NamedAbsent counts those not weak whose answer
	// names a word of theirs the documents never use.
	NoneQs            int     `json:"none_questions"`
	NamedAbsent       int     `json:"named_absent"`
	FalseConfident    int     `json:"false_confident"`
	FalseConfidentPct float64 `json:"false_confident_rate"`
}

// Run asks every question and scores the answers.
func Run(ctx context.Context, s Searcher, qs []Question) (*Report, error) {
	rep := &Report{}
	for _, q := range qs {
		res, err := s.Search(ctx, index.Query{Text: q.Q, Limit: Depth})
		if err != nil {
			return nil, fmt.Errorf("question %s: %w", q.ID, err)
		}
		row := Row{ID: q.ID, Q: q.Q, Footnote: q.Footnote, None: q.None, Weak: res.Weak || len(res.Hits) == 0, Absent: res.Absent}
		if len(res.Hits) > 0 {
			row.Top = res.Hits[0].Passage.Label
		}
		for _, h := range res.Hits {
			if q.None || row.Weak {
				break // nothing to find, or nothing the user is shown
			}
			if !Contains(h.Passage.Text, q.Expect) {
				continue
			}
			row.Rank, row.Hit = h.Rank, h.Passage.Label
			if q.Footnote != 0 {
				c := slices.Contains(h.Passage.Footnotes, q.Footnote)
				row.Cites = &c
			}
			break
		}
		rep.Rows = append(rep.Rows, row)
	}
	rep.score()
	return rep, nil
}

func (rep *Report) score() {
	n := 0.0
	for _, r := range rep.Rows {
		if r.None {
			rep.NoneQs++
			switch {
			case r.Weak:
			case len(r.Absent) > 0:
				rep.NamedAbsent++
			default:
				rep.FalseConfident++
			}
			continue
		}
		n++
		if r.Weak {
			rep.WeakAnswerable++
		}
		switch {
		case r.Rank == 1:
			rep.Hit1++
			fallthrough
		case r.Rank >= 1 && r.Rank <= 3:
			rep.Hit3++
		}
		if r.Rank >= 1 && r.Rank <= Depth {
			rep.MRR10 += 1 / float64(r.Rank)
		}
		if r.Footnote != 0 {
			rep.FootnoteQs++
			if r.Cites != nil && *r.Cites {
				rep.FootnoteHits++
			}
		}
	}
	if rep.NoneQs > 0 {
		rep.FalseConfidentPct = float64(rep.FalseConfident) / float64(rep.NoneQs)
	}
	if n == 0 {
		return
	}
	rep.Hit1 /= n
	rep.Hit3 /= n
	rep.MRR10 /= n
	if rep.FootnoteQs > 0 {
		rep.FootnoteAcc = float64(rep.FootnoteHits) / float64(rep.FootnoteQs)
	}
}

// Contains reports whether text holds one of the expected substrings,
// with runs of white space collapsed on both sides.
func Contains(text string, expect []string) bool { return index.HoldsExpected(text, expect) }

// Print writes the report for a person: a line per question, then the
// scores.
func (rep *Report) Print(w io.Writer) {
	for _, r := range rep.Rows {
		rank := "  -"
		if r.Rank > 0 {
			rank = fmt.Sprintf("%3d", r.Rank)
		}
		note := ""
		if r.Footnote != 0 {
			mark := "✗"
			if r.Cites != nil && *r.Cites {
				mark = "✓"
			}
			note = fmt.Sprintf("  [footnote %d %s]", r.Footnote, mark)
		}
		extra := ""
		switch {
		case r.None && r.Weak:
			rank = " ok"
			extra = "  (no answer in the corpus; answered weak)"
		case r.None && len(r.Absent) > 0:
			rank = " ok"
			extra = fmt.Sprintf("  (no answer in the corpus; said it never mentions %s)", strings.Join(r.Absent, ", "))
		case r.None:
			rank = "  ✗"
			extra = fmt.Sprintf("  (no answer in the corpus, yet answered with %s)", r.Top)
		case r.Weak:
			extra = "  (answered weak)"
		case r.Rank != 1:
			extra = fmt.Sprintf("  (top: %s)", r.Top)
		}
		fmt.Fprintf(w, "%s  %-8s %s%s%s\n", rank, r.ID, r.Q, note, extra)
	}
	fmt.Fprintf(w, "\n%d questions  Hit@1 %.3f  Hit@3 %.3f  MRR@10 %.3f", len(rep.Rows)-rep.NoneQs, rep.Hit1, rep.Hit3, rep.MRR10)
	if rep.FootnoteQs > 0 {
		fmt.Fprintf(w, "  footnotes %d/%d", rep.FootnoteHits, rep.FootnoteQs)
	}
	if rep.WeakAnswerable > 0 {
		fmt.Fprintf(w, "  weak %d", rep.WeakAnswerable)
	}
	fmt.Fprintln(w)
	if rep.NoneQs > 0 {
		fmt.Fprintf(w, "%d questions without an answer in the corpus: false-confident %d (%.0f%%); %d answered weak, %d saying what the documents never mention\n", rep.NoneQs, rep.FalseConfident, 100*rep.FalseConfidentPct, rep.NoneQs-rep.FalseConfident-rep.NamedAbsent, rep.NamedAbsent)
	}
}
