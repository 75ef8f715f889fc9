//go:build race

package undoc

const raceEnabled = true
