package mailview

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"

	"wren/account/actions"
	"wren/account/store"
	"wren/assets"
)

// actTimeout bounds one action: it only writes the local store.
const actTimeout = 30 * time.Second

// actionBar is the row of commands above the reading pane; each button is
// a command of the view's table (see commands.go).
type actionBar struct {
	v     *View
	actor Actor
	// busy: an action runs; a second click must not act on the row it
	// is about to remove.
	busy                              bool
	read, flag, archive, delete, junk *toolButton
	getMail, compose, reply, move     *toolButton
	bar                               *fitBar
}

func newActionBar(v *View) *actionBar {
	return &actionBar{v: v}
}

// build makes the buttons once the command table exists: icons in
// groups (fetch and write; answer; file away; mark), named by their tips,
// in a bar beside search that moves what does not fit into a menu.
func (b *actionBar) build(search fyne.CanvasObject) {
	var items []*barItem
	btn := func(group int, id string, icon fyne.Resource) *toolButton {
		c := b.v.cmd(id)
		c.btn = newToolButton(icon, c.label(), b.v.tips, func() { b.v.do(c) })
		items = append(items, &barItem{btn: c.btn, cmd: c, group: group})
		return c.btn
	}
	themed := theme.NewThemedResource
	b.getMail = btn(0, "getmail", theme.DownloadIcon())
	b.compose = btn(0, "new", theme.DocumentCreateIcon())
	b.reply = btn(1, "reply", theme.MailReplyIcon())
	btn(1, "replyall", theme.MailReplyAllIcon())
	btn(1, "forward", theme.MailForwardIcon())
	b.archive = btn(2, "archive", themed(assets.ArchiveIcon))
	b.delete = btn(2, "delete", theme.DeleteIcon())
	b.junk = btn(2, "junk", themed(assets.JunkIcon))
	b.move = btn(2, "move", theme.FolderOpenIcon())
	b.read = btn(3, "read", themed(assets.MarkReadIcon))
	b.flag = btn(3, "flag", themed(assets.FlagIcon))
	b.bar = newFitBar(b.v, items, search)
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

// ready: a message is open, an actor is set and no action runs.
func (b *actionBar) ready() (store.Message, bool) {
	m, ok := b.selected()
	return m, ok && b.actor != nil && !b.busy
}

// can says whether c applies to the open message now.
func (b *actionBar) can(c Command) bool {
	m, ok := b.ready()
	if !ok {
		return false
	}
	_, _, can := plan(c, m, b.v.folders.Folders[m.Account])
	return can
}

// canMove: a message is open and its account has another folder.
func (b *actionBar) canMove() bool {
	m, ok := b.ready()
	return ok && len(moveTargets(b.v.folders.Folders[m.Account], m.Folder, "")) > 0
}

func (b *actionBar) readLabel() string {
	m, ok := b.ready()
	return pick(ok && m.Flags.Seen, "Mark unread", "Mark read")
}

func (b *actionBar) flagLabel() string {
	m, ok := b.ready()
	return pick(ok && m.Flags.Flagged, "Unflag", "Flag")
}

func (b *actionBar) junkLabel() string {
	m, ok := b.ready()
	return pick(ok && roleOf(b.v.folders.Folders[m.Account], m.Folder) == store.RoleJunk, "Not junk", "Junk")
}

// update sets the labels and enabled states of every command.
func (b *actionBar) update() { b.v.updateCommands() }

func pick(c bool, yes, no string) string {
	if c {
		return yes
	}
	return no
}

// run carries out c on the open message.
func (b *actionBar) run(c Command) {
	m, ok := b.ready()
	if !ok {
		return
	}
	k, arg, can := plan(c, m, b.v.folders.Folders[m.Account])
	if !can {
		return
	}
	b.act(m, k, arg)
}

// removes: the action takes the message out of its folder.
func removes(k actions.Kind) bool {
	switch k {
	case actions.Move, actions.Junk, actions.NotJunk, actions.Delete:
		return true
	}
	return false
}

// act applies k to m off the UI goroutine, then reloads the list and the
// folders: the store has changed at once. When m leaves the list, the
// reading pane moves on to the message that takes its place.
func (b *actionBar) act(m store.Message, k actions.Kind, arg string) {
	actor, v := b.actor, b.v
	if actor == nil || b.busy {
		return
	}
	b.busy = true
	if removes(k) {
		v.advanceFrom = v.rowIndex(m.ID)
	}
	b.update()
	v.spawn(func() {
		ctx, cancel := context.WithTimeout(v.ctx, actTimeout)
		defer cancel()
		err := actor.Act(ctx, m.Account, m.Folder, []uint32{m.UID}, k, arg)
		if err != nil {
			logErr(fmt.Sprintf("action %s", k), err)
		}
		fyne.Do(func() {
			b.busy = false
			b.update()
			if v.ctx.Err() != nil {
				return
			}
			if w := v.window(); err != nil && w != nil {
				// Said, not only logged: otherwise a click would seem to
				// do nothing.
				dialog.ShowError(fmt.Errorf("%s did not work: %w", actionWords(k), err), w)
			}
			v.loadFolders()
			v.startList(v.model.Reload())
		})
	})
}

// SetActor lets the toolbar and shortcuts act on messages (call it on
// the UI goroutine); without one they are disabled.
func (v *View) SetActor(a Actor) {
	v.actions.actor = a
	v.actions.update()
}

// actionWords names an action for a sentence.
func actionWords(k actions.Kind) string {
	switch k {
	case actions.Read:
		return "Marking the message read"
	case actions.Unread:
		return "Marking the message unread"
	case actions.Flag:
		return "Flagging the message"
	case actions.Unflag:
		return "Removing the flag"
	case actions.Move:
		return "Moving the message"
	case actions.Junk:
		return "Moving the message to Junk"
	case actions.NotJunk:
		return "Moving the message out of Junk"
	case actions.Delete:
		return "Deleting the message"
	}
	return "The action"
}
