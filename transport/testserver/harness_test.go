package testserver_test

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"wren/transport"
	"wren/transport/testserver"
)

// Each of the six endpoints greets over verified TLS (implicit or after the
// protocol's STARTTLS) and accepts a fresh user's login.
func TestEndpoints(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	opts := srv.Options()
	plain := base64.StdEncoding.EncodeToString([]byte("\x00" + u.Address + "\x00" + u.Password))

	imapLogin := func(s *session) {
		caps := s.until("a ")
		if !strings.HasPrefix(caps[len(caps)-1], "a OK") {
			t.Fatalf("%s: LOGIN: %q", s.ep, caps)
		}
		for _, c := range []string{"IDLE", "CONDSTORE", "SPECIAL-USE", "MOVE", "UIDPLUS"} {
			if !slices.Contains(strings.Fields(strings.NewReplacer("[", " ", "]", " ").Replace(strings.Join(caps, " "))), c) {
				t.Errorf("%s: capability %s missing in %q", s.ep, c, caps)
			}
		}
		s.send(`b LIST "" "*"`)
		list := strings.Join(s.until("b "), "\n")
		for _, f := range []string{`\Sent`, `\Drafts`, `\Trash`, `\Junk`, `\Archive`} {
			if !strings.Contains(list, f) {
				t.Errorf("%s: no %s folder in %q", s.ep, f, list)
			}
		}
		s.send("c LOGOUT")
		s.until("c OK")
	}
	pop3Login := func(s *session) {
		s.send("USER " + u.Address)
		s.expect("+OK")
		s.send("PASS " + u.Password)
		s.expect("+OK")
		s.send("QUIT")
		s.expect("+OK")
	}
	ehlo := func(s *session) []string {
		s.send("EHLO wren.localhost")
		return s.until("250 ")
	}
	smtpLogin := func(s *session) {
		exts := strings.Join(ehlo(s), "\n")
		for _, e := range []string{"AUTH PLAIN", "SIZE 10485760"} {
			if !strings.Contains(exts, e) {
				t.Errorf("%s: EHLO lacks %q: %q", s.ep, e, exts)
			}
		}
		s.send("AUTH PLAIN " + plain)
		s.expect("235")
		s.send("QUIT")
		s.expect("221")
	}

	for _, tc := range []struct {
		name     string
		ep       transport.Endpoint
		greeting string
		starttls func(*session)
		login    func(*session)
	}{
		{"imaps", srv.IMAPTLS, "* OK", nil, func(s *session) { s.send("a LOGIN " + u.Address + " " + u.Password); imapLogin(s) }},
		{"imap+starttls", srv.IMAPSTARTTLS, "* OK", func(s *session) {
			s.send("s STARTTLS")
			s.expect("s OK")
		}, func(s *session) { s.send("a LOGIN " + u.Address + " " + u.Password); imapLogin(s) }},
		{"pop3s", srv.POP3TLS, "+OK", nil, pop3Login},
		{"pop3+stls", srv.POP3STARTTLS, "+OK", func(s *session) {
			s.send("STLS")
			s.expect("+OK")
		}, pop3Login},
		{"submissions", srv.SubmitTLS, "220 ", nil, smtpLogin},
		{"submission+starttls", srv.SubmitSTARTTLS, "220 ", func(s *session) {
			if exts := strings.Join(ehlo(s), "\n"); strings.Contains(exts, "AUTH") {
				t.Errorf("%s: AUTH offered before STARTTLS: %q", s.ep, exts)
			}
			s.send("STARTTLS")
			s.expect("220")
		}, smtpLogin},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := dial(t, srv, tc.ep)
			s.expect(tc.greeting)
			if tc.starttls != nil {
				tc.starttls(s)
				s.startTLS(opts)
			}
			tc.login(s)
		})
	}
}

// Dovecot refuses a password on the STARTTLS port before TLS is up. This
// holds only because the servers do not listen on the client's address.
func TestPlaintextLoginRefused(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	s := dial(t, srv, srv.IMAPSTARTTLS)
	if g := s.expect("* OK"); !strings.Contains(g, "LOGINDISABLED") {
		t.Errorf("greeting %q lacks LOGINDISABLED", g)
	}
	s.send("a LOGIN " + u.Address + " " + u.Password)
	got := s.until("a ")
	if last := got[len(got)-1]; !strings.HasPrefix(last, "a NO") {
		t.Fatalf("plaintext LOGIN answered %q, want a NO", got)
	}
}

// Mail submitted for a user @Domain reaches their mailbox (Postfix, LMTP,
// Dovecot); an unknown user is refused at RCPT.
func TestDelivery(t *testing.T) {
	srv := testserver.Require(t)
	from, to := srv.NewUser(t), srv.NewUser(t)
	s := dial(t, srv, srv.SubmitTLS)
	s.expect("220 ")
	s.send("EHLO wren.localhost")
	s.until("250 ")
	s.send("AUTH PLAIN " + base64.StdEncoding.EncodeToString([]byte("\x00"+from.Address+"\x00"+from.Password)))
	s.expect("235")
	s.send("MAIL FROM:<" + from.Address + ">")
	s.expect("250")
	s.send("RCPT TO:<nobody-" + to.Name + "@" + srv.Domain + ">")
	s.expect("550")
	s.send("RCPT TO:<" + to.Address + ">")
	s.expect("250")
	s.send("DATA")
	s.expect("354")
	s.send(fmt.Sprintf("From: <%s>\r\nTo: <%s>\r\nSubject: harness\r\nDate: %s\r\n\r\nhello\r\n.",
		from.Address, to.Address, time.Now().Format(time.RFC1123Z)))
	s.expect("250")
	s.send("QUIT")

	deadline := time.Now().Add(15 * time.Second)
	for {
		p := dial(t, srv, srv.POP3TLS)
		p.expect("+OK")
		p.send("USER " + to.Address)
		p.expect("+OK")
		p.send("PASS " + to.Password)
		p.expect("+OK")
		p.send("STAT")
		stat := p.expect("+OK")
		p.send("QUIT")
		if stat == "+OK 1 "+strings.Fields(stat)[2] {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailbox of %s: %q after 15s, want one message", to.Address, stat)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
