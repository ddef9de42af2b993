//go:build !race

package wrenbin

const raceEnabled = false
