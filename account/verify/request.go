package verify

import (
	"fmt"

	"wren/account"
	"wren/transport"
)

// maxAttempts is the password attempts per server: some providers lock an
// account after about three failures (autodiscovery.md §2.6.2).
const maxAttempts = 2

// Side is one server to verify and the usernames to try on it.
type Side struct {
	Server account.Server
	// Usernames are the candidates in order of preference, at most two.
	// An outgoing server with Auth "none" needs none.
	Usernames []string
	// NeedsConfirmation marks a T2 host (§2.7): no password goes to it
	// unless Request.Confirmed.
	NeedsConfirmation bool
}

// Request is one verification of an account's servers.
type Request struct {
	Incoming Side
	Outgoing Side
	// UsernameStated is true when a config file stated the username form
	// (sources P0–P4 and P6): both sides are then tried in parallel with
	// their first username. Otherwise (SRV, guesses) the incoming server
	// proves the username first and the outgoing one gets one attempt.
	UsernameStated bool
	Password       string
	// Confirmed is true once the user accepted the T2 summary screen.
	Confirmed bool
	Options   transport.Options
}

func (r *Request) validate() error {
	if r.Password == "" {
		return fmt.Errorf("%w: no password", ErrBadRequest)
	}
	if r.Incoming.Server.Protocol != account.IMAP && r.Incoming.Server.Protocol != account.POP3 {
		return fmt.Errorf("%w: incoming protocol %q", ErrBadRequest, r.Incoming.Server.Protocol)
	}
	if r.Outgoing.Server.Protocol != account.SMTP {
		return fmt.Errorf("%w: outgoing protocol %q", ErrBadRequest, r.Outgoing.Server.Protocol)
	}
	if r.Incoming.Server.Auth == account.AuthNone {
		return fmt.Errorf("%w: incoming server without login", ErrBadRequest)
	}
	for _, sd := range []*Side{&r.Incoming, &r.Outgoing} {
		if len(sd.Usernames) > maxAttempts {
			return fmt.Errorf("%w: %d usernames for %s (at most %d)", ErrBadRequest, len(sd.Usernames), sd.Server, maxAttempts)
		}
		if len(sd.Usernames) == 0 && sd.Server.Auth != account.AuthNone {
			return fmt.Errorf("%w: no username for %s", ErrBadRequest, sd.Server)
		}
		for _, u := range sd.Usernames {
			if u == "" {
				return fmt.Errorf("%w: empty username for %s", ErrBadRequest, sd.Server)
			}
		}
	}
	return nil
}
