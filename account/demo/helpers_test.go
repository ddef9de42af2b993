package demo

import (
	"context"
	"strings"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport"
	"wren/transport/imap"
	"wren/transport/smtp"
)

func start(t *testing.T, o Options) *Demo {
	t.Helper()
	d, err := Start(t.Context(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := d.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return d
}

func imapLogin(t *testing.T, d *Demo, opts transport.Options) *imap.Client {
	t.Helper()
	c, err := imap.Dial(t.Context(), d.IMAP.Endpoint(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if !c.Secure() {
		t.Fatal("IMAP session not encrypted")
	}
	if err := c.Login(t.Context(), d.IMAP.Username, d.Password); err != nil {
		t.Fatal(err)
	}
	return c
}

func smtpLogin(t *testing.T, d *Demo) *smtp.Client {
	t.Helper()
	c, err := smtp.Dial(t.Context(), d.SMTP.Endpoint(), d.TransportOptions())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Login(t.Context(), d.SMTP.Username, d.Password); err != nil {
		t.Fatal(err)
	}
	return c
}

func send(t *testing.T, c *smtp.Client, to []string, subject, body string) {
	t.Helper()
	msg := "From: " + Address + "\r\nTo: " + strings.Join(to, ", ") + "\r\nSubject: " + subject + "\r\n" +
		"Date: " + time.Now().Format(time.RFC1123Z) + "\r\nMessage-ID: <" + subject + "@test.wren.example>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n"
	res, err := c.Send(t.Context(), smtp.Envelope{From: Address, To: to}, int64(len(msg)), strings.NewReader(msg), smtp.SendOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Accepted) != len(to) {
		t.Fatalf("accepted %v, want %v", res.Accepted, to)
	}
}

func folderNamed(t *testing.T, folders []imap.Folder, name string) imap.Folder {
	t.Helper()
	for _, f := range folders {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no folder %q in %+v", name, folders)
	return imap.Folder{}
}

// countBy counts a source's messages per folder the way Fill files them.
func countBy(src Source) map[string]int {
	n := map[string]int{}
	for m := range src.Messages() {
		n[strings.ToLower(m.Folder)]++
	}
	return n
}

// waitForSubject idles on INBOX until a message with subject arrives or
// the deadline passes, then returns its summary.
func waitForSubject(t *testing.T, c *imap.Client, subject string, had uint32) imap.Summary {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	idleCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- c.Idle(idleCtx, func(u imap.Update) {
			if u.Kind == imap.UpdateExists && u.Count > had {
				stop()
			}
		})
	}()
	if err := <-done; err != nil {
		t.Fatalf("idle: %v", err)
	}
	if ctx.Err() != nil {
		t.Fatalf("no new message in INBOX within the deadline")
	}
	var found []imap.Summary
	all := goimap.UIDSet{{Start: 1, Stop: 0}}
	err := c.FetchSummaries(t.Context(), all, 50, func(s imap.Summary) error {
		if s.Envelope != nil && s.Envelope.Subject == subject {
			found = append(found, s)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 {
		t.Fatalf("%d messages with subject %q in INBOX, want 1", len(found), subject)
	}
	return found[0]
}

func smtpDial(t *testing.T, d *Demo) (*smtp.Client, error) {
	t.Helper()
	c, err := smtp.Dial(t.Context(), d.SMTP.Endpoint(), d.TransportOptions())
	if err == nil {
		t.Cleanup(func() { c.Close() })
	}
	return c, err
}
