package wizard

import (
	"strings"

	"golang.org/x/net/publicsuffix"

	"wren/account"
	"wren/transport"
)

// Registrable is the domain that owns host ("mail.example.co.uk" ->
// "example.co.uk"), the part a person can judge; host itself when it has
// none (an IP address).
func Registrable(host string) string {
	d, err := publicsuffix.EffectiveTLDPlusOne(strings.TrimSuffix(strings.ToLower(host), "."))
	if err != nil {
		return host
	}
	return d
}

// SecurityWords says what a security setting means for the user.
func SecurityWords(s transport.Security) string {
	switch s {
	case transport.SecurityTLS:
		return "Encrypted from the start (TLS)"
	case transport.SecuritySTARTTLS:
		return "Encrypted after connecting (STARTTLS)"
	case transport.SecurityPlain:
		return "Not encrypted: others on the network can read it"
	}
	return "Unknown security"
}

// SourceWords says where a setting came from.
func SourceWords(s account.Source) string {
	switch s {
	case account.SourceOverride:
		return "a local settings file"
	case account.SourceAutoconfig:
		return "your provider's autoconfig service"
	case account.SourceWellKnown:
		return "your provider's website"
	case account.SourceISPDB:
		return "the Thunderbird provider database"
	case account.SourceBuiltin:
		return "Wren's list of known providers"
	case account.SourceMX:
		return "your domain's mail server (MX) records"
	case account.SourceSRV:
		return "your domain's DNS service records"
	case account.SourceHTTP:
		return "an unencrypted autoconfig page"
	case account.SourceGuess:
		return "Wren's guess at the usual server names (not confirmed by your provider)"
	case account.SourceManual, "":
		return "you (typed by hand)"
	}
	return string(s)
}
