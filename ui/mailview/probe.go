package mailview

import "fyne.io/fyne/v2"

// Probe is what the view shows, in the window's coordinates (Fyne units),
// for tests that drive the real window with X events: where each toolbar
// action is, what the overflow menu offers, what is open. The window
// writes it on request when WREN_UI_PROBE names a file (see ui/probe.go).
type Probe struct {
	Toolbar []ProbeButton `json:"toolbar"`
	// More is the overflow button, nil when everything fits.
	More *Rect `json:"more,omitempty"`
	// Menu lists the open overflow menu's items, in order.
	Menu     []string `json:"menu,omitempty"`
	List     Rect     `json:"list"`
	Rows     int      `json:"rows"`
	Selected string   `json:"selected"` // the open message's subject
	Tip      string   `json:"tip"`      // the tooltip on screen
	// SelectedID is the open message's ID (0: none).
	SelectedID int64       `json:"selected_id"`
	Reader     ProbeReader `json:"reader"`
	// Top are the subjects of the list's first rows.
	Top []string `json:"top"`
	// Focus names what has the keyboard: "list", "search", "other" or "".
	Focus string `json:"focus"`
	// Overlay: a dialog or menu is open over the window.
	Overlay bool `json:"overlay"`
	// Sheet is the Keyboard shortcuts sheet while it is open.
	Sheet *ProbeSheet `json:"sheet,omitempty"`
	// Folders are the tree's rows on screen; Highlighted names the one
	// marked ("" none).
	Folders     []ProbeFolder `json:"folders"`
	Highlighted string        `json:"highlighted"`
	// Senders are the sender lines of the list's first rows.
	Senders []string `json:"senders"`
	// Accounts and Subjects: see accounts.go.
	Accounts []ProbeAccount `json:"accounts"`
	Subjects []string       `json:"subjects"`
}

// ProbeFolder is a row of the folder tree.
type ProbeFolder struct {
	Name string `json:"name"`
	Rect
}

// ProbeSheet is the shortcuts sheet on screen and the size its content
// needs: Shown smaller than Needs means it has to be scrolled.
type ProbeSheet struct {
	Shown Rect `json:"shown"`
	Needs Rect `json:"needs"` // W and H only
}

// ProbeReader is the reading pane: its place, what it shows, how wide its
// content needs to be and where its visible buttons are.
type ProbeReader struct {
	Pane    Rect   `json:"pane"`
	ID      int64  `json:"id"` // the message shown (0: none)
	Subject string `json:"subject"`
	Ready   bool   `json:"ready"` // the body is rendered, not just the header
	// Attachments are the attachment rows shown.
	Attachments int `json:"attachments"`
	// Links are the words of the body\'s links, as shown.
	Links []string `json:"links,omitempty"`
	// Pictures counts the pictures drawn in the body (not their
	// "[image]" stand-ins).
	Pictures int           `json:"pictures"`
	MinWidth float32       `json:"min_width"`
	Buttons  []ProbeButton `json:"buttons"`
	// Header is each shown header value (From, To, Cc, Date, Subject).
	Header []ProbeField `json:"header,omitempty"`
}

// ProbeField is one header value: its name, its text and its place.
type ProbeField struct {
	Name string `json:"name"`
	Text string `json:"text"`
	Rect
}

// Rect is an object's place in the window.
type Rect struct {
	X, Y, W, H float32
}

// ProbeButton is one toolbar action: in the bar (with its place) or in
// the overflow menu.
type ProbeButton struct {
	ID      string `json:"id"`
	Label   string `json:"label"`
	InBar   bool   `json:"in_bar"`
	InMenu  bool   `json:"in_menu"`
	Enabled bool   `json:"enabled"`
	Rect
}

// Probe describes the view now. Call it on the UI goroutine.
func (v *View) Probe() Probe {
	p := Probe{List: rectOf(v.list.keys), Rows: len(v.model.Rows()), Tip: v.tips.shown()}
	menu := map[string]bool{}
	for _, c := range v.actions.bar.overflowed() {
		menu[c.id] = true
	}
	for _, it := range v.actions.bar.items {
		if !it.wanted() {
			continue
		}
		b := ProbeButton{ID: it.cmd.id, Label: it.btn.label, InBar: it.fits, InMenu: menu[it.cmd.id], Enabled: !it.btn.Disabled()}
		if it.fits {
			b.Rect = rectOf(it.btn)
		}
		p.Toolbar = append(p.Toolbar, b)
	}
	if more := v.actions.bar.more; more.Visible() {
		r := rectOf(more)
		p.More = &r
	}
	if v.morePopup != nil && v.morePopup.Visible() {
		for _, it := range v.moreMenu.Items {
			p.Menu = append(p.Menu, it.Label)
		}
	}
	if m, ok := v.actions.selected(); ok {
		p.Selected, p.SelectedID = m.Subject, m.ID
	}
	p.Reader = v.reader.probe()
	rows := v.model.Rows()
	for _, m := range rows[:min(len(rows), 5)] {
		p.Top = append(p.Top, m.Subject)
	}
	for _, m := range rows[:min(len(rows), 5)] {
		p.Senders = append(p.Senders, v.list.senderLine(m))
	}
	for o, id := range v.tree.shown {
		if !o.Visible() || rectOf(o).W == 0 {
			continue
		}
		_, name, _ := v.tree.node(id)
		p.Folders = append(p.Folders, ProbeFolder{Name: name, Rect: rectOf(o)})
	}
	if id := v.tree.highlighted; id != "" {
		_, p.Highlighted, _ = v.tree.node(id)
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(v.list.keys); c != nil {
		switch f := c.Focused(); {
		case f == nil:
		case f == v.list.keys:
			p.Focus = "list"
		case f == fyne.Focusable(v.search):
			p.Focus = "search"
		default:
			p.Focus = "other"
		}
		p.Overlay = c.Overlays().Top() != nil
	}
	if v.dialog != nil && v.dialog == v.sheetDlg {
		need := v.sheetScroll.Content.MinSize()
		p.Sheet = &ProbeSheet{Shown: rectOf(v.sheetScroll), Needs: Rect{W: need.Width, H: need.Height}}
	}
	p.Accounts, p.Subjects = v.probeAccounts()
	return p
}

func rectOf(o fyne.CanvasObject) Rect {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	return Rect{X: pos.X, Y: pos.Y, W: o.Size().Width, H: o.Size().Height}
}
