package corpus

import (
	"regexp"
	"strconv"
	"strings"

	"mandatebot/internal/fault"
)

// Errors of ParseReference, wrapped in a *ReferenceError.
var (
	ErrNoReference     = fault.New(fault.Invalid, "no reference given")
	ErrUnknownDocument = fault.New(fault.Invalid, "no UN document is named")
	ErrNoParagraph     = fault.New(fault.Invalid, "no paragraph is named")
)

// ReferenceError says why a reference could not be read.
type ReferenceError struct {
	Input  string // what was given
	Symbol string // the document, when it was found but not the paragraph
	Err    error  // ErrNoReference, ErrUnknownDocument or ErrNoParagraph
}

func (e *ReferenceError) Error() string {
	if e.Symbol != "" {
		return e.Symbol + ": " + e.Err.Error() + " in " + strconv.Quote(e.Input)
	}
	return e.Err.Error() + " in " + strconv.Quote(e.Input)
}

func (e *ReferenceError) Unwrap() error { return e.Err }

// Kind is fault.Invalid: the reference does not read.
func (e *ReferenceError) Kind() fault.Kind { return fault.Invalid }

// Reference names one paragraph of a UN document.
type Reference struct {
	Symbol string // normalised: "S/RES/2164 (2014)"
	Label  string // as Label writes it: "op. 13(a)(i)", "pp. 2", "para. 12"
}

var (
	// paragraphRefRE reads the paragraph part of a reference: an optional
	// kind ("op", "para", "paragraph", "§", "pp", "preamble") and a number
	// with up to three sub-paragraph marks, spaces allowed: "op 13(a)",
	// "para. 16", "13 (a) (i)".
	paragraphRefRE = regexp.MustCompile(`(?i)(?:\b(op|operative|para|paragraph|pp|preamble|preambular)\b\.?|§)?\s*(\d{1,3})\s*((?:\(\s*[a-z]{1,5}\s*\)\s*){0,3})\s*$`)
	// bareResolutionRE reads a resolution given by number: "2164",
	// "res 2164", "resolution 2164 (2014)", then the rest.
	bareResolutionRE = regexp.MustCompile(`^(?i)(?:res(?:olution)?\.?\s*)?(\d{3,})(?:\s*\((\d{4})\))?\b(.*)$`)
)

// ParseReference reads a reference to a paragraph as people write them:
// "2164 op 13(a)", "S/RES/2100 para 16", "resolution 2164 (2014) 13 (a)",
// "S/2014/692 para 12". A bare number in a resolution is an operative
// paragraph; "para" in a report is its numbered paragraph.
func ParseReference(s string) (Reference, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Reference{}, &ReferenceError{Input: s, Err: ErrNoReference}
	}
	up := strings.ToUpper(s)
	sym := NormalizeSymbol(up)
	rest := ""
	if sym != "" {
		// Everything after the symbol (and its year) is the paragraph.
		if loc := leadingSymbolRE.FindStringIndex(up); loc != nil {
			rest = s[loc[1]:]
		}
	} else if m := bareResolutionRE.FindStringSubmatch(s); m != nil {
		year := ""
		if m[2] != "" {
			year = " (" + m[2] + ")"
		}
		sym = NormalizeSymbol("S/RES/" + m[1] + year)
		rest = m[3]
	}
	if sym == "" {
		return Reference{}, &ReferenceError{Input: s, Err: ErrUnknownDocument}
	}
	m := paragraphRefRE.FindStringSubmatch(strings.TrimSpace(strings.Trim(rest, ",;: ")))
	if m == nil || m[2] == "" {
		return Reference{}, &ReferenceError{Input: s, Symbol: sym, Err: ErrNoParagraph}
	}
	kind := Operative
	switch strings.ToLower(m[1]) {
	case "pp", "preamble", "preambular":
		kind = Preambular
	default:
		if !strings.HasPrefix(sym, "S/RES/") {
			kind = Paragraph
		}
	}
	marks := strings.NewReplacer(" ", "", "\t", "").Replace(strings.ToLower(m[3]))
	return Reference{Symbol: sym, Label: string(kind) + ". " + m[2] + marks}, nil
}
