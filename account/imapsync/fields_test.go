package imapsync

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"
	"wren/account/internal/mailgen"
	"wren/transport/imap"
)

func TestParseFields(t *testing.T) {
	raw := "Date: Tue, 03 Mar 2026 10:11:12 +0100\r\n" +
		"From: =?UTF-8?Q?Zo=C3=AB_M=C3=BCller?= <zoe@example.com>\r\n" +
		"To: Anna Berg <anna@example.com>,\r\n tom@example.org\r\n" +
		"cc: \"Priya N\" <priya@example.net>\r\n" +
		"Subject: =?ISO-8859-1?Q?Re:_=DCberpr=FCfung?=\r\n\tof the budget\r\n" +
		"Message-ID: <m123@example.com>\r\n" +
		"In-Reply-To: <m100@example.com>\r\n" +
		"References: <m99@example.com>\r\n <m100@example.com>\r\n" +
		"Content-Type: multipart/mixed;\r\n boundary=\"xyz\"\r\n\r\n"
	var h Header
	ParseFields([]byte(raw), &h)
	if !h.Date.Equal(time.Date(2026, 3, 3, 9, 11, 12, 0, time.UTC)) {
		t.Errorf("date %v", h.Date)
	}
	if len(h.From) != 1 || h.From[0] != (Address{Name: "Zoë Müller", Addr: "zoe@example.com"}) {
		t.Errorf("from %+v", h.From)
	}
	if len(h.To) != 2 || h.To[0].Addr != "anna@example.com" || h.To[1] != (Address{Addr: "tom@example.org"}) {
		t.Errorf("to %+v", h.To)
	}
	if len(h.Cc) != 1 || h.Cc[0].Name != "Priya N" {
		t.Errorf("cc %+v", h.Cc)
	}
	if h.Subject != "Re: Überprüfung of the budget" {
		t.Errorf("subject %q", h.Subject)
	}
	if h.MessageID != "m123@example.com" || !slices.Equal(h.InReplyTo, []string{"m100@example.com"}) ||
		!slices.Equal(h.References, []string{"m99@example.com", "m100@example.com"}) {
		t.Errorf("ids %q %q %q", h.MessageID, h.InReplyTo, h.References)
	}
	if !h.HasAttachment {
		t.Error("multipart/mixed: want has-attachment")
	}
}

// Broken fields never fail the row: what parses is kept, the rest shows
// as text or stays empty.
func TestParseFieldsDamaged(t *testing.T) {
	raw := "From: not an address at all\r\n" +
		"Subject: plain \xff bytes\r\n" +
		"Date: someday\r\n" +
		"Message-ID: bare-id@host\r\n" +
		"Content-Type: TEXT/HTML; charset=utf-8\r\n" +
		"no colon here\r\n" +
		"\r\n" +
		"Subject: from the body\r\n"
	var h Header
	ParseFields([]byte(raw), &h)
	if len(h.From) != 1 || h.From[0].Name != "not an address at all" || h.From[0].Addr != "" {
		t.Errorf("from %+v", h.From)
	}
	if h.Subject != "plain \uFFFD bytes" {
		t.Errorf("subject %q", h.Subject)
	}
	if !h.Date.IsZero() || h.MessageID != "bare-id@host" || h.HasAttachment {
		t.Errorf("date %v, id %q, attachment %v", h.Date, h.MessageID, h.HasAttachment)
	}
}

func TestAttachmentType(t *testing.T) {
	for ct, want := range map[string]bool{
		"":                                  false,
		"text/plain; charset=utf-8":         false,
		"multipart/alternative; boundary=b": false,
		"multipart/related; boundary=b":     false,
		"Multipart/Mixed; boundary=b":       true,
		"application/pdf; name=\"a.pdf\"":   true,
		"image/png":                         true,
		"message/rfc822":                    true,
	} {
		if got := attachmentType(ct); got != want {
			t.Errorf("attachmentType(%q) = %v, want %v", ct, got, want)
		}
	}
}

func BenchmarkParseFields(b *testing.B) {
	raw := []byte("Date: Tue, 03 Mar 2026 10:11:12 +0100\r\nFrom: =?UTF-8?Q?Zo=C3=AB_M=C3=BCller?= <zoe@example.com>\r\n" +
		"To: Anna Berg <anna@example.com>, tom@example.org\r\nCc: \"Priya N\" <priya@example.net>\r\n" +
		"Subject: =?UTF-8?Q?Re:_Budget_=C3=9Cberpr=C3=BCfung?=\r\nMessage-ID: <m123@example.com>\r\n" +
		"In-Reply-To: <m100@example.com>\r\nReferences: <m99@example.com> <m100@example.com>\r\n" +
		"Content-Type: multipart/mixed; boundary=\"xyz\"\r\n\r\n")
	for b.Loop() {
		var h Header
		ParseFields(raw, &h)
	}
}

// BenchmarkParseFieldsCorpus parses the list fields of generated mail as
// a header sync receives them (HEADER.FIELDS: only those fields).
func BenchmarkParseFieldsCorpus(b *testing.B) {
	var blocks [][]byte
	for m := range mailgen.New(4, mailgen.Corpus()).Messages(2000) {
		var block []byte
		for raw := m.Raw; len(raw) > 0; {
			var line []byte
			line, raw = nextField(raw)
			if line == nil {
				break
			}
			name, _, _ := bytes.Cut(line, []byte(":"))
			if slices.ContainsFunc(imap.ListFields, func(f string) bool { return strings.EqualFold(f, string(name)) }) {
				block = append(block, line...)
			}
		}
		blocks = append(blocks, append(block, "\r\n"...))
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		var h Header
		ParseFields(blocks[i%len(blocks)], &h)
	}
}
