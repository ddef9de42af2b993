package imap

import (
	"context"
	"strings"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport"
)

// wellKnown are the names servers without SPECIAL-USE (RFC 6154) give
// their Sent and Drafts folders, English first, then the common localized
// ones, as Thunderbird and K-9 recognise them.
var wellKnown = map[Role][]string{
	RoleSent: {"Sent", "Sent Items", "Sent Messages", "Sent Mail", "Sent Mails", "Sent-Mail",
		"Gesendet", "Gesendete Elemente", "Gesendete Objekte", "Envoyés", "Éléments envoyés", "Messages envoyés",
		"Enviados", "Elementos enviados", "Itens Enviados", "Inviati", "Posta inviata", "Verzonden", "Verzonden items",
		"Skickat", "Skickade objekt", "Sendt", "Sendte elementer", "Lähetetyt", "Wysłane", "Odeslané", "Elküldött",
		"Отправленные", "Надіслані", "Gönderilen", "送信済み", "已发送"},
	RoleDrafts: {"Drafts", "Draft", "Entwürfe", "Brouillons", "Borradores", "Rascunhos", "Bozze", "Concepten",
		"Utkast", "Kladder", "Luonnokset", "Robocze", "Koncepty", "Piszkozatok", "Черновики", "Чернетки", "Taslaklar",
		"下書き", "草稿"},
}

// FindRole returns the folder for role: the one the server marks with the
// special-use attribute, else the first well-known name (also under an
// "INBOX." personal namespace), ignoring case. found is false when there
// is none; name is then where to create it: the English name, inside the
// namespace every other folder lives in.
func FindRole(folders []Folder, role Role) (name string, found bool) {
	for _, f := range folders {
		if f.Role == role && f.Selectable {
			return f.Name, true
		}
	}
	prefix := personalPrefix(folders)
	for _, want := range wellKnown[role] {
		for _, f := range folders {
			if !f.Selectable || f.Role != RoleNone {
				continue
			}
			n := f.Name
			if prefix != "" && len(n) > len(prefix) && strings.EqualFold(n[:len(prefix)], prefix) {
				n = n[len(prefix):]
			}
			if strings.EqualFold(n, want) {
				return f.Name, true
			}
		}
	}
	if names := wellKnown[role]; len(names) > 0 {
		return prefix + names[0], false
	}
	return "", false
}

// personalPrefix is "INBOX." (with the server's delimiter) when every
// folder but INBOX lives under INBOX, as on Courier and some cPanel hosts.
func personalPrefix(folders []Folder) string {
	var delim rune
	others := 0
	for _, f := range folders {
		if strings.EqualFold(f.Name, "INBOX") {
			delim = f.Delim
			continue
		}
		others++
		if f.Delim == 0 || !strings.HasPrefix(strings.ToUpper(f.Name), "INBOX"+string(f.Delim)) {
			return ""
		}
		delim = f.Delim
	}
	if others == 0 || delim == 0 {
		return ""
	}
	return "INBOX" + string(delim)
}

// HasMessageID reports whether folder holds a message whose Message-ID
// header contains id (UID SEARCH HEADER), so that a copy is not filed
// twice. It selects folder read-only.
func (cl *Client) HasMessageID(ctx context.Context, folder, id string) (bool, error) {
	if _, err := cl.Select(ctx, folder, true); err != nil {
		return false, err
	}
	var found bool
	err := cl.do(ctx, transport.StepCommand, cl.opts.Timeouts.Command, func() error {
		crit := &goimap.SearchCriteria{Header: []goimap.SearchCriteriaHeaderField{{Key: "Message-ID", Value: id}}}
		d, err := cl.c.UIDSearch(crit, nil).Wait()
		if err != nil {
			return err
		}
		found = len(d.AllUIDs()) > 0
		return nil
	})
	return found, err
}
