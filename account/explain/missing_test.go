package explain_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"wren/account/explain"
	"wren/transport"
)

// readsWrongly are signs of a sentence assembled from a missing fact:
// a default dropped into a slot made for a value, or a placeholder left.
var readsWrongly = regexp.MustCompile(`port this port|port the port|on port that|address a recipient|of a recipient is|the address one|[{}%]|  |\s[.,:;]|“”|\.\.`)

// Every catalog entry reads well with each of its facts missing (issue
// #17): server, port, recipient, the server's words, the provider.
func TestEveryEntryReadsWithFactsMissing(t *testing.T) {
	full := func(code transport.Code) *transport.Error {
		return &transport.Error{Code: code, Protocol: transport.ProtoSMTP, Server: "mail.example.com:587", Step: transport.StepRcpt,
			ServerCode: "550 5.1.1", ServerText: "No such user here", Recipient: "bob@example.org", Err: errors.New("x")}
	}
	variants := map[string]func(*transport.Error, *explain.Context){
		"all":          func(*transport.Error, *explain.Context) {},
		"no server":    func(e *transport.Error, _ *explain.Context) { e.Server = "" },
		"no port":      func(e *transport.Error, _ *explain.Context) { e.Server = "mail.example.com" },
		"no recipient": func(e *transport.Error, _ *explain.Context) { e.Recipient = "" },
		"no reply":     func(e *transport.Error, _ *explain.Context) { e.ServerCode, e.ServerText = "", "" },
		"no protocol":  func(e *transport.Error, _ *explain.Context) { e.Protocol = "" },
		"provider":     func(_ *transport.Error, c *explain.Context) { c.Provider = explain.Provider{Name: "Example Mail"} },
		"nothing": func(e *transport.Error, _ *explain.Context) {
			e.Server, e.Recipient, e.ServerCode, e.ServerText, e.Protocol = "", "", "", "", ""
		},
	}
	for _, info := range transport.Catalog() {
		for name, change := range variants {
			e, c := full(info.Code), explain.Context{Operation: explain.OpSend}
			change(e, &c)
			x := explain.Explain(e, c)
			for _, text := range []string{x.Title, x.Explanation, x.Fix} {
				if m := readsWrongly.FindString(text); m != "" || strings.TrimSpace(text) == "" {
					t.Errorf("%s (%s) reads wrongly at %q: %q", info.Code, name, m, text)
				}
			}
		}
	}
}
