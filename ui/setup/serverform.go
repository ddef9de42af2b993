package setup

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"wren/account"
	"wren/account/wizard"
	"wren/transport"
)

var securityNames = []string{"TLS", "STARTTLS", "None (not encrypted)"}

var securities = []transport.Security{transport.SecurityTLS, transport.SecuritySTARTTLS, transport.SecurityPlain}

// serverForm edits one server's settings.
type serverForm struct {
	box            *fyne.Container
	protocol       *widget.Select // nil for outgoing (always SMTP)
	host, port     *widget.Entry
	user           *widget.Entry
	security       *widget.Select
	source, secure *widget.Label
}

// newServerForm builds a form; changed runs when a choice (not typing)
// changes, so warnings follow the security chosen.
func newServerForm(title string, incoming bool, changed func()) *serverForm {
	f := &serverForm{host: widget.NewEntry(), port: widget.NewEntry(), user: widget.NewEntry(),
		source: widget.NewLabel(""), secure: widget.NewLabel("")}
	f.user.SetPlaceHolder("your address (default)")
	// Every edit goes to the wizard, so its warnings and Continue follow
	// what the user sees.
	for _, e := range []*widget.Entry{f.host, f.port, f.user} {
		e.OnChanged = func(string) { changed() }
	}
	f.security = widget.NewSelect(securityNames, func(string) { changed() })
	items := []*widget.FormItem{}
	if incoming {
		f.protocol = widget.NewSelect([]string{"IMAP", "POP3"}, func(string) { changed() })
		items = append(items, widget.NewFormItem("Protocol", f.protocol))
	}
	items = append(items,
		widget.NewFormItem("Server", f.host),
		widget.NewFormItem("Port", f.port),
		widget.NewFormItem("Security", f.security),
		widget.NewFormItem("Username", f.user),
	)
	head := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.box = container.NewVBox(head, widget.NewForm(items...), f.secure, f.source)
	return f
}

// set shows s; fields are written only when the wizard's values are new
// to the form (entering the step), never while the user types.
func (f *serverForm) set(s wizard.ServerForm, fields bool) {
	f.secure.SetText(wizard.SecurityWords(s.Security))
	f.source.SetText("From: " + wizard.SourceWords(s.Source))
	if !fields {
		return
	}
	if f.protocol != nil {
		p := "IMAP"
		if s.Protocol == account.POP3 {
			p = "POP3"
		}
		if f.protocol.Selected != p {
			f.protocol.SetSelected(p)
		}
	}
	setText(f.host, s.Host)
	if n, err := strconv.Atoi(f.port.Text); err != nil || n != s.Port {
		f.port.SetText(strconv.Itoa(s.Port))
	}
	setText(f.user, s.Username)
	for i, sec := range securities {
		if sec == s.Security && f.security.Selected != securityNames[i] {
			f.security.SetSelected(securityNames[i])
		}
	}
}

// get reads what the user sees; an unreadable port is 0, which the
// wizard does not accept.
func (f *serverForm) get(proto account.Protocol) wizard.ServerForm {
	if f.protocol != nil && f.protocol.Selected == "POP3" {
		proto = account.POP3
	}
	port, _ := strconv.Atoi(strings.TrimSpace(f.port.Text))
	s := wizard.ServerForm{Protocol: proto, Host: f.host.Text, Port: port, Username: f.user.Text}
	for i, name := range securityNames {
		if f.security.Selected == name {
			s.Security = securities[i]
		}
	}
	return s
}
