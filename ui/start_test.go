package ui

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"wren/account"
)

// A profile without accounts opens the setup wizard; a damaged one is
// reported.
func TestOpenProfile(t *testing.T) {
	a := test.NewTempApp(t)
	dir := t.TempDir()
	w, stop, err := OpenProfile(t.Context(), a, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if w.Title() != "Add a mail account" {
		t.Fatalf("empty profile opened %q, want the setup wizard", w.Title())
	}
	w.Close()
	stop()

	// A profile that cannot be read is reported, not replaced.
	if err := os.WriteFile(filepath.Join(dir, "accounts.json"), []byte("{broken"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := OpenProfile(t.Context(), a, dir, nil); !errors.Is(err, account.ErrProfileCorrupt) {
		t.Fatalf("damaged profile: %v", err)
	}
	// (The path with accounts builds the session window, whose loads run in
	// goroutines; the Xvfb test of the demo covers that window, because the
	// Fyne test driver races with background widget updates.)
}
