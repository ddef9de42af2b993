package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"

	"wren/account/render"
	"wren/account/session"
	appsettings "wren/account/settings"
)

// notifyNewMail raises one desktop notification for a batch of new mail,
// unless notifications are off (settings nil: the defaults).
func notifyNewMail(a fyne.App, s *appsettings.File, n session.NewMail) {
	on := appsettings.Default().Notifications
	if s != nil {
		on = s.Get().Notifications
	}
	if !on || n.Count <= 0 {
		return
	}
	a.SendNotification(fyne.NewNotification("Wren", newMailWords(n)))
}

// newMailWords: "3 new messages — From: Anna, Subject: Budget".
func newMailWords(n session.NewMail) string {
	head := "1 new message"
	if n.Count != 1 {
		head = fmt.Sprintf("%d new messages", n.Count)
	}
	from := strings.TrimSpace(n.Newest.From.Name)
	if from == "" {
		from = n.Newest.From.Addr
	}
	subject := strings.TrimSpace(n.Newest.Subject)
	if subject == "" {
		subject = "(no subject)"
	}
	return fmt.Sprintf("%s — From: %s, Subject: %s", head, oneLine(from, 60), oneLine(subject, 80))
}

// oneLine keeps a header short and on one line for the notification.
func oneLine(s string, n int) string {
	// Line breaks and tabs become spaces; what else could hide or reorder
	// text is shown as a mark.
	s = render.SafeText(strings.Join(strings.Fields(s), " "))
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
