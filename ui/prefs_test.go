package ui

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	appsettings "wren/account/settings"
	"wren/ui/mailview"
)

// The theme and the window's size belong to the profile: what one
// profile chose does not show in another, nor in the toolkit's app-wide
// preferences. (The whole program with two profiles: the real-window
// test TestRealWindowProfilesKeepTheirOwnLook.)
func TestProfilesKeepTheirOwnWindowState(t *testing.T) {
	a := test.NewTempApp(t)
	oneDir, twoDir := t.TempDir(), t.TempDir()
	one, two := openPrefs(oneDir, nil), openPrefs(twoDir, nil)
	isDark := func() bool {
		// Asked for its light colours, a theme held dark answers dark.
		return a.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantLight) ==
			theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark)
	}

	one.SetString("view.theme", string(mailview.ThemeDark))
	w, s := newWin(a), newFakeSplits()
	restoreGeometry(one, w, s)
	w.Resize(fyne.NewSize(900, 640))
	s.SetSplits(0.3, 0.5)
	saveGeometry(one, w, s)
	one.Flush()

	mailview.ApplyTheme(a, two)
	if isDark() {
		t.Error("the other profile took the first one's dark theme")
	}
	w2, s2 := newWin(a), newFakeSplits()
	restoreGeometry(two, w2, s2)
	if !sameSize(sizeOf(w2), defaultSize) || s2.l != 0.22 {
		t.Errorf("the other profile opened at %v, split %v", sizeOf(w2), s2.l)
	}
	for _, k := range []string{prefWidth, prefSplitLeft, "view.theme"} {
		if a.Preferences().String(k) != "" || a.Preferences().Float(k) != 0 {
			t.Errorf("%s reached the toolkit's app-wide preferences", k)
		}
	}

	// The next start of the first profile reads its own file back.
	again := openPrefs(oneDir, nil)
	mailview.ApplyTheme(a, again)
	if !isDark() {
		t.Error("the first profile lost its dark theme")
	}
	w3, s3 := newWin(a), newFakeSplits()
	restoreGeometry(again, w3, s3)
	if !sameSize(sizeOf(w3), fyne.NewSize(900, 640)) || s3.l != 0.3 || s3.r != 0.5 {
		t.Errorf("the first profile reopened at %v, splits %v %v", sizeOf(w3), s3.l, s3.r)
	}
}

// A window.json this Wren cannot read leaves the window on its defaults
// and the file as it was.
func TestUnreadableWindowStateIsKept(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, appsettings.PrefsFileName)
	if err := os.WriteFile(path, []byte("{nope"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := openPrefs(dir, nil)
	p.SetFloat(prefWidth, 900)
	if p.Path() != "" {
		t.Errorf("the damaged file is written to: %q", p.Path())
	}
	if data, _ := os.ReadFile(path); string(data) != "{nope" {
		t.Errorf("the damaged file changed to %q", data)
	}
}
