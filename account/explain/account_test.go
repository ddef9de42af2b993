package explain_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"wren/account"
	"wren/account/explain"
	"wren/assets/providers"
	"wren/transport"
	"wren/transport/imap"
)

// TestAccountSentinels: each sentinel of the account packages, wrapped as
// producers wrap it, gets its own code and words.
func TestAccountSentinels(t *testing.T) {
	want := map[error]string{
		account.ErrNotFound: explain.CodeSettingsNotFound, account.ErrOffline: explain.CodeOffline,
		account.ErrNeedsOAuth: explain.CodeNeedsOAuth, account.ErrNeedsConfirmation: explain.CodeNeedsConfirm,
		account.ErrUnsupportedAuth: explain.CodeUnsupportedAuth, account.ErrBadAddress: explain.CodeBadAddress,
		account.ErrPlaintext:          explain.CodePlaintext,
		account.ErrKeyringUnavailable: explain.CodeKeyringUnavailable, account.ErrKeyringLocked: explain.CodeKeyringLocked,
		account.ErrKeyringTimeout: explain.CodeKeyringTimeout, account.ErrNoPassword: explain.CodeNoPassword,
		account.ErrProfileCorrupt: explain.CodeProfileCorrupt, account.ErrProfileTooNew: explain.CodeProfileTooNew,
		account.ErrAccountExists: explain.CodeAccountExists, account.ErrNoAccount: explain.CodeNoAccount,
	}
	titles := map[string]string{}
	for sentinel, code := range want {
		err := fmt.Errorf("loading %q: %w", "work", sentinel)
		e := explain.Explain(err, explain.Context{Operation: explain.OpSetup})
		if e.Code != code {
			t.Errorf("%v: code %q, want %q", sentinel, e.Code, code)
		}
		if e.Title == "" || e.Explanation == "" || e.Fix == "" {
			t.Errorf("%s: missing words %+v", code, e)
		}
		if strings.Contains(e.Title+e.Explanation+e.Fix, "loading") {
			t.Errorf("%s: program text in the words: %+v", code, e)
		}
		if !strings.Contains(e.Details.Cause, sentinel.Error()) {
			t.Errorf("%s: cause missing from details: %q", code, e.Details.Cause)
		}
		if e.Message != explain.MessageNone {
			t.Errorf("%s: message %q during setup", code, e.Message)
		}
		if other, dup := titles[e.Title]; dup {
			t.Errorf("%s and %s share the title %q", other, code, e.Title)
		}
		titles[e.Title] = code
	}
	if e := explain.Explain(account.ErrOffline, explain.Context{}); e.Retry != explain.RetryAuto {
		t.Errorf("offline retry %q, want auto", e.Retry)
	}
	if e := explain.Explain(account.ErrKeyringLocked, explain.Context{}); e.Retry != explain.RetryNo {
		t.Errorf("locked keyring retry %q, want no", e.Retry)
	}
}

// TestSentinelWithTransportCause: an account error wrapping a transport
// error is explained by the transport's precise code, with its details.
func TestSentinelWithTransportCause(t *testing.T) {
	te := &transport.Error{Code: transport.CodeIMAPBasicAuthOff, Protocol: transport.ProtoIMAP,
		Server: "outlook.office365.com:993", Step: transport.StepAuth, ServerCode: "NO", ServerText: "Basic authentication is disabled."}
	e := explain.Explain(fmt.Errorf("%w: %w", account.ErrNeedsOAuth, te), explain.Context{Operation: explain.OpSetup})
	if e.Code != string(transport.CodeIMAPBasicAuthOff) || e.Details.Server != "outlook.office365.com:993" {
		t.Errorf("got %+v", e)
	}
}

// TestCancelledAndTimedOut: the context's errors, bare and as the
// transport wraps them.
func TestCancelledAndTimedOut(t *testing.T) {
	if e := explain.Explain(context.Canceled, explain.Context{}); e.Code != explain.CodeCanceled || e.Retry != explain.RetryNo {
		t.Errorf("canceled: %+v", e)
	}
	if e := explain.Explain(fmt.Errorf("sync: %w", context.DeadlineExceeded), explain.Context{}); e.Code != explain.CodeDeadline {
		t.Errorf("deadline: %+v", e)
	}

	// A real IMAP session whose caller gives up while the server is silent.
	err := cancelledNoop(t)
	if !errors.Is(err, context.Canceled) || transport.CodeOf(err) == "" {
		t.Fatalf("want a transport error wrapping context.Canceled, got %v", err)
	}
	e := explain.Explain(err, explain.Context{Operation: explain.OpRead})
	if e.Code != explain.CodeCanceled || e.Message != explain.MessageNone {
		t.Errorf("cancelled read: %+v", e)
	}
	if e.Details.Server == "" {
		t.Errorf("transport details lost: %+v", e.Details)
	}

	// Cancelling after the end of the data leaves the message maybe sent.
	maybe := &transport.Error{Code: transport.CodeMaybeSent, Protocol: transport.ProtoSMTP, MaybeSent: true,
		Err: fmt.Errorf("%w: EOF", context.Canceled)}
	if e := explain.Explain(maybe, explain.Context{Operation: explain.OpSend}); e.Code != string(transport.CodeMaybeSent) ||
		e.Message != explain.MessageMaybeSent {
		t.Errorf("cancel after data: %+v", e)
	}
}

