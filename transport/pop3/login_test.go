package pop3

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"wren/transport"
)

func TestLoginSASLPlain(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	c := loggedIn(t, f)
	if got, want := f.verbs(), []string{"CAPA", "AUTH", "CAPA"}; !slices.Equal(got, want) {
		t.Errorf("commands = %q, want %q", got, want)
	}
	if err := c.Login(t.Context(), "alice", "secret"); !errors.Is(err, ErrLoggedIn) {
		t.Errorf("second Login = %v, want ErrLoggedIn", err)
	}
}

// An initial response that would make the AUTH line longer than 255
// octets is sent after the server's continuation (RFC 5034 §4).
func TestLoginSASLLongCredentials(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.pass = strings.Repeat("p", 300)
	c := loggedIn(t, f)
	lines := f.received()
	if len(lines) < 3 || lines[1].line != "AUTH PLAIN" {
		t.Fatalf("lines = %v, want a bare AUTH PLAIN then the response", lines)
	}
	if !c.authed {
		t.Error("not logged in")
	}
}

func TestLoginUserPass(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.capaTLS = []string{"USER", "UIDL"}
	loggedIn(t, f)
	got := f.received()
	if len(got) < 3 || got[1].line != "USER alice" || got[2].line != "PASS secret" {
		t.Errorf("lines = %v, want USER alice, PASS secret", got)
	}
}

func TestLoginErrors(t *testing.T) {
	const notEnabled = "Your account is not enabled for POP access. Please visit your Gmail settings page and enable your account for POP access."
	for _, tc := range []struct {
		name     string
		reply    string
		authResp bool // AUTH-RESP-CODE announced
		want     transport.Code
		code     string
		text     string
	}{
		{"auth", "-ERR [AUTH] Authentication failed.", true, transport.CodePOPAuthFailed, "-ERR AUTH", "Authentication failed."},
		{"in use", "-ERR [IN-USE] Mailbox is locked by another session", true, transport.CodePOPInUse, "-ERR IN-USE", "Mailbox is locked by another session"},
		{"login delay", "-ERR [LOGIN-DELAY] Wait 15 minutes between logins", true, transport.CodePOPLoginDelay, "-ERR LOGIN-DELAY", ""},
		{"sys temp", "-ERR [SYS/TEMP] Temporary system problem. Please try again later.", true, transport.CodePOPTemporary, "-ERR SYS/TEMP", ""},
		{"sys perm", "-ERR [SYS/PERM] Maildrop corrupted", true, transport.CodePOPPermanent, "-ERR SYS/PERM", ""},
		{"pop disabled", "-ERR [SYS/PERM] " + notEnabled, true, transport.CodePOPDisabled, "-ERR SYS/PERM", notEnabled},
		{"plaintext disallowed", "-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.", true, transport.CodePOPPrivacyRequired, "-ERR AUTH", ""},
		{"uncoded, no AUTH-RESP-CODE", "-ERR Logon failure: unknown user name or bad password.", false, transport.CodePOPAuthFailed, "-ERR", "Logon failure: unknown user name or bad password."},
		{"uncoded with AUTH-RESP-CODE", "-ERR Something odd happened", true, transport.CodePOPFailed, "-ERR", "Something odd happened"},
		{"uncoded lock", "-ERR maildrop is already locked", false, transport.CodePOPInUse, "-ERR", ""},
		{"lower-case code", "-ERR [in-use] busy", false, transport.CodePOPInUse, "-ERR IN-USE", "busy"},
	} {
		for _, sasl := range []bool{true, false} {
			name := tc.name + "/user-pass"
			if sasl {
				name = tc.name + "/sasl"
			}
			t.Run(name, func(t *testing.T) {
				f := newFake(t, transport.SecurityTLS)
				f.capaTLS = []string{"USER", "RESP-CODES"}
				if tc.authResp {
					f.capaTLS = append(f.capaTLS, "AUTH-RESP-CODE")
				}
				if sasl {
					f.capaTLS = append(f.capaTLS, "SASL PLAIN")
				}
				reply := func(s *fsess, arg string) { s.send(tc.reply + "\r\n") }
				f.handlers["PASS"], f.handlers["AUTH"] = reply, reply
				ep, opts := f.start()
				c, err := Dial(t.Context(), ep, opts)
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close()
				err = c.Login(t.Context(), "alice", "secret")
				te := wantCode(t, err, tc.want)
				if te.Step != transport.StepAuth {
					t.Errorf("step = %s, want auth", te.Step)
				}
				if te.ServerCode != tc.code {
					t.Errorf("ServerCode = %q, want %q", te.ServerCode, tc.code)
				}
				if tc.text != "" && te.ServerText != tc.text {
					t.Errorf("ServerText = %q, want %q", te.ServerText, tc.text)
				}
				info, _ := transport.Lookup(tc.want)
				if te.Retry != info.Retry {
					t.Errorf("Retry = %v, want %v", te.Retry, info.Retry)
				}
				var re *ReplyError
				if !errors.As(err, &re) {
					t.Errorf("err = %v, want a *ReplyError inside", err)
				}
				if strings.Contains(err.Error(), "secret") {
					t.Errorf("error text %q contains the password", err)
				}
				// A -ERR leaves the session usable.
				if err := c.Login(t.Context(), "alice", "secret"); transport.CodeOf(err) != tc.want {
					t.Errorf("second Login = %v, want %s again", err, tc.want)
				}
			})
		}
	}
}

