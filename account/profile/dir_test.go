package profile

import (
	"path/filepath"
	"runtime"
	"testing"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLocate(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Log("XDG cases apply to Linux and BSD only; checking the explicit cases")
	}
	abs := t.TempDir()
	cases := []struct {
		name  string
		flag  string
		env   map[string]string
		want  Paths
		xdgOS bool
	}{
		{"flag wins", filepath.Join(abs, "flag"), map[string]string{"WREN_PROFILE": "/env", "XDG_CONFIG_HOME": "/xdg"},
			Paths{filepath.Join(abs, "flag"), filepath.Join(abs, "flag", "data")}, false},
		{"env next", "", map[string]string{"WREN_PROFILE": filepath.Join(abs, "env"), "XDG_CONFIG_HOME": "/xdg"},
			Paths{filepath.Join(abs, "env"), filepath.Join(abs, "env", "data")}, false},
		{"xdg", "", map[string]string{"XDG_CONFIG_HOME": "/xdg/c", "XDG_DATA_HOME": "/xdg/d", "HOME": "/home/u"},
			Paths{"/xdg/c/wren", "/xdg/d/wren"}, true},
		{"home fallback", "", map[string]string{"HOME": "/home/u"},
			Paths{"/home/u/.config/wren", "/home/u/.local/share/wren"}, true},
		{"relative xdg ignored", "", map[string]string{"XDG_CONFIG_HOME": "rel", "XDG_DATA_HOME": "rel", "HOME": "/home/u"},
			Paths{"/home/u/.config/wren", "/home/u/.local/share/wren"}, true},
	}
	for _, tc := range cases {
		if tc.xdgOS && (runtime.GOOS == "windows" || runtime.GOOS == "darwin") {
			continue
		}
		got, err := Locate(tc.flag, envOf(tc.env))
		if err != nil || got != tc.want {
			t.Errorf("%s: Locate = %+v, %v; want %+v", tc.name, got, err, tc.want)
		}
	}
}

func TestLocateRelativeFlagIsMadeAbsolute(t *testing.T) {
	got, err := Locate("rel/dir", envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(got.Config) || filepath.Base(got.Config) != "dir" {
		t.Errorf("Locate(rel/dir).Config = %q, want an absolute path ending in dir", got.Config)
	}
}

func TestLocateWithoutHomeFails(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Log("no XDG rule on this system")
		return
	}
	if _, err := Locate("", envOf(nil)); err == nil {
		t.Error("Locate with no flag, no $WREN_PROFILE, no XDG and no HOME succeeded")
	}
}
