package compose

import (
	"time"

	core "wren/account/compose"
	"wren/transport/rfc822"
)

// DemoScene opens what the README's composer screenshot shows: a reply
// to a made-up message, with a small attachment.
func (m *Manager) DemoScene() *Window {
	name, id := firstIdentity(m.deps.Accounts)
	now := m.deps.Now()
	orig := &rfc822.Message{
		From:      []rfc822.Address{{Name: "Anna Berg", Address: "anna@example.org"}},
		To:        []rfc822.Address{{Name: id.Name, Address: id.Address}},
		Subject:   "Budget review on Thursday",
		Date:      now.Add(-3 * time.Hour),
		MessageID: "budget-review@example.org",
	}
	text := "Hi,\n\ncould you send me the figures for the third quarter before Thursday?\nThe meeting starts at 10.\n\nThanks,\nAnna"
	d := core.Reply(core.Original{Message: orig, Text: text}, id, core.ReplyOptions{Own: ownAddresses(m.deps.Accounts), Now: now})
	d.Text = "Hi Anna,\n\nhere are the figures; the summary is attached." + d.Text
	d.Attachments = []rfc822.DraftAttachment{{
		Filename: "q3-figures.csv", ContentType: "text/csv",
		Data: []byte("month,income,costs\nJuly,12400,9800\nAugust,11900,9100\nSeptember,13100,9900\n"),
	}}
	return m.open(name, d, nil)
}
