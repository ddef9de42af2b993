package compose

import (
	"slices"
	"strings"
	"testing"
	"time"

	"wren/account"
	"wren/transport/rfc822"
)

var me = account.Identity{Name: "Me Myself", Address: "me@example.com", Signature: "Me\nExample Ltd"}

func original() *rfc822.Message {
	return &rfc822.Message{
		Subject:    "Budget",
		From:       []rfc822.Address{{Name: "Anna", Address: "anna@example.org"}},
		To:         []rfc822.Address{{Address: "ME@example.com"}, {Name: "Bob", Address: "bob@example.net"}},
		Cc:         []rfc822.Address{{Address: "carol@example.net"}, {Address: "BOB@example.net"}, {Address: "other-me@example.com"}},
		Date:       time.Date(2026, 3, 4, 9, 5, 0, 0, time.UTC),
		MessageID:  "m3@example.org",
		References: []string{"m1@example.org", "m2@example.org"},
	}
}

func addrs(l []rfc822.Address) []string {
	var out []string
	for _, a := range l {
		out = append(out, a.Address)
	}
	return out
}

func TestReplyGoesToSender(t *testing.T) {
	d := Reply(Original{Message: original(), Text: "Hi"}, me, ReplyOptions{Now: time.Now()})
	if got := addrs(d.To); !slices.Equal(got, []string{"anna@example.org"}) || len(d.Cc) != 0 {
		t.Fatalf("To %v Cc %v", got, addrs(d.Cc))
	}
	if d.From.Address != me.Address || d.From.Name != me.Name {
		t.Errorf("From %+v", d.From)
	}
	if !slices.Equal(d.InReplyTo, []string{"m3@example.org"}) {
		t.Errorf("In-Reply-To %v", d.InReplyTo)
	}
	if !slices.Equal(d.References, []string{"m1@example.org", "m2@example.org", "m3@example.org"}) {
		t.Errorf("References %v", d.References)
	}
}

func TestReplyToHeaderWins(t *testing.T) {
	m := original()
	m.ReplyTo = []rfc822.Address{{Address: "list@example.org"}}
	d := Reply(Original{Message: m}, me, ReplyOptions{})
	if got := addrs(d.To); !slices.Equal(got, []string{"list@example.org"}) {
		t.Fatalf("To %v", got)
	}
}

func TestReplyAllWithoutOwnAddressesOrDuplicates(t *testing.T) {
	d := Reply(Original{Message: original()}, me, ReplyOptions{All: true, Own: []string{"Other-Me@Example.com"}})
	if got := addrs(d.To); !slices.Equal(got, []string{"anna@example.org"}) {
		t.Errorf("To %v", got)
	}
	if got := addrs(d.Cc); !slices.Equal(got, []string{"bob@example.net", "carol@example.net"}) {
		t.Errorf("Cc %v", got)
	}
}

func TestReplyToOwnMessageGoesToItsRecipients(t *testing.T) {
	m := original()
	m.From = []rfc822.Address{{Address: "me@example.com"}}
	d := Reply(Original{Message: m}, me, ReplyOptions{})
	if got := addrs(d.To); !slices.Equal(got, []string{"ME@example.com", "bob@example.net"}) {
		t.Fatalf("To %v", got)
	}
	d = Reply(Original{Message: m}, me, ReplyOptions{All: true})
	if got := addrs(d.To); !slices.Equal(got, []string{"bob@example.net"}) {
		t.Errorf("reply all To %v", got)
	}
}

func TestReplySubjectOnce(t *testing.T) {
	for in, want := range map[string]string{
		"Budget":             "Re: Budget",
		"Re: Budget":         "Re: Budget",
		"RE: Re: Budget":     "Re: Budget",
		"Aw: Budget":         "Re: Budget",
		"SV: Budget":         "Re: Budget",
		"Re[2]: Budget":      "Re: Budget",
		"re:Budget":          "Re: Budget",
		"Fwd: Budget":        "Re: Fwd: Budget",
		"Reply: Budget":      "Re: Reply: Budget",
		"Re: Subject: colon": "Re: Subject: colon",
		"":                   "Re: ",
	} {
		if got := ReplySubject(in); got != want {
			t.Errorf("ReplySubject(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"Budget":          "Fwd: Budget",
		"Fwd: Budget":     "Fwd: Budget",
		"FW: Fwd: Budget": "Fwd: Budget",
		"Re: Budget":      "Fwd: Re: Budget",
	} {
		if got := ForwardSubject(in); got != want {
			t.Errorf("ForwardSubject(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReplyBodyQuotesWithSignatureAndAttribution(t *testing.T) {
	loc := time.FixedZone("CET", 3600)
	d := Reply(Original{Message: original(), Text: "Hello,\r\n\r\n> earlier\nbye\n\n"}, me, ReplyOptions{Now: time.Now().In(loc)})
	want := "\n\n-- \nMe\nExample Ltd\n\nOn Wed, 4 Mar 2026 10:05, Anna wrote:\n> Hello,\n>\n>> earlier\n> bye\n"
	if d.Text != want {
		t.Fatalf("body\n%q\nwant\n%q", d.Text, want)
	}
	noSig := Reply(Original{Message: original(), Text: "x"}, account.Identity{Address: "me@example.com"}, ReplyOptions{})
	if !strings.HasPrefix(noSig.Text, "\n\nOn Wed, 4 Mar 2026 09:05, Anna wrote:\n> x\n") || strings.Contains(noSig.Text, "-- ") {
		t.Errorf("without signature: %q", noSig.Text)
	}
}

func TestReferencesKeepFirstAndLastTen(t *testing.T) {
	m := &rfc822.Message{MessageID: "new"}
	for i := range 30 {
		m.References = append(m.References, string(rune('a'+i%26))+strings.Repeat("x", i/26))
	}
	refs := References(m)
	if len(refs) != 11 || refs[0] != m.References[0] || refs[10] != "new" || refs[1] != m.References[21] {
		t.Fatalf("references %v", refs)
	}
	m = &rfc822.Message{MessageID: "b", InReplyTo: []string{"a"}}
	if refs := References(m); !slices.Equal(refs, []string{"a", "b"}) {
		t.Errorf("from In-Reply-To: %v", refs)
	}
	if refs := References(&rfc822.Message{}); refs != nil {
		t.Errorf("no IDs: %v", refs)
	}
}

func TestReplyBuilds(t *testing.T) {
	d := Reply(Original{Message: original(), Text: "Hi"}, me, ReplyOptions{All: true, Own: []string{"other-me@example.com"}})
	var b strings.Builder
	if err := rfc822.Build(&b, d); err != nil {
		t.Fatal(err)
	}
	msg, err := rfc822.Parse(strings.NewReader(b.String()), rfc822.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if msg.Subject != "Re: Budget" || !slices.Equal(msg.InReplyTo, []string{"m3@example.org"}) || len(msg.Cc) != 2 {
		t.Errorf("built reply: %q %v %v", msg.Subject, msg.InReplyTo, msg.Cc)
	}
}
