package undoctest

import (
	"errors"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestReadText reads a fictional resolution written as the dataset holds
// real ones (Latin-1, page furniture, a paragraph cut by a page break,
// group headings with and without their own text, "(i)" after "(h)",
// dashes) into the Source in the golden file.
func TestReadText(t *testing.T) {
	b, err := os.ReadFile("testdata/S-RES-9990(2030).txt")
	if err != nil {
		t.Fatal(err)
	}
	src, err := ReadText(b)
	if err != nil {
		t.Fatal(err)
	}
	golden := "testdata/S-RES-9990(2030).json"
	if *update {
		if err := os.WriteFile(golden, src.JSON(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(src.JSON())); diff != "" {
		t.Errorf("ReadText (-want +got):\n%s", diff)
	}
	wantLabels := strings.Fields("pp._1 pp._2 pp._3 pp._4 op._1 op._2 op._2(a) op._2(a)(i) op._2(a)(ii) op._2(b) op._2(c) op._2(d) op._2(e) op._2(f) op._2(g) op._2(h) op._2(h)(i) op._2(h)(ii) op._3 op._4 op._5")
	for i := range wantLabels {
		wantLabels[i] = strings.ReplaceAll(wantLabels[i], "_", " ")
	}
	if diff := cmp.Diff(wantLabels, Expected(src)); diff != "" {
		t.Errorf("Expected (-want +got):\n%s", diff)
	}
}

// TestReadTextRefuses: what the reader cannot read for certain, it
// refuses, saying why, rather than guess.
func TestReadTextRefuses(t *testing.T) {
	const front = "S/RES/9990 (2030)\nResolution 9990 (2030)\nAdopted by the Security Council at its 9990th meeting, on 2 May 2030\nThe Security Council,\n"
	tests := []struct {
		name, body, reason string
	}{
		{"no start", "Recalling its resolutions,\n1. Decides.", `no line "The Security Council,"`},
		{"number skipped", front + "Recalling its resolutions,\n1. Decides;\n3. Decides.", "operative paragraph 3 after 1"},
		{"mark out of sequence", front + "Recalling its resolutions,\n1. Decides:\n(a) One;\n(c) Three.", "(c) continues no numbering"},
		{"(i) with no evidence", front + "Recalling its resolutions,\n1. Decides:\n" + letters("h") + "(i) Nine;\n(k) Eleven.", "(i) continues both the letters and the numerals"},
		{"run together", front + "Recalling its resolutions, 1. Decides.", "paragraphs run together on one line"},
		{"no number", front + "Recalling its resolutions,\nDecides to remain seized.", "an operative paragraph without a number"},
		{"tail after a list", front + "Recalling its resolutions,\n1. Decides:\n(a) One;\n(b) Two,\nprovided that it ends.", "text after a list, continuing its paragraph"},
		{"heading or cut", front + "Recalling its resolutions,\n1. Decides;\nPolitical process\n2 30-09990\nUrges the fictional parties to act.", "a heading, or a paragraph cut by a page break"},
		{"preamble ends with a stop", front + "Recalling its resolutions.\n1. Decides.", "a preambular paragraph not ending with a comma"},
		{"parts", front + "A\nRecalling its resolutions,\n1. Decides.", "a resolution in parts (A, B) or a separator"},
		{"no full stop", front + "Recalling its resolutions,\n1. Decides;", "the last paragraph does not end with a full stop"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadText([]byte(tt.body))
			var u *UnreadableError
			if !errors.As(err, &u) {
				t.Fatalf("ReadText: %v, want an *UnreadableError", err)
			}
			if u.Reason != tt.reason {
				t.Errorf("reason %q, want %q (%v)", u.Reason, tt.reason, err)
			}
		})
	}
}

// letters returns sub-paragraphs (a) to last, each ending with ";".
func letters(last string) string {
	var b strings.Builder
	for c := 'a'; c <= rune(last[0]); c++ {
		b.WriteString("(" + string(c) + ") Item;\n")
	}
	return b.String()
}

func TestRuns(t *testing.T) {
	tests := []struct {
		text     string
		preamble bool
		want     []string
	}{
		{"Recalling its resolutions, and welcoming the agreement,", true, []string{"Recalling", " its resolutions, and ", "welcoming", " the agreement,"}},
		{"Deeply concerned at the attacks, including those on roads,", true, []string{"Deeply concerned", " at the attacks, including those on roads,"}},
		{"Taking note of the report, and bearing in mind its findings,", true, []string{"Taking note", " of the report, and ", "bearing in mind", " its findings,"}},
		{"Recalling also its resolutions,", true, []string{"Recalling also", " its resolutions,"}},
		{"Reiterating, in this regard, its support,", true, []string{"Reiterating", ", in this regard, its support,"}},
		{"Decides to extend the mandate, and requests a report;", false, []string{"Decides", " to extend the mandate, and ", "requests", " a report;"}},
		{"Further decides that the mission, welcoming it, shall act;", false, []string{"Further decides", " that the mission, welcoming it, shall act;"}},
		{"Calls upon the parties to act;", false, []string{"Calls upon", " the parties to act;"}},
	}
	for _, tt := range tests {
		got := runsOf(tt.text, tt.preamble)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("runsOf(%q) (-want +got):\n%s", tt.text, diff)
		}
		if strings.Join(got, "") != tt.text {
			t.Errorf("runsOf(%q) joined is %q", tt.text, strings.Join(got, ""))
		}
	}
}

// FuzzReadText: whatever the text, ReadText reads it or refuses it with
// an *UnreadableError; what it reads has unique labels and round-trips
// through its JSON.
func FuzzReadText(f *testing.F) {
	b, err := os.ReadFile("testdata/S-RES-9990(2030).txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte("S/RES/1 (2000)\nResolution 1 (2000)\nAdopted by the Security Council at its 1st meeting, on 1 May 2000\nThe Security Council, Recalling,\n1. Decides:\n(a) One\n(i) Two;\n(h) x;\n(i) y.\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		src, err := ReadText(b)
		var u *UnreadableError
		if err != nil {
			if !errors.As(err, &u) {
				t.Fatalf("error %v is no *UnreadableError", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, l := range Expected(src) {
			if seen[l] {
				t.Fatalf("label %s twice", l)
			}
			seen[l] = true
		}
		back, err := ReadSource(src.JSON())
		if err != nil || string(back.JSON()) != string(src.JSON()) {
			t.Fatalf("the Source does not round-trip: %v", err)
		}
	})
}
