package main

import (
	"context"
	"fmt"
	"runtime/debug"

	"mandatebot/internal/words"
)

// buildInfo describes this binary: module version, VCS revision and
// time, and the Go version, from what the Go toolchain recorded.
func buildInfo() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "mandatebot (no build information)"
	}
	version := bi.Main.Version
	if version == "" || version == "(devel)" {
		version = "devel"
	}
	rev, at, dirty := "unknown", "", ""
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
			if len(rev) > 12 {
				rev = rev[:12]
			}
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = " (modified)"
			}
		}
	}
	out := fmt.Sprintf("mandatebot %s, revision %s%s", version, rev, dirty)
	if at != "" {
		out += " of " + at
	}
	return out + ", built with " + bi.GoVersion
}

func runVersion(ctx context.Context, env *environment, args []string) error {
	fs := newFlags("version", "", env.stderr)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("version takes no arguments (got %q)", pos[0])
	}
	fmt.Fprintln(env.stdout, buildInfo())
	c, err := loadCorpus(ctx, env)
	if err != nil {
		fmt.Fprintf(env.stdout, "corpus: cannot be loaded (%v)\n", err)
		return nil
	}
	fmt.Fprintf(env.stdout, "corpus: version %s (fingerprint %s), %s, %s\n", c.Version(), c.Fingerprint(), words.Count(len(c.Documents), "document"), words.Count(c.NumPassages(), "passage"))
	return nil
}
