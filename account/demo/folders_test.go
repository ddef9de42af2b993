package demo

import (
	"iter"
	"slices"
	"strings"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport"
	"wren/transport/imap"
)

// The demo's folders carry their special use and hold what the source put
// in them; the client trusts the demo through its CA alone.
func TestFoldersWithRolesAndCounts(t *testing.T) {
	d := start(t, Options{})
	want := countBy(Builtin())
	if d.Messages != len(builtinMail) || len(builtinMail) < 10 {
		t.Fatalf("Messages = %d, want all %d built-in ones", d.Messages, len(builtinMail))
	}
	c := imapLogin(t, d, transport.Options{RootCAs: d.RootCAs})
	folders, err := c.ListCounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]imap.Role{
		"INBOX": imap.RoleInbox, "Sent": imap.RoleSent, "Drafts": imap.RoleDrafts, "Trash": imap.RoleTrash,
		"Junk": imap.RoleJunk, "Archive": imap.RoleArchive, "Work": imap.RoleNone, "Newsletters": imap.RoleNone,
	}
	if len(folders) != len(roles) {
		t.Errorf("%d folders, want %d: %+v", len(folders), len(roles), folders)
	}
	for name, role := range roles {
		f := folderNamed(t, folders, name)
		if f.Role != role || !f.Selectable || !f.HasCounts {
			t.Errorf("folder %+v: want role %q, selectable, counted", f, role)
		}
		if int(f.Messages) != want[strings.ToLower(name)] {
			t.Errorf("%s has %d messages, want %d", name, f.Messages, want[strings.ToLower(name)])
		}
	}
	if inbox := folderNamed(t, folders, "INBOX"); inbox.Unseen == 0 || inbox.Unseen >= inbox.Messages {
		t.Errorf("INBOX unseen %d of %d: want some read and some unread", inbox.Unseen, inbox.Messages)
	}
	mb, err := c.Select(t.Context(), "INBOX", true)
	if err != nil {
		t.Fatal(err)
	}
	if int(mb.Messages) != want["inbox"] {
		t.Errorf("SELECT INBOX: %d messages, want %d", mb.Messages, want["inbox"])
	}
}

// A custom source: folder names in any case, new folders, bare and IMAP
// flag names.
func TestFillCustomSource(t *testing.T) {
	raw := func(subj string) []byte {
		return []byte("From: a@example.org\r\nTo: " + Address + "\r\nSubject: " + subj + "\r\n\r\nhi\r\n")
	}
	src := SourceFunc(func() iter.Seq[Message] {
		return slices.Values([]Message{
			{Folder: "inbox", Flags: []string{"seen"}, Date: time.Now(), Raw: raw("one")},
			{Folder: "INBOX", Flags: []string{`\Flagged`}, Raw: raw("two")},
			{Folder: "Projects/Garden", Flags: []string{"$Important", "answered"}, Raw: raw("three")},
			{Folder: "newsletters", Raw: raw("four")},
		})
	})
	d := start(t, Options{Source: src})
	if d.Messages != 4 {
		t.Fatalf("Messages = %d, want 4", d.Messages)
	}
	c := imapLogin(t, d, d.TransportOptions())
	folders, err := c.ListCounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if f := folderNamed(t, folders, "INBOX"); f.Messages != 2 || f.Unseen != 1 {
		t.Errorf("INBOX %d/%d, want 2 messages, 1 unseen", f.Messages, f.Unseen)
	}
	if f := folderNamed(t, folders, "Newsletters"); f.Messages != 1 {
		t.Errorf("Newsletters has %d, want 1", f.Messages)
	}
	if f := folderNamed(t, folders, "Projects/Garden"); f.Messages != 1 || f.Delim != '/' {
		t.Errorf("new folder %+v, want 1 message, delimiter /", f)
	}
	if _, err := c.Select(t.Context(), "Projects/Garden", true); err != nil {
		t.Fatal(err)
	}
	var flags []goimap.Flag
	err = c.FetchSummaries(t.Context(), goimap.UIDSet{{Start: 1, Stop: 0}}, 10, func(s imap.Summary) error {
		flags = s.Flags
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(flags, goimap.Flag("$Important")) || !slices.Contains(flags, goimap.FlagAnswered) {
		t.Errorf("flags %v, want $Important and \\Answered", flags)
	}
}

func TestFillRejectsEmptyMessage(t *testing.T) {
	src := SourceFunc(func() iter.Seq[Message] { return slices.Values([]Message{{Folder: "INBOX"}}) })
	d, err := Start(t.Context(), Options{Source: src})
	if err == nil {
		d.Close()
		t.Fatal("Start accepted a source with an empty message")
	}
}

// A folder the client creates is listed, without a role, next to the
// special ones.
func TestClientFolderChanges(t *testing.T) {
	d := start(t, Options{})
	c := imapLogin(t, d, d.TransportOptions())
	if err := c.Create(t.Context(), "Receipts"); err != nil {
		t.Fatal(err)
	}
	folders, err := c.ListCounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if f := folderNamed(t, folders, "Receipts"); f.Role != imap.RoleNone || !f.HasCounts || f.Messages != 0 {
		t.Errorf("created folder %+v", f)
	}
	if f := folderNamed(t, folders, "Trash"); f.Role != imap.RoleTrash {
		t.Errorf("Trash lost its role: %+v", f)
	}
}
