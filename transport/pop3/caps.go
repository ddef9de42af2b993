package pop3

import (
	"bytes"
	"slices"
	"strings"
	"time"
)

// Caps is the server's CAPA reply (RFC 2449). Over STARTTLS it is the reply
// received after TLS: what was said in plaintext is discarded.
type Caps struct {
	// Known is false when the server did not answer CAPA (an RFC 1939-only
	// server); then the other fields are empty and commands are tried.
	Known bool
	// SASL lists the authentication mechanisms, upper case.
	SASL []string
	// LoginDelay is the announced minimum time between logins, 0 if none.
	LoginDelay time.Duration
	// LoginDelayPerUser is the "USER" suffix: before login the value is
	// only a lower bound; it is re-read after login.
	LoginDelayPerUser bool
	// Expire is how long the server keeps retrieved messages.
	Expire Expire
	// Implementation is the IMPLEMENTATION text, for diagnostics only.
	Implementation string

	names map[string][]string // upper-case name → arguments
}

// Expire is the EXPIRE capability: a "leave on server" setting longer than
// Days is pointless.
type Expire struct {
	Set     bool // EXPIRE was announced
	Never   bool // the server never deletes on its own
	Days    int  // days a retrieved message stays; 0: removed once retrieved
	PerUser bool // "USER" suffix: the value may differ after login
}

// Has reports a capability by name, case-insensitively.
func (c Caps) Has(name string) bool {
	_, ok := c.names[strings.ToUpper(name)]
	return ok
}

// Args returns a capability's arguments.
func (c Caps) Args(name string) []string {
	return slices.Clone(c.names[strings.ToUpper(name)])
}

// Names lists every announced capability, sorted.
func (c Caps) Names() []string {
	out := make([]string, 0, len(c.names))
	for n := range c.names {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// HasSASL reports whether mech (such as "PLAIN") is offered.
func (c Caps) HasSASL(mech string) bool {
	return slices.Contains(c.SASL, strings.ToUpper(mech))
}

// TOP, UIDL, USER, STLS, RespCodes and AuthRespCode report the RFC 2449
// and RFC 3206 capabilities of the same names.
func (c Caps) TOP() bool          { return c.Has("TOP") }
func (c Caps) UIDL() bool         { return c.Has("UIDL") }
func (c Caps) USER() bool         { return c.Has("USER") }
func (c Caps) STLS() bool         { return c.Has("STLS") }
func (c Caps) RespCodes() bool    { return c.Has("RESP-CODES") }
func (c Caps) AuthRespCode() bool { return c.Has("AUTH-RESP-CODE") }

// clone returns c with slices that the caller may change.
func (c Caps) clone() Caps {
	c.SASL = slices.Clone(c.SASL)
	return c
}

// maxLoginDelay bounds a LOGIN-DELAY value: beyond a day it is nonsense.
const maxLoginDelay = 24 * 60 * 60

// parseCaps builds Caps from the lines of a CAPA reply. Unknown or
// malformed arguments are kept as names only; they never fail the session.
func parseCaps(lines [][]byte) Caps {
	c := Caps{Known: true, names: make(map[string][]string, len(lines))}
	for _, line := range lines {
		f := bytes.Fields(line)
		if len(f) == 0 {
			continue
		}
		name := strings.ToUpper(string(f[0]))
		args := make([]string, 0, len(f)-1)
		for _, a := range f[1:] {
			args = append(args, string(a))
		}
		c.names[name] = args
		switch name {
		case "SASL":
			for _, a := range args {
				m := strings.ToUpper(a)
				if !slices.Contains(c.SASL, m) {
					c.SASL = append(c.SASL, m)
				}
			}
		case "LOGIN-DELAY":
			if len(args) > 0 {
				if n, err := parseDecimal([]byte(args[0]), maxLoginDelay); err == nil {
					c.LoginDelay = time.Duration(n) * time.Second
					c.LoginDelayPerUser = len(args) > 1 && strings.EqualFold(args[1], "USER")
				}
			}
		case "EXPIRE":
			c.Expire = parseExpire(args)
		case "IMPLEMENTATION":
			c.Implementation = strings.Join(args, " ")
		}
	}
	return c
}

func parseExpire(args []string) Expire {
	if len(args) == 0 {
		return Expire{}
	}
	e := Expire{Set: true, PerUser: len(args) > 1 && strings.EqualFold(args[1], "USER")}
	if strings.EqualFold(args[0], "NEVER") {
		e.Never = true
		return e
	}
	n, err := parseDecimal([]byte(args[0]), 1<<20)
	if err != nil {
		return Expire{}
	}
	e.Days = int(n)
	return e
}
