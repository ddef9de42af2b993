package imap

import "testing"

func TestFindRole(t *testing.T) {
	f := func(name string, delim rune, role Role) Folder {
		return Folder{Name: name, Delim: delim, Role: role, Selectable: true}
	}
	for _, c := range []struct {
		name    string
		folders []Folder
		role    Role
		want    string
		found   bool
	}{
		{"special-use wins", []Folder{f("INBOX", '/', RoleInbox), f("Sent", '/', RoleNone), f("Outgoing", '/', RoleSent)}, RoleSent, "Outgoing", true},
		{"English name", []Folder{f("INBOX", '/', RoleInbox), f("sent items", '/', RoleNone)}, RoleSent, "sent items", true},
		{"localized", []Folder{f("INBOX", '/', RoleInbox), f("Gesendete Objekte", '/', RoleNone)}, RoleSent, "Gesendete Objekte", true},
		{"namespace", []Folder{f("INBOX", '.', RoleInbox), f("INBOX.Trash", '.', RoleNone), f("INBOX.Sent Messages", '.', RoleNone)}, RoleSent, "INBOX.Sent Messages", true},
		{"create in namespace", []Folder{f("INBOX", '.', RoleInbox), f("INBOX.Trash", '.', RoleNone)}, RoleSent, "INBOX.Sent", false},
		{"create", []Folder{f("INBOX", '/', RoleInbox), f("Archive", '/', RoleNone)}, RoleSent, "Sent", false},
		{"drafts localized", []Folder{f("INBOX", '/', RoleInbox), f("Brouillons", '/', RoleNone)}, RoleDrafts, "Brouillons", true},
		{"a folder with another role is not taken by name", []Folder{f("INBOX", '/', RoleInbox), f("Sent", '/', RoleTrash)}, RoleSent, "Sent", false},
	} {
		name, found := FindRole(c.folders, c.role)
		if name != c.want || found != c.found {
			t.Errorf("%s: %q %v, want %q %v", c.name, name, found, c.want, c.found)
		}
	}
}
