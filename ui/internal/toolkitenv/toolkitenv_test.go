package toolkitenv

import "testing"

func TestCLocale(t *testing.T) {
	for l, want := range map[string]bool{"C.UTF-8": true, "C.utf8": true, "POSIX.UTF-8": true, "C": false, "POSIX": false,
		"en_US.UTF-8": false, "de_DE": false, "": false} {
		if got := cLocale(l); got != want {
			t.Errorf("cLocale(%q) = %v", l, got)
		}
	}
	env := map[string]string{"LANG": "de_DE.UTF-8", "LC_MESSAGES": "C.UTF-8"}
	if got := locale(func(k string) string { return env[k] }); got != "C.UTF-8" {
		t.Errorf("locale = %q, want LC_MESSAGES first", got)
	}
}
