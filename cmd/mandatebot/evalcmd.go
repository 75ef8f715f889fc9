package main

import (
	"context"
	"fmt"
	"os"

	"mandatebot/eval"
)

func runEval(ctx context.Context, env *environment, args []string) error {
	fs := newFlags("eval", "[--json] FILE.jsonl", env.stderr)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give one JSONL file of questions, e.g. mandatebot eval ../shared/eval/dev.jsonl")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return fmt.Errorf("open questions: %w", err)
	}
	defer f.Close()
	qs, err := eval.Read(f)
	if err != nil {
		return usagef("%s: %v", pos[0], err)
	}
	ix, err := openIndex(ctx, env)
	if err != nil {
		return err
	}
	defer ix.Close()
	rep, err := eval.Run(ctx, ix, qs)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.stdout, rep)
	}
	rep.Print(env.stdout)
	return nil
}
