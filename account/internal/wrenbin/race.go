//go:build race

package wrenbin

const raceEnabled = true
