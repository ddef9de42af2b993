package transport_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The dependency direction is main → ui → account/… → transport/…: nothing
// under account/ or transport/ may import Fyne, and transport/ never imports
// account/. Checked on the real import graph.
func TestLayering(t *testing.T) {
	check := func(pattern string, forbidden ...string) {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", pattern).CombinedOutput()
		if err != nil {
			if strings.Contains(string(out), "matched no packages") {
				return
			}
			t.Fatalf("go list %s: %v\n%s", pattern, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, f := range forbidden {
				if dep == f || strings.HasPrefix(dep, f+"/") {
					t.Errorf("%s depends on %s", pattern, dep)
				}
			}
		}
	}
	check("wren/transport/...", "fyne.io/fyne/v2", "wren/account", "wren/ui")
	check("wren/account/...", "fyne.io/fyne/v2", "wren/ui")
}
