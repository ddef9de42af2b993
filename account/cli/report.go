package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"wren/account"
	"wren/account/explain"
	"wren/account/setup"
	"wren/account/verify"
)

// serverJSON is one server in the JSON output.
type serverJSON struct {
	Protocol string `json:"protocol"`
	Host     string `json:"host"`
	Port     int    `json:"port"`
	Security string `json:"security"`
	Username string `json:"username"`
	Source   string `json:"source"`
}

func serverOf(s *account.Server) *serverJSON {
	if s == nil || s.Host == "" {
		return nil
	}
	return &serverJSON{
		Protocol: string(s.Protocol), Host: s.Host, Port: s.Port,
		Security: s.Security.String(), Username: s.Username, Source: string(s.Source),
	}
}

// checkJSON is one step the run took.
type checkJSON struct {
	Step     string `json:"step"`
	OK       bool   `json:"ok"`
	Protocol string `json:"protocol,omitempty"`
	Server   string `json:"server,omitempty"`
	Username string `json:"username,omitempty"`
	Source   string `json:"source,omitempty"`
	Detail   string `json:"detail,omitempty"`
	Code     string `json:"code,omitempty"`
}

// reportJSON is the object doctor and account add print.
type reportJSON struct {
	Address           string                `json:"address"`
	OK                bool                  `json:"ok"`
	Incoming          *serverJSON           `json:"incoming"`
	Outgoing          *serverJSON           `json:"outgoing"`
	NeedsConfirmation []setup.Confirmation  `json:"needs_confirmation"`
	Checks            []checkJSON           `json:"checks"`
	Errors            []explain.Explanation `json:"errors"`
	// Account is the saved account's name (account add only).
	Account string `json:"account,omitempty"`
	// SignIn is the command that sets the address up with browser
	// sign-in, when its provider offers one (doctor, and account add
	// without --oauth when it failed).
	SignIn string `json:"sign_in,omitempty"`
}

func (c *cmdContext) reportOf(r *setup.Report, extra []error) reportJSON {
	out := reportJSON{
		Address: r.Address, OK: r.OK,
		NeedsConfirmation: r.NeedsConfirmation,
		Checks:            checksOf(r),
		Errors:            []explain.Explanation{},
	}
	if out.NeedsConfirmation == nil {
		out.NeedsConfirmation = []setup.Confirmation{}
	}
	if r.Incoming != nil {
		s := r.Incoming.Server
		if r.Verify != nil && r.Verify.IncomingUsername != "" {
			s.Username = r.Verify.IncomingUsername
		}
		out.Incoming = serverOf(&s)
	}
	if r.Outgoing != nil {
		s := r.Outgoing.Server
		if r.Verify != nil && r.Verify.OutgoingUsername != "" {
			s.Username = r.Verify.OutgoingUsername
		}
		out.Outgoing = serverOf(&s)
	}
	ctx := c.explainContext(r)
	for _, err := range append(cloneErrs(r.Errors), extra...) {
		out.Errors = append(out.Errors, explain.Explain(err, ctx))
	}
	return out
}

func cloneErrs(errs []error) []error { return append([]error(nil), errs...) }

// explainContext gives explanations the provider's help links.
func (c *cmdContext) explainContext(r *setup.Report) explain.Context {
	ctx := explain.Context{Operation: explain.OpSetup}
	if r != nil && r.Discovery != nil {
		ctx.Provider = explain.ProviderOf(r.Discovery.Provider)
	}
	return ctx
}

func checksOf(r *setup.Report) []checkJSON {
	out := []checkJSON{}
	if d := r.Discovery; d != nil {
		for _, a := range d.Tried {
			ch := checkJSON{Step: "discover", OK: a.Err == nil, Source: string(a.Source), Detail: a.What}
			if a.Err != nil {
				ch.Code = codeOf(a.Err)
			}
			out = append(out, ch)
		}
	}
	for _, p := range r.Probes {
		if p != nil {
			out = append(out, probeCheck(p))
		}
	}
	if v := r.Verify; v != nil {
		for _, list := range [][]verify.Check{v.Incoming, v.Outgoing} {
			for _, ch := range list {
				if ch.Probe != nil {
					out = append(out, probeCheck(ch.Probe))
					continue
				}
				cj := checkJSON{
					Step: string(ch.Step), OK: ch.OK, Protocol: string(ch.Server.Protocol),
					Server: fmt.Sprintf("%s:%d", ch.Server.Host, ch.Server.Port), Username: ch.Username,
					Source: string(ch.Server.Source), Detail: ch.Alert,
				}
				if ch.Err != nil {
					cj.Code = codeOf(ch.Err)
				}
				out = append(out, cj)
			}
		}
	}
	return out
}

