// Package eval measures retrieval quality: for each question of a set, the
// rank of the first right passage — one that contains one of its expected
// substrings, or one it names by document and label — and from those
// Hit@1, Hit@3 and MRR@10. A question that only passages of documents the
// corpus lacks can answer is skipped, and the report says so (the brief's
// questions run everywhere, the resolutions' where the corpus holds them).
// A question may also name superseded passages (an earlier resolution's
// paragraph saying what the one in force says): the report counts how
// often the paragraph in force ranks above them. A question marked "none"
// has no answer in the corpus: it is answered right when the answer is
// weak (the bot then says nothing answers it well), and the share of those
// answered confidently is the false-confident rate.
package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"mandatebot/corpus"
	"mandatebot/index"
	"mandatebot/internal/words"
)

// Depth is how many hits are looked at for each question.
const Depth = 10

// Question is one line of an evaluation file (JSONL). Its right passage
// holds one of Expect, or is one of Passages (index.IsExpected).
type Question struct {
	ID       string             `json:"id"`
	Q        string             `json:"q"`
	Expect   []string           `json:"expect,omitempty"`
	Passages []index.PassageRef `json:"passages,omitempty"`
	// Superseded are earlier paragraphs that said what Passages say now
	// (2100's where 2164 holds the same task): not right, and to be
	// ranked below the paragraph in force.
	Superseded []index.PassageRef `json:"superseded,omitempty"`
	Footnote   int                `json:"footnote,omitempty"` // the footnote the right passage must cite
	Kind       string             `json:"kind,omitempty"`
	Lang       string             `json:"lang,omitempty"`
	None       bool               `json:"none,omitempty"` // the corpus does not answer it
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
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields() // a misspelt "superseded" is an error, not a question without it
		if err := dec.Decode(&q); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if err := q.check(); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
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

// check says what is wrong with a question as written, or nil.
func (q *Question) check() error {
	expects := len(q.Expect) > 0 || len(q.Passages) > 0
	switch {
	case strings.TrimSpace(q.Q) == "":
		return errors.New(`a question needs "q"`)
	case q.None && (expects || len(q.Superseded) > 0):
		return errors.New(`a "none" question expects nothing`)
	case !q.None && !expects:
		return errors.New(`a question needs "expect" or "passages" (or "none": true when the corpus does not answer it)`)
	case len(q.Superseded) > 0 && len(q.Passages) == 0:
		return errors.New(`"superseded" needs "passages": the paragraphs in force`)
	}
	for _, r := range slices.Concat(q.Passages, q.Superseded) {
		if strings.TrimSpace(r.Doc) == "" || strings.TrimSpace(r.Label) == "" {
			return fmt.Errorf(`a passage needs "doc" and "label", not %+v`, r)
		}
	}
	return nil
}

// Searcher is what eval needs of an index: its answers, and its corpus
// to tell a question it cannot answer (a document missing) from a miss.
type Searcher interface {
	Search(ctx context.Context, q index.Query) (*index.Result, error)
	Corpus() *corpus.Corpus
}

// Row is the outcome for one question.
type Row struct {
	ID       string `json:"id"`
	Q        string `json:"q"`
	Rank     int    `json:"rank"` // 0: not in the first Depth hits
	Hit      string `json:"hit,omitempty"`
	Top      string `json:"top,omitempty"` // citation of the first hit, to see what won instead
	Footnote int    `json:"footnote,omitempty"`
	Cites    *bool  `json:"cites_footnote,omitempty"`
	// Earlier is the rank of the first superseded passage (0: not in the
	// first Depth hits), and InForceFirst whether the right passage
	// ranked above it; both only for a question naming superseded
	// passages of a document the corpus holds.
	Earlier      int   `json:"earlier_rank,omitempty"`
	InForceFirst *bool `json:"in_force_first,omitempty"`
	None         bool  `json:"none,omitempty"` // the corpus does not answer it
	Weak         bool  `json:"weak,omitempty"` // the answer said nothing answers it well
	// Absent are the question's words the answer said the documents never
	// use ("The documents never mention: drones").
	Absent []string `json:"absent,omitempty"`
}

// Report is the outcome for a set of questions.
type Report struct {
	Rows []Row `json:"questions"`
	// Skipped are the questions not asked: every document their passages
	// are in is missing from the corpus (a question with one of them
	// present is asked). Missing lists those documents.
	Skipped []Skip   `json:"skipped,omitempty"`
	Missing []string `json:"missing_documents,omitempty"`
	// Unknown lists the passages questions name that their document
	// does not have ("s-res-2164-2014 has no op. 13(a)(ix)"): a wrong
	// label in the set, or a document parsed differently. Such a
	// question is asked, and its miss counted.
	Unknown      []string `json:"unknown_passages,omitempty"`
	Hit1         float64  `json:"hit_at_1"`
	Hit3         float64  `json:"hit_at_3"`
	MRR10        float64  `json:"mrr_at_10"`
	FootnoteQs   int      `json:"footnote_questions"`
	FootnoteAcc  float64  `json:"footnote_accuracy"`
	FootnoteHits int      `json:"footnote_hits"`
	// Questions naming superseded passages, and how many of them had the
	// paragraph in force ranked above those.
	InForceQs    int `json:"in_force_questions"`
	InForceFirst int `json:"in_force_first"`
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

// Skip is a question not asked, and the documents it needs that the
// corpus lacks.
type Skip struct {
	ID      string   `json:"id"`
	Q       string   `json:"q"`
	Missing []string `json:"missing"`
}

// Run asks every question the corpus can answer and scores the answers.
func Run(ctx context.Context, s Searcher, qs []Question) (*Report, error) {
	rep := &Report{}
	c := s.Corpus()
	for _, q := range qs {
		if missing, all := missingDocs(c, q.Passages); all && len(q.Expect) == 0 {
			rep.Skipped = append(rep.Skipped, Skip{ID: q.ID, Q: q.Q, Missing: missing})
			continue
		}
		rep.Unknown = append(rep.Unknown, unknownPassages(c, q)...)
		// Superseded passages of a missing document cannot be outranked.
		var earlier []index.PassageRef
		for _, r := range q.Superseded {
			if c.Document(r.Doc) != nil {
				earlier = append(earlier, r)
			}
		}
		res, err := s.Search(ctx, index.Query{Text: q.Q, Limit: Depth})
		if err != nil {
			return nil, fmt.Errorf("question %s: %w", q.ID, err)
		}
		row := Row{ID: q.ID, Q: q.Q, Footnote: q.Footnote, None: q.None, Weak: res.Weak || len(res.Hits) == 0, Absent: res.Absent}
		if len(res.Hits) > 0 {
			row.Top = citation(res.Hits[0])
		}
		for _, h := range res.Hits {
			if q.None || row.Weak {
				break // nothing to find, or nothing the user is shown
			}
			// A superseded paragraph counts where it is the hit's own
			// citation, not where it is cited beside the one in force.
			if row.Earlier == 0 && index.IsOneOf(h.Passage, earlier) {
				row.Earlier = h.Rank
			}
			if row.Rank != 0 || !isRight(h, q) {
				continue
			}
			row.Rank, row.Hit = h.Rank, citation(h)
			if q.Footnote != 0 {
				c := slices.Contains(h.Passage.Footnotes, q.Footnote)
				row.Cites = &c
			}
		}
		if len(earlier) > 0 && !q.None {
			first := row.Rank != 0 && (row.Earlier == 0 || row.Rank < row.Earlier)
			row.InForceFirst = &first
		}
		rep.Rows = append(rep.Rows, row)
	}
	seen := map[string]bool{}
	for _, sk := range rep.Skipped {
		for _, d := range sk.Missing {
			if !seen[d] {
				seen[d] = true
				rep.Missing = append(rep.Missing, d)
			}
		}
	}
	slices.Sort(rep.Missing)
	rep.score()
	return rep, nil
}

// isRight reports whether h shows q's right passage: as its own, or as a
// passage of another document with the very same text, cited beside it.
func isRight(h index.Hit, q Question) bool {
	for _, p := range append([]*corpus.Passage{h.Passage}, h.Identical...) {
		if index.IsExpected(p, q.Expect, q.Passages) {
			return true
		}
	}
	return false
}

// citation is how h's passage is cited: "S/RES/2164 (2014), op. 13(a)(ii)",
// or the brief's label alone.
func citation(h index.Hit) string {
	if h.Document == nil {
		return h.Passage.Label
	}
	return h.Document.Citation(h.Passage)
}

// missingDocs returns the documents refs name that c does not hold,
// sorted, and whether that is all of them (and there are some).
func missingDocs(c *corpus.Corpus, refs []index.PassageRef) (missing []string, all bool) {
	named := map[string]bool{}
	for _, r := range refs {
		named[r.Doc] = true
		if c.Document(r.Doc) == nil && !slices.Contains(missing, r.Doc) {
			missing = append(missing, r.Doc)
		}
	}
	slices.Sort(missing)
	return missing, len(missing) > 0 && len(missing) == len(named)
}

// nearLabels returns up to 5 labels of d near label: its parent's family
// ("op. 16(c)", "op. 16(c)(ii)" for "op. 16(c)(i)") when d has the
// parent, else those corpus.Document.NearLabels finds.
func nearLabels(d *corpus.Document, label string) []string {
	i := strings.LastIndexByte(label, '(')
	if i <= 0 || d.PassageByLabel(label[:i]) == nil {
		return d.NearLabels(label, 5)
	}
	var near []string
	for _, p := range d.Passages {
		if (p.Label == label[:i] || strings.HasPrefix(p.Label, label[:i]+"(")) && len(near) < 5 {
			near = append(near, p.Label)
		}
	}
	return near
}

// unknownPassages says which passages q names that their document, held
// by c, does not have, with the labels near each.
func unknownPassages(c *corpus.Corpus, q Question) []string {
	var out []string
	for _, r := range slices.Concat(q.Passages, q.Superseded) {
		d := c.Document(r.Doc)
		if d == nil || d.PassageByLabel(r.Label) != nil {
			continue
		}
		msg := fmt.Sprintf("%s: %s has no %q", q.ID, r.Doc, r.Label)
		if near := nearLabels(d, r.Label); len(near) > 0 {
			msg += fmt.Sprintf(" (near: %s)", strings.Join(near, ", "))
		}
		out = append(out, msg)
	}
	return out
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
		if r.InForceFirst != nil {
			rep.InForceQs++
			if *r.InForceFirst {
				rep.InForceFirst++
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
		switch {
		case r.InForceFirst == nil:
		case *r.InForceFirst:
			note += "  [in force first ✓]"
		case r.Earlier > 0:
			note += fmt.Sprintf("  [superseded at %d ✗]", r.Earlier)
		default:
			note += "  [in force first ✗]"
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
	if len(rep.Rows) > 0 {
		rep.printScores(w)
	} else {
		fmt.Fprintln(w, "no question asked")
	}
	if len(rep.Skipped) > 0 {
		fmt.Fprintf(w, "%s skipped, not counted: the corpus has no %s\n", words.Count(len(rep.Skipped), "question"), strings.Join(rep.Missing, " or "))
	}
	if len(rep.Unknown) > 0 {
		fmt.Fprintf(w, "%s not in the corpus's documents (a wrong label in the questions, or a document parsed differently); their questions count as misses:\n", words.Count(len(rep.Unknown), "expected passage"))
		for _, u := range rep.Unknown {
			fmt.Fprintf(w, "  %s\n", u)
		}
	}
}

// printScores writes the scores line, and the line on questions without
// an answer when there are some.
func (rep *Report) printScores(w io.Writer) {
	fmt.Fprintf(w, "\n%d questions  Hit@1 %.3f  Hit@3 %.3f  MRR@10 %.3f", len(rep.Rows)-rep.NoneQs, rep.Hit1, rep.Hit3, rep.MRR10)
	if rep.FootnoteQs > 0 {
		fmt.Fprintf(w, "  footnotes %d/%d", rep.FootnoteHits, rep.FootnoteQs)
	}
	if rep.InForceQs > 0 {
		fmt.Fprintf(w, "  in force first %d/%d", rep.InForceFirst, rep.InForceQs)
	}
	if rep.WeakAnswerable > 0 {
		fmt.Fprintf(w, "  weak %d", rep.WeakAnswerable)
	}
	fmt.Fprintln(w)
	if rep.NoneQs > 0 {
		fmt.Fprintf(w, "%d questions without an answer in the corpus: false-confident %d (%.0f%%); %d answered weak, %d saying what the documents never mention\n", rep.NoneQs, rep.FalseConfident, 100*rep.FalseConfidentPct, rep.NoneQs-rep.FalseConfident-rep.NamedAbsent, rep.NamedAbsent)
	}
}
