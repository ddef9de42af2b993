package outbox

import (
	"bytes"
	"context"
	"testing"
	"time"

	"wren/account"
	"wren/account/login"
	"wren/transport/imap"
	"wren/transport/rfc822"
	"wren/transport/testserver"
)

// Queue → send through the real Postfix → delivered to the recipient and
// filed in the sender's Sent folder on the real Dovecot.
func TestRealSendAndFile(t *testing.T) {
	srv := testserver.Require(t)
	from, to := srv.NewUser(t), srv.NewUser(t)
	d := rfc822.Draft{From: rfc822.Address{Address: from.Address}, To: []rfc822.Address{{Address: to.Address}}, Subject: "Outbox test", Text: "Hello\n"}
	var buf bytes.Buffer
	if err := rfc822.Build(&buf, d); err != nil {
		t.Fatal(err)
	}
	env, rcpts := rfc822.Envelope(d)
	pw := func(ctx context.Context, s account.Server, c login.Conn) error {
		return c.Login(ctx, s.Username, from.Password)
	}
	out := account.Server{Protocol: account.SMTP, Host: srv.SubmitSTARTTLS.Host, Port: srv.SubmitSTARTTLS.Port, Security: srv.SubmitSTARTTLS.Security, Username: from.Address, Auth: account.AuthPassword}
	in := account.Server{Protocol: account.IMAP, Host: srv.IMAPTLS.Host, Port: srv.IMAPTLS.Port, Security: srv.IMAPTLS.Security, Username: from.Address, Auth: account.AuthPassword}
	st := newMemStore()
	o := &Outbox{Account: "a", Store: st, Submit: SMTP{Server: out, LogIn: pw, Options: srv.Options()}, File: IMAPSent{Server: in, LogIn: pw, Options: srv.Options()}}
	id, err := o.Queue(t.Context(), Item{Account: "a", From: env, To: rcpts, Raw: buf.Bytes()}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	it, _ := st.Get(t.Context(), id)
	if it.State != Sent || !it.SentCopy || it.Err != nil {
		t.Fatalf("item %+v", it)
	}
	if n := count(t, srv, from, "Sent"); n != 1 {
		t.Errorf("%d messages in the sender's Sent folder", n)
	}
	deadline := time.Now().Add(10 * time.Second)
	for count(t, srv, to, "INBOX") == 0 {
		if time.Now().After(deadline) {
			t.Fatal("not delivered to the recipient")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func count(t *testing.T, srv *testserver.Servers, u testserver.User, folder string) int {
	t.Helper()
	c, err := imap.Dial(t.Context(), srv.IMAPTLS, srv.Options())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(t.Context(), u.Address, u.Password); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Select(t.Context(), folder, true); err != nil {
		t.Fatal(err)
	}
	uids, err := c.UIDs(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	n, _ := uids.Nums()
	return len(n)
}
