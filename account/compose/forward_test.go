package compose

import (
	"strings"
	"testing"
	"time"

	"wren/account"
	"wren/transport/rfc822"
)

func TestForwardInlineKeepsAttachments(t *testing.T) {
	m := original()
	m.Attachments = []*rfc822.Attachment{
		{Filename: "plan.pdf", ContentType: "application/pdf", Data: []byte("%PDF")},
		{Filename: "cut.zip", ContentType: "application/zip", Data: []byte("PK"), Truncated: true, Size: 1 << 30},
	}
	d := Forward(Original{Message: m, Text: "The plan.\n"}, me, true, time.Now().In(time.UTC))
	if d.Subject != "Fwd: Budget" || len(d.To) != 0 || d.From.Address != me.Address {
		t.Fatalf("forward %q to %v from %v", d.Subject, d.To, d.From)
	}
	for _, want := range []string{
		"---------- Forwarded message ----------\n",
		"From: Anna <anna@example.org>\n",
		"Date: Wed, 4 Mar 2026 09:05\n",
		"Subject: Budget\n",
		"To: ME@example.com, Bob <bob@example.net>\n",
		"\nThe plan.\n",
		"-- \nMe\nExample Ltd\n",
	} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("body lacks %q:\n%s", want, d.Text)
		}
	}
	if len(d.Attachments) != 1 || d.Attachments[0].Filename != "plan.pdf" || string(d.Attachments[0].Data) != "%PDF" {
		t.Errorf("attachments %+v", d.Attachments)
	}
}

func TestForwardAsAttachment(t *testing.T) {
	raw := []byte("From: anna@example.org\r\nSubject: a/b: c\r\n\r\nhi\r\n")
	m := original()
	m.Subject = "a/b: c"
	d := Forward(Original{Message: m, Raw: raw, Text: "hi"}, account.Identity{Address: "me@example.com"}, false, time.Time{})
	if len(d.Attachments) != 1 {
		t.Fatalf("attachments %+v", d.Attachments)
	}
	a := d.Attachments[0]
	if a.ContentType != "message/rfc822" || a.Filename != "a_b_ c.eml" || string(a.Data) != string(raw) {
		t.Errorf("attachment %q %q %q", a.ContentType, a.Filename, a.Data)
	}
	if strings.Contains(d.Text, "Forwarded message") || strings.Contains(d.Text, "hi") {
		t.Errorf("text of an attached forward: %q", d.Text)
	}
	var b strings.Builder
	if err := rfc822.Build(&b, d); err != nil {
		t.Fatal(err)
	}
	if messageFilename(" \x01 ") != "message.eml" {
		t.Errorf("empty subject: %q", messageFilename(" \x01 "))
	}
}

func TestPickIdentity(t *testing.T) {
	accts := []account.Account{
		{Name: "Work", Address: "me@work.example", Identities: []account.Identity{{Address: "me@work.example"}, {Name: "Sales", Address: "sales@work.example"}}},
		{Name: "Home", Address: "me@home.example"},
	}
	cases := []struct {
		msg       *rfc822.Message
		acct, adr string
	}{
		{&rfc822.Message{To: []rfc822.Address{{Address: "x@y.example"}}, Cc: []rfc822.Address{{Address: "SALES@work.example"}}}, "Work", "sales@work.example"},
		{&rfc822.Message{To: []rfc822.Address{{Address: "me@home.example"}}}, "Home", "me@home.example"},
		{&rfc822.Message{Header: rfc822.Header{{Key: "Delivered-To", Value: "<me@home.example>"}}}, "Home", "me@home.example"},
		{&rfc822.Message{To: []rfc822.Address{{Address: "list@lists.example"}}}, "Work", "me@work.example"},
		{nil, "Work", "me@work.example"},
	}
	for i, c := range cases {
		name, id := PickIdentity(accts, c.msg)
		if name != c.acct || id.Address != c.adr {
			t.Errorf("case %d: %s %s, want %s %s", i, name, id.Address, c.acct, c.adr)
		}
	}
	if name, id := PickIdentity(nil, cases[0].msg); name != "" || id.Address != "" {
		t.Errorf("no accounts: %q %+v", name, id)
	}
}
