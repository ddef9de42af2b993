// Package actions carries out what the user does to messages (read,
// flag, move, delete, junk): the local store changes at once, so the
// window reacts immediately, and the server follows through a durable
// queue that survives restarts and is replayed after each reconnect. A
// conflict (the message is already gone on the server) drops the action
// and never deletes anything else.
package actions

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	goimap "github.com/emersion/go-imap/v2"

	"wren/account/store"
	"wren/transport"
	"wren/transport/imap"
)

// Kind is what an action does.
type Kind string

const (
	Read    Kind = "read"
	Unread  Kind = "unread"
	Flag    Kind = "flag"
	Unflag  Kind = "unflag"
	Move    Kind = "move"    // Args: destination folder
	Junk    Kind = "junk"    // to the Junk folder (Args), marked $Junk
	NotJunk Kind = "notjunk" // back to the Inbox (Args), marked $NotJunk
	Delete  Kind = "delete"  // removed for good (the caller moves to Trash first)
)

// Conn is what replaying needs of an IMAP session (a *imap.Client).
type Conn interface {
	Select(ctx context.Context, name string, readOnly bool) (*imap.Mailbox, error)
	AddFlags(ctx context.Context, uids goimap.UIDSet, flags ...goimap.Flag) error
	RemoveFlags(ctx context.Context, uids goimap.UIDSet, flags ...goimap.Flag) error
	Move(ctx context.Context, uids goimap.UIDSet, dest string) (imap.Copied, error)
	MarkDeleted(ctx context.Context, uids goimap.UIDSet) error
	Expunge(ctx context.Context, uids goimap.UIDSet) error
}

// Queue applies actions for the accounts of one store.
type Queue struct {
	Store *store.Store
}

// Do applies an action to the store now and queues it for the server.
func (q *Queue) Do(ctx context.Context, account, folder string, uids []uint32, k Kind, arg string) error {
	if err := q.local(ctx, account, folder, uids, k); err != nil {
		return err
	}
	_, err := q.Store.AddAction(ctx, store.Action{Account: account, Folder: folder, UIDs: uids, Kind: string(k), Args: arg})
	return err
}

// DoLocal applies an action to the store only, for accounts whose mail
// lives locally (POP3): flags change, moves go between the account's
// local folders, junk marks and moves as on a server, and deletes remove
// the local copy for good (the UIDL stays recorded, so it is not
// downloaded again).
func (q *Queue) DoLocal(ctx context.Context, account, folder string, uids []uint32, k Kind, arg string) error {
	switch k {
	case Move:
		return q.Store.MoveLocal(ctx, account, folder, arg, uids)
	case Junk, NotJunk:
		if err := q.mark(ctx, account, folder, uids, k); err != nil {
			return err
		}
		return q.Store.MoveLocal(ctx, account, folder, arg, uids)
	}
	return q.local(ctx, account, folder, uids, k)
}

// local changes the store as the server will be changed. Moved and
// deleted messages leave their folder here; the destination gets them
// with their new UIDs on the next sync.
func (q *Queue) local(ctx context.Context, account, folder string, uids []uint32, k Kind) error {
	switch k {
	case Move, Junk, NotJunk, Delete:
		return q.Store.DeleteMessages(ctx, account, folder, uids)
	}
	return q.mark(ctx, account, folder, uids, k)
}

// mark changes the stored flags of messages as action k does: \Seen,
// \Flagged, or the $Junk and $NotJunk keywords (one replaces the other).
func (q *Queue) mark(ctx context.Context, account, folder string, uids []uint32, k Kind) error {
	var changes []store.FlagChange
	for _, uid := range uids {
		m, err := q.Store.MessageByUID(ctx, account, folder, uid)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		f := m.Flags
		switch k {
		case Read:
			f.Seen = true
		case Unread:
			f.Seen = false
		case Flag:
			f.Flagged = true
		case Unflag:
			f.Flagged = false
		case Junk, NotJunk:
			set, unset := junkKeyword, notJunkKeyword
			if k == NotJunk {
				set, unset = unset, set
			}
			f.Keywords = append(slices.DeleteFunc(slices.Clone(f.Keywords), func(kw string) bool {
				return strings.EqualFold(kw, set) || strings.EqualFold(kw, unset)
			}), set)
		default:
			return fmt.Errorf("unknown action %q", k)
		}
		changes = append(changes, store.FlagChange{UID: uid, Flags: f})
	}
	return q.Store.SetFlags(ctx, account, folder, changes)
}

// The keywords a junk verdict sets (RFC 5788's registry).
const (
	junkKeyword    = "$Junk"
	notJunkKeyword = "$NotJunk"
)

// Replay sends an account's queued actions to the server, oldest first,
// removing each once the server has it. It stops at the first failure
// that may pass (the connection, a busy server) and keeps the rest queued.
func (q *Queue) Replay(ctx context.Context, account string, conn Conn) (done int, err error) {
	list, err := q.Store.Actions(ctx, account)
	if err != nil {
		return 0, err
	}
	selected := ""
	for _, a := range list {
		if a.Folder != selected {
			if _, err := conn.Select(ctx, a.Folder, false); err != nil {
				if gone(err) {
					// The folder is gone: nothing of it can be changed.
					if err := q.Store.RemoveAction(ctx, a.ID); err != nil {
						return done, err
					}
					continue
				}
				return done, err
			}
			selected = a.Folder
		}
		if err := apply(ctx, conn, a); err != nil && !gone(err) {
			return done, err
		}
		if err := q.Store.RemoveAction(ctx, a.ID); err != nil {
			return done, err
		}
		done++
	}
	return done, nil
}

func apply(ctx context.Context, conn Conn, a store.Action) error {
	var set goimap.UIDSet
	for _, u := range a.UIDs {
		set.AddNum(goimap.UID(u))
	}
	switch Kind(a.Kind) {
	case Read:
		return conn.AddFlags(ctx, set, goimap.FlagSeen)
	case Unread:
		return conn.RemoveFlags(ctx, set, goimap.FlagSeen)
	case Flag:
		return conn.AddFlags(ctx, set, goimap.FlagFlagged)
	case Unflag:
		return conn.RemoveFlags(ctx, set, goimap.FlagFlagged)
	case Move:
		_, err := conn.Move(ctx, set, a.Args)
		return err
	case Junk, NotJunk:
		mark, unmark := goimap.Flag(junkKeyword), goimap.Flag(notJunkKeyword)
		if Kind(a.Kind) == NotJunk {
			mark, unmark = unmark, mark
		}
		if err := conn.AddFlags(ctx, set, mark); err != nil {
			return err
		}
		if err := conn.RemoveFlags(ctx, set, unmark); err != nil {
			return err
		}
		_, err := conn.Move(ctx, set, a.Args)
		return err
	case Delete:
		if err := conn.MarkDeleted(ctx, set); err != nil {
			return err
		}
		return conn.Expunge(ctx, set)
	}
	return fmt.Errorf("unknown action %q", a.Kind)
}

// gone: the server says the folder or the messages no longer exist, so
// the action has nothing left to do.
func gone(err error) bool {
	if errors.Is(err, imap.ErrNoMessage) {
		return true
	}
	switch transport.CodeOf(err) {
	case transport.CodeIMAPNonexistent, transport.CodeIMAPTryCreate, transport.CodeIMAPExpungeIssued:
		return true
	}
	return false
}
