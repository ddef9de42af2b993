package session

import (
	"context"
	"strings"
	"testing"
	"time"

	"wren/account/imapsync"
	"wren/transport/imap"
	"wren/transport/testserver"
)

// guard is a context for a real-server test: a wait that never ends
// fails instead of hanging until go test's own timeout. It is not a
// measure of speed.
func guard(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// userClient is a logged-in IMAP session of u, for a test to look at or
// change the server's side.
func userClient(t *testing.T, ctx context.Context, srv *testserver.Servers, u testserver.User) *imap.Client {
	t.Helper()
	c, err := imap.Dial(ctx, srv.IMAPTLS, srv.Options())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Login(ctx, u.Address, u.Password); err != nil {
		t.Fatal(err)
	}
	return c
}

// appendMessage appends a short message to u's INBOX.
func appendMessage(t *testing.T, ctx context.Context, c *imap.Client, u testserver.User, subject string) {
	t.Helper()
	msg := "From: a@wren.test\r\nTo: " + u.Address + "\r\nSubject: " + subject + "\r\n\r\nx\r\n"
	if _, err := c.Append(ctx, "INBOX", nil, time.Now(), strings.NewReader(msg), int64(len(msg))); err != nil {
		t.Fatal(err)
	}
}

// onlineReports returns a function that waits for the session's next
// report of an account online.
func onlineReports(t *testing.T, ctx context.Context, s *Session) func() {
	online := make(chan struct{}, 16)
	s.OnStatus(func(_ string, st imapsync.Status) {
		if st.State == imapsync.StateOnline {
			select {
			case online <- struct{}{}:
			default:
			}
		}
	})
	return func() {
		t.Helper()
		select {
		case <-online:
		case <-ctx.Done():
			t.Fatal("the account never reported online")
		}
	}
}
