package outbox

import (
	"encoding/json"
	"errors"
	"strings"

	"wren/account"
	"wren/transport"
)

// storedErr is a send failure as the outbox keeps it: what its explanation
// needs (the code, the failing host and step, the server's reply, the
// refused recipient), so that an explanation read back from the store
// names the same host and step as the one seen when it happened.
type storedErr struct {
	Code transport.Code `json:"code,omitempty"`
	// Sentinel names an account error (a keyring failure at send), which
	// explains with its own code.
	Sentinel   string             `json:"sentinel,omitempty"`
	Protocol   transport.Protocol `json:"protocol,omitempty"`
	Server     string             `json:"server,omitempty"`
	Step       transport.Step     `json:"step,omitempty"`
	ServerCode string             `json:"server_code,omitempty"`
	ServerText string             `json:"server_text,omitempty"`
	Recipient  string             `json:"recipient,omitempty"`
	MaybeSent  bool               `json:"maybe_sent,omitempty"`
	Cause      string             `json:"cause,omitempty"`
}

// maxStoredText bounds each text kept from a server or an error.
const maxStoredText = 1000

// encodeErr is the stored form of err: a JSON list with one entry per
// transport failure it holds (several for several refused recipients),
// "" when it holds none.
func encodeErr(err error) string {
	var list []storedErr
	for _, e := range leaves(err) {
		te, ok := transport.As(e)
		if !ok || te.Code == "" {
			// Not the transport's: keep which account failure it was, or
			// at least its words, so it is never an empty explanation.
			s := storedErr{Cause: bound(e.Error())}
			for name, sentinel := range sentinels {
				if errors.Is(e, sentinel) {
					s.Sentinel = name
				}
			}
			list = append(list, s)
			continue
		}
		s := storedErr{Code: te.Code, Protocol: te.Protocol, Server: te.Server, Step: te.Step,
			ServerCode: te.ServerCode, ServerText: bound(te.ServerText), Recipient: te.Recipient, MaybeSent: te.MaybeSent}
		if te.Err != nil {
			s.Cause = bound(te.Err.Error())
		}
		list = append(list, s)
	}
	if len(list) == 0 {
		return ""
	}
	b, _ := json.Marshal(list)
	return string(b)
}

// decodeErr rebuilds what encodeErr kept. A bare code is what earlier
// versions stored.
func decodeErr(s string) error {
	if s == "" {
		return nil
	}
	var list []storedErr
	if !strings.HasPrefix(s, "[") || json.Unmarshal([]byte(s), &list) != nil || len(list) == 0 {
		return &transport.Error{Code: transport.Code(s), MaybeSent: s == string(transport.CodeMaybeSent),
			Err: errors.New("recorded failure " + s)}
	}
	errs := make([]error, 0, len(list))
	for _, x := range list {
		if x.Code == "" {
			errs = append(errs, recordedErr{cause: x.Cause, sentinel: sentinels[x.Sentinel]})
			continue
		}
		info, _ := transport.Lookup(x.Code)
		cause := x.Cause
		if cause == "" {
			cause = "recorded failure " + string(x.Code)
		}
		errs = append(errs, &transport.Error{Code: x.Code, Protocol: x.Protocol, Server: x.Server, Step: x.Step,
			ServerCode: x.ServerCode, ServerText: x.ServerText, Recipient: x.Recipient, MaybeSent: x.MaybeSent,
			Retry: info.Retry, Err: errors.New(cause)})
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

// leaves opens errors.Join lists; any other error is its own leaf.
func leaves(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, leaves(e)...)
		}
		return out
	}
	return []error{err}
}

func bound(s string) string {
	if len(s) > maxStoredText {
		return s[:maxStoredText]
	}
	return s
}

// sentinels are the account errors a send can meet before the server is
// reached, by a stable name for the store.
var sentinels = map[string]error{
	"no-password":         account.ErrNoPassword,
	"keyring-unavailable": account.ErrKeyringUnavailable,
	"keyring-locked":      account.ErrKeyringLocked,
	"keyring-timeout":     account.ErrKeyringTimeout,
	"no-account":          account.ErrNoAccount,
}

// recordedErr is a stored failure that was not the transport's.
type recordedErr struct {
	cause    string
	sentinel error
}

func (e recordedErr) Error() string { return e.cause }
func (e recordedErr) Unwrap() error { return e.sentinel }
