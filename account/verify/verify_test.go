package verify

import (
	"context"
	"errors"
	"testing"

	goimap "github.com/emersion/go-imap/v2"
	gosmtp "github.com/emersion/go-smtp"

	"wren/account"
	"wren/transport"
	"wren/transport/testcert"
)

const (
	addr  = "alice@example.test"
	local = "alice"
	pass  = "s3cret-Pa55"
)

// pair starts an IMAP and an SMTP fake accepting the given users.
func pair(t *testing.T, cert testcert.Pair, imapUsers, smtpUsers []string) (*imapFake, *smtpFake, Request) {
	t.Helper()
	fi, si := newIMAPFake(t, cert, transport.SecurityTLS, imapUsers...)
	fs, ss := newSMTPFake(t, cert, transport.SecuritySTARTTLS, smtpUsers...)
	return fi, fs, Request{
		Incoming: Side{Server: si, Usernames: []string{addr, local}},
		Outgoing: Side{Server: ss, Usernames: []string{addr, local}},
		Password: pass,
		Options:  opts(cert),
	}
}

func logins(checks []Check) int {
	n := 0
	for _, c := range checks {
		if c.Step == StepLogin {
			n++
		}
	}
	return n
}

func TestVerifySuccessFirstUsername(t *testing.T) {
	cert := testcert.New(t)
	for _, stated := range []bool{true, false} {
		fi, fs, req := pair(t, cert, []string{addr, pass}, []string{addr, pass})
		req.UsernameStated = stated
		res, err := Verify(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if !res.OK || res.IncomingUsername != addr || res.OutgoingUsername != addr || res.Failure() != nil {
			t.Fatalf("stated=%v: %+v", stated, res)
		}
		if fi.logins.Load() != 1 || fs.auths.Load() != 1 || fs.mails.Load() != 0 {
			t.Errorf("stated=%v: imap %d smtp %d mail %d", stated, fi.logins.Load(), fs.auths.Load(), fs.mails.Load())
		}
		if len(res.Incoming) != 2 || res.Incoming[0].Step != StepProbe || !res.Incoming[0].OK || res.Incoming[0].Probe == nil {
			t.Errorf("incoming checks %+v", res.Incoming)
		}
	}
}

func TestVerifySecondUsernameStated(t *testing.T) {
	// Both servers know only the local part: the config-file path tries
	// both with the address in parallel, then both with the local part.
	cert := testcert.New(t)
	fi, fs, req := pair(t, cert, []string{local, pass}, []string{local, pass})
	req.UsernameStated = true
	res, err := Verify(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK || res.IncomingUsername != local || res.OutgoingUsername != local {
		t.Fatalf("%+v", res)
	}
	if fi.logins.Load() != 2 || fs.auths.Load() != 2 {
		t.Errorf("attempts: imap %d smtp %d", fi.logins.Load(), fs.auths.Load())
	}
	if res.Incoming[1].Username != addr || res.Incoming[1].OK || transport.CodeOf(res.Incoming[1].Err) != transport.CodeIMAPAuthFailed {
		t.Errorf("first attempt %+v", res.Incoming[1])
	}
}

func TestVerifySecondUsernameUnstated(t *testing.T) {
	// SRV/guess path: IMAP finds the username, SMTP gets exactly that one.
	cert := testcert.New(t)
	fi, fs, req := pair(t, cert, []string{local, pass}, []string{local, pass})
	res, err := Verify(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK || res.OutgoingUsername != local || fi.logins.Load() != 2 || fs.auths.Load() != 1 {
		t.Fatalf("ok %v imap %d smtp %d: %+v", res.OK, fi.logins.Load(), fs.auths.Load(), res)
	}
}

func TestVerifyWrongPasswordTwoAttempts(t *testing.T) {
	cert := testcert.New(t)
	for _, stated := range []bool{true, false} {
		fi, fs, req := pair(t, cert, []string{addr, "other"}, []string{addr, "other"})
		req.UsernameStated = stated
		res, err := Verify(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if res.OK || res.IncomingUsername != "" {
			t.Fatalf("stated=%v: %+v", stated, res)
		}
		if n := fi.logins.Load(); n != 2 {
			t.Errorf("stated=%v: %d IMAP attempts, want 2", stated, n)
		}
		// SMTP: one attempt in parallel on the config path (IMAP failed
		// outright, so no redo), none on the guess path.
		want := int32(0)
		if stated {
			want = 1
		}
		if n := fs.auths.Load(); n != want {
			t.Errorf("stated=%v: %d SMTP attempts, want %d", stated, n, want)
		}
		f := res.Failure()
		if f == nil || transport.CodeOf(f.Err) != transport.CodeIMAPAuthFailed || f.Alert != "" {
			t.Errorf("stated=%v: failure %+v", stated, f)
		}
		if res.SeparateOutgoingCredentials {
			t.Errorf("stated=%v: separate SMTP credentials claimed without an IMAP success", stated)
		}
	}
}

func TestVerifyAttemptBudget(t *testing.T) {
	// The budget holds even when called past it.
	cert := testcert.New(t)
	fi, _, req := pair(t, cert, nil, nil)
	r := newSideRun(req.Incoming, &req, req.Options.Norm())
	r.probeAndLogin(context.Background(), addr)
	r.login(context.Background(), local)
	if r.login(context.Background(), "third") {
		t.Fatal("third login succeeded")
	}
	if n := fi.logins.Load(); n != 2 {
		t.Errorf("%d attempts reached the server", n)
	}
	if last := r.checks[len(r.checks)-1]; !errors.Is(last.Err, ErrAttemptsUsed) {
		t.Errorf("last check %+v", last)
	}
}

func TestVerifyIMAPAppPasswordAlert(t *testing.T) {
	cert := testcert.New(t)
	fi, fs, req := pair(t, cert, []string{addr, pass}, []string{addr, pass})
	const text = "Application-specific password required: https://support.example.test/apppw"
	fi.loginErr = func(string) error {
		return &goimap.Error{Type: goimap.StatusResponseTypeNo, Code: goimap.ResponseCodeAlert, Text: text}
	}
	res, err := Verify(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if res.OK || fi.logins.Load() != 1 {
		t.Fatalf("ok %v, %d attempts (want 1, no retry)", res.OK, fi.logins.Load())
	}
	f := res.Failure()
	if f == nil || f.Alert != text || transport.CodeOf(f.Err) != transport.CodeIMAPAppPassword {
		t.Errorf("failure %+v", f)
	}
	if fs.auths.Load() != 0 {
		t.Error("SMTP tried without a proven username")
	}
}

func TestVerifyOtherAlertNotRetried(t *testing.T) {
	cert := testcert.New(t)
	fi, _, req := pair(t, cert, []string{addr, pass}, nil)
	fi.loginErr = func(string) error {
		return &goimap.Error{Type: goimap.StatusResponseTypeNo, Code: goimap.ResponseCodeUnavailable, Text: "Backend down"}
	}
	res, _ := Verify(context.Background(), req)
	if fi.logins.Load() != 1 || res.Failure() == nil || res.Failure().Alert != "Backend down" {
		t.Fatalf("%d attempts, failure %+v", fi.logins.Load(), res.Failure())
	}
}

func TestVerifySMTPAppPassword(t *testing.T) {
	cert := testcert.New(t)
	fi, fs, req := pair(t, cert, []string{addr, pass}, nil)
	const text = "Application-specific password required. Learn more at https://support.example.test/apppw"
	fs.authErr = &gosmtp.SMTPError{Code: 534, EnhancedCode: gosmtp.EnhancedCode{5, 7, 9}, Message: text}
	req.UsernameStated = true
	req.Incoming.Usernames = []string{addr}
	res, err := Verify(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if res.OK || fi.logins.Load() != 1 || fs.auths.Load() != 1 {
		t.Fatalf("ok %v imap %d smtp %d", res.OK, fi.logins.Load(), fs.auths.Load())
	}
	last := res.Outgoing[len(res.Outgoing)-1]
	if last.Alert != text || transport.CodeOf(last.Err) != transport.CodeSMTPAppPassword {
		t.Errorf("smtp check %+v", last)
	}
	if res.SeparateOutgoingCredentials {
		t.Error("an app-password demand is not a credentials mismatch")
	}
}

func TestVerifySeparateSMTPCredentials(t *testing.T) {
	cert := testcert.New(t)
	_, fs, req := pair(t, cert, []string{addr, pass}, []string{"smtp-user", pass})
	res, err := Verify(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if res.OK || !res.SeparateOutgoingCredentials || res.IncomingUsername != addr || fs.auths.Load() != 1 {
		t.Fatalf("smtp %d: %+v", fs.auths.Load(), res)
	}
}

func TestVerifyOutgoingWithoutAuth(t *testing.T) {
	cert := testcert.New(t)
	_, fs, req := pair(t, cert, []string{addr, pass}, nil)
	req.Outgoing.Server.Auth = account.AuthNone
	req.Outgoing.Usernames = nil
	res, err := Verify(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK || fs.auths.Load() != 0 || len(res.Outgoing) != 1 || res.Outgoing[0].Step != StepProbe {
		t.Fatalf("smtp %d: %+v", fs.auths.Load(), res)
	}
}

func TestVerifyNeedsConfirmation(t *testing.T) {
	cert := testcert.New(t)
	fi, fs, req := pair(t, cert, []string{addr, pass}, []string{addr, pass})
	req.Incoming.NeedsConfirmation = true
	req.UsernameStated = true
	res, err := Verify(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if res.OK || fi.logins.Load() != 0 {
		t.Fatalf("password sent to an unconfirmed host (%d)", fi.logins.Load())
	}
	if f := res.Failure(); f == nil || !errors.Is(f.Err, account.ErrNeedsConfirmation) {
		t.Errorf("failure %+v", f)
	}
	if fs.auths.Load() != 1 {
		t.Errorf("the confirmed-by-tier SMTP host should still be tried once, got %d", fs.auths.Load())
	}

	req.Confirmed = true
	if res, _ := Verify(context.Background(), req); !res.OK || fi.logins.Load() != 1 {
		t.Errorf("after confirmation: ok %v, %d attempts", res.OK, fi.logins.Load())
	}
}

func TestVerifyPlaintextRefused(t *testing.T) {
	// A server that would take the password in clear never gets it.
	cert := testcert.New(t)
	fi, si := newIMAPFake(t, cert, transport.SecurityPlain, addr, pass)
	_, ss := newSMTPFake(t, cert, transport.SecurityTLS, addr, pass)
	req := Request{Incoming: Side{Server: si, Usernames: []string{addr}}, Outgoing: Side{Server: ss, Usernames: []string{addr}},
		Password: pass, Options: opts(cert)}
	res, err := Verify(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if res.OK || fi.logins.Load() != 0 {
		t.Fatalf("ok %v, %d logins", res.OK, fi.logins.Load())
	}
	if !res.Incoming[0].OK || res.Incoming[0].Probe.TLS {
		t.Errorf("plaintext probe %+v", res.Incoming[0])
	}
	if f := res.Failure(); f == nil || !errors.Is(f.Err, ErrPlaintextPassword) {
		t.Errorf("failure %+v", f)
	}
}

func TestVerifyUntrustedCertificateNoPassword(t *testing.T) {
	served := testcert.New(t)
	fi, fs, req := pair(t, served, []string{addr, pass}, []string{addr, pass})
	other := testcert.New(t)
	req.Options.RootCAs = other.Roots
	res, err := Verify(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if res.OK || fi.logins.Load() != 0 || fs.auths.Load() != 0 {
		t.Fatalf("password sent over an unverified certificate")
	}
	var pe *ProbeError
	f := res.Failure()
	if f == nil || f.Step != StepProbe || !errors.As(f.Err, &pe) || pe.Result.Cert == nil {
		t.Fatalf("failure %+v", f)
	}
	// The user trusts the certificate: its pin on both servers.
	req.Incoming.Server.Pin = pe.Result.Cert.Fingerprint
	req.Outgoing.Server.Pin = pe.Result.Cert.Fingerprint
	if res, _ := Verify(context.Background(), req); !res.OK {
		t.Errorf("pinned: %+v", res.Failure())
	}
}

func TestVerifyBadRequest(t *testing.T) {
	cert := testcert.New(t)
	_, _, good := pair(t, cert, nil, nil)
	for name, mod := range map[string]func(*Request){
		"no password":     func(r *Request) { r.Password = "" },
		"three usernames": func(r *Request) { r.Incoming.Usernames = []string{"a", "b", "c"} },
		"no username":     func(r *Request) { r.Outgoing.Usernames = nil },
		"smtp incoming":   func(r *Request) { r.Incoming.Server.Protocol = account.SMTP },
	} {
		req := good
		mod(&req)
		if _, err := Verify(context.Background(), req); !errors.Is(err, ErrBadRequest) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
