package settings

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestPrefsKeptPerProfile(t *testing.T) {
	one, two := t.TempDir(), t.TempDir()
	a, err := OpenPrefs(one, nil)
	if err != nil {
		t.Fatal(err)
	}
	a.SetString("view.theme", "dark")
	a.SetFloat("window.width", 812)
	a.Flush()

	again, err := OpenPrefs(one, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := again.StringWithFallback("view.theme", "system"); got != "dark" {
		t.Errorf("theme after reopening = %q, want dark", got)
	}
	if got := again.FloatWithFallback("window.width", 1100); got != 812 {
		t.Errorf("width after reopening = %v, want 812", got)
	}
	other, err := OpenPrefs(two, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := other.StringWithFallback("view.theme", "system"); got != "system" {
		t.Errorf("the other profile's theme = %q, want its own default", got)
	}
	if got := other.FloatWithFallback("window.width", 1100); got != 1100 {
		t.Errorf("the other profile's width = %v, want its own default", got)
	}
	if _, err := os.Stat(filepath.Join(two, PrefsFileName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("reading a profile wrote its file: %v", err)
	}
}

func TestPrefsUnreadableFileIsKept(t *testing.T) {
	for name, body := range map[string]string{
		"damaged": "{not json",
		"typo":    `{"version":1,"strngs":{}}`,
		"newer":   `{"version":9}`,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, PrefsFileName)
			if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := OpenPrefs(dir, nil)
			want := ErrCorrupt
			if name == "newer" {
				want = ErrTooNew
			}
			if !errors.Is(err, want) {
				t.Fatalf("OpenPrefs = %v, want %v", err, want)
			}
			if got, _ := os.ReadFile(path); string(got) != body {
				t.Errorf("the file changed to %q", got)
			}
		})
	}
}

func TestMemoryPrefsWriteNothing(t *testing.T) {
	p := MemoryPrefs()
	p.SetString("k", "v")
	if p.Path() != "" || p.StringWithFallback("k", "") != "v" {
		t.Errorf("memory prefs: path %q, value %q", p.Path(), p.StringWithFallback("k", ""))
	}
}

// Many values set at once (the window's size and dividers on closing)
// all reach the file, the last value of each key winning.
func TestPrefsLastValuesWritten(t *testing.T) {
	dir := t.TempDir()
	p, err := OpenPrefs(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 200 {
		p.SetFloat("window.width", float64(i))
		p.SetString("view.theme", []string{"light", "dark"}[i%2])
	}
	p.Flush()
	again, err := OpenPrefs(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if w, th := again.FloatWithFallback("window.width", 0), again.StringWithFallback("view.theme", ""); w != 199 || th != "dark" {
		t.Errorf("reopened with width %v, theme %q; want 199, dark", w, th)
	}
}
