//go:build !race

package undoc

const raceEnabled = false
