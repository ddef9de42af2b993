package mailview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// shortcutsContent lists every command that has a key, in menu order,
// from the same table that registers the keys.
func (v *View) shortcutsContent() fyne.CanvasObject {
	grid := container.NewGridWithColumns(2)
	for _, menu := range menuOrder {
		for _, c := range v.cmds {
			if c.menu != menu || c.key == nil {
				continue
			}
			grid.Add(widget.NewLabel(c.label()))
			grid.Add(widget.NewLabelWithStyle(keyWords(c.key), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true}))
		}
	}
	return grid
}

// showShortcuts opens Help → Keyboard shortcuts.
func (v *View) showShortcuts() {
	content := v.shortcutsContent()
	v.lastShortcuts = content
	w := v.window()
	if w == nil {
		return
	}
	d := dialog.NewCustom("Keyboard shortcuts", "Close", container.NewVScroll(content), w)
	d.Resize(fyne.NewSize(420, 520))
	d.Show()
}
