package corpus

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// UN document symbols of the Security Council: resolutions (S/RES/2164
// (2014)), reports and letters (S/2014/692), meeting records (S/PV.7274)
// and presidential statements (S/PRST/2014/8).
var symbolRE = regexp.MustCompile(`\bS/(?:RES/(\d{1,4})(?:\s*\((\d{4})\))?|PV\.(\d{1,5})|PRST/(\d{4})/(\d{1,3})|(\d{4})/(\d{1,4}))`)

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
		if !containsString(out, sym) {
			out = append(out, sym)
		}
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
