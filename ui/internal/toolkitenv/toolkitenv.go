// Package toolkitenv prepares the environment the GUI toolkit reads while
// it initializes, before main runs. Fyne works out the user's language
// in its package initialization; under a "C.UTF-8" locale (usual in
// containers, cron and CI) it cannot parse "C" and prints a "Fyne error"
// on standard error, on every run of the command line too. Telling it the
// language through LANGUAGE avoids that: programs ignore LANGUAGE under a
// C locale (gettext does), so nothing else changes.
//
// It is a module of its own because Go initializes packages in the order
// of their import paths, among those whose imports are done: "0wren/…"
// sorts before "fyne.io/…", so this runs first. main imports it for that
// effect alone.
package toolkitenv

import (
	"os"
	"strings"
)

func init() {
	if os.Getenv("LANGUAGE") == "" && cLocale(locale(os.Getenv)) {
		os.Setenv("LANGUAGE", "en")
	}
}

// locale is the locale of messages, as the C library chooses it.
func locale(getenv func(string) string) string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			return v
		}
	}
	return ""
}

// cLocale reports whether l is a form of the C locale with a code set
// ("C.UTF-8", "POSIX.utf8"); plain "C" and "POSIX" the toolkit reads
// without complaint.
func cLocale(l string) bool {
	base, _, found := strings.Cut(l, ".")
	return found && (base == "C" || base == "POSIX")
}
