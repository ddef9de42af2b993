package mailview

import (
	"context"

	"wren/account/actions"
	"wren/account/store"
)

// Actor carries out what the user does to messages; *session.Session
// has it. It blocks, so the view calls it off the UI goroutine.
type Actor interface {
	Act(ctx context.Context, account, folder string, uids []uint32, k actions.Kind, arg string) error
}

// Command is a toolbar button or shortcut, before it meets a message.
type Command int

const (
	CmdToggleRead Command = iota
	CmdToggleFlag
	CmdArchive
	CmdDelete
	CmdToggleJunk
)

// plan turns a command on message m into an action, using the folder
// roles of m's account. ok is false when the command cannot apply there
// (no such folder, or m is in it already).
func plan(c Command, m store.Message, folders []store.Folder) (k actions.Kind, arg string, ok bool) {
	here := roleOf(folders, m.Folder)
	switch c {
	case CmdToggleRead:
		if m.Flags.Seen {
			return actions.Unread, "", true
		}
		return actions.Read, "", true
	case CmdToggleFlag:
		if m.Flags.Flagged {
			return actions.Unflag, "", true
		}
		return actions.Flag, "", true
	case CmdArchive:
		dest := folderWithRole(folders, store.RoleArchive)
		return actions.Move, dest, dest != "" && here != store.RoleArchive
	case CmdDelete:
		if here == store.RoleTrash {
			return actions.Delete, "", true
		}
		// Without a Trash folder nothing is removed for good by one click.
		dest := folderWithRole(folders, store.RoleTrash)
		return actions.Move, dest, dest != ""
	case CmdToggleJunk:
		if here == store.RoleJunk {
			dest := folderWithRole(folders, store.RoleInbox)
			return actions.NotJunk, dest, dest != ""
		}
		dest := folderWithRole(folders, store.RoleJunk)
		return actions.Junk, dest, dest != ""
	}
	return "", "", false
}

func folderWithRole(folders []store.Folder, r store.Role) string {
	for _, f := range folders {
		if f.Role == r {
			return f.Name
		}
	}
	return ""
}

func roleOf(folders []store.Folder, name string) store.Role {
	for _, f := range folders {
		if f.Name == name {
			return f.Role
		}
	}
	return store.RoleNone
}
