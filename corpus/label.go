package corpus

import (
	"fmt"
	"regexp"
	"strconv"
)

// LabelKind is the kind of a numbered paragraph of a UN document, as its
// label writes it.
type LabelKind string

// The numbered paragraphs of UN documents.
const (
	Operative  LabelKind = "op"   // a resolution's operative paragraph: "op. 13(a)(i)"
	Preambular LabelKind = "pp"   // a resolution's preambular paragraph: "pp. 2"
	Paragraph  LabelKind = "para" // a report's numbered paragraph: "para. 12"
)

// recommendationPrefix starts the label of a brief's recommendation.
const recommendationPrefix = "Recommendation "

// Label returns the label of paragraph n of kind k with its sub-paragraph
// marks: Label(Operative, 13, "a", "i") is "op. 13(a)(i)". Importers write
// it and Parse reads it back (see labelRE); references name it.
func Label(k LabelKind, n int, marks ...string) string {
	s := string(k) + ". " + strconv.Itoa(n)
	for _, m := range marks {
		s = SubLabel(s, m)
	}
	return s
}

// SubLabel returns the label of sub-paragraph mark of the paragraph
// labelled parent: SubLabel("op. 13(a)", "i") is "op. 13(a)(i)".
func SubLabel(parent, mark string) string { return parent + "(" + mark + ")" }

// RecommendationLabel returns the label of a brief's recommendation n.
func RecommendationLabel(n int) string { return fmt.Sprintf("%s%d", recommendationPrefix, n) }

// labelRE matches the labels Label makes.
var labelRE = regexp.MustCompile(`^(op|pp|para)\. \d{1,4}(\([a-z]{1,5}\)){0,3}$`)

// IsParagraphLabel reports whether s is a label Label makes.
func IsParagraphLabel(s string) bool { return labelRE.MatchString(s) }
