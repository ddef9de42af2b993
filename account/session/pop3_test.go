package session

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"wren/account"
	"wren/account/actions"
	"wren/account/store"
	"wren/transport/rfc822"
	"wren/transport/testserver"
)

// With the real Dovecot: a POP3 account is checked by the session (at
// once and on Get mail), reports its state like an IMAP one, and user
// actions change only the local store.
func TestPOP3AccountInTheSession(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	ctx := guard(t)
	c := srv.Client(t, ctx, u)
	testserver.Append(t, ctx, c, u.Address, "first")

	s := pop3Session(t, srv, u)
	waitOnline := onlineReports(t, ctx, s)
	s.Start(ctx)
	subjects := func() []string {
		t.Helper()
		p, err := s.Store.List(ctx, "Real", store.POP3Inbox, store.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range p.Messages {
			out = append(out, m.Subject)
		}
		return out
	}
	waitOnline()
	if got := subjects(); len(got) != 1 || got[0] != "first" {
		t.Fatalf("local Inbox %q after the first check", got)
	}
	if st, err := s.Status("Real"); err != nil || st.LastSynced.IsZero() {
		t.Errorf("status %+v, %v", st, err)
	}

	testserver.Append(t, ctx, c, u.Address, "second")
	if err := s.SyncNow("Real"); err != nil {
		t.Fatal(err)
	}
	waitOnline()
	if got := subjects(); len(got) != 2 {
		t.Fatalf("local Inbox %q after Get mail", got)
	}

	m, err := s.Store.MessageByUID(ctx, "Real", store.POP3Inbox, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Act(ctx, "Real", store.POP3Inbox, []uint32{m.UID}, actions.Read, ""); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Store.MessageByUID(ctx, "Real", store.POP3Inbox, m.UID); !m.Flags.Seen {
		t.Error("marking read did not change the local copy")
	}
	// Junk moves to the local Junk folder, marked $Junk; Not junk brings
	// it back marked $NotJunk, as a server would keep it.
	if err := s.Act(ctx, "Real", store.POP3Inbox, []uint32{m.UID}, actions.Junk, store.POP3Junk); err != nil {
		t.Fatal(err)
	}
	if j, err := s.Store.MessageByUID(ctx, "Real", store.POP3Junk, m.UID); err != nil || !slices.Equal(j.Flags.Keywords, []string{"$Junk"}) {
		t.Fatalf("in Junk: %+v, %v; want the message marked $Junk", j.Flags, err)
	}
	if err := s.Act(ctx, "Real", store.POP3Junk, []uint32{m.UID}, actions.NotJunk, store.POP3Inbox); err != nil {
		t.Fatal(err)
	}
	if back, err := s.Store.MessageByUID(ctx, "Real", store.POP3Inbox, m.UID); err != nil ||
		!slices.Equal(back.Flags.Keywords, []string{"$NotJunk"}) || !back.Flags.Seen {
		t.Fatalf("back in the Inbox: %+v, %v; want it read and marked $NotJunk only", back.Flags, err)
	}
	// Delete moves to the local Trash; deleting there removes it for good.
	if err := s.Act(ctx, "Real", store.POP3Inbox, []uint32{m.UID}, actions.Move, store.POP3Trash); err != nil {
		t.Fatal(err)
	}
	if got := subjects(); len(got) != 1 {
		t.Errorf("local Inbox %q after the move to Trash", got)
	}
	if uids, err := s.Store.LocalUIDs(ctx, "Real", store.POP3Trash); err != nil || len(uids) != 1 || uids[0] != m.UID {
		t.Fatalf("local Trash %v, %v", uids, err)
	}
	if err := s.Act(ctx, "Real", store.POP3Trash, []uint32{m.UID}, actions.Delete, ""); err != nil {
		t.Fatal(err)
	}
	if uids, _ := s.Store.LocalUIDs(ctx, "Real", store.POP3Trash); len(uids) != 0 {
		t.Errorf("local Trash %v after deleting for good", uids)
	}
	if q, err := s.Store.Actions(ctx, "Real"); err != nil || len(q) != 0 {
		t.Errorf("actions queued for a POP3 account: %v, %v", q, err)
	}
	// Deleted locally, never downloaded again.
	if err := s.SyncNow("Real"); err != nil {
		t.Fatal(err)
	}
	waitOnline()
	if got := subjects(); len(got) != 1 {
		t.Errorf("local Inbox %q after another check, want the deleted message gone for good", got)
	}
}

// With the real Postfix: what a POP3 account sends is kept in its local
// Sent folder (its server has none), so it outlives the outbox.
func TestPOP3AccountKeepsSentMail(t *testing.T) {
	srv := testserver.Require(t)
	from, to := srv.NewUser(t), srv.NewUser(t)
	s := pop3Session(t, srv, from)
	events := outboxEvents(s)
	s.Start(t.Context())
	d := rfc822.Draft{To: []rfc822.Address{{Address: to.Address}}, Subject: "Kept here", Text: "the tuesday plan"}
	qid, err := s.Send(t.Context(), "Real", d, 0)
	if err != nil {
		t.Fatal(err)
	}
	sent := waitOutbox(t, events, qid)
	got := mailbox(t, srv, to, "INBOX", 1)
	if len(got) != 1 || got[0].MessageID != sent.MessageID {
		t.Fatalf("recipient has %d messages", len(got))
	}
	p, err := s.Store.List(t.Context(), "Real", store.POP3Sent, store.ListOptions{})
	if err != nil || len(p.Messages) != 1 {
		t.Fatalf("local Sent: %v, %v", subjectsOf(p.Messages), err)
	}
	m := p.Messages[0]
	if m.Subject != "Kept here" || !m.Flags.Seen || m.To[0].Addr != to.Address {
		t.Errorf("local Sent copy %q to %v seen %v", m.Subject, m.To, m.Flags.Seen)
	}
	// The reader opens it as any local message.
	raw, err := sent.ReadAll(1 << 20)
	if err != nil {
		t.Fatal(err)
	}
	if src, err := s.FetchSource(t.Context(), m); err != nil || !bytes.Equal(src, raw) {
		t.Errorf("source of the copy differs from what was sent (%v)", err)
	}
	if r, err := s.Store.Search(t.Context(), "tuesday", store.SearchOptions{}); err != nil || len(r.Messages) != 1 {
		t.Errorf("search for a word of the body: %v, %v", subjectsOf(r.Messages), err)
	}
}

func subjectsOf(ms []store.Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Subject)
	}
	return out
}

// pop3Session opens a session over u's account read by POP3 (left on
// the server) and sent through the real Postfix.
func pop3Session(t *testing.T, srv *testserver.Servers, u testserver.User) *Session {
	t.Helper()
	a := realAccount(srv, u)
	in := srv.POP3TLS
	a.Incoming = account.Server{Protocol: account.POP3, Host: in.Host, Port: in.Port, Security: in.Security,
		Username: u.Address, Auth: account.AuthPassword}
	a.POP3 = account.POP3Options{LeaveOnServer: true}
	s, err := Open(t.Context(), Config{
		Accounts: []account.Account{a},
		DataDir:  t.TempDir(),
		Password: func(context.Context, *account.Account, account.Server) (string, error) { return u.Password, nil },
		Base:     srv.Options(),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
