package pop3_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"

	"wren/transport"
	"wren/transport/pop3"
	"wren/transport/testserver"
)

// Against the real Dovecot, over STLS and implicit TLS: an empty maildrop,
// then a message delivered through Postfix read back, TOP, DELE undone by
// RSET, and DELE committed by QUIT.
func TestRealDovecot(t *testing.T) {
	srv := testserver.Require(t)
	for _, ep := range []transport.Endpoint{srv.POP3STARTTLS, srv.POP3TLS} {
		t.Run(ep.Security.String(), func(t *testing.T) {
			ctx := t.Context()
			u := srv.NewUser(t)
			c := realLogin(t, srv, ep, u)
			caps := c.Caps()
			if !caps.UIDL() || !caps.TOP() || !caps.Known {
				t.Errorf("caps = %v, want UIDL and TOP", caps.Names())
			}
			if n, size, err := c.Stat(ctx); err != nil || n != 0 || size != 0 {
				t.Fatalf("Stat on an empty maildrop = %d, %d, %v", n, size, err)
			}
			if l, err := c.List(ctx); err != nil || len(l) != 0 {
				t.Fatalf("List = %v, %v; want empty", l, err)
			}
			if l, err := c.UIDL(ctx); err != nil || len(l) != 0 {
				t.Fatalf("UIDL = %v, %v; want empty", l, err)
			}
			if err := c.Quit(ctx); err != nil {
				t.Fatal(err)
			}

			body := "Hello from the POP3 test.\r\n.leading dot\r\n..two dots\r\n.\r\nlast line\r\n"
			msg := "From: " + u.Address + "\r\nTo: " + u.Address + "\r\nSubject: pop3 " + ep.Security.String() +
				"\r\nDate: " + time.Now().Format(time.RFC1123Z) + "\r\nMessage-ID: <" + rand.Text() + "@wren.test>\r\n\r\n" + body
			deliver(t, srv, u, msg)
			uid := waitForMessage(t, srv, ep, u)

			c = realLogin(t, srv, ep, u)
			one, err := c.UIDLOne(ctx, 1)
			if err != nil || one.UID != uid {
				t.Errorf("UIDLOne(1) = %v, %v; want %s", one, err, uid)
			}
			got := readAll(t, func() (io.ReadCloser, error) { return c.Retr(ctx, 1) })
			head, gotBody, ok := bytes.Cut(got, []byte("\r\n\r\n"))
			if !ok || string(gotBody) != body {
				t.Errorf("RETR body = %q, want %q", gotBody, body)
			}
			if !bytes.Contains(head, []byte("Subject: pop3 "+ep.Security.String())) {
				t.Errorf("RETR header lacks the subject:\n%s", head)
			}
			if m, err := c.ListOne(ctx, 1); err != nil || m.Size != int64(len(got)) {
				t.Errorf("LIST 1 = %v, %v; want size %d", m, err, len(got))
			}
			top := readAll(t, func() (io.ReadCloser, error) { return c.Top(ctx, 1, 1) })
			if want := string(head) + "\r\n\r\nHello from the POP3 test.\r\n"; string(top) != want {
				t.Errorf("TOP 1 1 = %q, want %q", top, want)
			}
			if _, err := c.Retr(ctx, 2); transport.CodeOf(err) != transport.CodePOPNoSuchMessage {
				t.Errorf("RETR 2 = %v, want POP-10", err)
			}

			if err := c.Dele(ctx, 1); err != nil {
				t.Fatal(err)
			}
			if n, _, _ := c.Stat(ctx); n != 0 {
				t.Errorf("Stat after DELE = %d, want 0", n)
			}
			if err := c.Rset(ctx); err != nil {
				t.Fatal(err)
			}
			if l, err := c.UIDL(ctx); err != nil || len(l) != 1 || l[0].UID != uid {
				t.Errorf("UIDL after RSET = %v, %v; want %s back", l, err, uid)
			}
			if err := c.Dele(ctx, 1); err != nil {
				t.Fatal(err)
			}
			if err := c.Quit(ctx); err != nil {
				t.Fatal(err)
			}

			c = realLogin(t, srv, ep, u)
			if n, _, err := c.Stat(ctx); err != nil || n != 0 {
				t.Errorf("Stat after DELE+QUIT = %d, %v; want 0", n, err)
			}
			c.Quit(ctx)
		})
	}
}

