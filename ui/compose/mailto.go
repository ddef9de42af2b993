package compose

import (
	"strings"

	core "wren/account/compose"
	"wren/transport/rfc822"
)

// Mailto opens a composer filled from a mailto: link. Recipients,
// subject and text are taken; anything else the link asks, attach= above
// all (it would send a local file), is ignored and the window says so.
func (m *Manager) Mailto(uri string) *Window {
	f, ignored := core.ParseMailto(uri)
	name, id := firstIdentity(m.deps.Accounts)
	d := rfc822.Draft{
		From:    rfc822.Address{Name: id.Name, Address: id.Address},
		Subject: f.Subject,
		Text:    f.Body + signatureText(id),
	}
	return m.openWith(name, d, nil, func(w *Window) {
		w.setAddresses(strings.Join(f.To, ", "), strings.Join(f.Cc, ", "), strings.Join(f.Bcc, ", "))
		if len(ignored) > 0 {
			w.note.SetText("Ignored from the link: " + oneLine(strings.Join(ignored, ", ")) +
				". Wren never attaches files or changes the sender because a link asks.")
			w.note.Show()
		}
	})
}
