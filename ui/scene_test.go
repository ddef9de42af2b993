package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// Scenes only drive demo windows, and unknown names say which exist.
func TestShowSceneRefusesWhatItCannotShow(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("not a session")
	if err := ShowScene(w, "reader"); err == nil {
		t.Fatal("a scene opened on a window without a session")
	}
	if len(Scenes) != 3 {
		t.Fatalf("scenes %v", Scenes)
	}
}
