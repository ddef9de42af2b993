package imapsync

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport/imap"
)

// fakeConn is a server without CONDSTORE whose folders the test edits.
type fakeConn struct {
	folders  map[string]*fakeFolder
	selected string
	fetched  int // summaries sent
	failOn   string
}

type fakeFolder struct {
	validity uint32
	flags    map[uint32][]goimap.Flag
}

func (f *fakeConn) List(context.Context) ([]imap.Folder, error) {
	var out []imap.Folder
	for _, n := range slices.Sorted(maps.Keys(f.folders)) {
		r := imap.RoleNone
		if n == "INBOX" {
			r = imap.RoleInbox
		}
		out = append(out, imap.Folder{Name: n, Role: r, Selectable: true})
	}
	return out, nil
}

func (f *fakeConn) Select(_ context.Context, name string, _ bool) (*imap.Mailbox, error) {
	if name == f.failOn {
		return nil, errors.New("select refused")
	}
	f.selected = name
	return &imap.Mailbox{Name: name, UIDValidity: f.folders[name].validity, UIDNext: 100}, nil
}

func (f *fakeConn) UIDs(context.Context) (UIDSet, error) {
	var s UIDSet
	for u := range f.folders[f.selected].flags {
		s.AddNum(goimap.UID(u))
	}
	return s, nil
}

func (f *fakeConn) FetchSummaries(_ context.Context, uids UIDSet, _ int, fn func(imap.Summary) error) error {
	for _, u := range expand(uids) {
		fl, ok := f.folders[f.selected].flags[u]
		if !ok {
			continue
		}
		f.fetched++
		if err := fn(imap.Summary{UID: goimap.UID(u), Flags: fl, Envelope: &goimap.Envelope{Subject: "s"}}); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeConn) FetchHeaders(_ context.Context, uids UIDSet, _ int, _ []string, fn func(imap.HeaderSummary) error) error {
	for _, u := range expand(uids) {
		fl, ok := f.folders[f.selected].flags[u]
		if !ok {
			continue
		}
		f.fetched++
		if err := fn(imap.HeaderSummary{UID: goimap.UID(u), Flags: fl, Header: []byte("Subject: s\r\n\r\n")}); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeConn) FetchBody(_ context.Context, uid goimap.UID, _ imap.Section, _ int64, w io.Writer) (int64, error) {
	if _, ok := f.folders[f.selected].flags[uint32(uid)]; !ok {
		return 0, imap.ErrNoMessage
	}
	n, err := fmt.Fprintf(w, "Subject: s\r\n\r\ntext of %d\r\n", uid)
	return int64(n), err
}

func (f *fakeConn) ChangedSince(context.Context, uint64, func(imap.Change) error) error {
	return imap.ErrUnsupported
}

func TestResetOnUIDValidityChangeAndFlagsWithoutCondstore(t *testing.T) {
	conn := &fakeConn{folders: map[string]*fakeFolder{
		"INBOX": {validity: 7, flags: map[uint32][]goimap.Flag{1: nil, 2: nil, 3: {goimap.FlagSeen}}},
		"Other": {validity: 1, flags: map[uint32][]goimap.Flag{1: nil}},
	}}
	st := newMemStore()
	e := &Engine{Store: st}
	if _, err := e.Sync(t.Context(), conn); err != nil {
		t.Fatal(err)
	}
	if st.count("INBOX") != 3 {
		t.Fatalf("cached %d", st.count("INBOX"))
	}

	// Without CONDSTORE a flag change is found by fetching the flags again.
	conn.folders["INBOX"].flags[1] = []goimap.Flag{goimap.FlagFlagged}
	res, err := e.Sync(t.Context(), conn)
	if err != nil {
		t.Fatal(err)
	}
	if h, _ := st.header("INBOX", 1); !slices.Contains(h.Flags, `\Flagged`) || res[0].New != 0 {
		t.Fatalf("flags %v, result %+v", h.Flags, res[0])
	}

	// The server renumbers INBOX: the cache is dropped and refilled.
	conn.folders["INBOX"] = &fakeFolder{validity: 8, flags: map[uint32][]goimap.Flag{1: nil}}
	res, err = e.Sync(t.Context(), conn)
	if err != nil {
		t.Fatal(err)
	}
	if !res[0].Reset || res[0].New != 1 || st.count("INBOX") != 1 || !slices.Equal(st.resets, []string{"INBOX"}) {
		t.Fatalf("after UIDVALIDITY change: %+v, %d cached, resets %v", res[0], st.count("INBOX"), st.resets)
	}
	if st.state["INBOX"].UIDValidity != 8 {
		t.Errorf("state %+v", st.state["INBOX"])
	}
}

// One folder failing does not stop the others.
func TestFolderErrorIsolated(t *testing.T) {
	conn := &fakeConn{failOn: "Broken", folders: map[string]*fakeFolder{
		"INBOX":  {validity: 1, flags: map[uint32][]goimap.Flag{1: nil}},
		"Broken": {validity: 1, flags: map[uint32][]goimap.Flag{1: nil}},
		"Zed":    {validity: 1, flags: map[uint32][]goimap.Flag{1: nil}},
	}}
	res, err := (&Engine{Store: newMemStore()}).Sync(t.Context(), conn)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 || res[1].Err == nil || res[2].Err != nil || res[2].New != 1 {
		t.Fatalf("results %+v", res)
	}
}

func TestETA(t *testing.T) {
	p := Progress{Done: 10, Total: 30, Started: time.Now().Add(-10 * time.Second)}
	if eta := p.ETA(); eta < 19*time.Second || eta > 21*time.Second {
		t.Errorf("ETA = %v, want about 20s", eta)
	}
	if (Progress{Total: 5}).ETA() != 0 {
		t.Error("no rate yet must give no ETA")
	}
}
