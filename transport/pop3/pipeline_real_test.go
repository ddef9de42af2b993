package pop3_test

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"wren/transport/imap"
	"wren/transport/pop3"
	"wren/transport/testserver"
)

// Against the real Dovecot (which offers PIPELINING): TopMany returns each
// header and RetrMany each whole message, in the order asked.
func TestRealTopRetrMany(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	ctx := t.Context()
	ic, err := imap.Dial(ctx, srv.IMAPTLS, srv.Options())
	if err != nil {
		t.Fatal(err)
	}
	defer ic.Close()
	if err := ic.Login(ctx, u.Address, u.Password); err != nil {
		t.Fatal(err)
	}
	const n = 150
	for i := 1; i <= n; i++ {
		m := fmt.Sprintf("From: %s\r\nSubject: many %d\r\n\r\nbody %d\r\n.dot\r\n", u.Address, i, i)
		if _, err := ic.Append(ctx, "INBOX", nil, time.Time{}, strings.NewReader(m), int64(len(m))); err != nil {
			t.Fatal(err)
		}
	}
	c := realLogin(t, srv, srv.POP3TLS, u)
	if !c.Pipelining() {
		t.Errorf("Dovecot caps %v: want PIPELINING", c.Caps().Names())
	}
	var want []pop3.MsgNum
	for i := n; i >= 1; i-- {
		want = append(want, pop3.MsgNum(i))
	}
	i := 0
	err = c.TopMany(ctx, want, 0, func(num pop3.MsgNum, r io.Reader) error {
		b, err := io.ReadAll(r)
		if num != want[i] || !bytes.Contains(b, fmt.Appendf(nil, "Subject: many %d\r\n", num)) || bytes.Contains(b, []byte("body")) {
			t.Errorf("reply %d for %d: %q", i, num, b)
		}
		i++
		return err
	})
	if err != nil || i != n {
		t.Fatalf("TopMany: %d replies, %v", i, err)
	}
	i = 0
	err = c.RetrMany(ctx, want[:10], func(num pop3.MsgNum, r io.Reader) error {
		b, err := io.ReadAll(r)
		if !bytes.HasSuffix(b, fmt.Appendf(nil, "\r\n\r\nbody %d\r\n.dot\r\n", num)) {
			t.Errorf("message %d: %q", num, b)
		}
		i++
		return err
	})
	if err != nil || i != 10 {
		t.Fatalf("RetrMany: %d replies, %v", i, err)
	}
	if err := c.Quit(ctx); err != nil {
		t.Fatal(err)
	}
}
