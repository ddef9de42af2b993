package demo

import (
	"bytes"
	"strings"
	"testing"

	"wren/transport/rfc822"
)

// Every built-in message parses cleanly and reads as intended: decoded
// non-ASCII subjects, a linked thread, an HTML newsletter with a remote
// image, and an attachment.
func TestBuiltinMessagesParse(t *testing.T) {
	var html, attach, thread, nonASCII int
	n := 0
	for m := range Builtin().Messages() {
		n++
		if bytes.Contains(bytes.ReplaceAll(m.Raw, []byte("\r\n"), nil), []byte("\n")) || !bytes.HasSuffix(m.Raw, []byte("\r\n")) {
			t.Errorf("message %d has a bare LF or no final CRLF", n)
		}
		p, err := rfc822.Parse(bytes.NewReader(m.Raw), rfc822.Limits{})
		if err != nil {
			t.Fatalf("message %d: %v", n, err)
		}
		if len(p.Warnings) > 0 || p.Truncated {
			t.Errorf("message %d %q: warnings %v", n, p.Subject, p.Warnings)
		}
		if p.Subject == "" || strings.Contains(p.Subject, "=?") || len(p.From) != 1 || p.MessageID == "" || !p.Date.Equal(m.Date) {
			t.Errorf("message %d: subject %q, from %v, id %q, date %v (want %v)", n, p.Subject, p.From, p.MessageID, p.Date, m.Date)
		}
		if strings.ContainsFunc(p.Subject, func(r rune) bool { return r > 127 }) {
			nonASCII++
		}
		if strings.Contains(p.HTML, "https://") {
			html++
		}
		if len(p.Attachments) == 1 && p.Attachments[0].Filename == "tarte.txt" {
			attach++
		}
		if len(p.References) == 2 && p.InReplyTo[0] == p.References[1] {
			thread++
		}
	}
	if n != len(builtinMail) || html != 1 || attach != 1 || thread != 1 || nonASCII < 3 {
		t.Errorf("%d messages, %d HTML, %d with the attachment, %d at thread depth 3, %d non-ASCII subjects", n, html, attach, thread, nonASCII)
	}
}
