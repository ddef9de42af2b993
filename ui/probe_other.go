//go:build !unix

package ui

import (
	"fyne.io/fyne/v2"

	"wren/ui/compose"
	"wren/ui/mailview"
)

// startProbe: the test probe needs SIGUSR1, which only Unix has.
func startProbe(string, fyne.Window, *mailview.View, *compose.Manager, <-chan struct{}) {}
