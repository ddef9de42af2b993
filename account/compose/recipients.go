package compose

import (
	"errors"
	"fmt"
	"strings"

	"wren/account"
	"wren/transport"
	"wren/transport/rfc822"
)

// errNotSendable marks a refusal made before anything was queued.
var errNotSendable = errors.New("refused before sending")

// CheckRecipients returns the addresses of every entry of lists, or an
// error naming each entry that is not an address Wren can send to (SEND-21,
// one error per entry, joined). An entry a message parser could not read
// has no address; its text is in Name.
func CheckRecipients(lists ...[]rfc822.Address) ([]string, error) {
	var out []string
	var bad []error
	for _, list := range lists {
		for _, a := range list {
			entry := strings.TrimSpace(a.Address)
			reason := ReasonUnreadable
			if entry != "" {
				var parsed rfc822.Address
				parsed, reason = parseOne(entry)
				if reason == "" && parsed.Address != entry {
					reason = ReasonUnreadable
				}
			} else if entry = strings.TrimSpace(a.Name); entry == "" {
				entry = "(empty)"
			}
			if reason != "" {
				bad = append(bad, &transport.Error{Code: transport.CodeBadRecipient, Protocol: transport.ProtoSMTP,
					Step: transport.StepPrecheck, Recipient: entry, Retry: transport.RetryNo,
					Err: fmt.Errorf("%w: recipient %q %s", errNotSendable, entry, reason)})
				continue
			}
			out = append(out, entry)
		}
	}
	return out, errors.Join(bad...)
}

// SendsAs reports whether from is one of the identities of a.
func SendsAs(a account.Account, from string) bool {
	for _, id := range identities(a) {
		if strings.EqualFold(strings.TrimSpace(id.Address), strings.TrimSpace(from)) {
			return true
		}
	}
	return false
}

// NotIdentity is the refusal of a message From an address that is none of
// the sending account's identities (SEND-22).
func NotIdentity(from, accountName string) error {
	return &transport.Error{Code: transport.CodeNotIdentity, Protocol: transport.ProtoSMTP, Step: transport.StepPrecheck,
		Recipient: from, Retry: transport.RetryNo,
		Err: fmt.Errorf("%w: %s is not an identity of account %s", errNotSendable, from, accountName)}
}
