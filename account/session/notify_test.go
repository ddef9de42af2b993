package session

import (
	"context"
	"errors"
	"testing"
	"time"

	"wren/account"
	"wren/account/imapsync"
	"wren/account/store"
)

// notifySession is a session over a fresh store with one account "work"
// whose Inbox holds uids 1..2 (one read) and UIDNEXT 3; no runners.
func notifySession(t *testing.T) *Session {
	t.Helper()
	s, err := Open(t.Context(), Config{Accounts: []account.Account{{Name: "work"}}, DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Store.UpsertFolder(t.Context(), "work", "INBOX", store.RoleInbox); err != nil {
		t.Fatal(err)
	}
	deliver(t, s, 3, inboxMsg(1, "Old", true, 0), inboxMsg(2, "Older unread", false, 1))
	return s
}

func inboxMsg(uid uint32, subject string, seen bool, minutes int) store.Message {
	return store.Message{UID: uid, Subject: subject, Flags: store.Flags{Seen: seen},
		From: store.Address{Name: "Anna", Addr: "anna@example.com"},
		Date: time.Date(2026, 1, 1, 9, minutes, 0, 0, time.UTC)}
}

// deliver stores ms in the Inbox as a sync would, UIDNEXT last.
func deliver(t *testing.T, s *Session, next uint32, ms ...store.Message) {
	t.Helper()
	if len(ms) > 0 {
		if err := s.Store.UpsertMessages(t.Context(), "work", "INBOX", 7, ms); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Store.SetFolderState(t.Context(), "work", "INBOX", store.FolderState{UIDValidity: 7, UIDNext: next}); err != nil {
		t.Fatal(err)
	}
}

func TestNewMailOncePerBatchNotOnFirstSync(t *testing.T) {
	s := notifySession(t)
	var got []NewMail
	s.OnNewMail(func(n NewMail) { got = append(got, n) })

	// The first check after start (the first full sync) only sets the mark.
	if err := s.checkNewMail(t.Context(), "work"); err != nil || len(got) != 0 {
		t.Fatalf("first check: %v, reported %+v", err, got)
	}
	// Three arrive, one of them already read elsewhere.
	deliver(t, s, 6, inboxMsg(3, "Budget", false, 5), inboxMsg(4, "Lunch", false, 9), inboxMsg(5, "Seen on phone", true, 10))
	if err := s.checkNewMail(t.Context(), "work"); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Account != "work" || got[0].Count != 2 || got[0].Newest.Subject != "Lunch" {
		t.Fatalf("reported %+v, want one batch of 2, newest Lunch", got)
	}
	// Nothing new: nothing reported, the same batch is not repeated.
	if err := s.checkNewMail(t.Context(), "work"); err != nil || len(got) != 1 {
		t.Fatalf("quiet check: %v, reported %d batches", err, len(got))
	}
	// A new batch of only read mail reports nothing.
	deliver(t, s, 7, inboxMsg(6, "Read", true, 20))
	if err := s.checkNewMail(t.Context(), "work"); err != nil || len(got) != 1 {
		t.Fatalf("read-only batch: %v, reported %d batches", err, len(got))
	}
	deliver(t, s, 8, inboxMsg(7, "Hello", false, 30))
	if err := s.checkNewMail(t.Context(), "work"); err != nil || len(got) != 2 || got[1].Count != 1 || got[1].Newest.UID != 7 {
		t.Fatalf("second batch: %v, reported %+v", err, got)
	}
}

func TestNewMailIgnoresUIDValidityChange(t *testing.T) {
	s := notifySession(t)
	var got []NewMail
	s.OnNewMail(func(n NewMail) { got = append(got, n) })
	if err := s.checkNewMail(t.Context(), "work"); err != nil {
		t.Fatal(err)
	}
	if err := s.Store.ResetFolder(t.Context(), "work", "INBOX", 8); err != nil {
		t.Fatal(err)
	}
	if err := s.Store.UpsertMessages(t.Context(), "work", "INBOX", 8, []store.Message{inboxMsg(1, "Renumbered", false, 0), inboxMsg(2, "Also", false, 1)}); err != nil {
		t.Fatal(err)
	}
	if err := s.Store.SetFolderState(t.Context(), "work", "INBOX", store.FolderState{UIDValidity: 8, UIDNext: 30}); err != nil {
		t.Fatal(err)
	}
	if err := s.checkNewMail(t.Context(), "work"); err != nil || len(got) != 0 {
		t.Fatalf("after a UIDVALIDITY change: %v, reported %+v", err, got)
	}
}

// Status changes from the runner start the check in the background; the
// batch arrives on the OnNewMail callback.
func TestNewMailFromOnlineStatus(t *testing.T) {
	s := notifySession(t)
	batches := make(chan NewMail, 4)
	s.OnNewMail(func(n NewMail) { batches <- n })
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	s.noteStatus(ctx, "work", imapsync.Status{State: imapsync.StateSyncing}) // not online: no check
	s.noteStatus(ctx, "work", imapsync.Status{State: imapsync.StateOnline})  // the first: sets the mark
	s.done.Wait()
	deliver(t, s, 4, inboxMsg(3, "Fresh", false, 40))
	s.noteStatus(ctx, "work", imapsync.Status{State: imapsync.StateOnline})
	select {
	case n := <-batches:
		if n.Count != 1 || n.Newest.Subject != "Fresh" {
			t.Errorf("batch %+v", n)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no batch after new mail came online")
	}
	s.done.Wait()
	if len(batches) != 0 {
		t.Errorf("%d extra batches", len(batches))
	}
}

func TestSyncNowUnknownAccount(t *testing.T) {
	s := notifySession(t)
	if err := s.SyncNow("nobody"); !errors.Is(err, account.ErrNoAccount) {
		t.Errorf("SyncNow(nobody) = %v, want ErrNoAccount", err)
	}
}

// Get mail on an online account syncs again at once (not after the poll
// interval): a second syncing → online round follows SyncNow.
func TestSyncNowResyncs(t *testing.T) {
	s, err := OpenDemo(t.Context(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	states := make(chan imapsync.State, 256)
	s.OnStatus(func(_ string, st imapsync.Status) {
		select {
		case states <- st.State:
		default:
		}
	})
	s.Start(t.Context())
	waitState := func(want imapsync.State) {
		t.Helper()
		deadline := time.After(30 * time.Second)
		for {
			select {
			case st := <-states:
				if st == want {
					return
				}
			case <-deadline:
				t.Fatalf("no %s state", want)
			}
		}
	}
	waitState(imapsync.StateOnline)
	if err := s.SyncNow("Demo"); err != nil {
		t.Fatal(err)
	}
	waitState(imapsync.StateSyncing)
	waitState(imapsync.StateOnline)
}
