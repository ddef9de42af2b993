package smtp

import (
	"strings"
	"testing"

	"wren/transport"
)

// loggedIn scripts greeting, EHLO with exts and a successful AUTH PLAIN.
func (s *session) loggedIn(exts ...string) bool {
	s.send("220 fake.test ESMTP")
	if !s.ehlo(append([]string{"AUTH PLAIN LOGIN"}, exts...)...) {
		return false
	}
	if !strings.HasPrefix(s.read(), "AUTH PLAIN") {
		return false
	}
	s.send("235 2.7.0 ok")
	return true
}

func dialLogin(t *testing.T, f *fakeServer, ep transport.Endpoint) *Client {
	t.Helper()
	c, err := Dial(t.Context(), ep, f.options())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(t.Context(), "u", "secret"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestConnectionDroppedAfterDataMaySent(t *testing.T) {
	f, ep := startFake(t, transport.SecurityTLS, func(s *session) {
		if !s.loggedIn() {
			return
		}
		s.read() // MAIL
		s.send("250 2.1.0 ok")
		s.read() // RCPT
		s.send("250 2.1.5 ok")
		s.read() // DATA
		s.send("354 go ahead")
		s.data()
		// hang up instead of replying to the final dot
	})
	c := dialLogin(t, f, ep)
	msg := "Subject: hi\r\n\r\nhello\r\n"
	_, err := c.Send(t.Context(), Envelope{From: "a@x.test", To: []string{"b@x.test"}}, int64(len(msg)), strings.NewReader(msg), SendOptions{})
	te := wantCode(t, err, transport.CodeMaybeSent)
	if !te.MaybeSent {
		t.Fatal("MaybeSent = false for a connection lost after the final dot")
	}
	if te.Step != transport.StepData {
		t.Errorf("step = %s, want data", te.Step)
	}
}

func TestOneRecipientRejectedNothingSent(t *testing.T) {
	f, ep := startFake(t, transport.SecurityTLS, func(s *session) {
		if !s.loggedIn() {
			return
		}
		for l := s.read(); l != ""; l = s.read() {
			switch {
			case strings.HasPrefix(l, "MAIL"):
				s.send("250 2.1.0 ok")
			case strings.Contains(l, "good@"):
				s.send("250 2.1.5 ok")
			case strings.Contains(l, "nobody@"):
				s.send("550 5.1.1 <nobody@x.test>: Recipient address rejected: User unknown")
			case l == "RSET":
				s.send("250 2.0.0 ok")
			case l == "DATA":
				s.send("354 go ahead")
				s.data()
				s.send("250 2.0.0 queued")
			default:
				s.send("221 bye")
				return
			}
		}
	})
	c := dialLogin(t, f, ep)
	msg := "Subject: hi\r\n\r\nhello\r\n"
	res, err := c.Send(t.Context(), Envelope{From: "a@x.test", To: []string{"good@x.test", "nobody@x.test"}},
		int64(len(msg)), strings.NewReader(msg), SendOptions{})
	te := wantCode(t, err, transport.CodeRecipientUnknown)
	if te.Recipient != "nobody@x.test" {
		t.Errorf("Recipient = %q, want nobody@x.test", te.Recipient)
	}
	if te.ServerCode != "550 5.1.1" || !strings.Contains(te.ServerText, "User unknown") {
		t.Errorf("server code/text = %q / %q", te.ServerCode, te.ServerText)
	}
	if te.MaybeSent {
		t.Error("MaybeSent set although DATA was never sent")
	}
	if len(res.Accepted) != 1 || len(res.Rejected) != 1 {
		t.Errorf("accepted %v, rejected %d; want 1 and 1", res.Accepted, len(res.Rejected))
	}
	c.Quit(t.Context())
	lines := f.received()
	if l := sentAny(lines, "DATA"); l != "" {
		t.Fatal("DATA sent although a recipient was rejected")
	}
	if sentAny(lines, "RSET") == "" {
		t.Error("transaction not reset")
	}
}

// Every refused recipient is named with the server's reply, not only the
// first, and nothing is sent to the accepted one.
func TestEveryRejectedRecipientNamed(t *testing.T) {
	f, ep := startFake(t, transport.SecurityTLS, func(s *session) {
		if !s.loggedIn() {
			return
		}
		for l := s.read(); l != ""; l = s.read() {
			switch {
			case strings.HasPrefix(l, "MAIL"), l == "RSET":
				s.send("250 2.0.0 ok")
			case strings.Contains(l, "good@"):
				s.send("250 2.1.5 ok")
			case strings.Contains(l, "nobody@"):
				s.send("550 5.1.1 <nobody@x.test>: User unknown")
			case strings.Contains(l, "full@"):
				s.send("552 5.2.2 <full@x.test>: Mailbox full")
			case l == "DATA":
				s.send("354 go ahead")
				s.data()
				s.send("250 2.0.0 queued")
			default:
				s.send("221 bye")
				return
			}
		}
	})
	c := dialLogin(t, f, ep)
	msg := "Subject: hi\r\n\r\nhello\r\n"
	_, err := c.Send(t.Context(), Envelope{From: "a@x.test", To: []string{"nobody@x.test", "good@x.test", "full@x.test"}},
		int64(len(msg)), strings.NewReader(msg), SendOptions{})
	j, ok := err.(interface{ Unwrap() []error })
	if !ok || len(j.Unwrap()) != 2 {
		t.Fatalf("err %v: want one error per refused recipient", err)
	}
	want := map[string]transport.Code{"nobody@x.test": transport.CodeRecipientUnknown, "full@x.test": transport.CodeRecipientFull}
	for _, e := range j.Unwrap() {
		te, ok := transport.As(e)
		if !ok || want[te.Recipient] != te.Code || te.ServerText == "" {
			t.Errorf("refusal %v: recipient %q", e, te.Recipient)
		}
	}
	c.Quit(t.Context())
	if sentAny(f.received(), "DATA") != "" {
		t.Fatal("DATA sent although recipients were refused")
	}
}

func TestSizeExceededNoMailSent(t *testing.T) {
	f, ep := startFake(t, transport.SecurityTLS, func(s *session) {
		if !s.loggedIn("SIZE 1000") {
			return
		}
		for l := s.read(); l != ""; l = s.read() {
			s.send("250 ok")
		}
	})
	c := dialLogin(t, f, ep)
	if got := c.MaxSize(); got != 1000 {
		t.Fatalf("MaxSize = %d, want 1000", got)
	}
	msg := strings.Repeat("x", 5000)
	_, err := c.Send(t.Context(), Envelope{From: "a@x.test", To: []string{"b@x.test"}}, int64(len(msg)), strings.NewReader(msg), SendOptions{})
	te := wantCode(t, err, transport.CodeMessageTooBig)
	if te.Step != transport.StepPrecheck {
		t.Errorf("step = %s, want precheck", te.Step)
	}
	c.Close()
	if l := sentAny(f.received(), "MAIL", "DATA"); l != "" {
		t.Fatalf("client sent %q for an oversized message", l)
	}
}

// Every line ending reaches the wire as CRLF and leading dots are stuffed,
// whatever the body held: no bare CR or LF can smuggle a second message.
func TestBodyIsCRLFAndDotStuffed(t *testing.T) {
	var got string
	f, ep := startFake(t, transport.SecurityTLS, func(s *session) {
		if !s.loggedIn() {
			return
		}
		s.read()
		s.send("250 ok")
		s.read()
		s.send("250 ok")
		s.read()
		s.send("354 go")
		got = s.data()
		s.send("250 2.0.0 Ok: queued as ABC123")
		s.read()
	})
	c := dialLogin(t, f, ep)
	body := "Subject: x\n\na\n.\nb\r.\rc\r\r\nd\n..e\r\n.\r\nMAIL FROM:<evil>\nend"
	res, err := c.Send(t.Context(), Envelope{From: "a@x.test", To: []string{"b@x.test"}}, -1, strings.NewReader(body), SendOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Reply, "ABC123") {
		t.Errorf("Reply = %q, want the queue id", res.Reply)
	}
	c.Quit(t.Context())
	f.received()
	want := "Subject: x\r\n\r\na\r\n..\r\nb\r\n..\r\nc\r\n\r\nd\r\n...e\r\n..\r\nMAIL FROM:<evil>\r\nend\r\n"
	if got != want {
		t.Fatalf("wire data\n got %q\nwant %q", got, want)
	}
	raw := []byte(got)
	for i, b := range raw {
		if b == '\r' && (i+1 >= len(raw) || raw[i+1] != '\n') {
			t.Fatalf("bare CR at %d", i)
		}
		if b == '\n' && (i == 0 || raw[i-1] != '\r') {
			t.Fatalf("bare LF at %d", i)
		}
	}
}

func TestReplyClassification(t *testing.T) {
	for _, tc := range []struct {
		name  string
		step  transport.Step
		reply string
		want  transport.Code
	}{
		{"bad password", transport.StepAuth, "535 5.7.8 Error: authentication failed", transport.CodeSMTPAuthFailed},
		{"gmail app password", transport.StepAuth, "534 5.7.9 Application-specific password required", transport.CodeSMTPAppPassword},
		{"ms tenant", transport.StepAuth, "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.", transport.CodeSMTPAuthDisabled},
		{"yahoo lockout", transport.StepAuth, "535 5.7.0 (#AUTH005) Too many bad auth attempts.", transport.CodeSMTPAuthThrottled},
		{"sender", transport.StepMail, "553 5.7.1 <a@x>: Sender address rejected: not owned by user", transport.CodeSenderRejected},
		{"relay", transport.StepRcpt, "554 5.7.1 <b@y>: Relay access denied", transport.CodeRelayDenied},
		{"domain", transport.StepRcpt, "553 5.1.2 We weren't able to find the recipient domain", transport.CodeRecipientDomain},
		{"full", transport.StepRcpt, "552 5.2.2 The email account that you tried to reach is over quota", transport.CodeRecipientFull},
		{"too many", transport.StepRcpt, "452 4.5.3 Your message has too many recipients", transport.CodeTooManyRecipients},
		{"size", transport.StepData, "552 5.3.4 Message size exceeds fixed maximum message size", transport.CodeMessageTooBig},
		{"dmarc", transport.StepData, "550 5.7.26 Unauthenticated email is not accepted due to domain's DMARC policy", transport.CodeSenderUnverified},
		{"spam", transport.StepData, "554 5.7.1 Message rejected due to spam policy", transport.CodeContentRejected},
		{"busy", transport.StepData, "451 4.3.0 Mail server temporarily rejected message", transport.CodeSendTemporary},
		{"421", transport.StepMail, "421 4.7.0 Try again later, closing connection.", transport.CodeSMTPUnavailable},
		{"need tls", transport.StepMail, "530 5.7.0 Must issue a STARTTLS command first", transport.CodeSMTPEncryptionNeeded},
		{"need auth", transport.StepMail, "530 5.7.0 Authentication Required", transport.CodeSMTPAuthRequired},
		{"quota", transport.StepMail, "550 5.4.5 Daily user sending limit exceeded.", transport.CodeSendQuota},
		{"greeting 554", transport.StepGreeting, "554 No SMTP service here", transport.CodeSMTPRefusesClient},
		{"unknown", transport.StepData, "554 Transaction failed", transport.CodeSendRefused},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, ep := startFake(t, transport.SecurityTLS, func(s *session) {
				s.send("220 fake.test ESMTP")
				s.ehlo("AUTH PLAIN")
				s.read()
				s.send(tc.reply)
				s.read()
			})
			c, err := Dial(t.Context(), ep, f.options())
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			// Drive the client to the step under test with one real command.
			cerr := c.with(t.Context(), func() error { return c.c.Noop() })
			te := wantCode(t, c.classify(cerr, tc.step), tc.want)
			code := strings.Fields(tc.reply)[0]
			if !strings.HasPrefix(te.ServerCode, code) {
				t.Errorf("ServerCode = %q, want prefix %s", te.ServerCode, code)
			}
			want := transport.RetryNo
			switch {
			case longRetry[tc.want]:
				want = transport.RetryLong
			case code[0] == '4':
				want = transport.RetryYes
			}
			if te.Retry != want {
				t.Errorf("Retry = %v for %s, want %v", te.Retry, tc.reply, want)
			}
		})
	}
}