func TestLoginPlaintextRefused(t *testing.T) {
	f := newFake(t, transport.SecurityPlain)
	ep, opts := f.start()
	c, err := Dial(t.Context(), ep, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.TLS() {
		t.Fatal("TLS() = true on a plain connection")
	}
	err = c.Login(t.Context(), "alice", "secret")
	te := wantCode(t, err, transport.CodePOPPrivacyRequired)
	if !errors.Is(err, ErrPlaintextLogin) || te.Step != transport.StepAuth {
		t.Errorf("err = %v, want ErrPlaintextLogin at auth", err)
	}
	if err := c.Noop(t.Context()); !errors.Is(err, ErrNotLoggedIn) {
		t.Errorf("Noop = %v, want ErrNotLoggedIn", err)
	}
	if err := c.Quit(t.Context()); err != nil {
		t.Fatal(err)
	}
	f.assertNoCredentials(t)
	if got, want := f.verbs(), []string{"CAPA", "QUIT"}; !slices.Equal(got, want) {
		t.Errorf("commands = %q, want %q", got, want)
	}
}

// A user name with CRLF would inject a command; it is refused unsent.
func TestLoginRejectsInjection(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.capaTLS = []string{"USER"}
	ep, opts := f.start()
	c, err := Dial(t.Context(), ep, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	err = c.Login(t.Context(), "alice\r\nDELE 1", "secret")
	wantCode(t, err, transport.CodeBadSettings)
	if !errors.Is(err, ErrBadCredential) {
		t.Errorf("err = %v, want ErrBadCredential", err)
	}
	if got, want := f.verbs(), []string{"CAPA"}; !slices.Equal(got, want) {
		t.Errorf("commands = %q, want %q", got, want)
	}
}

// The debug transcript never holds the password, in either method.
func TestDebugTranscriptRedacted(t *testing.T) {
	for _, capa := range [][]string{{"USER"}, {"SASL PLAIN"}} {
		f := newFake(t, transport.SecurityTLS)
		f.capaTLS = capa
		ep, opts := f.start()
		var b strings.Builder
		opts.Debug = &b
		c, err := Dial(t.Context(), ep, opts)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Login(t.Context(), "alice", "secret"); err != nil {
			t.Fatal(err)
		}
		c.Close()
		if strings.Contains(b.String(), "secret") || strings.Contains(b.String(), "AGFsaWNlAHNlY3JldA") {
			t.Errorf("debug transcript with %v holds the credentials:\n%s", capa, b.String())
		}
		if !strings.Contains(b.String(), "S: +OK") {
			t.Errorf("debug transcript lacks server lines:\n%s", b.String())
		}
	}
}
