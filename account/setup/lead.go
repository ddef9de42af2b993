package setup

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"

	"wren/account"
	"wren/account/verify"
	"wren/transport"
)

// Which side of the account a failure concerns.
type sideOf int

const (
	sideNone sideOf = iota // the whole run (offline, bad address, OAuth only)
	sideIn
	sideOut
)

// class orders failures by how much they tell the user (issue #12): a
// server that refused to protect the password says more than one with a
// bad certificate, which says more than a refused login, which says more
// than a connection that never happened, which says more than "nothing
// found".
type class int

const (
	classSecurity class = iota
	classCert
	classAuth
	classServer // the server answered, but not as the protocol says
	classNetwork
	classNotFound
)

// classify sorts one setup failure into its class.
func classify(err error) class {
	switch {
	case errors.Is(err, account.ErrPlaintext), errors.Is(err, verify.ErrPlaintextPassword):
		return classSecurity
	case errors.Is(err, account.ErrNotFound), errors.Is(err, account.ErrOffline):
		return classNotFound
	case errors.Is(err, account.ErrNeedsConfirmation), errors.Is(err, account.ErrUnsupportedAuth):
		return classAuth
	}
	code := transport.CodeOf(err)
	switch code {
	case transport.CodeNoSTARTTLS, transport.CodeSTARTTLSTemporary, transport.CodeTLSVersion,
		transport.CodeTLSOldRefused, transport.CodeClientCertRequired,
		transport.CodeSMTPEncryptionNeeded, transport.CodeIMAPPrivacyRequired, transport.CodePOPPrivacyRequired:
		return classSecurity
	case transport.CodeCertUnknownCA, transport.CodeCertWrongHost, transport.CodeCertExpired,
		transport.CodeCertNotYetValid, transport.CodeCertChanged:
		return classCert
	case transport.CodeWrongProtocol, transport.CodeBadSettings, transport.CodeTLSToPlainPort, transport.CodePlainToTLSPort:
		return classServer
	}
	s := string(code)
	switch {
	case strings.HasPrefix(s, "NET-"):
		return classNetwork
	case strings.HasPrefix(s, "IMAP-"), strings.HasPrefix(s, "SMTP-"), strings.HasPrefix(s, "POP-"), strings.HasPrefix(s, "SEND-"),
		strings.HasPrefix(s, "OAUTH-"):
		return classAuth
	case errors.Is(err, context.DeadlineExceeded):
		return classNetwork
	}
	return classServer
}

// failure is one error of a run, with the side and the rank of the
// candidate it happened on (0 is the best candidate).
type failure struct {
	side  sideOf
	order int
	err   error
}

// failures collects a run's errors; lead orders them for the report.
type failures []failure

func (f *failures) add(side sideOf, order int, err error) {
	if err != nil {
		*f = append(*f, failure{side, order, err})
	}
}

// lead is the report's error list (issue #12): one explanation per side,
// the most telling failure of the best candidate first; the side whose
// failure tells more leads. Failures of the whole run come after those,
// and "nothing found" only when nothing better is known.
func (f failures) lead() []error {
	best := map[sideOf]failure{}
	var whole []error
	for _, x := range f {
		if x.side == sideNone {
			whole = append(whole, x.err)
			continue
		}
		b, ok := best[x.side]
		if !ok || better(x, b) {
			best[x.side] = x
		}
	}
	sides := make([]failure, 0, 2)
	for _, s := range []sideOf{sideIn, sideOut} {
		if b, ok := best[s]; ok {
			sides = append(sides, b)
		}
	}
	slices.SortStableFunc(sides, func(a, b failure) int { return cmp.Compare(classify(a.err), classify(b.err)) })
	var out []error
	for _, x := range sides {
		if !slices.ContainsFunc(out, func(e error) bool { return sameFailure(e, x.err) }) {
			out = append(out, x.err)
		}
	}
	if len(out) > 0 && classify(out[0]) != classNotFound {
		// A run-wide "not found" adds nothing to a side's real cause.
		whole = slices.DeleteFunc(whole, func(e error) bool { return classify(e) == classNotFound })
	}
	return append(whole, out...)
}

// better reports whether a is a more telling failure than b: its class
// first, then the better candidate, then the later step of the same one.
func better(a, b failure) bool {
	if ca, cb := classify(a.err), classify(b.err); ca != cb {
		return ca < cb
	}
	return a.order < b.order
}

// sameFailure is one cause reported twice (both sides on one host).
func sameFailure(a, b error) bool {
	ta, okA := transport.As(a)
	tb, okB := transport.As(b)
	if !okA || !okB {
		return errors.Is(a, account.ErrNotFound) && errors.Is(b, account.ErrNotFound)
	}
	return ta.Code == tb.Code && ta.Server == tb.Server
}
