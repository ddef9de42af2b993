package demo

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	goimap "github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// delim is the hierarchy delimiter of the in-memory backend.
const delim = '/'

// folder is what the demo knows about a mailbox beyond the backend: the
// in-memory backend has no way to set SPECIAL-USE attributes, so LIST is
// answered from here.
type folder struct {
	special    goimap.MailboxAttr // "" for none
	subscribed bool
}

// mailstore is the demo user's mail: the backend user plus the folder
// attributes the backend cannot hold.
type mailstore struct {
	user *imapmemserver.User

	mu      sync.Mutex
	folders map[string]*folder
}

// defaultFolders are the demo account's folders and their special use.
var defaultFolders = []struct {
	name    string
	special goimap.MailboxAttr
}{
	{"INBOX", ""},
	{"Sent", goimap.MailboxAttrSent},
	{"Drafts", goimap.MailboxAttrDrafts},
	{"Trash", goimap.MailboxAttrTrash},
	{"Junk", goimap.MailboxAttrJunk},
	{"Archive", goimap.MailboxAttrArchive},
	{"Work", ""},
	{"Newsletters", ""},
}

func newMailstore(username, password string) (*mailstore, error) {
	m := &mailstore{user: imapmemserver.NewUser(username, password), folders: make(map[string]*folder)}
	for _, f := range defaultFolders {
		if err := m.create(f.name, f.special); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (m *mailstore) create(name string, special goimap.MailboxAttr) error {
	name = strings.TrimRight(name, string(delim))
	if err := m.user.Create(name, nil); err != nil {
		return err
	}
	m.mu.Lock()
	m.folders[name] = &folder{special: special, subscribed: true}
	m.mu.Unlock()
	return nil
}

func (m *mailstore) delete(name string) error {
	if err := m.user.Delete(name); err != nil {
		return err
	}
	m.mu.Lock()
	delete(m.folders, name)
	m.mu.Unlock()
	return nil
}

func (m *mailstore) rename(old, name string) error {
	name = strings.TrimRight(name, string(delim))
	if err := m.user.Rename(old, name, nil); err != nil {
		return err
	}
	m.mu.Lock()
	if f, ok := m.folders[old]; ok {
		m.folders[name] = f
		delete(m.folders, old)
	}
	m.mu.Unlock()
	return nil
}

func (m *mailstore) subscribe(name string, on bool) error {
	var err error
	if on {
		err = m.user.Subscribe(name)
	} else {
		err = m.user.Unsubscribe(name)
	}
	if err != nil {
		return err
	}
	m.mu.Lock()
	if f, ok := m.folders[name]; ok {
		f.subscribed = on
	}
	m.mu.Unlock()
	return nil
}

// resolve finds an existing folder by name, ignoring case, so that a
// source may say "Inbox" or "newsletters".
func (m *mailstore) resolve(name string) (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.folders[name]; ok {
		return name, true
	}
	for have := range m.folders {
		if strings.EqualFold(have, name) {
			return have, true
		}
	}
	return "", false
}

// deliver appends raw to folder; the backend tells IDLE sessions.
func (m *mailstore) deliver(folder string, raw []byte, flags []goimap.Flag, date time.Time) error {
	if err := Servable(raw); err != nil {
		return err
	}
	_, err := m.user.Append(folder, bytes.NewReader(raw), &goimap.AppendOptions{Flags: flags, Time: date})
	if err != nil {
		return fmt.Errorf("demo: deliver to %s: %w", folder, err)
	}
	return nil
}

// list answers LIST like the backend does, with the special-use
// attributes added (RFC 6154) and LIST-STATUS counts (RFC 5819).
func (m *mailstore) list(w *imapserver.ListWriter, ref string, patterns []string, o *goimap.ListOptions) error {
	if len(patterns) == 0 {
		return w.WriteList(&goimap.ListData{Attrs: []goimap.MailboxAttr{goimap.MailboxAttrNoSelect}, Delim: delim})
	}
	var out []goimap.ListData
	m.mu.Lock()
	for name, f := range m.folders {
		if !slices.ContainsFunc(patterns, func(p string) bool { return imapserver.MatchList(name, delim, ref, p) }) {
			continue
		}
		if o.SelectSubscribed && !f.subscribed || o.SelectSpecialUse && f.special == "" {
			continue
		}
		d := goimap.ListData{Mailbox: name, Delim: delim}
		if f.subscribed {
			d.Attrs = append(d.Attrs, goimap.MailboxAttrSubscribed)
		}
		if f.special != "" && (o.ReturnSpecialUse || o.SelectSpecialUse) {
			d.Attrs = append(d.Attrs, f.special)
		}
		out = append(out, d)
	}
	m.mu.Unlock()
	slices.SortFunc(out, func(a, b goimap.ListData) int { return strings.Compare(a.Mailbox, b.Mailbox) })
	for i := range out {
		if o.ReturnStatus != nil {
			s, err := m.user.Status(out[i].Mailbox, o.ReturnStatus)
			if err != nil {
				continue // deleted meanwhile
			}
			out[i].Status = s
		}
		if err := w.WriteList(&out[i]); err != nil {
			return err
		}
	}
	return nil
}

// ErrUnservable is a message the demo's in-memory server would fail on
// while describing it: go-imap's server panics on a multipart without
// parts and drops the connection, which would stop every sync of the
// folder.
var ErrUnservable = errors.New("demo: the built-in server cannot describe this message")

// Servable says whether the demo's server can serve raw.
func Servable(raw []byte) error {
	if emptyMultipart(imapserver.ExtractBodyStructure(bytes.NewReader(raw))) {
		return fmt.Errorf("%w: a multipart with no parts", ErrUnservable)
	}
	return nil
}

func emptyMultipart(bs goimap.BodyStructure) bool {
	mp, ok := bs.(*goimap.BodyStructureMultiPart)
	if !ok {
		return false
	}
	if len(mp.Children) == 0 {
		return true
	}
	return slices.ContainsFunc(mp.Children, emptyMultipart)
}
