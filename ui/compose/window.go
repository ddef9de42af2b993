package compose

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	core "wren/account/compose"
	"wren/account/drafts"
	"wren/transport/rfc822"
	"wren/ui/internal/keys"
)

// Window is one composer.
type Window struct {
	m   *Manager
	win fyne.Window

	choices []fromChoice
	cur     int // index of the chosen identity in choices
	from    *widget.Select

	to, cc, bcc *addressField
	subject     *keys.Entry
	body        *keys.Entry
	keys        keys.Shortcuts // the window's own: fields pass them on
	suggest     *suggestLayer
	format      *widget.Check
	atts        []attachment
	attachBox   *fyne.Container
	sizeWarn    *widget.Label
	status      *widget.Label // why Send was refused, save failures
	note        *widget.Label // e.g. what a mailto: link asked that was ignored
	send        *widget.Button
	attachBtn   *widget.Button

	draftID               string
	replaces              serverCopy // the server's draft this one continues (edit.go)
	inReplyTo, references []string
	autosave              *drafts.Autosaver
	limit                 int64 // the server's SIZE (defaultLimit until known)
	filling               bool  // set while fields are filled in: no autosave
	sending               bool
	dirty                 bool     // the user changed something since it opened (or since Save draft)
	saved                 bool     // Save draft kept it: closing keeps it too
	pendingPaths          []string // files to attach once the window shows
	closed                bool
	dialog                dialog.Dialog    // the last dialog shown (tests answer it)
	closeButtons          []*widget.Button // Save draft, Discard, Cancel while asked
}

// open shows a composer on d, from the identity of account name that
// matches d.From (or the account's first).
func (m *Manager) open(name string, d rfc822.Draft, atts []attachment) *Window {
	return m.openWith(name, d, atts, nil)
}

// openWith is open with setup run on the filled window before it shows
// and starts its background work.
func (m *Manager) openWith(name string, d rfc822.Draft, atts []attachment, setup func(*Window)) *Window {
	w := &Window{m: m, choices: identityChoices(m.deps.Accounts), limit: defaultLimit, draftID: drafts.NewID()}
	w.cur = max(findChoice(w.choices, name, d.From.Address), 0)
	w.win = m.app.NewWindow("Write")
	w.build()
	w.fill(d, atts)
	w.autosave = drafts.NewAutosaver(m.deps.Backend.Drafts(), m.deps.DraftDelay, m.deps.Logger)
	w.autosave.OnError = func(error) {
		w.m.do(func() { w.status.SetText("The draft could not be saved on this computer.") })
	}
	w.win.SetCloseIntercept(w.RequestClose)
	w.win.SetOnDropped(w.dropped)
	w.win.Resize(fyne.NewSize(760, 620))
	m.windows[w] = true
	if setup != nil {
		setup(w)
	}
	w.win.Show()
	if len(d.To) == 0 {
		w.win.Canvas().Focus(w.to)
	} else {
		w.win.Canvas().Focus(w.body)
	}
	m.emit("open", w)
	// Background work starts last: its results may come back at once.
	w.keepDataFiles()
	w.loadLimit()
	w.addPaths(w.pendingPaths)
	w.pendingPaths = nil
	return w
}

func (w *Window) build() {
	labels := make([]string, len(w.choices))
	for i, c := range w.choices {
		labels[i] = c.label()
	}
	w.from = widget.NewSelect(labels, nil)
	w.suggest = newSuggestLayer()
	w.to, w.cc, w.bcc = newAddressField(w, "To"), newAddressField(w, "Cc"), newAddressField(w, "Bcc")
	w.subject = keys.NewEntry(&w.keys)
	w.subject.OnChanged = func(s string) {
		w.setTitle()
		w.changed()
	}
	w.body = keys.NewMultiLineEntry(&w.keys)
	w.body.OnChanged = func(string) { w.changed() }
	w.format = widget.NewCheck("Formatting: *bold*, _italic_, \"- \" lists (sent as HTML too)", func(bool) { w.changed() })
	w.sizeWarn = widget.NewLabel("")
	w.sizeWarn.Importance = widget.WarningImportance
	w.sizeWarn.Wrapping = fyne.TextWrapWord
	w.sizeWarn.Hide()
	w.status = widget.NewLabel("")
	w.status.Importance = widget.DangerImportance
	w.status.Wrapping = fyne.TextWrapWord
	w.note = widget.NewLabel("")
	w.note.Wrapping = fyne.TextWrapWord
	w.note.Hide()
	w.attachBox = container.NewVBox()
	w.send = widget.NewButtonWithIcon("Send", theme.MailSendIcon(), w.Send)
	w.send.Importance = widget.HighImportance
	w.attachBtn = widget.NewButtonWithIcon("Attach…", theme.ContentAddIcon(), w.chooseFile)

	form := widget.NewForm(
		widget.NewFormItem("From", w.from),
		widget.NewFormItem("To", w.to),
		widget.NewFormItem("Cc", w.cc),
		widget.NewFormItem("Bcc", w.bcc),
		widget.NewFormItem("Subject", w.subject),
	)
	top := container.NewVBox(container.NewHBox(w.send, w.attachBtn, layout.NewSpacer(), w.format), form, w.note)
	bottom := container.NewVBox(w.attachBox, w.sizeWarn, w.status)
	w.win.SetContent(container.NewStack(container.NewBorder(top, bottom, nil, nil, w.body), w.suggest.box))
	// Ctrl+Enter sends, from any field (the keypad's Enter too); Ctrl+S
	// saves the draft, Ctrl+W closes the window (asking about the draft).
	ctrl := func(k fyne.KeyName) fyne.Shortcut {
		return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
	}
	for _, k := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEnter} {
		w.keys.Add(w.win.Canvas(), ctrl(k), func(fyne.Shortcut) { w.Send() })
	}
	w.keys.Add(w.win.Canvas(), ctrl(fyne.KeyS), func(fyne.Shortcut) { w.SaveDraft() })
	w.keys.Add(w.win.Canvas(), ctrl(fyne.KeyW), func(fyne.Shortcut) { w.RequestClose() })
	// Escape closes the dialog open over the composer (as its Cancel
	// would); keys reach the window only when no field has the focus.
	w.win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		top := w.win.Canvas().Overlays().Top()
		if ev.Name != fyne.KeyEscape || top == nil {
			return
		}
		if w.dialog != nil {
			w.dialog.Hide()
			return
		}
		top.Hide()
	})
}

