package imap

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"wren/transport"
)

const capsGreeting = "* OK [CAPABILITY IMAP4REV1 STARTTLS LOGINDISABLED] IMAP server ready.\r\n"

// EAST O_1–O_4: STARTTLS not offered or refused → TLS-10, and nothing but
// the greeting and STARTTLS is ever exchanged.
func TestSTARTTLSRefused(t *testing.T) {
	for _, tc := range []struct {
		name, greeting, reply, status string
	}{
		{"not offered", "* OK [CAPABILITY IMAP4REV1 AUTH=PLAIN AUTH=LOGIN] IMAP server ready.\r\n", "<tag> BAD STARTTLS not supported.\r\n", "BAD"},
		{"NO", capsGreeting, "<tag> NO do not begin TLS now.\r\n", "NO"},
		{"BAD", capsGreeting, "<tag> BAD do not begin TLS now.\r\n", "BAD"},
		{"continuation", capsGreeting, "+ continue with something.\r\n", "+"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, false)
			f.greet = startTLSGreeting(tc.greeting, tc.reply, false)
			ep, opts := f.start()
			c, err := Dial(t.Context(), ep, opts)
			if err == nil {
				c.Close()
				t.Fatal("Dial succeeded without TLS")
			}
			te, ok := transport.As(err)
			if !ok || te.Code != transport.CodeNoSTARTTLS {
				t.Fatalf("got %v, want TLS-10", err)
			}
			if te.ServerCode != tc.status || te.ServerText != "" {
				t.Errorf("ServerCode %q, ServerText %q: want %q and no pre-TLS text", te.ServerCode, te.ServerText, tc.status)
			}
			time.Sleep(50 * time.Millisecond)
			if got := f.got(); len(got) != 1 || !strings.HasSuffix(got[0], " STARTTLS") || f.sentCredentials() {
				t.Errorf("client sent %q, want only STARTTLS", got)
			}
		})
	}
}

// EAST B_1/B_2/B_3: bytes appended to the STARTTLS OK go into the TLS
// handshake, which fails; they are never parsed as IMAP.
func TestSTARTTLSInjection(t *testing.T) {
	for _, inj := range []string{
		"* CAPABILITY IMAP4REV1 AUTH=PLAIN AUTH=LOGIN\r\n2 OK capability done.\r\n",
		"* OK [ALERT] injected\r\n",
		"* BYE close the connection please.\r\n",
	} {
		t.Run(strings.Fields(inj)[1], func(t *testing.T) {
			f := newFake(t, false)
			f.greet = startTLSGreeting(capsGreeting, "<tag> OK begin STARTTLS now.\r\n"+inj, true)
			ep, opts := f.start()
			c, err := Dial(t.Context(), ep, opts)
			if err == nil {
				alerts := drainAlerts(c)
				c.Close()
				t.Fatalf("Dial succeeded after injected plaintext (alerts %q)", alerts)
			}
			if code := transport.CodeOf(err); !strings.HasPrefix(string(code), "TLS-") {
				t.Errorf("got %v, want a TLS error", err)
			}
			if f.sentCredentials() {
				t.Error("credentials sent")
			}
		})
	}
}