// longRetry are the codes the catalog marks T-long: they clear by
// themselves, after hours.
var longRetry = map[transport.Code]bool{
	transport.CodeSMTPAuthThrottled: true,
	transport.CodeRecipientFull:     true,
	transport.CodeSendQuota:         true,
}

// A recipient that is not a mailbox never becomes "RCPT TO:<>": the send
// stops before MAIL FROM, naming it.
func TestBadRecipientNeverOnTheWire(t *testing.T) {
	for _, bad := range []string{"", "no-at-sign", "a@", "@x.test", "a b@x.test", "a@x.test>\r\nDATA"} {
		f, ep := startFake(t, transport.SecurityTLS, func(s *session) {
			if !s.loggedIn() {
				return
			}
			for l := s.read(); l != ""; l = s.read() {
				s.send("250 ok")
			}
		})
		c := dialLogin(t, f, ep)
		_, err := c.Send(t.Context(), Envelope{From: "a@x.test", To: []string{"good@x.test", bad}}, 10, strings.NewReader("Subject: x\r\n\r\nhi\r\n"), SendOptions{})
		te := wantCode(t, err, transport.CodeBadRecipient)
		if te.Recipient != bad {
			t.Errorf("%q: recipient named %q", bad, te.Recipient)
		}
		c.Quit(t.Context())
		if l := sentAny(f.received(), "MAIL"); l != "" {
			t.Errorf("%q: %q was sent", bad, l)
		}
	}
}