// showDialog shows d over the composer as the dialog Escape closes. The
// address suggestions go first: a dialog takes the keyboard without
// telling the field, and the list must not wait beside the question.
func (w *Window) showDialog(d dialog.Dialog) {
	w.suggest.hide()
	w.dialog = d
	d.Show()
}

// fill puts d into the fields (without saving a draft for it).
func (w *Window) fill(d rfc822.Draft, atts []attachment) {
	w.filling = true
	defer func() { w.filling = false }()
	if len(w.choices) > 0 {
		w.from.SetSelectedIndex(w.cur)
	}
	w.from.OnChanged = func(string) { w.identityChanged() }
	w.to.SetText(formatList(d.To))
	w.cc.SetText(formatList(d.Cc))
	w.bcc.SetText(formatList(d.Bcc))
	w.subject.SetText(d.Subject)
	w.body.SetText(d.Text)
	w.format.SetChecked(d.HTML != "")
	w.inReplyTo, w.references = d.InReplyTo, d.References
	for _, a := range d.Attachments {
		atts = append(atts, fromDraftAttachment(a))
	}
	w.atts = atts
	w.attachmentsChanged()
	w.to.stop()
	w.cc.stop()
	w.bcc.stop()
	w.setTitle()
}

func (w *Window) setTitle() {
	s := strings.TrimSpace(w.subject.Text)
	if s == "" {
		s = "New message"
	}
	w.win.SetTitle("Write: " + oneLine(s))
}

// identityChanged swaps the signature for the new identity's.
func (w *Window) identityChanged() {
	i := w.from.SelectedIndex()
	if i < 0 || i == w.cur {
		return
	}
	old, oldAccount := w.choices[w.cur].id, w.account()
	w.cur = i
	w.body.SetText(swapSignature(w.body.Text, old, w.choices[i].id))
	if w.account() != oldAccount {
		w.loadLimit()
	}
	w.changed()
}

// account is the account of the chosen identity.
func (w *Window) account() string {
	if w.cur < len(w.choices) {
		return w.choices[w.cur].account
	}
	return ""
}

// loadLimit asks the account's server for its SIZE in the background.
func (w *Window) loadLimit() {
	name := w.account()
	if name == "" {
		return
	}
	b, ctx := w.m.deps.Backend, w.m.ctx
	go func() {
		ctx, cancel := context.WithTimeout(ctx, lookupTimeout*3)
		defer cancel()
		n, err := b.SizeLimit(ctx, name)
		w.m.do(func() {
			if w.closed || w.account() != name {
				return
			}
			w.limit = defaultLimit
			if err == nil && n > 0 {
				w.limit = n
			}
			w.checkSize()
			w.m.emit("limit", w)
		})
	}()
}

// checkSize warns while the message would be over the server's limit.
func (w *Window) checkSize() {
	if err := core.CheckSize(w.draft(), w.limit); err != nil {
		w.sizeWarn.SetText("Too large to send: " + err.Error() + ". Remove an attachment or share a link instead.")
		w.sizeWarn.Show()
		return
	}
	w.sizeWarn.Hide()
}

func formatList(list []rfc822.Address) string {
	if len(list) == 0 {
		return ""
	}
	return core.FormatAddresses(list)
}
