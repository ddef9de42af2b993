package imap

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"

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

// appendFake logs in to a scripted server with a short transfer timeout,
// so that a client waiting on a held reply fails instead of hanging.
func appendFake(t *testing.T, conf testmail.Config) (*Client, *testmail.Server) {
	t.Helper()
	pair := testcert.New(t)
	conf.TLS = pair.Server
	srv := testmail.Start(t, conf)
	opts := transport.Options{RootCAs: pair.Roots}
	opts.Timeouts.Transfer = 5 * time.Second
	c, err := Dial(t.Context(), transport.Endpoint{Host: srv.Host, Port: srv.Port, Security: transport.SecurityTLS}, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Login(t.Context(), "me", "pw"); err != nil {
		t.Fatal(err)
	}
	return c, srv
}

func uploads(n int, refuse int) []Upload {
	var ups []Upload
	for i := range n {
		body := fmt.Sprintf("Subject: m%d\r\n\r\nbody %d\r\n", i, i)
		if i == refuse {
			body += "REFUSE-ME\r\n"
		}
		ups = append(ups, Upload{Raw: []byte(body), Flags: []goimap.Flag{goimap.FlagSeen}})
	}
	return ups
}

// With LITERAL+, a batch is sent whole before any reply is read: the
// server holds its replies until all six messages came. A refused message
// is reported with the server's reason and the others are stored; the
// missing folder is created first.
func TestAppendManyPipelines(t *testing.T) {
	c, srv := appendFake(t, testmail.Config{LiteralPlus: true, HoldAppends: 6,
		RefuseAppend: map[string]string{"REFUSE-ME": "NO [LIMIT] Message too large"}})
	n, err := c.AppendMany(t.Context(), "Imported", uploads(6, 2))
	if n != 5 || transport.CodeOf(err) != transport.CodeIMAPCannot {
		t.Fatalf("stored %d, err %v; want 5 and %s", n, err, transport.CodeIMAPCannot)
	}
	if got := srv.MostHeld(); got != 6 {
		t.Errorf("the server held %d replies at most: the client waited before sending on", got)
	}
	if got := srv.Appended("Imported"); got != 5 {
		t.Errorf("server has %d messages, want 5", got)
	}
	// The session goes on.
	if n, err := c.AppendMany(t.Context(), "Imported", uploads(6, -1)); n != 6 || err != nil {
		t.Errorf("second batch: %d, %v", n, err)
	}
}

// Without LITERAL+ every message waits for the server's "+": they go one
// at a time and the first refusal ends the batch.
func TestAppendManyWithoutLiteralPlus(t *testing.T) {
	c, srv := appendFake(t, testmail.Config{Folders: []string{"Imported"},
		RefuseAppend: map[string]string{"REFUSE-ME": "NO [LIMIT] Message too large"}})
	n, err := c.AppendMany(t.Context(), "Imported", uploads(4, 2))
	if n != 2 || transport.CodeOf(err) != transport.CodeIMAPCannot {
		t.Fatalf("stored %d, err %v; want 2 and %s", n, err, transport.CodeIMAPCannot)
	}
	if got := srv.Appended("Imported"); got != 2 {
		t.Errorf("server has %d messages, want 2", got)
	}
}
