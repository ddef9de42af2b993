package compose

import (
	"context"
	"iter"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"wren/account/demo"
	"wren/account/imapsync"
	"wren/account/outbox"
	"wren/account/session"
	appsettings "wren/account/settings"
	"wren/account/store"
)

// demoSession is the in-process demo (its SMTP delivers into its own
// IMAP INBOX) with one message to answer, synced once.
func demoSession(t *testing.T) (*session.Session, store.Message) {
	t.Helper()
	raw := "From: Anna Berg <anna@example.org>\r\nTo: " + demo.Name + " <" + demo.Address + ">\r\n" +
		"Subject: Lunch\r\nDate: Mon, 2 Mar 2026 09:00:00 +0000\r\nMessage-ID: <lunch-1@example.org>\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\nLunch on Friday?\r\n"
	src := demo.SourceFunc(func() iter.Seq[demo.Message] {
		return func(yield func(demo.Message) bool) {
			yield(demo.Message{Folder: "INBOX", Date: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), Raw: []byte(raw)})
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	s, err := session.OpenDemo(ctx, src, nil)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		if err := s.Close(); err != nil {
			t.Errorf("closing the demo: %v", err)
		}
	})
	online := make(chan struct{}, 16)
	s.OnStatus(func(_ string, st imapsync.Status) {
		if st.State == imapsync.StateOnline {
			select {
			case online <- struct{}{}:
			default:
			}
		}
	})
	s.Start(ctx)
	select {
	case <-online:
	case <-time.After(60 * time.Second):
		t.Fatal("the demo did not sync")
	}
	page, err := s.Store.List(ctx, demo.AccountName, "INBOX", store.ListOptions{Limit: 10})
	if err != nil || len(page.Messages) != 1 {
		t.Fatalf("demo INBOX: %v %v", page.Messages, err)
	}
	return s, page.Messages[0]
}

func undoSettings(t *testing.T, seconds int) *appsettings.File {
	t.Helper()
	f, err := appsettings.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s := f.Get()
	s.UndoSendSeconds = seconds
	if err := f.Save(s); err != nil {
		t.Fatal(err)
	}
	return f
}

// inbox lists the subjects in the demo INBOX.
func inbox(t *testing.T, s *session.Session) []string {
	page, err := s.Store.List(t.Context(), demo.AccountName, "INBOX", store.ListOptions{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range page.Messages {
		out = append(out, m.Subject)
	}
	return out
}

func TestDemoReplySentThroughOutboxArrives(t *testing.T) {
	s, msg := demoSession(t)
	m, ev := newManager(t, s, Deps{Accounts: s.Accounts(), Settings: undoSettings(t, 0)})
	m.Reply(msg, false)
	w := ev.opened(t)
	if w.to.Text != "Anna Berg <anna@example.org>" || w.subject.Text != "Re: Lunch" || !strings.Contains(w.body.Text, "> Lunch on Friday?") {
		t.Fatalf("reply: to %q subject %q body %q", w.to.Text, w.subject.Text, w.body.Text)
	}
	onUI(m, func() {
		// The demo's SMTP keeps only mail for the demo user.
		w.cc.SetText(demo.Address)
		w.body.SetText("Friday works.\n" + w.body.Text)
		w.Send()
	})
	ev.wait(t, "closed")
	ev.wait(t, "outbox:sent")
	if !strings.Contains(m.bar.text.Text, "sent") {
		t.Errorf("bar: %q", m.bar.text.Text)
	}
	// The demo's SMTP delivers into its own INBOX; the sync brings it.
	eventually(t, "the reply arrives in the demo INBOX", func() bool {
		if err := s.SyncNow(demo.AccountName); err != nil {
			t.Fatal(err)
		}
		for _, sub := range inbox(t, s) {
			if sub == "Re: Lunch" {
				return true
			}
		}
		return false
	})
	items, err := s.Outbox(t.Context())
	if err != nil || len(items) != 1 || items[0].State != outbox.Sent {
		t.Errorf("outbox: %+v %v", items, err)
	}
}

func TestDemoUndoWithinDelay(t *testing.T) {
	s, _ := demoSession(t)
	m, ev := newManager(t, s, Deps{Accounts: s.Accounts(), Settings: undoSettings(t, 5)})
	m.New()
	w := ev.opened(t)
	onUI(m, func() {
		w.to.SetText("anna@example.org")
		w.cc.SetText(demo.Address) // would arrive in the demo INBOX if sent
		w.subject.SetText("Second thoughts")
		w.Send()
	})
	ev.wait(t, "closed")
	if !strings.Contains(m.bar.text.Text, "Sending in 5 s") {
		t.Fatalf("bar: %q", m.bar.text.Text)
	}
	onUI(m, func() { test.Tap(m.bar.undo) })
	w2 := ev.wait(t, "undone")
	if w2.subject.Text != "Second thoughts" || w2.to.Text != "anna@example.org" {
		t.Errorf("reopened: %q %q", w2.subject.Text, w2.to.Text)
	}
	items, err := s.Outbox(t.Context())
	if err != nil || len(items) != 0 {
		t.Errorf("outbox after undo: %+v %v", items, err)
	}
	for _, sub := range inbox(t, s) {
		if sub == "Second thoughts" {
			t.Error("an undone message was delivered")
		}
	}
}
