package compose

import (
	"bytes"
	"slices"
	"testing"

	"wren/account/drafts"
	"wren/transport/rfc822"
)

func TestStoredRoundTrip(t *testing.T) {
	d := rfc822.Draft{
		From:       rfc822.Address{Name: "Me, Myself", Address: "me@example.com"},
		To:         []rfc822.Address{{Name: "Anna", Address: "anna@example.org"}},
		Cc:         []rfc822.Address{{Address: "c@example.org"}},
		Bcc:        []rfc822.Address{{Address: "b@example.org"}},
		Subject:    "Re: plan",
		Text:       "body",
		InReplyTo:  []string{"x@y"},
		References: []string{"w@y", "x@y"},
	}
	s := ToStored(d, "abc", "Work", []string{"/tmp/a.pdf"})
	if s.ID != "abc" || s.Account != "Work" || s.To != "Anna <anna@example.org>" || s.From != `"Me, Myself" <me@example.com>` {
		t.Fatalf("stored %+v", s)
	}
	back, paths, problems := FromStored(s)
	if len(problems) != 0 || !slices.Equal(paths, []string{"/tmp/a.pdf"}) {
		t.Fatalf("paths %v problems %v", paths, problems)
	}
	if back.From != d.From || !slices.Equal(back.To, d.To) || !slices.Equal(back.Cc, d.Cc) || !slices.Equal(back.Bcc, d.Bcc) ||
		back.Subject != d.Subject || back.Text != d.Text || !slices.Equal(back.References, d.References) || !slices.Equal(back.InReplyTo, d.InReplyTo) {
		t.Errorf("back %+v", back)
	}
	_, _, problems = FromStored(drafts.Draft{To: "anna@example.org, half typed"})
	if len(problems) != 1 || problems[0].Input != "half typed" {
		t.Errorf("half-typed address: %v", problems)
	}
}

func TestReopenRestoresBcc(t *testing.T) {
	d := rfc822.Draft{
		From: rfc822.Address{Address: "me@example.com"}, To: []rfc822.Address{{Address: "a@example.org"}},
		Bcc: []rfc822.Address{{Address: "secret@example.org"}}, Subject: "s", Text: "t\n",
		Attachments: []rfc822.DraftAttachment{{Filename: "f.txt", ContentType: "text/plain", Data: []byte("file")}},
	}
	var b bytes.Buffer
	if err := rfc822.Build(&b, d); err != nil {
		t.Fatal(err)
	}
	m, err := rfc822.Parse(&b, rfc822.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	_, env := rfc822.Envelope(d)
	r := Reopen(m, env)
	if r.From.Address != "me@example.com" || len(r.To) != 1 || len(r.Bcc) != 1 || r.Bcc[0].Address != "secret@example.org" ||
		r.Subject != "s" || r.Text != "t\n" || len(r.Attachments) != 1 || string(r.Attachments[0].Data) != "file" {
		t.Errorf("reopened %+v", r)
	}
}
