package mailview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// keyRow is one line of the shortcuts sheet.
type keyRow struct{ what, keys string }

// plainKeys are the keys without a command of their own in the menus:
// the list's, the reader's and the composer's.
var plainKeys = []struct {
	title string
	rows  []keyRow
}{
	{"Message list", []keyRow{
		{"Next / previous message", "Down / Up"},
		{"A page down / up", "Page Down / Page Up"},
		{"Delete", "Delete or Backspace"},
		{"New message", "N"},
		{"Reply / Reply all", "R / A"},
		{"Forward", "F"},
		{"Edit a draft", "Enter"},
	}},
	{"Reading", []keyRow{
		{"Next message", "Ctrl+]"},
		{"Previous message", "Ctrl+["},
	}},
	{"Writing", []keyRow{
		{"Send", "Ctrl+Enter"},
		{"Choose an address offered", "Down / Up, then Enter or Tab"},
		{"Close the addresses offered", "Escape"},
	}},
}

// shortcutsContent is the Keyboard shortcuts sheet: every command with a
// key, by menu, from the same table that registers the keys, then the
// plain keys; in two columns so that it reads without scrolling.
func (v *View) shortcutsContent() fyne.CanvasObject {
	var sections []fyne.CanvasObject
	for _, menu := range menuOrder {
		var rows []keyRow
		for _, c := range v.cmds {
			if c.menu == menu && c.key != nil {
				rows = append(rows, keyRow{c.label(), keyWords(c.key)})
			}
		}
		if len(rows) > 0 {
			sections = append(sections, keySection(menu, rows))
		}
	}
	for _, s := range plainKeys {
		sections = append(sections, keySection(s.title, s.rows))
	}
	// Fill the left column first, about half the lines in each.
	total := 0
	for _, s := range sections {
		total += len(s.(*fyne.Container).Objects)
	}
	left, right := container.NewVBox(), container.NewVBox()
	n := 0
	for _, s := range sections {
		col := left
		if n >= total/2 {
			col = right
		}
		col.Add(s)
		n += len(s.(*fyne.Container).Objects)
	}
	sheet := container.NewGridWithColumns(2, left, right)
	return container.NewThemeOverride(sheet, compactTheme{fyne.CurrentApp().Settings().Theme()})
}

// compactTheme is the app's theme with labels packed closer: a sheet of
// forty short lines reads better without the space around each that a
// form needs.
type compactTheme struct{ fyne.Theme }

func (t compactTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameInnerPadding:
		return 2
	case theme.SizeNamePadding:
		return 2
	}
	return t.Theme.Size(n)
}

// keySection is a heading over the rows, each a name and its keys.
func keySection(title string, rows []keyRow) fyne.CanvasObject {
	grid := container.NewGridWithColumns(2)
	for _, r := range rows {
		grid.Add(widget.NewLabel(r.what))
		grid.Add(widget.NewLabelWithStyle(r.keys, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true}))
	}
	return container.NewVBox(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), grid)
}

// showShortcuts opens Help → Keyboard shortcuts, as large as its content
// (scrolling only in a window too small for it).
func (v *View) showShortcuts() {
	content := v.shortcutsContent()
	v.lastShortcuts = content
	w := v.window()
	if w == nil {
		return
	}
	v.sheetScroll = container.NewVScroll(content)
	d := dialog.NewCustom("Keyboard shortcuts", "Close", v.sheetScroll, w)
	want := content.MinSize().AddWidthHeight(64, 160) // the dialog's padding, title and button
	have := w.Canvas().Size()
	d.Resize(fyne.NewSize(min(want.Width, have.Width-32), min(want.Height, have.Height-32)))
	v.sheetDlg = d
	v.showDialog(d)
}
