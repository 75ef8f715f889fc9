//go:build !nofrdict

package frdict

import _ "embed"

// data holds, one per line and sorted, a French stem, a tab, and its
// English translations separated by ";", each one word as the dictionary
// writes it.
//
//go:embed fra-eng.txt
var data string
