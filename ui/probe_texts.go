package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"wren/ui/mailview"
)

// shownProbe is what any window shows in words, for tests that read a
// window without a view probe of its own (the setup wizard): the text of
// each visible label and the place of each visible button.
type shownProbe struct {
	Texts   []string      `json:"texts"`
	Buttons []shownButton `json:"buttons"`
	// Folder is the open file dialog's folder as its path bar shows it,
	// from the root down (the names of the bar's buttons).
	Folder []string `json:"folder,omitempty"`
}

type shownButton struct {
	Text    string `json:"text"`
	Enabled bool   `json:"enabled"`
	mailview.Rect
}

// shownIn walks the visible objects of c: containers, scrolls, cards and
// splits the window's own code builds (a widget's private parts are not
// reachable, nor needed).
func shownIn(c fyne.Canvas) shownProbe {
	var p shownProbe
	d := fyne.CurrentApp().Driver()
	var walk func(o fyne.CanvasObject)
	overlay := false
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, k := range x.Objects {
				walk(k)
			}
		case *container.Scroll:
			if overlay && x.Direction == container.ScrollHorizontalOnly {
				if f := pathBar(x.Content); len(f) > 0 {
					p.Folder = f
				}
			}
			walk(x.Content)
		case *container.Split:
			walk(x.Leading)
			walk(x.Trailing)
		case *widget.PopUp:
			walk(x.Content) // a dialog
		case *widget.Card:
			p.Texts = append(p.Texts, x.Title)
			walk(x.Content)
		case *widget.Label:
			p.Texts = append(p.Texts, x.Text)
		case *widget.RichText:
			p.Texts = append(p.Texts, x.String())
		case *widget.Check:
			p.Texts = append(p.Texts, x.Text)
		case *widget.Button:
			pos := d.AbsolutePositionForObject(x)
			p.Buttons = append(p.Buttons, shownButton{Text: x.Text, Enabled: !x.Disabled(),
				Rect: mailview.Rect{X: pos.X, Y: pos.Y, W: x.Size().Width, H: x.Size().Height}})
		}
	}
	walk(c.Content())
	overlay = true
	for _, o := range c.Overlays().List() {
		walk(o)
	}
	return p
}

// pathBar is the names on a file dialog's path bar (a sideways scroll of
// a padded row of buttons only), nil for anything else.
func pathBar(o fyne.CanvasObject) []string {
	pad, ok := o.(*fyne.Container)
	if !ok || len(pad.Objects) != 1 {
		return nil
	}
	row, ok := pad.Objects[0].(*fyne.Container)
	if !ok {
		return nil
	}
	var names []string
	for _, b := range row.Objects {
		btn, ok := b.(*widget.Button)
		if !ok {
			return nil
		}
		names = append(names, btn.Text)
	}
	return names
}
