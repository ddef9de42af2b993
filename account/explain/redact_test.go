package explain_test

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"wren/account/explain"
	"wren/transport"
)

// TestAuthFailureDetailsHideEchoedPassword: a server that quotes the
// login command line back (credentials and all, as careless servers do) must not get the password into the details, the
// JSON or the screen text.
func TestAuthFailureDetailsHideEchoedPassword(t *testing.T) {
	plainIR := base64.StdEncoding.EncodeToString([]byte("\x00" + user + "\x00" + password))
	cases := []struct {
		name string
		run  func(t *testing.T) error
		code transport.Code
	}{
		{"smtp AUTH PLAIN", smtpEcho{verb: "AUTH", reply: "535 5.7.8 Authentication failed for "}.run, transport.CodeSMTPAuthFailed},
		{"imap LOGIN", imapEcho{}.run, transport.CodeIMAPAuthFailed},
		{"pop3 PASS", popEcho{}.run, transport.CodePOPAuthFailed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			err := c.run(t)
			if transport.CodeOf(err) != c.code {
				t.Fatalf("got %v, want %s", err, c.code)
			}
			e := explain.Explain(err, explain.Context{Operation: explain.OpSetup})
			js, jerr := json.Marshal(e)
			if jerr != nil {
				t.Fatal(jerr)
			}
			if e.Details.ServerText == "" {
				t.Fatal("the server's text was dropped instead of redacted")
			}
			for _, out := range []string{e.Details.String(), string(js), e.Text()} {
				for _, secret := range []string{password, plainIR, base64.StdEncoding.EncodeToString([]byte(password))} {
					if strings.Contains(out, secret) {
						t.Errorf("secret %q leaked into:\n%s", secret, out)
					}
				}
			}
			if !strings.Contains(e.Details.String(), "[redacted]") {
				t.Errorf("nothing marked as redacted:\n%s", e.Details.String())
			}
		})
	}
}

// smtpEcho fails AUTH with reply followed by the AUTH line received.
type smtpEcho struct{ verb, reply string }

func (c smtpEcho) run(t *testing.T) error {
	pair, opts := trusted(t)
	port := serve(t, pair.Server, func(s *fsess) {
		s.reply("220 fake")
		for {
			line, ok := s.read()
			if !ok {
				return
			}
			switch verb, _, _ := strings.Cut(line, " "); strings.ToUpper(verb) {
			case "EHLO":
				s.reply("250-fake\r\n250 AUTH PLAIN")
			case c.verb:
				s.reply(c.reply + line)
			default:
				s.reply("250 ok")
			}
		}
	})
	return smtpLogin(t, local(port, transport.SecurityTLS), opts)
}

// imapEcho has no AUTH=PLAIN, so the client uses LOGIN user password.
type imapEcho struct{}

func (imapEcho) run(t *testing.T) error {
	pair, opts := trusted(t)
	port := serve(t, pair.Server, func(s *fsess) {
		s.reply("* OK [CAPABILITY IMAP4rev1] ready")
		for {
			line, ok := s.read()
			if !ok {
				return
			}
			tag, rest, _ := strings.Cut(line, " ")
			s.reply(tag + " NO [AUTHENTICATIONFAILED] Invalid " + rest)
		}
	})
	return imapLogin(t, local(port, transport.SecurityTLS), opts)
}

type popEcho struct{}

func (popEcho) run(t *testing.T) error {
	pair, opts := trusted(t)
	port := serve(t, pair.Server, func(s *fsess) {
		s.reply("+OK ready")
		for {
			line, ok := s.read()
			if !ok {
				return
			}
			switch verb, _, _ := strings.Cut(line, " "); verb {
			case "CAPA":
				s.reply("+OK\r\nUSER\r\nRESP-CODES\r\n.")
			case "PASS":
				s.reply("-ERR [AUTH] rejected: " + line)
			default:
				s.reply("+OK")
			}
		}
	})
	return popLogin(t, local(port, transport.SecurityTLS), opts)
}

// TestServerTextCannotDriveTheTerminal: escape sequences and other
// control characters in a server's text never reach the screen.
func TestServerTextCannotDriveTheTerminal(t *testing.T) {
	err := imapCase{replies: at("SELECT", "<tag> NO [ALERT] \x1b[2J\x1b]0;pwned\x07Maintenance \u202eTONIGHT"), after: selectInbox}.run(t)
	e := explain.Explain(err, explain.Context{Operation: explain.OpRead})
	if e.Code != string(transport.CodeIMAPAlert) {
		t.Fatalf("code %s", e.Code)
	}
	for _, out := range []string{e.Text(), e.Details.String(), e.Explanation} {
		if strings.ContainsAny(out, "\x1b\x07\u202e") {
			t.Errorf("control characters kept: %q", out)
		}
	}
	if !strings.Contains(e.Explanation, "Maintenance") {
		t.Errorf("the alert text must be shown: %q", e.Explanation)
	}
}

// TestBase64AndLongTextsAreBounded covers redaction without a verb.
func TestBase64AndLongTextsAreBounded(t *testing.T) {
	token := base64.StdEncoding.EncodeToString([]byte("user=alice\x01auth=Bearer ya29.secret-token\x01\x01"))
	te := &transport.Error{Code: transport.CodeSMTPTokenRejected, Protocol: transport.ProtoSMTP, Server: "smtp.example.com:587",
		ServerCode: "535 5.7.8", ServerText: "token " + token + " rejected " + strings.Repeat("x", 5000)}
	e := explain.Explain(te, explain.Context{})
	if strings.Contains(e.Details.String(), token) {
		t.Errorf("token kept: %s", e.Details.ServerText)
	}
	if len(e.Details.ServerText) > 1100 {
		t.Errorf("server text not bounded: %d bytes", len(e.Details.ServerText))
	}
	if !strings.Contains(e.Details.ServerText, "rejected") {
		t.Errorf("plain words lost: %q", e.Details.ServerText)
	}
	mechs := &transport.Error{Code: transport.CodeSMTPAuthMechanism, ServerText: "AUTH XOAUTH2 OAUTHBEARER"}
	if got := explain.Explain(mechs, explain.Context{}).Details.ServerText; got != "AUTH XOAUTH2 OAUTHBEARER" {
		t.Errorf("mechanism list redacted: %q", got)
	}
}
