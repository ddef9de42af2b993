package smtp_test

import (
	"strings"
	"testing"
	"time"

	"wren/transport"
	"wren/transport/smtp"
	"wren/transport/testserver"
)

// Against the real Postfix: both security modes log in and submit; the
// end-to-end read-back is tested in transport/roundtrip.
func TestRealSubmission(t *testing.T) {
	srv := testserver.Require(t)
	for _, ep := range []transport.Endpoint{srv.SubmitSTARTTLS, srv.SubmitTLS} {
		t.Run(ep.Security.String(), func(t *testing.T) {
			u := srv.NewUser(t)
			c, err := smtp.Dial(t.Context(), ep, srv.Options())
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if !c.TLS() {
				t.Fatal("session not encrypted")
			}
			if err := c.Login(t.Context(), u.Address, u.Password); err != nil {
				t.Fatal(err)
			}
			msg := "From: " + u.Address + "\r\nTo: " + u.Address + "\r\nSubject: real " + ep.Security.String() +
				"\r\nDate: " + time.Now().Format(time.RFC1123Z) + "\r\nMessage-ID: <" + u.Name + "@wren.test>\r\n\r\nhello\r\n"
			res, err := c.Send(t.Context(), smtp.Envelope{From: u.Address, To: []string{u.Address}}, int64(len(msg)), strings.NewReader(msg), smtp.SendOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Accepted) != 1 || res.Reply == "" {
				t.Fatalf("result %+v: want one accepted recipient and a queue reply", res)
			}
			if err := c.Quit(t.Context()); err != nil {
				t.Errorf("quit: %v", err)
			}
		})
	}
}

func TestRealWrongPassword(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	c, err := smtp.Dial(t.Context(), srv.SubmitSTARTTLS, srv.Options())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	err = c.Login(t.Context(), u.Address, "not-"+u.Password)
	if got := transport.CodeOf(err); got != transport.CodeSMTPAuthFailed {
		t.Fatalf("code = %s (%v), want SMTP-05", got, err)
	}
	te, _ := transport.As(err)
	if !strings.HasPrefix(te.ServerCode, "535") || te.Retry != transport.RetryNo {
		t.Errorf("server code %q retry %v: want 535 and no retry", te.ServerCode, te.Retry)
	}
}

// Postfix announces SIZE (10 MiB on the test server): a larger message is
// refused before MAIL FROM.
func TestRealSizeLimit(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	c, err := smtp.Dial(t.Context(), srv.SubmitTLS, srv.Options())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(t.Context(), u.Address, u.Password); err != nil {
		t.Fatal(err)
	}
	max := c.MaxSize()
	if max <= 0 {
		t.Fatal("Postfix announced no SIZE")
	}
	_, err = c.Send(t.Context(), smtp.Envelope{From: u.Address, To: []string{u.Address}}, max+1, strings.NewReader("x"), smtp.SendOptions{})
	if got := transport.CodeOf(err); got != transport.CodeMessageTooBig {
		t.Fatalf("code = %s (%v), want SEND-08", got, err)
	}
	// The session is still usable: nothing was sent.
	msg := "Subject: after\r\n\r\nok\r\n"
	if _, err := c.Send(t.Context(), smtp.Envelope{From: u.Address, To: []string{u.Address}}, int64(len(msg)), strings.NewReader(msg), smtp.SendOptions{}); err != nil {
		t.Fatalf("send after refused precheck: %v", err)
	}
}
