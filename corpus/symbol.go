package corpus

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"mandatebot/internal/fault"
)

// The grammar of the UN document symbols the corpus knows, written once
// for every reader of them (footnotes, references, fetch, add, compare,
// autocomplete): Security Council resolutions (S/RES/2164 (2014), any
// number of digits), reports and letters (S/2014/692), meeting records
// (S/PV.7274) and presidential statements (S/PRST/2014/8). Numbers are
// read whole: a symbol is never shortened.
const (
	symbolPattern = `S/(?:RES/(\d+)(?:\s*\((\d{4})\))?|PV\.(\d+)|PRST/(\d{4})/(\d+)|(\d{4})/(\d+))`
	// resolutionNumberPattern is a resolution named by its number, with
	// or without "S/RES/" and its year: "2164", "S/RES/2100 (2013)".
	resolutionNumberPattern = `(?:S/RES/)?(\d+)(?:\s*\((\d{4})\))?`
)

var (
	symbolRE      = regexp.MustCompile(`\b` + symbolPattern)
	wholeSymbolRE = regexp.MustCompile(`^` + symbolPattern + `$`)
	// leadingSymbolRE matches a symbol at the start of a text.
	leadingSymbolRE = regexp.MustCompile(`^\s*` + symbolPattern)
	// bareNumberRE is a resolution named by its number alone: "2164",
	// "2164 (2014)", "resolution 2164".
	bareNumberRE        = regexp.MustCompile(`(?i)^(?:res(?:olution)?\.?\s*)?(\d+)(?:\s*\((\d{4})\))?$`)
	resolutionMentionRE = regexp.MustCompile(`(?i)` + resolutionNumberPattern)
)

// SymbolForms shows the forms of symbol the corpus knows, for errors.
const SymbolForms = "S/RES/2164 (2014), S/2014/692, S/PV.7274 or S/PRST/2014/8"

// ErrNotSymbol is wrapped by ParseSymbol's error.
var ErrNotSymbol = fault.New(fault.Invalid, "not a UN symbol")

// ParseSymbol reads a UN symbol given alone (a command-line argument, a
// --symbol flag) and returns it normalised, as NormalizeSymbol does; text
// that is not exactly one symbol is refused with the accepted forms,
// never shortened or guessed at.
func ParseSymbol(s string) (string, error) {
	up := strings.ToUpper(strings.TrimSpace(s))
	if !wholeSymbolRE.MatchString(up) {
		return "", fmt.Errorf("%w: %q; write it like %s", ErrNotSymbol, s, SymbolForms)
	}
	return NormalizeSymbol(up), nil
}

// SymbolLinkBase is the UN's short-link service, which takes any symbol
// to its document in the Official Document System.
const SymbolLinkBase = "https://undocs.org/"

// SymbolURL is where a UN symbol's document can be read:
// https://undocs.org/S/RES/2164(2014) (the UN writes the year without a
// space in addresses).
func SymbolURL(symbol string) string {
	sym := NormalizeSymbol(symbol)
	if sym == "" {
		return ""
	}
	return SymbolLinkBase + strings.ReplaceAll(sym, " (", "(")
}

// CutSymbol returns the UN symbol at the start of t, normalised, and
// what follows it; ok is false when t does not start with one.
func CutSymbol(t string) (symbol, rest string, ok bool) {
	up := strings.ToUpper(t)
	loc := leadingSymbolRE.FindStringIndex(up)
	if loc == nil {
		return "", t, false
	}
	return NormalizeSymbol(up[loc[0]:loc[1]]), t[loc[1]:], true
}

// ResolutionMentions returns the resolutions named in what a user typed,
// as ResolutionNamed takes them: "2100 → 2164" gives "2100", "2164";
// "S/RES/2100 (2013)" gives "2100 (2013)".
func ResolutionMentions(s string) []string {
	var out []string
	for _, m := range resolutionMentionRE.FindAllStringSubmatch(s, -1) {
		name := m[1]
		if m[2] != "" {
			name += " (" + m[2] + ")"
		}
		out = append(out, name)
	}
	return out
}

// resolutionYears gives the year of adoption of Security Council
// resolutions that texts on Mali cite without it, so that "S/RES/2100"
// and "S/RES/2100 (2013)" name the same document.
var resolutionYears = map[int]int{
	2071: 2012, // Mali: requests planning for an international force
	2085: 2012, // Mali: authorizes AFISMA
	2100: 2013, // establishes MINUSMA
	2164: 2014, // renews MINUSMA
	2227: 2015, // renews MINUSMA
}

// Symbols returns the UN document symbols cited in s, normalised:
// resolutions as "S/RES/2100 (2013)" where the year is given or known.
func Symbols(s string) []string {
	var out []string
	for _, m := range SymbolMentions(s) {
		if !containsString(out, m.Symbol) {
			out = append(out, m.Symbol)
		}
	}
	return out
}

// SymbolMention is a UN symbol as a text writes it ("S/RES/2164") and
// normalised ("S/RES/2164 (2014)").
type SymbolMention struct{ Text, Symbol string }

// SymbolMentions returns every symbol written in s, in order, repeats
// included.
func SymbolMentions(s string) []SymbolMention {
	var out []SymbolMention
	for _, m := range symbolRE.FindAllStringSubmatch(s, -1) {
		var sym string
		switch {
		case m[1] != "":
			num, _ := strconv.Atoi(m[1])
			year := m[2]
			if year == "" && resolutionYears[num] != 0 {
				year = strconv.Itoa(resolutionYears[num])
			}
			sym = "S/RES/" + m[1]
			if year != "" {
				sym += " (" + year + ")"
			}
		case m[3] != "":
			sym = "S/PV." + m[3]
		case m[4] != "":
			sym = fmt.Sprintf("S/PRST/%s/%s", m[4], m[5])
		default:
			sym = fmt.Sprintf("S/%s/%s", m[6], m[7])
		}
		out = append(out, SymbolMention{Text: m[0], Symbol: sym})
	}
	return out
}

// NormalizeSymbol returns the canonical form of a UN symbol a user typed
// ("s/res/2164" → "S/RES/2164 (2014)"), or "" if s holds none.
func NormalizeSymbol(s string) string {
	syms := Symbols(strings.ToUpper(strings.TrimSpace(s)))
	if len(syms) == 0 {
		return ""
	}
	return syms[0]
}

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
