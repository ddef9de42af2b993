// Package ui is Wren's Fyne front end. It builds windows against an injected
// fyne.App (main owns the driver), so the views test headless with
// fyne.io/fyne/v2/test.
package ui

import (
	"wren/account/explain"
	"wren/ui/explainview"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// NewMainWindow creates Wren's main window. For now it holds the welcome
// pane; the three-pane layout arrives with the account and store layers.
func NewMainWindow(a fyne.App) fyne.Window {
	w := a.NewWindow("Wren")
	w.SetContent(welcome())
	return w
}

func welcome() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("Welcome to Wren", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	body := widget.NewLabelWithStyle("No account is set up yet.", fyne.TextAlignCenter, fyne.TextStyle{})
	return container.NewCenter(container.NewVBox(title, body))
}

// NewProblemWindow explains why Wren could not start on the profile.
func NewProblemWindow(a fyne.App, err error) fyne.Window {
	w := a.NewWindow("Wren")
	e := explain.Explain(err, explain.Context{})
	w.SetContent(container.NewPadded(explainview.New(e, a.Clipboard()).Content))
	return w
}
