package cli

import (
	"io"
	"slices"
	"strings"
	"testing"
)

func TestParseInterleaved(t *testing.T) {
	var g globals
	fs := newFlagSet("t", io.Discard)
	g.register(fs)
	var c strList
	fs.Var(&c, "confirm", "")
	pos, err := parse(fs, []string{"me@example.com", "--json", "--confirm", "a", "x", "--confirm=b", "--", "--not-a-flag"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(pos, []string{"me@example.com", "x", "--not-a-flag"}) || !g.json || !slices.Equal(c, strList{"a", "b"}) {
		t.Fatalf("pos %q json %v confirm %q", pos, g.json, c)
	}
	if _, err := parse(fs, []string{"--bogus"}); err == nil {
		t.Error("an unknown flag was accepted")
	}
}

func TestIsCommand(t *testing.T) {
	for args, want := range map[string]bool{
		"doctor":                    true,
		"--profile /p account list": true,
		"--dns 127.0.0.1:53 doctor": true,
		"":                          false,
		"--demo":                    false,
		"--profile /p":              false,
	} {
		if got := IsCommand(split(args)); got != want {
			t.Errorf("IsCommand(%q) = %v", args, got)
		}
	}
}

func split(s string) []string { return strings.Fields(s) }
