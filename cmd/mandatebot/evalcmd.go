package main

import (
	"context"
	"fmt"
	"os"

	"mandatebot/eval"
	"mandatebot/index"
)

func runEval(ctx context.Context, env *environment, args []string) error {
	fs := newFlags("eval", "[--json] [--mode lexical|hybrid|both] FILE.jsonl", env.stderr)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	mode := fs.String("mode", "", "lexical: without semantic search; hybrid: with it (needs EMBEDDINGS_URL), unguarded; both: the two side by side; default: as the bot answers")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give one JSONL file of questions, e.g. mandatebot eval eval/testdata/dev.jsonl")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return fmt.Errorf("open questions: %w", err)
	}
	defer f.Close()
	qs, err := eval.Read(f)
	if err != nil {
		// What the file holds, not how the program was called: exit 1.
		return fmt.Errorf("%s: %w (each line is one question as JSON: {\"q\": …, \"expect\": […]})", pos[0], err)
	}
	var modes []string
	switch *mode {
	case "":
		modes = []string{""}
	case index.ModeLexical, index.ModeHybrid:
		modes = []string{*mode}
	case "both":
		modes = []string{index.ModeLexical, index.ModeHybrid}
	default:
		return usagef("--mode is lexical, hybrid or both, not %q", *mode)
	}
	if *mode != "" && *mode != index.ModeLexical && env.cfg.EmbeddingsURL == "" {
		return usagef("--mode %s needs semantic search: set EMBEDDINGS_URL (see .env.example)", *mode)
	}
	reports := map[string]*eval.Report{}
	for _, m := range modes {
		rep, err := evalIn(ctx, env, m, qs)
		if err != nil {
			return err
		}
		reports[m] = rep
		if !*asJSON {
			if m != "" {
				fmt.Fprintf(env.stdout, "== %s\n", m)
			}
			rep.Print(env.stdout)
		}
	}
	if rep := reports[modes[0]]; len(rep.Skipped) > 0 && !*asJSON {
		fmt.Fprintln(env.stdout, skippedHint(env.cfg))
	}
	if *asJSON {
		if len(modes) == 1 {
			return writeJSON(env.stdout, reports[modes[0]])
		}
		return writeJSON(env.stdout, reports)
	}
	if len(modes) == 2 {
		l, h := reports[index.ModeLexical], reports[index.ModeHybrid]
		fmt.Fprintf(env.stdout, "\nlexical Hit@1 %.3f MRR@10 %.3f · hybrid Hit@1 %.3f MRR@10 %.3f\n", l.Hit1, l.MRR10, h.Hit1, h.MRR10)
	}
	return nil
}

// evalIn scores qs on the index opened as mode says: "" as the bot
// answers (semantic search guarded), lexical without it, hybrid with it
// and no guard.
func evalIn(ctx context.Context, env *environment, mode string, qs []eval.Question) (*eval.Report, error) {
	e := *env
	switch mode {
	case index.ModeLexical:
		e.cfg.EmbeddingsURL = ""
	case index.ModeHybrid:
		e.cfg.unguarded = true
	}
	ix, err := openIndex(ctx, &e)
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	return eval.Run(ctx, ix, qs)
}

// skippedHint says how to ask the questions skipped for want of their
// documents: put the converted documents in the corpus folder.
func skippedHint(cfg config) string {
	where := "CORPUS_DIR (it is off)"
	if cfg.CorpusDir != "" {
		where = "CORPUS_DIR (now " + cfg.CorpusDir + ")"
	}
	return "To ask them, put the converted documents in " + where + ": `mandatebot fetch` fetches the UN documents the corpus cites, `mandatebot add FILE.pdf` converts a PDF you have."
}
