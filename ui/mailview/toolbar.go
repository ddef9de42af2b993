package mailview

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wren/account/store"
)

// actTimeout bounds one action: it only writes the local store.
const actTimeout = 30 * time.Second

// actionBar is the row of message actions above the reading pane.
type actionBar struct {
	v     *View
	actor Actor
	// busy: an action runs; a second click must not act on the row it
	// is about to remove.
	busy                              bool
	read, flag, archive, delete, junk *widget.Button
	box                               fyne.CanvasObject
}

func newActionBar(v *View) *actionBar {
	b := &actionBar{v: v}
	b.read = widget.NewButtonWithIcon("Mark read", theme.MailComposeIcon(), func() { b.run(CmdToggleRead) })
	b.flag = widget.NewButtonWithIcon("Flag", theme.RadioButtonCheckedIcon(), func() { b.run(CmdToggleFlag) })
	b.archive = widget.NewButtonWithIcon("Archive", theme.FolderIcon(), func() { b.run(CmdArchive) })
	b.delete = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), func() { b.run(CmdDelete) })
	b.junk = widget.NewButtonWithIcon("Junk", theme.ErrorIcon(), func() { b.run(CmdToggleJunk) })
	b.box = container.NewHScroll(container.NewHBox(b.read, b.flag, b.archive, b.delete, b.junk))
	b.update()
	return b
}

// selected is the open message's current row, if the list still has it.
func (b *actionBar) selected() (store.Message, bool) {
	id := b.v.selectedMsg
	if id == 0 {
		return store.Message{}, false
	}
	for _, m := range b.v.model.Rows() {
		if m.ID == id {
			return m, true
		}
	}
	return store.Message{}, false
}

// update sets the labels and enabled states for the open message.
func (b *actionBar) update() {
	m, ok := b.selected()
	ok = ok && b.actor != nil && !b.busy
	folders := b.v.folders.Folders[m.Account]
	for _, x := range []struct {
		btn *widget.Button
		cmd Command
	}{{b.read, CmdToggleRead}, {b.flag, CmdToggleFlag}, {b.archive, CmdArchive}, {b.delete, CmdDelete}, {b.junk, CmdToggleJunk}} {
		_, _, can := plan(x.cmd, m, folders)
		if ok && can {
			x.btn.Enable()
		} else {
			x.btn.Disable()
		}
	}
	b.read.SetText(pick(ok && m.Flags.Seen, "Mark unread", "Mark read"))
	b.flag.SetText(pick(ok && m.Flags.Flagged, "Unflag", "Flag"))
	b.junk.SetText(pick(ok && roleOf(folders, m.Folder) == store.RoleJunk, "Not junk", "Junk"))
}

func pick(c bool, yes, no string) string {
	if c {
		return yes
	}
	return no
}

// run carries out c on the open message off the UI goroutine, then
// reloads the list and the folders: the store has changed at once.
func (b *actionBar) run(c Command) {
	m, ok := b.selected()
	if !ok || b.actor == nil || b.busy {
		return
	}
	k, arg, can := plan(c, m, b.v.folders.Folders[m.Account])
	if !can {
		return
	}
	actor, v := b.actor, b.v
	b.busy = true
	b.update()
	v.spawn(func() {
		ctx, cancel := context.WithTimeout(v.ctx, actTimeout)
		defer cancel()
		if err := actor.Act(ctx, m.Account, m.Folder, []uint32{m.UID}, k, arg); err != nil {
			logErr(fmt.Sprintf("action %s", k), err)
		}
		fyne.Do(func() {
			b.busy = false
			b.update()
			if v.ctx.Err() != nil {
				return
			}
			v.loadFolders()
			v.startList(v.model.Reload())
		})
	})
}

// shortcuts are the actions' keys. Each has Ctrl (Cmd on macOS) and
// Shift, so typing in the search field never triggers one; the letters
// follow Thunderbird's single-key ones.
func (b *actionBar) shortcuts() []actionShortcut {
	mod := fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift
	key := func(k fyne.KeyName) *desktop.CustomShortcut {
		return &desktop.CustomShortcut{KeyName: k, Modifier: mod}
	}
	return []actionShortcut{
		{key(fyne.KeyM), CmdToggleRead},
		{key(fyne.KeyS), CmdToggleFlag},
		{key(fyne.KeyA), CmdArchive},
		{key(fyne.KeyDelete), CmdDelete},
		{key(fyne.KeyJ), CmdToggleJunk},
	}
}

type actionShortcut struct {
	s   fyne.Shortcut
	cmd Command
}

// SetActor lets the toolbar and shortcuts act on messages (call it on
// the UI goroutine); without one they are disabled.
func (v *View) SetActor(a Actor) {
	v.actions.actor = a
	v.actions.update()
}

// Shortcuts lists the message actions' keyboard shortcuts.
func (v *View) Shortcuts() []fyne.Shortcut {
	var out []fyne.Shortcut
	for _, s := range v.actions.shortcuts() {
		out = append(out, s.s)
	}
	return out
}

// AddShortcuts registers the message actions' shortcuts on the window's
// canvas.
func (v *View) AddShortcuts(c fyne.Canvas) {
	for _, s := range v.actions.shortcuts() {
		cmd := s.cmd
		c.AddShortcut(s.s, func(fyne.Shortcut) { v.actions.run(cmd) })
	}
}
