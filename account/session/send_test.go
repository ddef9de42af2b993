package session

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"
	"go.uber.org/goleak"

	"wren/account"
	"wren/account/compose"
	"wren/account/outbox"
	"wren/account/store"
	"wren/transport"
	"wren/transport/imap"
	"wren/transport/rfc822"
	"wren/transport/testserver"
)

// realAccount is an account of u on the test servers.
func realAccount(srv *testserver.Servers, u testserver.User) account.Account {
	in, out := srv.IMAPTLS, srv.SubmitTLS
	return account.Account{
		Name: "Real", Address: u.Address,
		Identities: []account.Identity{{Name: "Sender", Address: u.Address, Signature: "Sender\nwren.test"}},
		Incoming:   account.Server{Protocol: account.IMAP, Host: in.Host, Port: in.Port, Security: in.Security, Username: u.Address, Auth: account.AuthPassword},
		Outgoing:   account.Server{Protocol: account.SMTP, Host: out.Host, Port: out.Port, Security: out.Security, Username: u.Address, Auth: account.AuthPassword},
	}
}

func realSession(t *testing.T, srv *testserver.Servers, u testserver.User) *Session {
	t.Helper()
	s, err := Open(t.Context(), Config{
		Accounts: []account.Account{realAccount(srv, u)},
		DataDir:  t.TempDir(),
		Password: func(context.Context, *account.Account, account.Server) (string, error) { return u.Password, nil },
		Base:     srv.Options(),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// outboxEvents forwards every OnOutbox report.
func outboxEvents(s *Session) <-chan outbox.Item {
	ch := make(chan outbox.Item, 64)
	s.OnOutbox(func(it outbox.Item) { ch <- it })
	return ch
}

// waitOutbox waits for item id to reach a final state and returns it.
func waitOutbox(t *testing.T, ch <-chan outbox.Item, id int64) outbox.Item {
	t.Helper()
	timeout := time.After(60 * time.Second)
	for {
		select {
		case it := <-ch:
			if it.ID != id {
				continue
			}
			switch it.State {
			case outbox.Sent:
				if it.SentCopy {
					return it
				}
			case outbox.Failed, outbox.Unknown:
				t.Fatalf("message %d %s: %v", id, it.State, it.Err)
			}
		case <-timeout:
			t.Fatalf("message %d: no outcome", id)
		}
	}
}

// mailbox reads the messages of a user's folder, waiting (with IDLE, the
// server's own signal) until it holds at least n.
func mailbox(t *testing.T, srv *testserver.Servers, u testserver.User, folder string, n int) []*rfc822.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	c, err := imap.Dial(ctx, srv.IMAPTLS, srv.Options())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(ctx, u.Address, u.Password); err != nil {
		t.Fatal(err)
	}
	mb, err := c.Select(ctx, folder, true)
	if err != nil {
		t.Fatal(err)
	}
	if int(mb.Messages) < n {
		idleCtx, stop := context.WithCancel(ctx)
		err := c.Idle(idleCtx, func(up imap.Update) {
			if up.Kind == imap.UpdateExists && int(up.Count) >= n {
				stop()
			}
		})
		stop()
		if err != nil || ctx.Err() != nil {
			t.Fatalf("%s of %s: fewer than %d messages: %v %v", folder, u.Name, n, err, ctx.Err())
		}
	}
	uids, err := c.UIDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	nums, _ := uids.Nums()
	var out []*rfc822.Message
	for _, uid := range nums {
		var buf bytes.Buffer
		if _, err := c.FetchBody(ctx, goimap.UID(uid), imap.Section{}, 0, &buf); err != nil {
			t.Fatal(err)
		}
		m, err := rfc822.Parse(&buf, rfc822.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// A reply with an attachment goes through the session's outbox to the
// real Postfix: it reaches the recipient's Inbox and the sender's Sent
// folder, and can no longer be taken back.
func TestSendReplyEndToEnd(t *testing.T) {
	srv := testserver.Require(t)
	from, to := srv.NewUser(t), srv.NewUser(t)
	s := realSession(t, srv, from)
	events := outboxEvents(s)
	s.Start(t.Context())

	orig := &rfc822.Message{
		Subject: "Plan", MessageID: "orig-1@wren.test", Date: time.Now().Add(-time.Hour),
		From: []rfc822.Address{{Name: "Recipient", Address: to.Address}},
		To:   []rfc822.Address{{Address: from.Address}},
	}
	name, id := compose.PickIdentity(s.Accounts(), orig)
	if name != "Real" || id.Address != from.Address {
		t.Fatalf("identity %s %+v", name, id)
	}
	d := compose.Reply(compose.Original{Message: orig, Text: "Shall we?"}, id, compose.ReplyOptions{Now: time.Now()})
	d.Text = "Yes, notes attached." + d.Text
	d.Attachments = []rfc822.DraftAttachment{{Filename: "notes.txt", ContentType: "text/plain", Reader: bytes.NewReader([]byte("the notes"))}}
	limit, err := s.SizeLimit(t.Context(), "Real")
	if err != nil || limit <= 0 {
		t.Fatalf("SIZE limit %d, %v", limit, err)
	}
	if err := compose.CheckSize(d, limit); err != nil {
		t.Fatal(err)
	}
	qid, err := s.Send(t.Context(), "Real", d, 0)
	if err != nil {
		t.Fatal(err)
	}
	waitOutbox(t, events, qid)

	got := mailbox(t, srv, to, "INBOX", 1)
	if len(got) != 1 {
		t.Fatalf("recipient has %d messages", len(got))
	}
	m := got[0]
	if m.Subject != "Re: Plan" || !slices.Equal(m.InReplyTo, []string{"orig-1@wren.test"}) || len(m.Attachments) != 1 ||
		m.Attachments[0].Filename != "notes.txt" || string(m.Attachments[0].Data) != "the notes" {
		t.Errorf("received %q in-reply-to %v attachments %+v", m.Subject, m.InReplyTo, m.Attachments)
	}
	if sent := mailbox(t, srv, from, "Sent", 1); len(sent) != 1 || sent[0].MessageID != m.MessageID {
		t.Errorf("Sent folder: %d messages", len(sent))
	}
	if _, err := s.Undo(t.Context(), qid); !errors.Is(err, outbox.ErrNotUndoable) {
		t.Errorf("Undo after sending: %v", err)
	}
	items, err := s.Outbox(t.Context())
	if err != nil || len(items) != 1 || items[0].ID != qid || items[0].State != outbox.Sent {
		t.Errorf("outbox %+v, %v", items, err)
	}
}

// Undo within the delay gives the draft back and nothing is sent: a
// later message queued to go out after the undone one's time arrives
// alone.
func TestUndoWithinDelay(t *testing.T) {
	srv := testserver.Require(t)
	from, to, hidden := srv.NewUser(t), srv.NewUser(t), srv.NewUser(t)
	s := realSession(t, srv, from)
	events := outboxEvents(s)
	s.Start(t.Context())

	draft := func(subject string) rfc822.Draft {
		return rfc822.Draft{To: []rfc822.Address{{Address: to.Address}}, Bcc: []rfc822.Address{{Address: hidden.Address}},
			Subject: subject, Text: "text of " + subject}
	}
	undone, err := s.Send(t.Context(), "Real", draft("Undone"), 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	back, err := s.Undo(t.Context(), undone)
	if err != nil {
		t.Fatal(err)
	}
	if back.Subject != "Undone" || back.Text != "text of Undone" || len(back.Bcc) != 1 || back.From.Address != from.Address {
		t.Errorf("draft back: %+v", back)
	}
	if _, err := s.Undo(t.Context(), undone); err == nil {
		t.Error("second Undo succeeded")
	}
	fence, err := s.Send(t.Context(), "Real", draft("Fence"), 3*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	waitOutbox(t, events, fence)
	got := mailbox(t, srv, to, "INBOX", 1)
	if len(got) != 1 || got[0].Subject != "Fence" {
		var subjects []string
		for _, m := range got {
			subjects = append(subjects, m.Subject)
		}
		t.Errorf("recipient got %q", subjects)
	}
	if got := mailbox(t, srv, hidden, "INBOX", 1); len(got) != 1 || got[0].Subject != "Fence" || len(got[0].Bcc) != 0 {
		t.Errorf("Bcc recipient got %d messages", len(got))
	}
	if _, err := s.Send(t.Context(), "Real", rfc822.Draft{Subject: "nobody"}, 0); !errors.Is(err, ErrNoRecipients) {
		t.Errorf("no recipients: %v", err)
	}
	if _, err := s.Send(t.Context(), "Nope", draft("x"), 0); !errors.Is(err, account.ErrNoAccount) {
		t.Errorf("unknown account: %v", err)
	}
	// Refused before anything is queued (issue #17): a recipient that is
	// no address, a From the account does not own.
	bad := draft("bad")
	bad.Cc = []rfc822.Address{{Name: "bob at example.com"}}
	if _, err := s.Send(t.Context(), "Real", bad, 0); transport.CodeOf(err) != transport.CodeBadRecipient {
		t.Errorf("unparseable recipient: %v", err)
	}
	alias := draft("alias")
	alias.From = rfc822.Address{Address: "ceo@example.org"}
	if _, err := s.Send(t.Context(), "Real", alias, 0); transport.CodeOf(err) != transport.CodeNotIdentity {
		t.Errorf("From no identity: %v", err)
	}
}

// After a restart, Undo rebuilds the draft from the queued message,
// Bcc included.
func TestUndoAfterRestart(t *testing.T) {
	dir := t.TempDir()
	acct := account.Account{Name: "A", Address: "me@wren.test",
		Outgoing: account.Server{Protocol: account.SMTP, Host: "smtp.invalid", Port: 465}}
	open := func() *Session {
		s, err := Open(t.Context(), Config{Accounts: []account.Account{acct}, DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := open()
	d := rfc822.Draft{To: []rfc822.Address{{Address: "a@wren.test"}}, Bcc: []rfc822.Address{{Address: "b@wren.test"}}, Subject: "later", Text: "t\n"}
	id, err := s.Send(t.Context(), "A", d, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = open()
	defer s.Close()
	back, err := s.Undo(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if back.Subject != "later" || back.From.Address != "me@wren.test" || len(back.To) != 1 || len(back.Bcc) != 1 || back.Bcc[0].Address != "b@wren.test" {
		t.Errorf("rebuilt %+v", back)
	}
}

// A refused login fails the message with its error (the GUI explains
// it); Retry after the fix sends it. Close stops the outbox goroutine.
func TestFailedThenRetry(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	srv := testserver.Require(t)
	from, to := srv.NewUser(t), srv.NewUser(t)
	var good atomic.Bool
	s, err := Open(t.Context(), Config{
		Accounts: []account.Account{realAccount(srv, from)},
		DataDir:  t.TempDir(),
		Password: func(context.Context, *account.Account, account.Server) (string, error) {
			if good.Load() {
				return from.Password, nil
			}
			return "wrong", nil
		},
		Base: srv.Options(),
	})
	if err != nil {
		t.Fatal(err)
	}
	events := outboxEvents(s)
	s.Start(t.Context())
	id, err := s.Send(t.Context(), "Real", rfc822.Draft{To: []rfc822.Address{{Address: to.Address}}, Subject: "retry", Text: "x"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	timeout := time.After(60 * time.Second)
	for failed := false; !failed; {
		select {
		case it := <-events:
			if it.ID != id || it.State == outbox.Queued || it.State == outbox.Sending {
				continue
			}
			if it.State != outbox.Failed || transport.CodeOf(it.Err) == "" {
				t.Fatalf("with a wrong password: %s %v", it.State, it.Err)
			}
			failed = true
		case <-timeout:
			t.Fatal("no outcome with a wrong password")
		}
	}
	good.Store(true)
	if err := s.Retry(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	waitOutbox(t, events, id)
	if got := mailbox(t, srv, to, "INBOX", 1); len(got) != 1 || got[0].Subject != "retry" {
		t.Errorf("recipient got %d messages", len(got))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// Sent messages leave the outbox once their Sent copy is filed and they
// are older than keepSent; recent ones stay in view.
func TestOldSentMessagesLeaveTheOutbox(t *testing.T) {
	srv := testserver.Require(t)
	s := realSession(t, srv, srv.NewUser(t))
	ctx := t.Context()
	add := func(created time.Time) int64 {
		t.Helper()
		id, err := s.Store.AddOutbox(ctx, store.OutboxItem{Account: "Real", From: "me@x", To: []string{"you@y"},
			Raw: []byte("Subject: s\r\n\r\nx"), State: store.OutboxSent, SentCopy: true, Created: created})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	old, recent := add(time.Now().Add(-keepSent-time.Hour)), add(time.Now())
	s.Start(ctx)
	for {
		if _, err := s.Store.GetOutbox(ctx, old); errors.Is(err, store.ErrNotFound) {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatal("the old sent message was never pruned")
		case <-time.After(20 * time.Millisecond):
		}
	}
	if _, err := s.Store.GetOutbox(ctx, recent); err != nil {
		t.Fatalf("the recent sent message went too: %v", err)
	}
}

// A sent message's copy shows in the account's Sent folder in the store
// right after sending (the Sent folder is synced then, not at the next
// full sync minutes later), and every outbox listener hears of it.
func TestSentCopyShowsAtOnce(t *testing.T) {
	srv := testserver.Require(t)
	from, to := srv.NewUser(t), srv.NewUser(t)
	s := realSession(t, srv, from)
	ctx := guard(t)
	waitOnline := onlineReports(t, ctx, s)
	first, second := outboxEvents(s), outboxEvents(s)
	s.Start(ctx)
	waitOnline() // the first sync is over: Sent is known, and empty
	qid, err := s.Send(ctx, "Real", rfc822.Draft{To: []rfc822.Address{{Address: to.Address}}, Subject: "Filed at once", Text: "x"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	waitOutbox(t, first, qid)
	waitOutbox(t, second, qid)
	for {
		p, err := s.Store.List(ctx, "Real", "Sent", store.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Messages) == 1 && p.Messages[0].Subject == "Filed at once" {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the Sent copy never reached the store: Sent holds %d messages", len(p.Messages))
		case <-time.After(20 * time.Millisecond):
		}
	}
}
