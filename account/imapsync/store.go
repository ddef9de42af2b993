package imapsync

import (
	"context"
	"time"
)

// Store is what the engine keeps its results in (account/store implements
// it; tests use a map). All calls concern one account, the engine's.
type Store interface {
	// SaveFolders records the server's folder list; folders not in it
	// are gone from the server and are removed with their messages.
	SaveFolders(ctx context.Context, folders []Folder) error
	// FolderState is what the last sync saw; zero for a new folder.
	FolderState(ctx context.Context, folder string) (FolderState, error)
	SetFolderState(ctx context.Context, folder string, st FolderState) error
	// ResetFolder drops every cached message of folder and starts it over
	// under uidValidity: the old UIDs name nothing.
	ResetFolder(ctx context.Context, folder string, uidValidity uint32) error
	// SaveHeaders inserts or replaces messages of the folder as of
	// uidValidity, in one transaction.
	SaveHeaders(ctx context.Context, folder string, uidValidity uint32, hs []Header) error
	SetFlags(ctx context.Context, folder string, changes []FlagChange) error
	// LocalUIDs lists the UIDs cached for folder.
	LocalUIDs(ctx context.Context, folder string) ([]uint32, error)
	DeleteUIDs(ctx context.Context, folder string, uids []uint32) error
	// SaveTexts keeps messages' decoded body texts, for reading and
	// search, in one transaction; UIDs no longer there are skipped.
	SaveTexts(ctx context.Context, folder string, texts []Text) error
}

// Text is the decoded body text of a message.
type Text struct {
	UID  uint32
	Text string
}

// Folder is one server folder.
type Folder struct {
	Name  string
	Role  string // inbox, sent, drafts, trash, junk, archive, all, flagged or ""
	Delim rune
}

// FolderState is where a folder's sync stands.
type FolderState struct {
	UIDValidity   uint32
	UIDNext       uint32
	HighestModSeq uint64
	// Cached is how many of the folder's messages the store holds (read
	// only: SetFolderState ignores it). It lets an unchanged folder be
	// recognised without reading its UIDs.
	Cached int
}

// Header is one message as the message list needs it.
type Header struct {
	UID           uint32
	Flags         []string // IMAP flags as sent: \Seen, \Flagged, $Junk ...
	Date          time.Time
	From          []Address
	To, Cc        []Address
	Subject       string
	MessageID     string
	InReplyTo     []string
	References    []string // the thread's message IDs, oldest first
	Size          int64
	HasAttachment bool
}

// Address is a name and an address as the envelope gave them.
type Address struct {
	Name, Addr string
}

// FlagChange is a message's new complete flag list.
type FlagChange struct {
	UID   uint32
	Flags []string
}