// TestUnknownError: a generic text, the raw words only in the details.
func TestUnknownError(t *testing.T) {
	raw := errors.New("frobnicate: internal state 0x2a: widget exploded")
	e := explain.Explain(fmt.Errorf("outbox: %w", raw), explain.Context{Operation: explain.OpSend})
	if e.Code != explain.CodeUnknown || e.Retry != explain.RetryNo || e.Message != explain.MessageKept {
		t.Errorf("got %+v", e)
	}
	for _, s := range []string{e.Title, e.Explanation, e.Fix, e.Text()} {
		if strings.Contains(s, "widget") || strings.Contains(s, "outbox:") {
			t.Errorf("raw error text outside the details: %q", s)
		}
	}
	if !strings.Contains(e.Details.String(), "widget exploded") {
		t.Errorf("raw text missing from the copied details: %q", e.Details.String())
	}
	if got := explain.Explain(nil, explain.Context{}); got != (explain.Explanation{}) {
		t.Errorf("nil error: %+v", got)
	}
	// A transport error without a code is as unknown, but keeps its facts.
	e = explain.Explain(&transport.Error{Protocol: transport.ProtoIMAP, Server: "imap.example.com:993"}, explain.Context{})
	if e.Code != explain.CodeUnknown || e.Details.Server != "imap.example.com:993" {
		t.Errorf("codeless transport error: %+v", e)
	}
}

// cancelledNoop cancels a NOOP the server received and will never answer.
func cancelledNoop(t *testing.T) error {
	pair, opts := trusted(t)
	got := make(chan struct{})
	port := serve(t, pair.Server, func(s *fsess) {
		imapCase{replies: map[string]string{"NOOP": ""}}.scriptWith(s, func(name string) {
			if name == "NOOP" {
				close(got)
			}
		})
	})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	cl, err := imap.Dial(ctx, local(port, transport.SecurityTLS), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if err := cl.Login(ctx, user, password); err != nil {
		t.Fatal(err)
	}
	go func() {
		<-got
		cancel()
	}()
	return cl.Noop(ctx)
}

// Where only browser sign-in works, the fix offers Wren's own sign-in when
// this build has one for the provider, says plainly when it has none, and
// stays neutral when the provider is not known; it never says Wren cannot
// sign in that way at all.
func TestNeedsOAuthOffersWhatExists(t *testing.T) {
	basicOff := &transport.Error{Code: transport.CodeIMAPBasicAuthOff, Protocol: transport.ProtoIMAP, Server: "outlook.office365.com:993",
		Err: errors.New("NO Basic authentication is disabled.")}
	cases := []struct {
		name     string
		provider explain.Provider
		want     string
	}{
		{"sign-in", explain.Provider{Name: "Gmail", OAuthOnly: true, SignIn: true}, "“Sign in with Gmail”"},
		{"no registration", explain.Provider{Name: "Yahoo", OAuthOnly: true, HelpURL: "https://help.example/yahoo"}, "no browser sign-in for Yahoo"},
		{"unknown", explain.Provider{}, "Settings → Accounts → Sign in again…"},
	}
	for _, c := range cases {
		for _, err := range []error{fmt.Errorf("gmail.com: %w", account.ErrNeedsOAuth), basicOff} {
			e := explain.Explain(err, explain.Context{Operation: explain.OpSetup, Provider: c.provider})
			if !strings.Contains(e.Fix, c.want) {
				t.Errorf("%s, %s: fix %q lacks %q", c.name, e.Code, e.Fix, c.want)
			}
			if strings.Contains(e.Explanation+e.Fix, "yet") || strings.Contains(e.Fix, "{") {
				t.Errorf("%s, %s: %q / %q", c.name, e.Code, e.Explanation, e.Fix)
			}
		}
	}
	// The table's rows: this build's registrations decide.
	gmail, ok := providers.Lookup("gmail.com")
	if !ok {
		t.Fatal("no row for gmail.com")
	}
	o, _ := providers.OAuth2Of(gmail)
	if got := explain.ProviderOf(gmail); got.Name != gmail.Name || got.SignIn != o.Configured() {
		t.Errorf("ProviderOf(gmail) = %+v, registration configured %v", got, o.Configured())
	}
}
