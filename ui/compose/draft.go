package compose

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	core "wren/account/compose"
	"wren/account/drafts"
	"wren/transport/rfc822"
)

// draft is the message as the fields hold it; attachments stand in by
// size only (for estimates) and unparseable addresses are left out.
func (w *Window) draft() rfc822.Draft {
	d := rfc822.Draft{
		Subject:    w.subject.Text,
		Text:       w.body.Text,
		InReplyTo:  w.inReplyTo,
		References: w.references,
	}
	if w.cur < len(w.choices) {
		id := w.choices[w.cur].id
		d.From = rfc822.Address{Name: id.Name, Address: id.Address}
	}
	d.To, _ = core.ParseAddresses(w.to.Text)
	d.Cc, _ = core.ParseAddresses(w.cc.Text)
	d.Bcc, _ = core.ParseAddresses(w.bcc.Text)
	if w.format.Checked {
		d.HTML = core.ToHTML(d.Text)
	}
	for _, a := range w.atts {
		d.Attachments = append(d.Attachments, a.estimate())
	}
	return d
}

// stored is the draft file: the address fields as typed (a half-typed
// address survives a crash too), attachments as their file paths.
func (w *Window) stored() drafts.Draft {
	s := drafts.Draft{
		ID: w.draftID, Account: w.account(),
		To: w.to.Text, Cc: w.cc.Text, Bcc: w.bcc.Text,
		Subject: w.subject.Text, Body: w.body.Text,
		InReplyTo: w.inReplyTo, References: w.references,
		// A draft continued from the server's copy replaces that copy;
		// once this draft has a copy of its own, the file's record wins.
		ServerFolder: w.replaces.folder, ServerUID: w.replaces.uid,
	}
	if w.cur < len(w.choices) {
		id := w.choices[w.cur].id
		s.From = core.FormatAddress(rfc822.Address{Name: id.Name, Address: id.Address})
	}
	for _, a := range w.atts {
		if a.path != "" {
			s.Attach = append(s.Attach, a.path)
		}
	}
	return s
}

// empty: nothing but the signature was written.
func (w *Window) empty() bool {
	st := w.stored()
	if i := strings.Index(st.Body, "-- \n"); i >= 0 {
		st.Body = st.Body[:i]
	}
	return st.Empty()
}

// changed records an edit: the draft is saved within the autosave delay.
func (w *Window) changed() {
	if w.filling || w.closed || w.autosave == nil {
		return
	}
	w.dirty = true
	w.autosave.Changed(w.stored())
}

// RequestClose is the window's close button: an untouched or empty draft
// goes away; otherwise the user chooses Save draft, Discard or Cancel.
func (w *Window) RequestClose() {
	if w.closed || w.sending {
		return
	}
	if !w.dirty && w.saved {
		w.closeWindow(false) // saved, unchanged since: kept as it is
		return
	}
	if !w.dirty || w.empty() {
		w.closeWindow(true)
		return
	}
	var d *dialog.CustomDialog
	save := widget.NewButton("Save draft", func() { d.Hide(); w.closeWindow(false) })
	save.Importance = widget.HighImportance
	discard := widget.NewButton("Discard", func() { d.Hide(); w.closeWindow(true) })
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	msg := widget.NewLabel("Keep this message as a draft? Wren offers saved drafts again on the next start.")
	msg.Wrapping = fyne.TextWrapWord
	d = dialog.NewCustomWithoutButtons("Close the message", msg, w.win)
	d.SetButtons([]fyne.CanvasObject{cancel, layout.NewSpacer(), discard, save})
	d.Resize(fyne.NewSize(420, 160))
	w.closeButtons = []*widget.Button{save, discard, cancel}
	w.showDialog(d)
}

// SaveDraft keeps the message as a draft now (Ctrl+S): saved on this
// computer, then copied to the server's Drafts folder, where the main
// window lists it at once. The window stays open.
func (w *Window) SaveDraft() {
	if w.closed || w.sending {
		return
	}
	w.autosave.Changed(w.stored())
	w.dirty, w.saved = false, true
	b, saver := w.m.deps.Backend, w.autosave
	go func() {
		err := saver.Flush()
		if err == nil {
			b.CopyDraftsNow()
		}
		w.m.do(func() {
			if err != nil {
				w.status.SetText("The draft could not be saved on this computer.")
				return
			}
			w.status.SetText("")
			w.note.SetText("Draft saved.")
			w.note.Show()
			w.m.emit("saved", w)
		})
	}()
}

// closeWindow closes the composer, then saves (or deletes) its draft in
// the background.
func (w *Window) closeWindow(discard bool) {
	w.shut()
	w.win.Close()
	b, id, saver := w.m.deps.Backend, w.draftID, w.autosave
	go func() {
		err := saver.Flush()
		if discard {
			err = b.DiscardDraft(id)
		} else if err == nil {
			b.CopyDraftsNow() // kept: on the server too, for other devices
		}
		if err != nil {
			w.m.deps.Logger.Warn("closing a draft failed", "err", err)
		}
		w.m.do(func() { w.m.emit("closed", w) })
	}()
}

// shut stops the window's background work and forgets it.
func (w *Window) shut() {
	w.closed = true
	for _, f := range []*addressField{w.to, w.cc, w.bcc} {
		f.stop()
	}
	delete(w.m.windows, w)
}

// flushNow saves the draft at once (the app quits; blocking is expected).
func (w *Window) flushNow() {
	if w.dirty && !w.closed {
		if err := w.autosave.Flush(); err != nil {
			w.m.deps.Logger.Warn("saving a draft on quit failed", "err", err)
		}
	}
}

// openStored reopens a saved draft under its own ID, fields as typed.
func (m *Manager) openStored(s drafts.Draft) *Window {
	d, paths, _ := core.FromStored(s)
	d.To, d.Cc, d.Bcc = nil, nil, nil
	return m.openWith(s.Account, d, nil, func(w *Window) {
		w.draftID = s.ID
		w.setAddresses(s.To, s.Cc, s.Bcc)
		w.dirty = true
		w.pendingPaths = paths
	})
}

// setAddresses fills the address fields as typed (no lookups, no save).
func (w *Window) setAddresses(to, cc, bcc string) {
	w.filling = true
	defer func() { w.filling = false }()
	w.to.SetText(to)
	w.cc.SetText(cc)
	w.bcc.SetText(bcc)
	for _, f := range []*addressField{w.to, w.cc, w.bcc} {
		f.stop()
	}
}
