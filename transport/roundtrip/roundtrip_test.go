package roundtrip_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"strings"
	"testing"
	"time"

	"wren/transport"
	"wren/transport/imap"
	"wren/transport/pop3"
	"wren/transport/rfc822"
	"wren/transport/smtp"
	"wren/transport/testserver"
)

// The message is sent once per submission mode and then read back over
// IMAP (STARTTLS and TLS) and POP3 (STLS and TLS). Postfix and Dovecot
// only prepend trace fields, so what arrives ends with exactly the bytes
// that were sent, and the attachment decodes to the original data.
func TestSendAndReadBack(t *testing.T) {
	srv := testserver.Require(t)
	for _, submit := range []transport.Endpoint{srv.SubmitSTARTTLS, srv.SubmitTLS} {
		t.Run("submit-"+submit.Security.String(), func(t *testing.T) {
			u := srv.NewUser(t)
			attachment := binaryData(t)
			sent := build(t, u, submit.Security.String(), attachment)
			send(t, srv, submit, u, sent)

			for _, ep := range []transport.Endpoint{srv.IMAPSTARTTLS, srv.IMAPTLS} {
				t.Run("imap-"+ep.Security.String(), func(t *testing.T) {
					got := readIMAP(t, srv, ep, u)
					check(t, got, sent, attachment)
				})
			}
			for _, ep := range []transport.Endpoint{srv.POP3STARTTLS, srv.POP3TLS} {
				t.Run("pop3-"+ep.Security.String(), func(t *testing.T) {
					got := readPOP3(t, srv, ep, u)
					check(t, got, sent, attachment)
				})
			}
		})
	}
}

// binaryData holds every byte value, including bare CR, LF, NUL and lines
// that start with a dot, so transfer encoding and dot-stuffing are tested.
func binaryData(t *testing.T) []byte {
	t.Helper()
	data := make([]byte, 0, 8192)
	for i := range 256 {
		data = append(data, byte(i))
	}
	data = append(data, "\r\n.\r\n..\n.\r"...)
	noise := make([]byte, 8192-len(data))
	if _, err := rand.Read(noise); err != nil {
		t.Fatal(err)
	}
	return append(data, noise...)
}

func build(t *testing.T, u testserver.User, mode string, attachment []byte) []byte {
	t.Helper()
	me := rfc822.Address{Name: "Wren Tester", Address: u.Address}
	d := rfc822.Draft{
		From:    me,
		To:      []rfc822.Address{me},
		Subject: "Round trip über " + mode,
		Text:    "Hello.\n.\nA line with a single dot above, and non-ASCII: grüße.\n",
		Attachments: []rfc822.DraftAttachment{{
			Filename: "data.bin", ContentType: "application/octet-stream", Data: attachment,
		}},
	}
	var buf bytes.Buffer
	if err := rfc822.Build(&buf, d); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func send(t *testing.T, srv *testserver.Servers, ep transport.Endpoint, u testserver.User, msg []byte) {
	t.Helper()
	ctx := t.Context()
	c, err := smtp.Dial(ctx, ep, srv.Options())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(ctx, u.Address, u.Password); err != nil {
		t.Fatal(err)
	}
	res, err := c.Send(ctx, smtp.Envelope{From: u.Address, To: []string{u.Address}}, int64(len(msg)), bytes.NewReader(msg), smtp.SendOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Accepted) != 1 || len(res.Rejected) != 0 {
		t.Fatalf("send result %+v: want the one recipient accepted", res)
	}
}

// readIMAP waits for the delivery (Postfix hands it to Dovecot over LMTP
// asynchronously) and fetches the whole message.
func readIMAP(t *testing.T, srv *testserver.Servers, ep transport.Endpoint, u testserver.User) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
	defer cancel()
	c, err := imap.Dial(ctx, ep, srv.Options())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(ctx, u.Address, u.Password); err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := c.Select(ctx, "INBOX", true); err != nil {
			t.Fatal(err)
		}
		uids, err := c.UIDs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if nums, ok := uids.Nums(); ok && len(nums) > 0 {
			if len(nums) != 1 {
				t.Fatalf("inbox holds %d messages, want 1", len(nums))
			}
			var buf bytes.Buffer
			if _, err := c.FetchBody(ctx, nums[0], imap.Section{}, 1<<20, &buf); err != nil {
				t.Fatal(err)
			}
			return buf.Bytes()
		}
		wait(t, ctx)
	}
}

func readPOP3(t *testing.T, srv *testserver.Servers, ep transport.Endpoint, u testserver.User) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
	defer cancel()
	for {
		// A POP3 session sees the maildrop as it was at login: one session
		// per try.
		c, err := pop3.Dial(ctx, ep, srv.Options())
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Login(ctx, u.Address, u.Password); err != nil {
			c.Close()
			t.Fatal(err)
		}
		n, _, err := c.Stat(ctx)
		if err != nil || n > 1 {
			c.Close()
			t.Fatalf("STAT = %d, %v; want at most one message", n, err)
		}
		if n == 1 {
			rc, err := c.Retr(ctx, 1)
			if err != nil {
				c.Close()
				t.Fatal(err)
			}
			got, err := io.ReadAll(rc)
			rc.Close()
			c.Quit(ctx)
			c.Close()
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		c.Quit(ctx)
		c.Close()
		wait(t, ctx)
	}
}

func wait(t *testing.T, ctx context.Context) {
	t.Helper()
	select {
	case <-ctx.Done():
		t.Fatal("the message was not delivered in time")
	case <-time.After(100 * time.Millisecond):
	}
}

func check(t *testing.T, got, sent, attachment []byte) {
	t.Helper()
	if !bytes.HasSuffix(got, sent) {
		t.Fatalf("received message does not end with the sent bytes\n--- sent %d bytes, received %d:\n%s", len(sent), len(got), got)
	}
	msg, err := rfc822.Parse(bytes.NewReader(got), rfc822.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(msg.Attachments) != 1 {
		t.Fatalf("parsed %d attachments, want 1", len(msg.Attachments))
	}
	a := msg.Attachments[0]
	if a.Filename != "data.bin" || !bytes.Equal(a.Data, attachment) || a.Truncated {
		t.Fatalf("attachment %q (%d bytes, truncated %v) differs from the %d bytes sent", a.Filename, len(a.Data), a.Truncated, len(attachment))
	}
	if want := "Hello.\n.\nA line with a single dot above, and non-ASCII: grüße.\n"; msg.Text != want {
		t.Fatalf("text = %q, want %q", msg.Text, want)
	}
	if len(msg.From) != 1 || msg.From[0].Name != "Wren Tester" || !strings.HasPrefix(msg.Subject, "Round trip über ") {
		t.Fatalf("From %v, Subject %q: the encoded header fields did not survive", msg.From, msg.Subject)
	}
}
