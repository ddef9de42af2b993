// Package lastdir remembers the folder the file dialogs last used, in the
// profile's window state. Fyne's dialogs remember it themselves, in the
// toolkit's app-wide preferences that every profile shares; Wren always
// sets the dialog's start folder, so that memory is never the one used.
package lastdir

import (
	"os"
	"path/filepath"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// Key is the name the folder is kept under.
const Key = "files.last_folder"

// Store keeps named strings (the profile's window state).
type Store interface {
	StringWithFallback(key, fallback string) string
	SetString(key, value string)
}

// Folder is the folder to start in: the remembered one while it exists,
// else the home folder ("" when neither is known).
func Folder(s Store) string {
	if s != nil {
		if dir := s.StringWithFallback(Key, ""); dir != "" {
			if st, err := os.Stat(dir); err == nil && st.IsDir() {
				return dir
			}
		}
	}
	home, _ := os.UserHomeDir()
	return home
}

// Start points d at Folder(s).
func Start(d *dialog.FileDialog, s Store) {
	dir := Folder(s)
	if dir == "" {
		return
	}
	if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
		d.SetLocation(l)
	}
}

// Remember keeps the folder of the file path the user chose.
func Remember(s Store, path string) {
	if s != nil && path != "" {
		s.SetString(Key, filepath.Dir(path))
	}
}
