package imap

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"wren/transport"
	"wren/transport/testcert"
	"wren/transport/testmail"
)

// A folder that LIST shows but the server no longer has, refused with NO
// [TRYCREATE] before the message is sent: go-imap cannot go on with that
// session, so Append reports the server's refusal (IMAP-16, not a network
// error) for the caller to create the folder over a new session; nothing
// was stored.
func TestAppendRefusedBeforeTheMessage(t *testing.T) {
	pair := testcert.New(t)
	srv := testmail.Start(t, testmail.Config{TLS: pair.Server, Listed: []string{"Gone"}, TryCreateBeforeLiteral: true})
	c, err := Dial(t.Context(), transport.Endpoint{Host: srv.Host, Port: srv.Port, Security: transport.SecurityTLS}, transport.Options{RootCAs: pair.Roots})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(t.Context(), "me", "pw"); err != nil {
		t.Fatal(err)
	}
	msg := "Subject: x\r\n\r\n" + strings.Repeat("y", 5000) // a synchronizing literal
	_, err = c.Append(t.Context(), "Gone", nil, time.Now(), bytes.NewReader([]byte(msg)), int64(len(msg)))
	if transport.CodeOf(err) != transport.CodeIMAPTryCreate {
		t.Fatalf("got %v, want IMAP-16; commands %q", err, srv.Commands())
	}
	if n := srv.Appended("Gone"); n != 0 {
		t.Errorf("%d messages stored", n)
	}
}
