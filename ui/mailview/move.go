package mailview

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"wren/account/actions"
	"wren/account/store"
	"wren/ui/internal/keys"
)

// moveTargets are the folders a message in current can move to whose
// name (or role name) contains filter, ignoring case.
func moveTargets(folders []store.Folder, current, filter string) []store.Folder {
	filter = strings.ToLower(strings.TrimSpace(filter))
	var out []store.Folder
	for _, f := range folders {
		if f.Name == current {
			continue
		}
		if filter == "" || strings.Contains(strings.ToLower(f.Name), filter) ||
			strings.Contains(strings.ToLower(folderWords(f)), filter) {
			out = append(out, f)
		}
	}
	return out
}

// moveDialog is Move to…: a filter field over the open message's
// account's folders; choosing one moves the message there through the
// action queue.
type moveDialog struct {
	v      *View
	msg    store.Message
	all    []store.Folder
	shown  []store.Folder
	filter *keys.Entry
	list   *widget.List
	dlg    dialog.Dialog
	done   bool
}

func (v *View) openMove() {
	m, ok := v.actions.ready()
	if !ok {
		return
	}
	d := &moveDialog{v: v, msg: m, all: v.folders.Folders[m.Account]}
	d.shown = moveTargets(d.all, m.Folder, "")
	d.filter = keys.NewEntry(nil)
	d.filter.OnEscape = func() { d.dlg.Hide() }
	d.filter.SetPlaceHolder("Type to filter folders")
	d.filter.OnChanged = d.setFilter
	d.filter.OnSubmitted = func(string) {
		if len(d.shown) > 0 {
			d.choose(d.shown[0])
		}
	}
	d.list = widget.NewList(
		func() int { return len(d.shown) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= 0 && i < len(d.shown) {
				o.(*widget.Label).SetText(folderLine(d.shown[i]))
			}
		})
	d.list.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(d.shown) {
			d.choose(d.shown[i])
		}
	}
	v.lastMove = d
	w := v.window()
	if w == nil {
		return
	}
	content := container.NewBorder(d.filter, nil, nil, nil, d.list)
	d.dlg = dialog.NewCustom("Move to…", "Cancel", content, w)
	d.dlg.Resize(fyne.NewSize(360, 420))
	v.showDialog(d.dlg)
	w.Canvas().Focus(d.filter)
}

// folderLine shows a role folder's own name too: "Archive (Archives/2024)".
func folderLine(f store.Folder) string {
	if w := folderWords(f); w != f.Name {
		return w + " (" + f.Name + ")"
	}
	return f.Name
}

func (d *moveDialog) setFilter(s string) {
	d.shown = moveTargets(d.all, d.msg.Folder, s)
	d.list.UnselectAll()
	d.list.Refresh()
}

// choose moves the message to f, once.
func (d *moveDialog) choose(f store.Folder) {
	if d.done {
		return
	}
	d.done = true
	if d.dlg != nil {
		d.dlg.Hide()
	}
	// The list may have changed under the dialog (a sync): act only on
	// the message still shown.
	if d.v.rowIndex(d.msg.ID) < 0 {
		return
	}
	d.v.actions.act(d.msg, actions.Move, f.Name)
}
