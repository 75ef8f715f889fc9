package main

import (
	"bytes"
	"os"
	"testing"
)

// TestDataIsCurrent regenerates the data file from FreeDict's files, when
// this machine has them (Debian's dict-freedict-fra-eng), and compares it
// with the one embedded: a change to the French analysis or to this
// generator must be followed by `go generate ./index/frdict`.
func TestDataIsCurrent(t *testing.T) {
	const dir = "/usr/share/dictd"
	if _, err := os.Stat(dir + "/freedict-fra-eng.index"); err != nil {
		t.Skip("FreeDict's French–English dictionary is not installed here (apt-get install dict-freedict-fra-eng); the embedded file is what there is")
	}
	var fresh bytes.Buffer
	if err := write(&fresh, dir); err != nil {
		t.Fatal(err)
	}
	embedded, err := os.ReadFile("../fra-eng.txt")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fresh.Bytes(), embedded) {
		t.Errorf("index/frdict/fra-eng.txt is stale (%d bytes, regenerated %d): run go generate ./index/frdict", len(embedded), fresh.Len())
	}
}

func TestFirstSense(t *testing.T) {
	for in, want := range map[string]string{
		"aider /ɛde/ <v>\n1. abet, aid, assist, help\n2. accommodate\n":    "abet aid assist help",
		"janvier /ʒɑ̃vje/ <n, masc>\nJanuary\n":                            "January",
		"agrarien /agʀaʀi/ <adj>\nagrarian, agricultural, farm-\n":         "agrarian agricultural",
		"enquêter /ɑ̃kete/ <v>\nhold an inquiry, conduct an investigation": "",
		"seul": "",
	} {
		got := firstSense([]byte(in))
		if g := join(got); g != want {
			t.Errorf("firstSense(%q) = %q, want %q", in, g, want)
		}
	}
}

func join(s []string) string {
	out := ""
	for i, w := range s {
		if i > 0 {
			out += " "
		}
		out += w
	}
	return out
}

func TestDecode(t *testing.T) {
	for in, want := range map[string]int{"A": 0, "B": 1, "BA": 64, "IrP": 8*64*64 + 43*64 + 15} {
		if got, err := decode(in); err != nil || got != want {
			t.Errorf("decode(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	if _, err := decode("a*b"); err == nil {
		t.Error("decode accepts a character outside dictd's digits")
	}
}
