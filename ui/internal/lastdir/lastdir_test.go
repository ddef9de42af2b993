package lastdir

import (
	"os"
	"path/filepath"
	"testing"

	appsettings "wren/account/settings"
)

func TestRememberedFolderIsTheProfiles(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	home, _ := os.UserHomeDir()
	one, err := appsettings.OpenPrefs(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	two := appsettings.MemoryPrefs()
	if got := Folder(one); got != home {
		t.Errorf("nothing remembered: %q, want the home folder %q", got, home)
	}
	picked := t.TempDir()
	Remember(one, filepath.Join(picked, "report.pdf"))
	if got := Folder(one); got != picked {
		t.Errorf("after a save: %q, want %q", got, picked)
	}
	if got := Folder(two); got != home {
		t.Errorf("another profile starts in %q, want the home folder", got)
	}
	// A folder that has gone is not offered.
	if err := os.RemoveAll(picked); err != nil {
		t.Fatal(err)
	}
	if got := Folder(one); got != home {
		t.Errorf("after the folder went: %q, want the home folder", got)
	}
}
