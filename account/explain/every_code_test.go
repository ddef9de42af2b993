package explain_test

import (
	"errors"
	"strings"
	"testing"

	"wren/account/compose"
	"wren/account/explain"
	"wren/transport"
)

// produced is one way to make a failure happen, and what its explanation
// must say.
type produced struct {
	code transport.Code
	op   explain.Operation
	rcpt string // the recipient the explanation must name
	run  func(t *testing.T) error
}

// classified builds the *transport.Error a client would return, for the
// few codes no client call on loopback can produce:
//
//   - TLS-08: Wren never offers TLS below 1.2, and the SMTP classifier
//     files every 421 (Microsoft's 421 4.7.66 included) as SMTP-01.
//   - SMTP-15: Wren's SMTP login prefers PLAIN, and the classifier does not
//     map go-sasl's unexpected-challenge error yet.
//   - SEND-19, SEND-20: raised by the outbox after a successful send (a
//     failed APPEND to Sent, a bounce read later), not by a client.
//   - IMAP-23, IMAP-24: states of a selected folder (Mailbox.ReadOnly, a
//     changed UIDVALIDITY) the sync layer turns into these codes.
func classified(code transport.Code, p transport.Protocol, step transport.Step, serverCode, text string, op explain.Operation) produced {
	return produced{code: code, op: op, run: func(*testing.T) error {
		info, _ := transport.Lookup(code)
		return &transport.Error{Code: code, Protocol: p, Server: "mail.example.com:993", Step: step,
			ServerCode: serverCode, ServerText: text, Retry: info.Retry, Err: errors.New(string(code) + " raised")}
	}}
}

var constructedCases = []produced{
	classified(transport.CodeTLSOldRefused, transport.ProtoSMTP, transport.StepGreeting, "421 4.7.66",
		"TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2.", explain.OpSend),
	classified(transport.CodeSMTPSASLMismatch, transport.ProtoSMTP, transport.StepAuth, "", "", explain.OpSend),
	classified(transport.CodeSentCopyFailed, transport.ProtoIMAP, transport.StepAppend, "NO TRYCREATE",
		"Mailbox doesn't exist: Sent", explain.OpSend),
	classified(transport.CodeBounced, transport.ProtoSMTP, transport.StepData, "550 5.1.1",
		"The email account that you tried to reach does not exist.", explain.OpSend),
	classified(transport.CodeIMAPReadOnly, transport.ProtoIMAP, transport.StepCommand, "OK READ-ONLY", "", explain.OpRead),
	classified(transport.CodeIMAPUIDValidity, transport.ProtoIMAP, transport.StepCommand, "OK UIDVALIDITY", "", explain.OpRead),
}

// accountCases are refusals the account layer makes before anything is
// sent, produced by the functions the command line and the window call.
var accountCases = []produced{
	{code: transport.CodeNotIdentity, op: explain.OpSend, rcpt: "ceo@example.org", run: func(*testing.T) error {
		return compose.NotIdentity("ceo@example.org", "Work")
	}},
}

func allCases() []produced {
	var all []produced
	for _, list := range [][]produced{netCases, smtpCases, imapCases, popCases, oauthCases, constructedCases, accountCases} {
		all = append(all, list...)
	}
	return all
}

// TestEveryCodeProduced makes every catalog failure happen and checks its
// explanation: the code, specific words, retry and message fate.
func TestEveryCodeProduced(t *testing.T) {
	generic := explain.Explain(errors.New("mystery"), explain.Context{})
	for _, c := range allCases() {
		t.Run(string(c.code), func(t *testing.T) {
			t.Parallel()
			err := c.run(t)
			if err == nil {
				t.Fatal("the scripted failure did not happen")
			}
			if got := transport.CodeOf(err); got != c.code {
				t.Fatalf("client classified %v as %q, want %q", err, got, c.code)
			}
			e := explain.Explain(err, explain.Context{Operation: c.op})
			checkWords(t, e, c.code)
			if e.Title == generic.Title || e.Explanation == generic.Explanation || e.Fix == generic.Fix {
				t.Errorf("generic words for %s: %+v", c.code, e)
			}
			if want := legendRetry(c.code); e.Retry != want {
				t.Errorf("retry = %q, want %q", e.Retry, want)
			}
			if want := legendFate(c.code, c.op); e.Message != want {
				t.Errorf("message = %q, want %q", e.Message, want)
			}
			if e.Details.Code != string(c.code) {
				t.Errorf("details code = %q", e.Details.Code)
			}
			if c.rcpt != "" && (!strings.Contains(e.Explanation, c.rcpt) || e.Details.Recipient != c.rcpt) {
				t.Errorf("recipient %s not named: %q / %q", c.rcpt, e.Explanation, e.Details.Recipient)
			}
		})
	}
}

