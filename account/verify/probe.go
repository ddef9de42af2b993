package verify

import (
	"context"
	"fmt"
	"slices"
	"strings"

	goimap "github.com/emersion/go-imap/v2"

	"wren/account"
	"wren/transport"
	"wren/transport/imap"
	"wren/transport/pop3"
	"wren/transport/smtp"
)

// ProbeResult is what a credential-free probe learned about one server.
// Capabilities are those read after TLS; anything said before it is not
// kept (RFC 3501 §6.2.1, RFC 2595 §3.1).
type ProbeResult struct {
	Server  account.Server
	Outcome Outcome
	// TLS is true when the session was encrypted and verified (or pinned).
	TLS bool
	// Caps are the capabilities (IMAP CAPABILITY, POP3 CAPA names, SMTP
	// EHLO keywords Wren knows), sorted.
	Caps []string
	// AuthMechs are the SASL mechanisms offered, upper case.
	AuthMechs []string
	// LoginDisabled is IMAP's LOGINDISABLED.
	LoginDisabled bool
	// MaxSize is the SMTP SIZE limit, 0 if none was announced.
	MaxSize int64
	// Cert describes the server certificate when the failure was about it.
	Cert *CertInfo
	// Err is the transport's error, kept intact, when Outcome is not ok.
	Err error
}

// ProbeError is a probe that did not end ok. It unwraps to the transport
// error, so transport.CodeOf works on it.
type ProbeError struct {
	Result *ProbeResult
}

func (e *ProbeError) Error() string {
	return fmt.Sprintf("probe %s: %s: %v", e.Result.Server, e.Result.Outcome, e.Result.Err)
}

func (e *ProbeError) Unwrap() error { return e.Result.Err }

// Probe connects to s, sets up TLS as s.Security says (plaintext only
// when the caller chose SecurityPlain), reads the greeting and the
// capabilities after TLS and says goodbye. It never sends a credential
// and never starts a mail transaction. The result is always returned; the
// error is a *ProbeError when the outcome is not ok.
func Probe(ctx context.Context, s account.Server, opts transport.Options) (*ProbeResult, error) {
	opts = serverOptions(s, opts)
	ep := s.Endpoint()
	ep.Username = "" // a probe identifies nobody
	res := &ProbeResult{Server: s}
	var err error
	switch s.Protocol {
	case account.IMAP:
		err = probeIMAP(ctx, ep, opts, res)
	case account.POP3:
		err = probePOP3(ctx, ep, opts, res)
	case account.SMTP:
		err = probeSMTP(ctx, ep, opts, res)
	default:
		err = &transport.Error{Code: transport.CodeBadSettings, Server: ep.Address(), Step: transport.StepPrecheck,
			Err: fmt.Errorf("%w %q", errUnknownProtocol, s.Protocol)}
	}
	if err != nil {
		res.Outcome, res.Err, res.Cert = outcomeOf(s, err), err, certInfoOf(err)
		res.TLS = false
		opts.Logger.Info("probe failed", "server", s.String(), "outcome", string(res.Outcome),
			"code", string(transport.CodeOf(err)))
		return res, &ProbeError{Result: res}
	}
	res.Outcome = OutcomeOK
	opts.Logger.Info("probe ok", "server", s.String(), "tls", res.TLS, "auth", strings.Join(res.AuthMechs, " "))
	return res, nil
}

// serverOptions applies a server's own pin, which wins over one in opts.
func serverOptions(s account.Server, opts transport.Options) transport.Options {
	if s.Pin != "" {
		opts.Pin = s.Pin
	}
	return opts.Norm()
}

func probeIMAP(ctx context.Context, ep transport.Endpoint, opts transport.Options, res *ProbeResult) error {
	cl, err := imap.Dial(ctx, ep, opts)
	if err != nil {
		return err
	}
	defer cl.Close()
	caps, err := cl.Caps(ctx)
	if err != nil {
		return err
	}
	for c := range caps {
		res.Caps = append(res.Caps, string(c))
	}
	slices.Sort(res.Caps)
	res.AuthMechs = upperAll(caps.AuthMechanisms())
	res.LoginDisabled = caps.Has(goimap.CapLoginDisabled)
	res.TLS = cl.Secure()
	// LOGOUT's answer adds nothing: the capabilities are in hand.
	_ = cl.Logout(ctx)
	return nil
}

func probePOP3(ctx context.Context, ep transport.Endpoint, opts transport.Options, res *ProbeResult) error {
	c, err := pop3.Dial(ctx, ep, opts)
	if err != nil {
		return err
	}
	defer c.Close()
	caps := c.Caps()
	res.Caps = caps.Names()
	res.AuthMechs = upperAll(caps.SASL)
	res.TLS = c.TLS()
	// QUIT in the authorization state changes nothing on the server.
	_ = c.Quit(ctx)
	return nil
}

// smtpExtensions are the EHLO keywords a probe reports; go-smtp answers
// for one keyword at a time.
var smtpExtensions = []string{"8BITMIME", "AUTH", "BINARYMIME", "CHUNKING", "DSN", "ENHANCEDSTATUSCODES",
	"PIPELINING", "REQUIRETLS", "SIZE", "SMTPUTF8", "STARTTLS"}

func probeSMTP(ctx context.Context, ep transport.Endpoint, opts transport.Options, res *ProbeResult) error {
	c, err := smtp.Dial(ctx, ep, opts)
	if err != nil {
		return err
	}
	defer c.Close()
	for _, name := range smtpExtensions {
		if ok, _ := c.Extension(name); ok {
			res.Caps = append(res.Caps, name)
		}
	}
	if ok, mechs := c.Extension("AUTH"); ok {
		res.AuthMechs = upperAll(strings.Fields(mechs))
	}
	res.MaxSize = c.MaxSize()
	res.TLS = c.TLS()
	_ = c.Quit(ctx)
	return nil
}

func upperAll(list []string) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		out = append(out, strings.ToUpper(s))
	}
	return out
}

// Prober probes with fixed options; discovery uses it to test candidates.
type Prober struct {
	Options transport.Options
}

// Probe returns nil when s is usable, else a *ProbeError.
func (p Prober) Probe(ctx context.Context, s account.Server) error {
	_, err := Probe(ctx, s, p.Options)
	return err
}