func probeCheck(p *verify.ProbeResult) checkJSON {
	cj := checkJSON{
		Step: "probe", OK: p.Outcome == verify.OutcomeOK, Protocol: string(p.Server.Protocol),
		Server: fmt.Sprintf("%s:%d", p.Server.Host, p.Server.Port), Source: string(p.Server.Source),
		Detail: string(p.Outcome) + " " + p.Server.Security.String(),
	}
	if p.Err != nil {
		cj.Code = codeOf(p.Err)
	}
	return cj
}

func codeOf(err error) string {
	return explain.Explain(err, explain.Context{}).Code
}

// printReport writes a report for people.
func printReport(w io.Writer, rep reportJSON, verified bool) {
	fmt.Fprintf(w, "Account %s\n", rep.Address)
	for _, s := range []struct {
		label string
		srv   *serverJSON
	}{{"Incoming", rep.Incoming}, {"Outgoing", rep.Outgoing}} {
		if s.srv == nil {
			fmt.Fprintf(w, "  %-9s not found\n", s.label+":")
			continue
		}
		fmt.Fprintf(w, "  %-9s %s %s:%d (%s), user %q, from %s\n", s.label+":", strings.ToUpper(s.srv.Protocol), s.srv.Host, s.srv.Port, securityWords(s.srv.Security), s.srv.Username, s.srv.Source)
	}
	if len(rep.Checks) > 0 {
		fmt.Fprintln(w, "Checks:")
		for _, ch := range rep.Checks {
			mark := "ok  "
			if !ch.OK {
				mark = "FAIL"
			}
			what := ch.Detail
			if ch.Server != "" {
				what = strings.TrimSpace(ch.Protocol + " " + ch.Server + " " + ch.Detail)
			}
			if ch.Username != "" {
				what += " as " + ch.Username
			}
			if ch.Code != "" {
				what += " [" + ch.Code + "]"
			}
			fmt.Fprintf(w, "  %s %-8s %s\n", mark, ch.Step, what)
		}
	}
	for _, nc := range rep.NeedsConfirmation {
		fmt.Fprintf(w, "Needs your confirmation: %s: %s\n", nc.Host, nc.Reason)
		if nc.Fingerprint != "" {
			fmt.Fprintf(w, "  To trust this certificate, run again with --trust-cert %s\n", nc.Fingerprint)
		} else {
			fmt.Fprintf(w, "  To use this server, run again with --confirm %s\n", nc.Host)
		}
	}
	for _, e := range rep.Errors {
		fmt.Fprintln(w)
		explain.WriteText(w, e)
	}
	switch {
	case rep.OK:
		fmt.Fprintln(w, "\nThe account works.")
	case !verified:
		fmt.Fprintln(w, "\nNo password was given, so only the connections were tested.")
	default:
		fmt.Fprintln(w, "\nThe account does not work yet.")
	}
}

func securityWords(s string) string {
	switch s {
	case "tls":
		return "SSL/TLS"
	case "starttls":
		return "STARTTLS"
	}
	return "UNENCRYPTED"
}

// fail prints one error's explanation (never a Go error chain) and
// returns exit code 1.
func (c *cmdContext) fail(err error, _ string) int {
	// One explanation per failure joined in err (each bad recipient).
	es := explain.ExplainAll([]error{err}, explain.Context{})
	if c.g.json {
		return c.printJSON(map[string]any{"ok": false, "errors": es}, 1)
	}
	explain.WriteText(c.io.Stderr, es...)
	return 1
}

func isNoPassword(err error) bool { return errors.Is(err, account.ErrNoPassword) }
