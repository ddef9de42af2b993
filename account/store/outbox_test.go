package store

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func TestOutbox(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	now := time.UnixMilli(time.Now().UnixMilli())
	id, err := s.AddOutbox(ctx, OutboxItem{Account: "work", From: "me@x", To: []string{"a@y", "b@z"},
		Raw: []byte("Subject: hi\r\n\r\nbody"), MessageID: "m1@x", Next: now.Add(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	id2, _ := s.AddOutbox(ctx, OutboxItem{Account: "work", From: "me@x", To: []string{"c@y"}, Raw: []byte("x")})

	got, err := s.GetOutbox(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != OutboxQueued || !slices.Equal(got.To, []string{"a@y", "b@z"}) || string(got.Raw) != "Subject: hi\r\n\r\nbody" ||
		!got.Next.Equal(now.Add(time.Minute)) || got.Created.IsZero() {
		t.Errorf("item = %+v", got)
	}
	due, _ := s.OutboxDue(ctx, now)
	if len(due) != 1 || due[0].ID != id2 {
		t.Errorf("due now = %v", due)
	}
	due, _ = s.OutboxDue(ctx, now.Add(2*time.Minute))
	if len(due) != 2 || due[0].ID != id2 || due[1].ID != id {
		t.Errorf("due later = %d items", len(due))
	}

	got.State, got.Attempts, got.LastError, got.SentCopy = OutboxFailed, 3, "SEND-5", true
	if err := s.UpdateOutbox(ctx, got); err != nil {
		t.Fatal(err)
	}
	failed, _ := s.OutboxInState(ctx, OutboxFailed)
	if len(failed) != 1 || failed[0].Attempts != 3 || failed[0].LastError != "SEND-5" || !failed[0].SentCopy {
		t.Errorf("failed = %+v", failed)
	}
	// A claim holds only against the item as it was read.
	claim := got
	claim.State, claim.Owner = OutboxSending, "proc-a"
	if ok, err := s.SwapOutbox(ctx, got, claim); err != nil || !ok {
		t.Fatalf("first claim = %v, %v; want it taken", ok, err)
	}
	rival := got
	rival.State, rival.Owner = OutboxSending, "proc-b"
	if ok, err := s.SwapOutbox(ctx, got, rival); err != nil || ok {
		t.Fatalf("second claim of the same read = %v, %v; want it refused", ok, err)
	}
	if ok, err := s.RemoveOutboxIf(ctx, got); err != nil || ok {
		t.Fatalf("removing the claimed item as read before = %v, %v; want it refused", ok, err)
	}
	if it, _ := s.GetOutbox(ctx, id); it.Owner != "proc-a" || it.State != OutboxSending {
		t.Fatalf("after the claims: owner %q state %s; want proc-a sending", it.Owner, it.State)
	}
	if ok, err := s.RemoveOutboxIf(ctx, claim); err != nil || !ok {
		t.Fatalf("remove = %v, %v", ok, err)
	}
	if _, err := s.GetOutbox(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Errorf("removed item: %v", err)
	}
	if err := s.UpdateOutbox(ctx, OutboxItem{ID: id}); !errors.Is(err, ErrNotFound) {
		t.Errorf("update removed: %v", err)
	}
	if ok, err := s.RemoveOutboxIf(ctx, claim); err != nil || ok {
		t.Errorf("remove twice = %v, %v", ok, err)
	}
}

func TestActions(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	a1, err := s.AddAction(ctx, Action{Account: "work", Folder: "INBOX", UIDs: []uint32{3, 1, 2}, Kind: "flag", Args: `\Seen`})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddAction(ctx, Action{Account: "home", Folder: "INBOX", UIDs: []uint32{9}, Kind: "delete"}); err != nil {
		t.Fatal(err)
	}
	a3, _ := s.AddAction(ctx, Action{Account: "work", Folder: "INBOX", UIDs: []uint32{4}, Kind: "move", Args: "Archive"})
	got, err := s.Actions(ctx, "work")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != a1 || got[1].ID != a3 || !slices.Equal(got[0].UIDs, []uint32{3, 1, 2}) ||
		got[0].Args != `\Seen` || got[1].Kind != "move" || got[0].Created.IsZero() {
		t.Errorf("actions = %+v", got)
	}
	if err := s.RemoveAction(ctx, a1); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Actions(ctx, "work"); len(got) != 1 || got[0].ID != a3 {
		t.Errorf("after remove: %+v", got)
	}
	if err := s.RemoveAction(ctx, a1); !errors.Is(err, ErrNotFound) {
		t.Errorf("remove twice: %v", err)
	}
}

func TestPruneOutboxKeepsWhatIsNotDone(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	now := time.Now()
	old := now.Add(-40 * 24 * time.Hour)
	add := func(state OutboxState, copied bool, created time.Time) int64 {
		t.Helper()
		id, err := s.AddOutbox(ctx, OutboxItem{Account: "a", From: "me@x", To: []string{"you@y"}, Raw: []byte("m"),
			State: state, SentCopy: copied, Created: created})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	gone := add(OutboxSent, true, old)
	keep := []int64{
		add(OutboxSent, false, old),  // its Sent copy is still to be filed
		add(OutboxSent, true, now),   // sent recently: shown in the outbox
		add(OutboxFailed, true, old), // waits for the user
		add(OutboxUnknown, false, old),
		add(OutboxQueued, false, old),
	}
	n, err := s.PruneOutbox(ctx, now.Add(-30*24*time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("pruned %d, %v; want 1", n, err)
	}
	if _, err := s.GetOutbox(ctx, gone); !errors.Is(err, ErrNotFound) {
		t.Errorf("the old sent message is still there: %v", err)
	}
	for _, id := range keep {
		if _, err := s.GetOutbox(ctx, id); err != nil {
			t.Errorf("item %d: %v", id, err)
		}
	}
}
