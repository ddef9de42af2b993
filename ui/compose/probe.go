package compose

// Probe is an open composer as a test driving the real window reads it
// (see ui/probe_unix.go).
type Probe struct {
	Title   string `json:"title"`
	Focused string `json:"focused"` // "to", "cc", "bcc", "subject", "body" or ""
	To      string `json:"to"`
	Cc      string `json:"cc"`
	Bcc     string `json:"bcc"`
	Subject string `json:"subject"`
	Body    string `json:"body"`
	// Suggestions are the addresses offered under SuggestFor, the
	// highlighted one at Highlighted.
	Suggestions []string `json:"suggestions,omitempty"`
	SuggestFor  string   `json:"suggest_for,omitempty"`
	Highlighted int      `json:"highlighted"`
	Status      string   `json:"status,omitempty"` // why Send was refused
	Note        string   `json:"note,omitempty"`   // "Draft saved.", what a mailto: link left out
	Attachments []string `json:"attachments,omitempty"`
	Dialog      bool     `json:"dialog"` // a dialog is open over the composer
}

// Probe describes the open composers. Call it on the UI goroutine.
func (m *Manager) Probe() []Probe {
	var out []Probe
	for w := range m.windows {
		if w.closed {
			continue
		}
		p := Probe{Title: w.win.Title(), To: w.to.Text, Cc: w.cc.Text, Bcc: w.bcc.Text,
			Subject: w.subject.Text, Body: w.body.Text, Status: w.status.Text}
		p.Dialog = w.win.Canvas().Overlays().Top() != nil
		if w.note.Visible() {
			p.Note = w.note.Text
		}
		for _, a := range w.atts {
			p.Attachments = append(p.Attachments, a.name)
		}
		focus := w.win.Canvas().Focused()
		for name, f := range map[string]any{"to": w.to, "cc": w.cc, "bcc": w.bcc, "subject": w.subject, "body": w.body} {
			if focus == f {
				p.Focused = name
			}
		}
		if o := w.suggest.owner; o != nil {
			p.Suggestions, p.Highlighted, p.SuggestFor = w.suggest.items, w.suggest.sel, o.label
		}
		out = append(out, p)
	}
	return out
}

// BarText is the main window's sending line while it shows ("" hidden).
func (m *Manager) BarText() string {
	if !m.bar.box.Visible() {
		return ""
	}
	return m.bar.text.Text
}
