package explainview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"wren/account/explain"
	"wren/transport"
)

// "Wren will try again by itself" shows only where a retry is scheduled
// (the sync runner); setting up an account it says what the user can do.
func TestRetryPromisedOnlyWhereScheduled(t *testing.T) {
	a := test.NewTempApp(t)
	err := &transport.Error{Code: transport.CodeRefused, Protocol: transport.ProtoIMAP, Server: "imap.example.com:993", Step: transport.StepConnect}
	setup := New(explain.Explain(err, explain.Context{Operation: explain.OpSetup}), a.Clipboard())
	if strings.Contains(setup.Retry.Text+setup.Fix.Text, "Wren will try again") || !strings.Contains(setup.Retry.Text, "try again") {
		t.Errorf("setting up: retry %q, fix %q", setup.Retry.Text, setup.Fix.Text)
	}
	sync := New(explain.Explain(err, explain.Context{Operation: explain.OpRead, Retrying: true}), a.Clipboard())
	if sync.Retry.Text != "Wren will try again by itself." {
		t.Errorf("syncing: retry %q", sync.Retry.Text)
	}
}

// One explanation for two servers copies both servers' details.
func TestDetailsOfBothServersCopied(t *testing.T) {
	a := test.NewTempApp(t)
	e := explain.Explain(&transport.Error{Code: transport.CodeRefused, Protocol: transport.ProtoIMAP, Server: "imap.example.com:993"}, explain.Context{})
	e.Also = &explain.Details{Code: "NET-03", Protocol: "smtp", Server: "smtp.example.com:465"}
	v := New(e, a.Clipboard())
	test.Tap(v.Copy)
	if got := a.Clipboard().Content(); !strings.Contains(got, "imap.example.com:993") || !strings.Contains(got, "smtp.example.com:465") {
		t.Errorf("copied %q", got)
	}
}
