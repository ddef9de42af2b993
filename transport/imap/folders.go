package imap

import (
	"context"
	"fmt"

	goimap "github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"wren/transport"
)

// maxFolders bounds the folder list a server can make Wren hold.
const maxFolders = 10000

// Role is the special use of a folder (RFC 6154).
type Role string

const (
	RoleNone    Role = ""
	RoleInbox   Role = "inbox"
	RoleSent    Role = "sent"
	RoleDrafts  Role = "drafts"
	RoleTrash   Role = "trash"
	RoleJunk    Role = "junk"
	RoleArchive Role = "archive"
	RoleAll     Role = "all"
	RoleFlagged Role = "flagged"
)

// Folder is one mailbox of the account.
type Folder struct {
	Name       string // decoded (UTF-8) full name
	Delim      rune   // hierarchy delimiter, 0 if flat
	Attrs      []goimap.MailboxAttr
	Role       Role
	Selectable bool
	// Counts are known when HasCounts is set (not for folders that cannot
	// be selected, nor when the server refused STATUS for one).
	HasCounts bool
	Messages  uint32
	Unseen    uint32
}

var roleAttrs = map[goimap.MailboxAttr]Role{
	goimap.MailboxAttrSent:    RoleSent,
	goimap.MailboxAttrDrafts:  RoleDrafts,
	goimap.MailboxAttrTrash:   RoleTrash,
	goimap.MailboxAttrJunk:    RoleJunk,
	goimap.MailboxAttrArchive: RoleArchive,
	goimap.MailboxAttrAll:     RoleAll,
	goimap.MailboxAttrFlagged: RoleFlagged,
}

// List returns every folder with its special use, without counts: a sync
// learns them from SELECT, and on a large mailbox the unseen count alone
// costs the server more than the rest of an unchanged resync (Dovecot,
// 100k messages: about 130 ms of 260).
func (cl *Client) List(ctx context.Context) ([]Folder, error) {
	return cl.list(ctx, false)
}

// ListCounts is List with each folder's message and unseen counts: from
// one LIST with the STATUS return option when the server supports it,
// else from LIST plus one STATUS per folder.
func (cl *Client) ListCounts(ctx context.Context) ([]Folder, error) {
	return cl.list(ctx, true)
}

func (cl *Client) list(ctx context.Context, counts bool) ([]Folder, error) {
	var folders []Folder
	err := cl.do(ctx, transport.StepCommand, cl.transferTimeout(), func() error {
		caps := cl.caps()
		opts := &goimap.ListOptions{}
		if caps.Has(goimap.CapSpecialUse) {
			opts.ReturnSpecialUse = true
		}
		listStatus := counts && caps.Has(goimap.CapListStatus)
		if listStatus {
			opts.ReturnStatus = &goimap.StatusOptions{NumMessages: true, NumUnseen: true}
		}
		cmd := cl.c.List("", "*", opts)
		for {
			d := cmd.Next()
			if d == nil {
				break
			}
			if len(folders) == maxFolders {
				cl.c.Close() // the list cannot be stopped otherwise
				return fmt.Errorf("imap: more than %d folders: %w", maxFolders, transport.ErrTooLarge)
			}
			folders = append(folders, folderOf(d))
		}
		if err := cmd.Close(); err != nil {
			return err
		}
		if !counts || listStatus {
			return nil
		}
		return cl.statusAll(folders)
	})
	if err != nil {
		return nil, err
	}
	return folders, nil
}

func folderOf(d *goimap.ListData) Folder {
	f := Folder{Name: d.Mailbox, Delim: d.Delim, Attrs: d.Attrs, Selectable: true}
	for _, a := range d.Attrs {
		if r, ok := roleAttrs[a]; ok && f.Role == RoleNone {
			f.Role = r
		}
		if a == goimap.MailboxAttrNoSelect || a == goimap.MailboxAttrNonExistent {
			f.Selectable = false
		}
	}
	if f.Role == RoleNone && equalFoldASCII(f.Name, "INBOX") {
		f.Role = RoleInbox
	}
	if d.Status != nil {
		setCounts(&f, d.Status)
	}
	return f
}

func setCounts(f *Folder, s *goimap.StatusData) {
	if s.NumMessages != nil && s.NumUnseen != nil {
		f.HasCounts, f.Messages, f.Unseen = true, *s.NumMessages, *s.NumUnseen
	}
}

// statusAll fills in the counts with STATUS, pipelined. A folder the
// server refuses STATUS for keeps HasCounts false.
func (cl *Client) statusAll(folders []Folder) error {
	cmds := make([]*imapclient.StatusCommand, len(folders))
	for i, f := range folders {
		if f.Selectable {
			cmds[i] = cl.c.Status(f.Name, &goimap.StatusOptions{NumMessages: true, NumUnseen: true})
		}
	}
	for i, cmd := range cmds {
		if cmd == nil {
			continue
		}
		s, err := cmd.Wait()
		if _, ok := err.(*goimap.Error); ok {
			continue
		}
		if err != nil {
			return err
		}
		setCounts(&folders[i], s)
	}
	return nil
}

// Create makes a folder.
func (cl *Client) Create(ctx context.Context, name string) error {
	return cl.do(ctx, transport.StepCommand, cl.opts.Timeouts.Command, func() error {
		return cl.c.Create(name, nil).Wait()
	})
}

// Delete removes a folder and the mail in it.
func (cl *Client) Delete(ctx context.Context, name string) error {
	return cl.do(ctx, transport.StepCommand, cl.opts.Timeouts.Command, func() error {
		return cl.c.Delete(name).Wait()
	})
}

func equalFoldASCII(a, b string) bool { return upper(a) == upper(b) }
