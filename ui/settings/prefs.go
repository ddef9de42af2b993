package settings

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"wren/account/explain"
	appsettings "wren/account/settings"
)

const (
	remoteBlock   = "Never load remote content (recommended)"
	remoteSenders = "Load remote content only from these senders:"
)

// prefsTabs are the app-wide tabs. Each change saves at once.
type prefsTabs struct {
	v                        *View
	remote                   *widget.RadioGroup
	senders                  *widget.Entry
	notifications, toTray    *widget.Check
	undo                     *widget.Select
	status                   *widget.Label
	privacy, notify, sending fyne.CanvasObject
	loading                  bool // setting widgets from the file, not the user
}

func undoWords(s int) string {
	if s == 0 {
		return "Off"
	}
	return fmt.Sprintf("%d seconds", s)
}

func newPrefsTabs(v *View) *prefsTabs {
	p := &prefsTabs{v: v, status: note()}
	changed := func() {
		if !p.loading {
			p.save()
		}
	}
	p.remote = widget.NewRadioGroup([]string{remoteBlock, remoteSenders}, func(string) {
		p.setSendersShown()
		changed()
	})
	p.remote.Required = true
	p.senders = widget.NewMultiLineEntry()
	p.senders.SetPlaceHolder("one address a line, e.g. news@example.com")
	p.senders.SetMinRowsVisible(5)
	p.senders.OnChanged = func(string) { changed() }
	p.notifications = widget.NewCheck("Show a desktop notification when new mail arrives", func(bool) { changed() })
	p.toTray = widget.NewCheck("Keep Wren running in the system tray when its window is closed", func(bool) { changed() })
	var opts []string
	for _, s := range appsettings.UndoDelays {
		opts = append(opts, undoWords(s))
	}
	p.undo = widget.NewSelect(opts, func(string) { changed() })

	p.privacy = container.NewVBox(
		widget.NewLabelWithStyle("Remote content", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabel("Pictures and other content a message loads from the internet tell the sender when you read it."),
		p.remote, p.senders, p.status)
	p.notify = container.NewVBox(p.notifications, p.toTray,
		widget.NewLabel("Only choose this if your desktop shows tray icons: the tray icon is then the way back to the window."))
	p.sending = container.NewVBox(
		widget.NewLabel("Undo send: hold each message this long before it leaves, so it can be taken back."),
		widget.NewForm(widget.NewFormItem("Delay", p.undo)))
	p.load()
	return p
}

// load shows the file's settings without saving them back.
func (p *prefsTabs) load() {
	s := appsettings.Default()
	if p.v.d.Settings != nil {
		s = p.v.d.Settings.Get()
	}
	p.loading = true
	defer func() { p.loading = false }()
	p.remote.SetSelected(map[bool]string{true: remoteSenders, false: remoteBlock}[s.RemoteContent == appsettings.RemoteSenders])
	p.senders.SetText(strings.Join(s.AllowedSenders, "\n"))
	p.notifications.SetChecked(s.Notifications)
	p.toTray.SetChecked(s.CloseToTray)
	p.undo.SetSelected(undoWords(s.UndoSendSeconds))
	p.setSendersShown()
}

func (p *prefsTabs) setSendersShown() {
	if p.remote.Selected == remoteSenders {
		p.senders.Enable()
	} else {
		p.senders.Disable()
	}
}

// current reads the widgets.
func (p *prefsTabs) current() appsettings.Settings {
	s := appsettings.Settings{RemoteContent: appsettings.RemoteBlock, Notifications: p.notifications.Checked,
		CloseToTray: p.toTray.Checked}
	if p.remote.Selected == remoteSenders {
		s.RemoteContent = appsettings.RemoteSenders
	}
	for _, line := range strings.Split(p.senders.Text, "\n") {
		if a := strings.TrimSpace(line); a != "" {
			s.AllowedSenders = append(s.AllowedSenders, a)
		}
	}
	for _, d := range appsettings.UndoDelays {
		if undoWords(d) == p.undo.Selected {
			s.UndoSendSeconds = d
		}
	}
	return s
}

// save writes the settings off the UI goroutine. Changes made while a
// write runs are written after it, newest only, so the file always ends
// with the last state.
func (p *prefsTabs) save() {
	v := p.v
	if v.d.Settings == nil {
		return
	}
	s := p.current()
	v.saveMu.Lock()
	v.pending = &s
	start := !v.saving
	v.saving = true
	v.saveMu.Unlock()
	if !start {
		return
	}
	v.spawn(func() {
		for {
			v.saveMu.Lock()
			next := v.pending
			v.pending = nil
			if next == nil {
				v.saving = false
				v.saveMu.Unlock()
				return
			}
			v.saveMu.Unlock()
			err := v.d.Settings.Save(*next)
			fyne.Do(func() { p.saved(err) })
		}
	})
}

func (p *prefsTabs) saved(err error) {
	if err != nil {
		p.v.log.Warn("saving the settings failed", "err", err)
		e := explain.Explain(err, explain.Context{})
		p.status.SetText("The settings were not saved. " + e.Title + " " + e.Fix)
		return
	}
	p.status.SetText("")
}
