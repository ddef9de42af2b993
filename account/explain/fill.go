package explain

import (
	"net"
	"regexp"
	"strconv"
	"strings"

	"wren/account/attach"
	"wren/transport"
)

// fill replaces the placeholders of w (see words) with what te and c know.
func fill(w words, te *transport.Error, c Context) Explanation { return fillKnown(w, te, c, nil) }

// fillKnown is fill with facts of an account error (extra: placeholder
// name → value, for {name} and {name?…|…}).
func fillKnown(w words, te *transport.Error, c Context, extra map[string]string) Explanation {
	server, port, side, proto, rcpt, said := "the server", "this port", "the mail server", "mail", "a recipient", ""
	if te != nil {
		if host, p, err := net.SplitHostPort(te.Server); err == nil && host != "" {
			server, port = clean(host), p
		}
		switch te.Protocol {
		case transport.ProtoSMTP:
			side, proto = "the outgoing mail server", "SMTP"
		case transport.ProtoIMAP:
			side, proto = "the incoming mail server (IMAP)", "IMAP"
		case transport.ProtoPOP3:
			side, proto = "the incoming mail server (POP3)", "POP3"
		}
		if te.Recipient != "" {
			rcpt = bound(clean(te.Recipient))
		}
		if q := quote(te.ServerText); q != "" {
			said = " The server said: \u201c" + q + "\u201d"
		}
	}
	provider := "your provider"
	if c.Provider.Name != "" {
		provider = clean(c.Provider.Name)
	}
	r := strings.NewReplacer("{server}", server, "{port}", port, "{side}", side, "{proto}", proto,
		"{rcpt}", rcpt, "{provider}", provider, "{said}", said)
	known := map[string]string{}
	if te != nil {
		if host, p, err := net.SplitHostPort(te.Server); err == nil {
			if host != "" {
				known["server"] = server
			}
			if p != "" {
				known["port"] = port
			}
		}
		if te.Recipient != "" {
			known["rcpt"] = rcpt
		}
	}
	if c.Provider.Name != "" {
		known["provider"] = provider
	}
	if n, ok := sizeLimit(te); ok {
		known["limit"] = attach.HumanSize(n)
	}
	var pairs []string
	for k, v := range extra {
		known[k] = v
		pairs = append(pairs, "{"+k+"}", v)
	}
	rx := strings.NewReplacer(pairs...)
	sentence := func(tpl string) string {
		tpl = rx.Replace(choose(tpl, known))
		// A name the user typed (a host, an address) keeps its case even
		// at the start of a sentence; Wren's own words are capitalised.
		if strings.HasPrefix(tpl, "{server}") || strings.HasPrefix(tpl, "{rcpt}") || (strings.HasPrefix(tpl, "{provider}") && c.Provider.Name != "") {
			return r.Replace(tpl)
		}
		return capitalise(r.Replace(tpl))
	}
	return Explanation{
		Title:       sentence(w.title),
		Explanation: sentence(w.explanation),
		Fix:         sentence(w.fix),
	}
}

// sizeLimit is the limit a too-large refusal names ("SIZE n", as the
// server announced it or as Wren's own cap).
func sizeLimit(te *transport.Error) (int64, bool) {
	if te == nil {
		return 0, false
	}
	for _, s := range []string{te.ServerText, te.ServerCode} {
		if v, ok := strings.CutPrefix(s, "SIZE "); ok {
			if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && n > 0 {
				return n, true
			}
		}
	}
	return 0, false
}

// optional is "{name?words with %|words without}": the first form when
// the fact is known (% stands for it), the second when it is not, so a
// sentence never reads "on port this port".
var optional = regexp.MustCompile(`\{(\w+)\?([^|{}]*)\|([^{}]*)\}`)

func choose(tpl string, known map[string]string) string {
	return optional.ReplaceAllStringFunc(tpl, func(m string) string {
		g := optional.FindStringSubmatch(m)
		if v, ok := known[g[1]]; ok {
			return strings.ReplaceAll(g[2], "%", v)
		}
		return g[3]
	})
}

// capitalise makes "the server …" at a sentence start "The server …".
func capitalise(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}

// Codes whose fix a provider hint makes concrete.
var (
	appPasswordCodes = map[transport.Code]bool{
		transport.CodeSMTPAuthFailed: true, transport.CodeSMTPAppPassword: true, transport.CodeSMTPAuthThrottled: true,
		transport.CodeIMAPAuthFailed: true, transport.CodeIMAPAppPassword: true, transport.CodePOPAuthFailed: true,
	}
	enableCodes = map[transport.Code]bool{transport.CodeIMAPDisabled: true, transport.CodePOPDisabled: true}
	// passwordCodes fail for every password when the provider allows only
	// browser sign-in.
	passwordCodes = map[transport.Code]bool{
		transport.CodeSMTPAuthFailed: true, transport.CodeIMAPAuthFailed: true, transport.CodePOPAuthFailed: true,
		transport.CodeSMTPAuthMechanism: true, transport.CodeSMTPAuthDisabled: true, transport.CodeIMAPBasicAuthOff: true,
	}
)

// withProvider adds what the provider hint knows to the fix: where app
// passwords are made, where access is switched on, or that no password
// can work at all.
func withProvider(w words, code transport.Code, p Provider) words {
	switch {
	case code == transport.CodeIMAPBasicAuthOff:
		w.fix = oauthFix(p)
	case p.OAuthOnly && passwordCodes[code]:
		w.fix = "{provider} accepts only sign-in through its web page (OAuth) from mail programs, so no password will work here. " + oauthFix(p)
	case appPasswordCodes[code] && p.AppPasswordURL != "":
		w.fix += " App passwords are made here: " + p.AppPasswordURL
	case enableCodes[code] && p.EnableURL != "":
		w.fix += " The setting is here: " + p.EnableURL
	}
	return w
}

// helpURL is the page that helps most: the provider's page for this case,
// its general help, or a link the server itself gave (over a verified
// connection, as Gmail's replies do).
func helpURL(te *transport.Error, p Provider) string {
	switch {
	case appPasswordCodes[te.Code] && p.AppPasswordURL != "" && !p.OAuthOnly:
		return p.AppPasswordURL
	case enableCodes[te.Code] && p.EnableURL != "":
		return p.EnableURL
	case p.HelpURL != "":
		return p.HelpURL
	}
	return serverLink(te.ServerText)
}

// serverLink is the first https link in a server text, if any.
func serverLink(text string) string {
	for _, w := range strings.Fields(clean(text)) {
		w = strings.Trim(w, `"'()[]<>,;`)
		w = strings.TrimRight(w, ".")
		if strings.HasPrefix(w, "https://") && len(w) > len("https://") && len(w) <= 300 {
			return w
		}
	}
	return ""
}