func TestRealWrongPassword(t *testing.T) {
	srv := testserver.Require(t)
	for _, ep := range []transport.Endpoint{srv.POP3STARTTLS, srv.POP3TLS} {
		t.Run(ep.Security.String(), func(t *testing.T) {
			u := srv.NewUser(t)
			c, err := pop3.Dial(t.Context(), ep, srv.Options())
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			err = c.Login(t.Context(), u.Address, "not-"+u.Password)
			if got := transport.CodeOf(err); got != transport.CodePOPAuthFailed {
				t.Fatalf("code = %s (%v), want POP-01", got, err)
			}
			te, _ := transport.As(err)
			if te.ServerCode != "-ERR AUTH" || te.ServerText == "" || te.Retry != transport.RetryNo {
				t.Errorf("error = %+v, want -ERR AUTH with the server's text, no retry", te)
			}
		})
	}
}

// Plaintext to the STLS port: the session opens, the login is refused
// by the client before anything is sent.
func TestRealPlaintextRefused(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	ep := srv.POP3STARTTLS
	ep.Security = transport.SecurityPlain
	c, err := pop3.Dial(t.Context(), ep, srv.Options())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if !c.Caps().STLS() {
		t.Errorf("caps = %v, want STLS on the plaintext port", c.Caps().Names())
	}
	if got := transport.CodeOf(c.Login(t.Context(), u.Address, u.Password)); got != transport.CodePOPPrivacyRequired {
		t.Fatalf("code = %s, want POP-02", got)
	}
}

// Implicit TLS to the STLS port fails as a TLS error, not a hang.
func TestRealTLSToPlainPort(t *testing.T) {
	srv := testserver.Require(t)
	ep := srv.POP3STARTTLS
	ep.Security = transport.SecurityTLS
	_, err := pop3.Dial(t.Context(), ep, srv.Options())
	if got := transport.CodeOf(err); got != transport.CodeTLSToPlainPort {
		t.Fatalf("code = %s (%v), want TLS-01", got, err)
	}
}

func realLogin(t *testing.T, srv *testserver.Servers, ep transport.Endpoint, u testserver.User) *pop3.Client {
	t.Helper()
	c, err := pop3.Dial(t.Context(), ep, srv.Options())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if !c.TLS() {
		t.Fatal("session not encrypted")
	}
	if err := c.Login(t.Context(), u.Address, u.Password); err != nil {
		t.Fatal(err)
	}
	return c
}

func readAll(t *testing.T, open func() (io.ReadCloser, error)) []byte {
	t.Helper()
	r, err := open()
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	return b
}

// deliver submits msg to u through the real Postfix, as u.
func deliver(t *testing.T, srv *testserver.Servers, u testserver.User, msg string) {
	t.Helper()
	ep := srv.SubmitSTARTTLS
	c, err := gosmtp.DialStartTLS(ep.Address(), srv.Options().TLSConfig(ep.Host))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.CommandTimeout = 10 * time.Second
	c.SubmissionTimeout = 10 * time.Second
	if err := c.Auth(sasl.NewPlainClient("", u.Address, u.Password)); err != nil {
		t.Fatal(err)
	}
	if err := c.SendMail(u.Address, []string{u.Address}, strings.NewReader(msg)); err != nil {
		t.Fatal(err)
	}
	c.Quit()
}

// waitForMessage polls, one session per try (a POP3 session sees the
// maildrop as it was at login), until one message is there; it returns
// its UID.
func waitForMessage(t *testing.T, srv *testserver.Servers, ep transport.Endpoint, u testserver.User) pop3.UID {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	for {
		c, err := pop3.Dial(ctx, ep, srv.Options())
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Login(ctx, u.Address, u.Password); err != nil {
			c.Close()
			t.Fatal(err)
		}
		l, err := c.UIDL(ctx)
		c.Quit(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(l) == 1 {
			return l[0].UID
		}
		if len(l) > 1 {
			t.Fatalf("UIDL = %v, want one message", l)
		}
		select {
		case <-ctx.Done():
			t.Fatal("the message did not arrive within 5 s")
		case <-time.After(100 * time.Millisecond):
		}
	}
}
