package mailgen

import (
	"bytes"
	"testing"
	"time"

	"wren/transport/rfc822"
)

// testNow pins the dates so runs compare byte for byte.
var testNow = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

// parsed is a generated message with its parse.
type parsed struct {
	Message
	p *rfc822.Message
}

func collect(t testing.TB, g *Generator, n int) []parsed {
	t.Helper()
	var out []parsed
	for m := range g.Messages(n) {
		p, err := rfc822.Parse(bytes.NewReader(m.Raw), rfc822.Limits{})
		if err != nil {
			t.Fatalf("message %d (%s): parse: %v", len(out), m.MessageID, err)
		}
		out = append(out, parsed{m, p})
	}
	if len(out) != n {
		t.Fatalf("got %d messages, want %d", len(out), n)
	}
	return out
}

func corpusOpts() Options {
	o := Corpus()
	o.Now = testNow
	return o
}

func headerOf(raw []byte) []byte {
	i := bytes.Index(raw, []byte("\r\n\r\n"))
	if i < 0 {
		return raw
	}
	return raw[:i]
}

// realAttachments are the attachments that are not inline cid: images.
func realAttachments(m *rfc822.Message) []*rfc822.Attachment {
	var out []*rfc822.Attachment
	for _, a := range m.Attachments {
		if !a.Inline {
			out = append(out, a)
		}
	}
	return out
}