// EAST T_* and U: untagged data and alerts before TLS (in the greeting and
// in front of the STARTTLS OK) never surface; the post-TLS alert does.
func TestPreTLSDataIgnored(t *testing.T) {
	f := newFake(t, false)
	f.greet = startTLSGreeting("* OK [ALERT] bAjdyeKO\r\n",
		"* LIST () \"/\" 7XiYhgS7\r\n* STATUS YFlgClUY (MESSAGES 529001 UNSEEN 529004)\r\n* 54321 EXISTS\r\n"+
			"* OK [ALERT] Attacker-controlled text\r\n* CAPABILITY IMAP4REV1 AUTH=PLAIN\r\n<tag> OK begin TLS\r\n", true)
	f.caps = "IMAP4rev1 AUTH=PLAIN SASL-IR"
	f.handlers["LIST"] = func(s *fsess, tag, _ string) {
		s.send("* OK [ALERT] after TLS\r\n* LIST (\\HasNoChildren) \"/\" INBOX\r\n" + tag + " OK done\r\n")
	}
	f.handlers["STATUS"] = func(s *fsess, tag, _ string) {
		s.send("* STATUS INBOX (MESSAGES 2 UNSEEN 1)\r\n" + tag + " OK done\r\n")
	}
	ep, opts := f.start()
	c, err := Dial(t.Context(), ep, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	folders, err := c.ListCounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(folders) != 1 || folders[0].Name != "INBOX" || folders[0].Messages != 2 || folders[0].Unseen != 1 {
		t.Fatalf("folders %+v, want INBOX with 2 messages, 1 unseen", folders)
	}
	select {
	case a := <-c.Alerts():
		if a.Text != "after TLS" || a.Type != "OK" {
			t.Fatalf("alert %+v, want the post-TLS one", a)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("post-TLS alert not delivered")
	}
	for _, a := range drainAlerts(c) {
		t.Errorf("extra alert %+v", a)
	}
}

// RFC 9051 §7.1.4: PREAUTH on a connection that must use STARTTLS.
func TestPreauthRefused(t *testing.T) {
	f := newFake(t, false)
	f.greet = func(s *fsess) bool {
		s.send("* PREAUTH [CAPABILITY IMAP4REV1 STARTTLS LOGINDISABLED] IMAP server ready.\r\n")
		s.line()
		return false
	}
	ep, opts := f.start()
	_, err := Dial(t.Context(), ep, opts)
	if transport.CodeOf(err) != transport.CodeNoSTARTTLS || !errors.Is(err, ErrPreauth) {
		t.Fatalf("got %v, want TLS-10 ErrPreauth", err)
	}
	if got := f.got(); len(got) != 0 {
		t.Errorf("client sent %q after PREAUTH", got)
	}
}

func TestByeGreeting(t *testing.T) {
	t.Run("starttls", func(t *testing.T) {
		f := newFake(t, false)
		f.greet = func(s *fsess) bool {
			s.send("* BYE Maximum number of connections from user+IP exceeded\r\n")
			return false
		}
		ep, opts := f.start()
		_, err := Dial(t.Context(), ep, opts)
		te, ok := transport.As(err)
		if !ok || te.Code != transport.CodeIMAPRefused {
			t.Fatalf("got %v, want IMAP-01", err)
		}
		if te.ServerText != "" {
			t.Errorf("pre-TLS text %q shown as the server's", te.ServerText)
		}
	})
	t.Run("tls", func(t *testing.T) {
		f := newFake(t, true)
		f.greet = func(s *fsess) bool {
			s.send("* BYE [UNAVAILABLE] Server is too busy, try later\r\n")
			return false
		}
		ep, opts := f.start()
		_, err := Dial(t.Context(), ep, opts)
		te, ok := transport.As(err)
		if !ok || te.Code != transport.CodeIMAPRefused || te.ServerCode != "BYE UNAVAILABLE" || te.ServerText != "Server is too busy, try later" {
			t.Fatalf("got %v, want IMAP-01 with the server's text", err)
		}
	})
}

// LOGINDISABLED over TLS without AUTH=PLAIN: no LOGIN is sent. Pre-TLS
// capabilities (which said LOGINDISABLED too) play no part.
func TestLoginDisabled(t *testing.T) {
	f := newFake(t, false)
	f.greet = startTLSGreeting(capsGreeting, "<tag> OK begin TLS\r\n", true)
	f.caps = "IMAP4rev1 LOGINDISABLED"
	ep, opts := f.start()
	c, err := Dial(t.Context(), ep, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	err = c.Login(t.Context(), "u", "secret")
	if transport.CodeOf(err) != transport.CodeIMAPPrivacyRequired || !errors.Is(err, ErrLoginDisabled) {
		t.Fatalf("got %v, want IMAP-11", err)
	}
	if f.sentCredentials() {
		t.Errorf("credentials sent: %q", f.got())
	}
}

// Pre-TLS LOGINDISABLED is not believed: over TLS LOGIN is fine.
func TestPreTLSCapsDropped(t *testing.T) {
	f := newFake(t, false)
	f.greet = startTLSGreeting(capsGreeting, "<tag> OK begin TLS\r\n", true)
	f.caps = "IMAP4rev1"
	ep, opts := f.start()
	c, err := Dial(t.Context(), ep, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(t.Context(), "u", "secret"); err != nil {
		t.Fatal(err)
	}
	var login bool
	for _, l := range f.got() {
		login = login || strings.Contains(l, "LOGIN u secret") || strings.Contains(l, `LOGIN "u" "secret"`)
	}
	if !login {
		t.Errorf("client sent %q, want LOGIN over TLS", f.got())
	}
}

func TestPlainRefusesCredentials(t *testing.T) {
	f := newFake(t, false)
	f.greet = func(s *fsess) bool {
		s.send("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] plain\r\n")
		return true
	}
	ep, opts := f.start()
	ep.Security = transport.SecurityPlain
	c, err := Dial(t.Context(), ep, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(t.Context(), "u", "secret"); transport.CodeOf(err) != transport.CodeIMAPPrivacyRequired || !errors.Is(err, ErrPlaintextAuth) {
		t.Fatalf("got %v, want IMAP-11", err)
	}
	if f.sentCredentials() {
		t.Error("credentials sent in plaintext")
	}
}

func drainAlerts(c *Client) []Alert {
	var out []Alert
	for {
		select {
		case a, ok := <-c.Alerts():
			if !ok {
				return out
			}
			out = append(out, a)
		case <-time.After(100 * time.Millisecond):
			return out
		}
	}
}

// A literal in an untagged response before TLS is skipped whole: a line
// inside it that looks like the tagged OK is not taken for one, so the
// client is not fooled into starting TLS at the wrong point (and a
// literal too large for the plaintext phase is refused).
func TestSTARTTLSLiteralHonoured(t *testing.T) {
	fakeOK := "S1 OK begin TLS now\r\n"
	f := newFake(t, false)
	f.greet = startTLSGreeting(capsGreeting, "* OK [ALERT] {"+itoa(len(fakeOK))+"}\r\n"+fakeOK+" end\r\n<tag> NO not today\r\n", false)
	ep, opts := f.start()
	_, err := Dial(t.Context(), ep, opts)
	te, ok := transport.As(err)
	if !ok || te.Code != transport.CodeNoSTARTTLS || te.ServerCode != "NO" {
		t.Fatalf("got %v: the literal's text was taken for the reply", err)
	}

	f = newFake(t, false)
	f.greet = startTLSGreeting(capsGreeting, "* OK {99999999}\r\n", false)
	ep, opts = f.start()
	_, err = Dial(t.Context(), ep, opts)
	if !errors.Is(err, transport.ErrTooLarge) {
		t.Fatalf("got %v, want a bounded refusal", err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
