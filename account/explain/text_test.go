package explain_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"wren/account"
	"wren/account/explain"
	"wren/transport"
)

var gmail = explain.Provider{
	Name:           "Gmail",
	AppPasswordURL: "https://myaccount.google.com/apppasswords",
	EnableURL:      "https://mail.google.com/mail/#settings/fwdandpop",
	HelpURL:        "https://support.google.com/mail/answer/7126229",
}

// TestProviderHints: the provider's name and pages reach the fix.
func TestProviderHints(t *testing.T) {
	// Gmail's 534 5.7.9 through the real client.
	err := smtpCase{replies: at("AUTH", "534-5.7.9 Application-specific password required.\r\n534 5.7.9 https://support.google.com/mail/?p=InvalidSecondFactor")}.run(t)
	e := explain.Explain(err, explain.Context{Operation: explain.OpSend, Provider: gmail})
	if e.Code != string(transport.CodeSMTPAppPassword) || e.HelpURL != gmail.AppPasswordURL || !strings.Contains(e.Fix, gmail.AppPasswordURL) {
		t.Errorf("app password link missing: %+v", e)
	}
	// Without a hint, the link the server gave is the help.
	e = explain.Explain(err, explain.Context{Operation: explain.OpSend})
	if e.HelpURL != "https://support.google.com/mail/?p=InvalidSecondFactor" {
		t.Errorf("server link not used: %q", e.HelpURL)
	}
	if strings.Contains(e.Fix, "Gmail") || !strings.Contains(e.Explanation, "app password") {
		t.Errorf("words without a hint: %+v", e)
	}

	// Gmail's IMAP ALERT for the same case names the provider.
	err = imapCase{replies: at("AUTHENTICATE", "<tag> NO [ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)")}.run(t)
	e = explain.Explain(err, explain.Context{Operation: explain.OpRead, Provider: gmail})
	if e.Code != string(transport.CodeIMAPAppPassword) || !strings.HasPrefix(e.Explanation, "Gmail ") || e.HelpURL != gmail.AppPasswordURL {
		t.Errorf("IMAP app password: %+v", e)
	}

	// POP switched off: the settings page.
	err = popCase{replies: at("STAT", "-ERR [SYS/PERM] Your account is not enabled for POP access.")}.run(t)
	e = explain.Explain(err, explain.Context{Operation: explain.OpRead, Provider: gmail})
	if e.HelpURL != gmail.EnableURL || !strings.Contains(e.Fix, gmail.EnableURL) {
		t.Errorf("enable link missing: %+v", e)
	}

	// A provider that allows only browser sign-in: no password can work.
	outlook := explain.Provider{Name: "Outlook.com", OAuthOnly: true, AppPasswordURL: "https://example.com/app"}
	err = imapCase{replies: at("AUTHENTICATE", "<tag> NO [AUTHENTICATIONFAILED] Authentication failed.")}.run(t)
	e = explain.Explain(err, explain.Context{Operation: explain.OpRead, Provider: outlook})
	if !strings.Contains(e.Fix, "Outlook.com accepts only sign-in through its web page") || strings.Contains(e.Fix, "example.com/app") {
		t.Errorf("OAuth-only fix: %q", e.Fix)
	}
	if e.Retry != explain.RetryNo {
		t.Errorf("an auth failure is never retried automatically: %q", e.Retry)
	}
}

// TestText: the command-line rendering has every part, indents the
// details, and never prints the Go error chain.
func TestText(t *testing.T) {
	err := netCase(t, transport.CodeCertUnknownCA)
	e := explain.Explain(err, explain.Context{Operation: explain.OpRead})
	if !strings.Contains(e.Details.Cause, "x509") {
		t.Fatalf("test needs a cause with the Go chain: %q", e.Details.Cause)
	}
	out := e.Text()
	for _, want := range []string{e.Title + " [TLS-03]\n", "  " + e.Explanation + "\n", "  What to do: " + e.Fix + "\n",
		"  Details:\n", "    code: TLS-03\n", "    protocol: imap\n", "    server: 127.0.0.1:", "    step: tls\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	for _, chain := range []string{"x509", "tls handshake", "failed to verify"} {
		if strings.Contains(out, chain) {
			t.Errorf("Go error chain %q printed:\n%s", chain, out)
		}
	}
	if !strings.Contains(e.Details.String(), "error: ") {
		t.Errorf("copied details lack the cause:\n%s", e.Details.String())
	}

	// A message kept, a retry to hold off: both said once.
	sendErr := smtpCase{replies: at("MAIL", "550 5.4.5 Daily user sending limit exceeded.")}.run(t)
	out = explain.Explain(sendErr, explain.Context{Operation: explain.OpSend}).Text()
	if strings.Count(out, "Your message was not sent") != 1 || strings.Count(out, "wait a while first") != 1 {
		t.Errorf("fate or retry line missing:\n%s", out)
	}
	// A host name opening a sentence keeps its case.
	host := &transport.Error{Code: transport.CodeSMTPRefusesClient, Protocol: transport.ProtoSMTP, Server: "mail.example.com:587"}
	if e := explain.Explain(host, explain.Context{}); !strings.HasPrefix(e.Explanation, "mail.example.com ") {
		t.Errorf("host name changed: %q", e.Explanation)
	}
	if e := explain.Explain(&transport.Error{Code: transport.CodeSMTPUnavailable}, explain.Context{}); !strings.HasPrefix(e.Fix, "Nothing") {
		t.Errorf("sentence not capitalised: %q", e.Fix)
	}

	var b strings.Builder
	list := explain.ExplainAll([]error{nil, errors.Join(account.ErrKeyringLocked, err)}, explain.Context{})
	if len(list) != 2 || list[0].Code != explain.CodeKeyringLocked || list[1].Code != "TLS-03" {
		t.Fatalf("ExplainAll: %+v", list)
	}
	if err := explain.WriteText(&b, list...); err != nil {
		t.Fatal(err)
	}
	if strings.Count(b.String(), "What to do:") != 2 || !strings.Contains(b.String(), "\n\n") {
		t.Errorf("two explanations, blank line between:\n%s", b.String())
	}
}

// netCase runs the netCases entry for code.
func netCase(t *testing.T, code transport.Code) error {
	for _, c := range netCases {
		if c.code == code {
			return c.run(t)
		}
	}
	t.Fatalf("no case for %s", code)
	return nil
}

// TestJSON: the field names the GUI and the command line rely on.
func TestJSON(t *testing.T) {
	err := smtpCase{replies: at("RCPT", "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown")}.run(t)
	js, jerr := json.Marshal(explain.Explain(err, explain.Context{Operation: explain.OpSend}))
	if jerr != nil {
		t.Fatal(jerr)
	}
	var m map[string]any
	if err := json.Unmarshal(js, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"code", "title", "explanation", "fix", "retry", "message", "details"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, js)
		}
	}
	d, _ := m["details"].(map[string]any)
	if d["server_code"] != "550 5.1.1" || d["recipient"] != "bob@example.com" || d["step"] != "rcpt-to" || m["message"] != "kept" {
		t.Errorf("details: %s", js)
	}
}
