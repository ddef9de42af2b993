package discover

import (
	"cmp"
	"slices"

	"wren/account"
	"wren/assets/providers"
	"wren/transport"
)

// outcome is what one source settled with.
type outcome struct {
	in, out  []Candidate
	plain    []Candidate
	provider *providers.Provider
	enable   []Enable
	docs     []Doc
	err      error
}

func (o *outcome) side(incoming bool) []Candidate {
	if o == nil {
		return nil
	}
	if incoming {
		return o.in
	}
	return o.out
}

func (o *outcome) found() bool { return o != nil && (len(o.in) > 0 || len(o.out) > 0) }

// fromConfig turns a parsed config file into candidates of src. tier
// gives each host's trust tier and reason.
func fromConfig(c *Config, src account.Source, tier func(host string) (Tier, string)) *outcome {
	o := &outcome{enable: c.Enable, docs: c.Docs}
	conv := func(ss []Section) []Candidate {
		var out []Candidate
		for _, s := range ss {
			srv := s.Server
			srv.Source = src
			t, why := tier(srv.Host)
			out = append(out, Candidate{Server: srv, Usernames: s.Usernames, Stated: s.Stated, Tier: t, Reason: why})
		}
		return out
	}
	if !c.Usable() {
		o.err = errIncomplete
		o.plain = conv(c.Plaintext)
		return o
	}
	o.in, o.out, o.plain = rank(conv(c.Incoming)), rank(conv(c.Outgoing)), conv(c.Plaintext)
	return o
}

// fromProvider turns an embedded table row into candidates of src.
func fromProvider(p *providers.Provider, a Address, src account.Source) *outcome {
	o := &outcome{provider: p}
	conv := func(ss []providers.Server) []Candidate {
		var out []Candidate
		for _, s := range ss {
			sec, err := transport.ParseSecurity(s.Security)
			if err != nil {
				continue
			}
			srv := account.Server{Protocol: account.Protocol(s.Protocol), Host: s.HostFor(a.Domain), Port: s.Port,
				Security: sec, Auth: account.AuthPassword, Source: src}
			if p.OAuthOnly {
				srv.Auth = account.AuthOAuth2
			}
			names := a.pair(p.UsernameFormFor(s) == providers.UsernameFull)
			srv.Username = names[0]
			out = append(out, Candidate{Server: srv, Usernames: names, Stated: true, Tier: T1})
		}
		return out
	}
	o.in, o.out = rank(conv(p.Incoming)), rank(conv(p.Outgoing))
	if p.EnableIMAP || p.EnableURL != "" {
		o.enable = []Enable{{URL: p.EnableURL, Instruction: p.Note}}
	}
	if p.HelpURL != "" {
		o.docs = []Doc{{URL: p.HelpURL, Descr: p.Note}}
	}
	return o
}

// rank orders candidates of one source (§2.5): password before
// browser-only sign-in, IMAP before POP3, implicit TLS before STARTTLS,
// then the source's own order.
func rank(cs []Candidate) []Candidate {
	slices.SortStableFunc(cs, func(a, b Candidate) int {
		return cmp.Or(
			cmp.Compare(authRank(a.Server.Auth), authRank(b.Server.Auth)),
			cmp.Compare(protoRank(a.Server.Protocol), protoRank(b.Server.Protocol)),
			cmp.Compare(secRank(a.Server.Security), secRank(b.Server.Security)),
		)
	})
	return cs
}

func authRank(m account.AuthMethod) int {
	if m == account.AuthOAuth2 {
		return 1
	}
	return 0
}

func protoRank(p account.Protocol) int {
	switch p {
	case account.IMAP:
		return 0
	case account.POP3:
		return 1
	}
	return 2
}

func secRank(s transport.Security) int {
	switch s {
	case transport.SecurityTLS:
		return 0
	case transport.SecuritySTARTTLS:
		return 1
	}
	return 2
}