// TestEveryCodeHasACase keeps the table above complete.
func TestEveryCodeHasACase(t *testing.T) {
	seen := map[transport.Code]int{}
	for _, c := range allCases() {
		seen[c.code]++
	}
	for _, info := range transport.Catalog() {
		if seen[info.Code] != 1 {
			t.Errorf("%s has %d cases, want 1", info.Code, seen[info.Code])
		}
	}
	if len(seen) != len(transport.Catalog()) {
		t.Errorf("%d codes with cases, catalog has %d", len(seen), len(transport.Catalog()))
	}
	if n := len(constructedCases); n > 7 {
		t.Errorf("%d constructed cases: produce them through a client instead", n)
	}
}

// TestCatalogWordsDistinct: no two codes share a title or an explanation.
func TestCatalogWordsDistinct(t *testing.T) {
	titles, texts := map[string]transport.Code{}, map[string]transport.Code{}
	for _, info := range transport.Catalog() {
		e := explain.Explain(&transport.Error{Code: info.Code}, explain.Context{})
		checkWords(t, e, info.Code)
		if other, dup := titles[e.Title]; dup {
			t.Errorf("%s and %s share the title %q", other, info.Code, e.Title)
		}
		if other, dup := texts[e.Explanation]; dup {
			t.Errorf("%s and %s share the explanation %q", other, info.Code, e.Explanation)
		}
		titles[e.Title], texts[e.Explanation] = info.Code, info.Code
	}
}

// checkWords: code set, every text present, filled in, and free of
// program wording.
func checkWords(t *testing.T, e explain.Explanation, code transport.Code) {
	t.Helper()
	if e.Code != string(code) {
		t.Errorf("code = %q, want %q", e.Code, code)
	}
	for name, s := range map[string]string{"title": e.Title, "explanation": e.Explanation, "fix": e.Fix} {
		if len(s) < 10 {
			t.Errorf("%s %s too short: %q", code, name, s)
		}
		for _, bad := range []string{"{", "}", "dial tcp", "x509:", "tls:", "EOF", "errno", "%!", "<nil>", string(code)} {
			if strings.Contains(s, bad) {
				t.Errorf("%s %s contains %q: %q", code, name, bad, s)
			}
		}
	}
}

// legendRetry is errors.md §1 applied to the catalog: T auto, T-long
// later, P no; SEND-18 ("T with warning") is the user's decision, never a
// machine's, since resending may duplicate the message.
func legendRetry(code transport.Code) explain.Retry {
	if code == transport.CodeMaybeSent {
		return explain.RetryNo
	}
	info, _ := transport.Lookup(code)
	switch info.Retry {
	case transport.RetryYes:
		return explain.RetryAuto
	case transport.RetryLong:
		return explain.RetryLater
	}
	return explain.RetryNo
}

// legendFate is errors.md §1's Message column: SEND-18 KEEP+DUP, SEND-19
// and SEND-20 SENT, sending failures KEEP, reading failures n/a.
func legendFate(code transport.Code, op explain.Operation) explain.MessageFate {
	switch {
	case code == transport.CodeMaybeSent:
		return explain.MessageMaybeSent
	case code == transport.CodeSentCopyFailed, code == transport.CodeBounced:
		return explain.MessageSent
	case strings.HasPrefix(string(code), "SEND-"), op == explain.OpSend:
		return explain.MessageKept
	}
	return explain.MessageNone
}
