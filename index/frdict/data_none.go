//go:build nofrdict

package frdict

// data is empty when the dictionary is left out (-tags nofrdict; see the
// package comment).
var data string
