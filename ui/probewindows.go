package ui

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"wren/ui/mailview"
)

// sessionWindows counts the session windows opened (UI goroutine).
var sessionWindows int

// probePath is where a session window writes its probe: the first one
// (the one the program opens) at path, a later one (the user's profile
// opened from the demo) at path-2, path-3, …
func probePath(path string) string {
	sessionWindows++
	if sessionWindows == 1 {
		return path
	}
	return path + "-" + strconv.Itoa(sessionWindows)
}

// probeWindow is one of the app's other windows (Settings, a wizard) as a
// test driving X events needs it: its title, and where its visible
// buttons, choices and dialog texts are, in its own coordinates.
type probeWindow struct {
	Title   string        `json:"title"`
	Objects []probeObject `json:"objects"`
}

// probeObject is a button ("button"), a drop-down ("select", Text is
// the choice shown), a check box ("check"), a text field ("entry", Text
// is what it holds) or a label of a dialog ("label").
type probeObject struct {
	Kind    string `json:"kind"`
	Text    string `json:"text"`
	Enabled bool   `json:"enabled"`
	mailview.Rect
}

// otherWindows describes every window but main (UI goroutine).
func otherWindows(main fyne.Window) []probeWindow {
	var out []probeWindow
	for _, w := range fyne.CurrentApp().Driver().AllWindows() {
		if w == main {
			continue
		}
		p := probeWindow{Title: w.Title()}
		walkProbe(w.Content(), false, &p.Objects)
		for _, o := range w.Canvas().Overlays().List() {
			walkProbe(o, true, &p.Objects)
		}
		out = append(out, p)
	}
	return out
}

// walkProbe collects the visible objects under o; labels only inside
// overlays (a dialog's question).
func walkProbe(o fyne.CanvasObject, overlay bool, out *[]probeObject) {
	if o == nil || !o.Visible() {
		return
	}
	add := func(kind, text string, enabled bool) {
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
		*out = append(*out, probeObject{Kind: kind, Text: text, Enabled: enabled,
			Rect: mailview.Rect{X: pos.X, Y: pos.Y, W: o.Size().Width, H: o.Size().Height}})
	}
	switch x := o.(type) {
	case *widget.Button:
		add("button", x.Text, !x.Disabled())
	case *widget.Select:
		add("select", x.Selected, !x.Disabled())
	case *widget.Check:
		add("check", x.Text, !x.Disabled())
	case *widget.Entry:
		add("entry", x.Text, !x.Disabled())
	case *widget.Label:
		if overlay {
			add("label", x.Text, true)
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			walkProbe(c, overlay, out)
		}
	case *container.Scroll:
		walkProbe(x.Content, overlay, out)
	case *container.AppTabs:
		if it := x.Selected(); it != nil {
			walkProbe(it.Content, overlay, out)
		}
	case *widget.Form:
		for _, it := range x.Items {
			walkProbe(it.Widget, overlay, out)
		}
	case *widget.Card:
		walkProbe(x.Content, overlay, out)
	case *widget.PopUp:
		walkProbe(x.Content, true, out)
	}
}
