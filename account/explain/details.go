package explain

import (
	"strings"

	"wren/transport"
)

// Details are the technical facts of a failure, redacted: safe to show,
// copy and paste into a support request. They never hold a password, a
// token or a message body.
type Details struct {
	Code       string `json:"code"`
	Protocol   string `json:"protocol,omitempty"`
	Server     string `json:"server,omitempty"` // host:port
	Step       string `json:"step,omitempty"`
	ServerCode string `json:"server_code,omitempty"` // "550 5.1.1", "NO AUTHENTICATIONFAILED"
	ServerText string `json:"server_text,omitempty"` // the server's words, redacted
	Recipient  string `json:"recipient,omitempty"`
	// Cause is the underlying error's text, redacted. It is a program's
	// wording, so only the copied details carry it, never the screen text.
	Cause string `json:"cause,omitempty"`
}

func detailsOf(te *transport.Error) Details {
	d := Details{
		Code:       string(te.Code),
		Protocol:   string(te.Protocol),
		Server:     clean(te.Server),
		Step:       string(te.Step),
		ServerCode: redact(te.ServerCode),
		ServerText: redact(te.ServerText),
		Recipient:  bound(clean(te.Recipient)),
	}
	if te.Err != nil {
		d.Cause = redact(te.Err.Error())
	}
	return d
}

// String is the text a "Copy details" button puts on the clipboard.
func (d Details) String() string {
	var b strings.Builder
	d.write(&b, "", true)
	return b.String()
}

// write prints one "name: value" line per known fact, each after indent.
// The cause is left out of the screen text (withCause false).
func (d Details) write(b *strings.Builder, indent string, withCause bool) {
	line := func(name, value string) {
		if value != "" {
			b.WriteString(indent + name + ": " + value + "\n")
		}
	}
	line("code", d.Code)
	line("protocol", d.Protocol)
	line("server", d.Server)
	line("step", d.Step)
	line("server reply", strings.TrimSpace(d.ServerCode+" "+d.ServerText))
	line("recipient", d.Recipient)
	if withCause {
		line("error", d.Cause)
	}
}
