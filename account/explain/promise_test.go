package explain

import (
	"strings"
	"testing"

	"wren/transport"
)

// Setting up an account, nothing retries: no code's words promise that
// Wren tries again. Where a retry is scheduled (sync, a queued send) the
// promise stays and AutoRetry says so.
func TestRetryPromisedOnlyWhenScheduled(t *testing.T) {
	promised := 0
	for _, info := range transport.Catalog() {
		te := &transport.Error{Code: info.Code, Protocol: transport.ProtoIMAP, Server: "imap.example.com:993", Step: transport.StepConnect}
		for _, op := range []Operation{OpSetup, OpRead, OpSend} {
			e := Explain(te, Context{Operation: op})
			if strings.Contains(e.Fix, "Wren will try again") || e.AutoRetry {
				t.Errorf("%s (%s, nothing scheduled): fix %q, AutoRetry %v", info.Code, op, e.Fix, e.AutoRetry)
			}
			sched := Explain(te, Context{Operation: op, Retrying: true})
			if sched.AutoRetry != (sched.Retry == RetryAuto) {
				t.Errorf("%s (%s, scheduled): AutoRetry %v with Retry %s", info.Code, op, sched.AutoRetry, sched.Retry)
			}
			if strings.Contains(sched.Fix, "Wren will try again") {
				promised++
			}
		}
	}
	if promised == 0 {
		t.Error("no fix promises a retry even where one is scheduled: the check above proves nothing")
	}
}

func TestRetryPromiseRewritten(t *testing.T) {
	for in, want := range map[string]string{
		"Wait a moment; Wren will try again.":                               "Wait a moment; then try again.",
		"Nothing to change: Wren will try again in a few minutes.":          "Nothing to change: try again in a few minutes.",
		"Nothing to do: Wren will try again automatically.":                 "Nothing to do: try again.",
		"Connect to the VPN; Wren will try again when the network is back.": "Connect to the VPN; then try again when the network is back.",
		"Wren will try again by itself.":                                    "Try again.",
		"The port may be wrong. Wren will try again.":                       "The port may be wrong. Then try again.",
		"Check the password in the account settings.":                       "Check the password in the account settings.",
	} {
		if got := promiseOnlyScheduled(Explanation{Fix: in}, Context{}).Fix; got != want {
			t.Errorf("%q became %q, want %q", in, got, want)
		}
	}
}
