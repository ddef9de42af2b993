package testserver

import (
	"context"
	"strings"
	"testing"
	"time"

	"wren/transport/imap"
)

// Client is a logged-in IMAP session of u over implicit TLS, for a test
// to look at or change the server's side; it closes when the test ends.
func (s *Servers) Client(t testing.TB, ctx context.Context, u User) *imap.Client {
	t.Helper()
	c, err := imap.Dial(ctx, s.IMAPTLS, s.Options())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Login(ctx, u.Address, u.Password); err != nil {
		t.Fatal(err)
	}
	return c
}

// Append puts a short text message to to with subject in c's INBOX.
func Append(t testing.TB, ctx context.Context, c *imap.Client, to, subject string) {
	t.Helper()
	msg := "From: a@wren.test\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nDate: " + time.Now().Format(time.RFC1123Z) + "\r\n\r\nx\r\n"
	if _, err := c.Append(ctx, "INBOX", nil, time.Now(), strings.NewReader(msg), int64(len(msg))); err != nil {
		t.Fatal(err)
	}
}
