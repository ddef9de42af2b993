package session

import (
	"context"
	"testing"
	"time"
	"wren/transport"

	"go.uber.org/goleak"

	"wren/account/imapsync"
	"wren/account/store"
)

// The demo session syncs its account into its own store and reports
// online; Close stops everything.
func TestDemoSessionSyncs(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ctx := t.Context()
	s, err := OpenDemo(ctx, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	online := make(chan struct{}, 1)
	s.OnStatus(func(name string, st imapsync.Status) {
		if st.State == imapsync.StateOnline {
			select {
			case online <- struct{}{}:
			default:
			}
		}
		if st.State == imapsync.StateError {
			t.Errorf("%s: %v", name, st.Err)
		}
	})
	s.Start(context.Background())
	select {
	case <-online:
	case <-time.After(20 * time.Second):
		t.Fatal("demo account never came online")
	}
	page, err := s.Store.List(ctx, "Demo", "INBOX", store.ListOptions{Limit: 10})
	if err != nil || len(page.Messages) == 0 {
		t.Fatalf("demo inbox: %d messages, %v", len(page.Messages), err)
	}
	folders, err := s.Store.Folders(ctx, "Demo")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, f := range folders {
		total += f.Total
	}
	if total < 190 || len(folders) < 6 {
		t.Errorf("demo store: %d messages in %d folders, want the ~200 generated ones", total, len(folders))
	}
	if st, err := s.Status("Demo"); err != nil || st.State != imapsync.StateOnline || st.LastSynced.IsZero() {
		t.Errorf("status %+v, %v", st, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// Text the store lacks comes from the server and is kept for next time.
func TestFetchTextKeepsIt(t *testing.T) {
	ctx := t.Context()
	s := headersOnlyDemo(t)
	page, err := s.Store.List(ctx, "Demo", "INBOX", store.ListOptions{Limit: 1})
	if err != nil || len(page.Messages) != 1 {
		t.Fatalf("inbox: %v", err)
	}
	m := page.Messages[0]
	if _, err := s.Store.GetPart(ctx, m.ID, "TEXT"); err == nil {
		t.Fatal("text cached before it was fetched")
	}
	text, err := s.FetchText(ctx, m)
	if err != nil || text == "" {
		t.Fatalf("FetchText: %q, %v", text, err)
	}
	kept, err := s.Store.GetPart(ctx, m.ID, "TEXT")
	if err != nil || string(kept) != text {
		t.Fatalf("kept %q, %v", kept, err)
	}
}

// The demo's failure tour is the real server's refusal, with its code.
func TestDemoLoginFailure(t *testing.T) {
	ctx := t.Context()
	s, err := OpenDemo(ctx, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.DemoLoginFailure(ctx)
	if te, ok := transport.As(err); !ok || te.Code == "" || te.Protocol != transport.ProtoIMAP {
		t.Fatalf("want an IMAP transport error with a code, got %v", err)
	}
}
