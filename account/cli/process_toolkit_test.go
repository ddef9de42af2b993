package cli_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"wren/account/internal/wrenbin"
)

// The command line says nothing of the GUI toolkit (issue #20): run as
// cron, a container or CI run it, under the C.UTF-8 locale with nothing
// else set, its standard error holds only what Wren itself says.
func TestProcessCommandLineWithoutToolkitMessages(t *testing.T) {
	bin := wrenbin.Build(t)
	profile := t.TempDir()
	for _, env := range [][]string{
		{"LANG=C.UTF-8"},
		{"LC_ALL=C.UTF-8", "LANG=de_DE.UTF-8"},
		{"LANG=C"},
		{},
	} {
		for _, args := range [][]string{{"account", "list"}, {"outbox", "--json"}, {"search", "x", "--json"}} {
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			cmd := exec.CommandContext(ctx, bin, append([]string{"--profile", profile}, args...)...)
			cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, env...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			cancel()
			if err != nil {
				t.Errorf("%v with %v: %v\n%s%s", args, env, err, stdout.String(), stderr.String())
			}
			if strings.Contains(stderr.String(), "Fyne") || strings.Contains(stdout.String(), "Fyne") {
				t.Errorf("%v with %v printed the toolkit's words:\n%s", args, env, stderr.String())
			}
		}
	}
}
