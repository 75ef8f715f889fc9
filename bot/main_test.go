package bot_test

import (
	"flag"
	"os"
	"testing"
)

// TestMain lets the end-to-end tests run eight at a time even on two
// cores: each spends most of its time waiting (discordgo's Close sleeps a
// full second), not computing. An explicit -parallel is respected.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		flag.Set("test.parallel", "8")
	}
	os.Exit(m.Run())
}
