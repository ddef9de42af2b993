package compose

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"wren/transport/rfc822"
)

func TestParseAddressesMarksInvalidKeepsValid(t *testing.T) {
	in := `Anna <anna@example.org>; "Smith, Bob" <bob@example.net>, carol@example.com,` +
		` nobody, anna smith@example.org, x@bad_domain.example, "Jörg" <j@müller.example>, a@localhost, d@ex\x01ample.com,,`
	in = strings.ReplaceAll(in, `\x01`, "\x01")
	got, problems := ParseAddresses(in)
	if want := []string{"anna@example.org", "bob@example.net", "carol@example.com", "j@müller.example"}; !slices.Equal(addrs(got), want) {
		t.Errorf("valid %v, want %v", addrs(got), want)
	}
	if got[1].Name != "Smith, Bob" || got[3].Name != "Jörg" {
		t.Errorf("names %q %q", got[1].Name, got[3].Name)
	}
	want := []AddressProblem{
		{"nobody", ReasonNoAt},
		{"anna smith@example.org", ReasonSpaces},
		{"x@bad_domain.example", ReasonBadDomain},
		{"a@localhost", ReasonBadDomain},
		{"d@ex\x01ample.com", ReasonControl},
	}
	if !slices.Equal(problems, want) {
		t.Errorf("problems\n%q\nwant\n%q", problems, want)
	}
	if got, p := ParseAddresses("  "); got != nil || p != nil {
		t.Errorf("empty field: %v %v", got, p)
	}
}

func TestFormatAddressesRoundTrip(t *testing.T) {
	list := []rfc822.Address{{Name: "Smith, Bob", Address: "bob@example.net"}, {Address: "c@example.com"}, {Name: `Jörg "J"`, Address: "j@example.de"}}
	s := FormatAddresses(list)
	back, p := ParseAddresses(s)
	if len(p) != 0 || !slices.Equal(back, list) {
		t.Fatalf("%q read back as %v, %v", s, back, p)
	}
}

func TestMentionsAttachment(t *testing.T) {
	yes := []string{
		"Please find the report attached.",
		"See the attachment",
		"I attach the file",
		"Im Anhang findest du die Liste",
		"Die Datei ist angehängt.",
		"Voir la pièce jointe",
		"Te envío el archivo adjunto",
		"In allegato il documento",
		"Zie bijlage",
		"Enclosed is my CV",
	}
	for _, s := range yes {
		if !MentionsAttachment(s) {
			t.Errorf("missed %q", s)
		}
	}
	no := []string{
		"Thanks, see you tomorrow",
		"> I attached the file yesterday\n>> see the attachment\nThanks!",
		"Great.\n-- \nAttachments are scanned by Example Ltd",
		"He was detached from reality",
		"Ein Nachhang ist keiner",
	}
	for _, s := range no {
		if MentionsAttachment(s) {
			t.Errorf("false positive %q", s)
		}
	}
}

func TestCheckSize(t *testing.T) {
	d := rfc822.Draft{From: rfc822.Address{Address: "me@example.com"}, To: []rfc822.Address{{Address: "a@example.org"}},
		Subject: "big", Text: "hello\n", Attachments: []rfc822.DraftAttachment{{Filename: "a.bin", Data: make([]byte, 300_000)}}}
	var b bytes.Buffer
	if err := rfc822.Build(&b, d); err != nil {
		t.Fatal(err)
	}
	est := EstimateSize(d)
	if real := int64(b.Len()); est < real || est > real+real/10 {
		t.Errorf("estimate %d, built %d", est, real)
	}
	err := CheckSize(d, 300_000)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Limit != 300_000 || tl.Size != est || !strings.Contains(err.Error(), "KB") {
		t.Fatalf("CheckSize: %v", err)
	}
	if err := CheckSize(d, est); err != nil {
		t.Errorf("at the limit: %v", err)
	}
	if err := CheckSize(d, 0); err != nil {
		t.Errorf("no limit: %v", err)
	}
	d.Attachments[0] = rfc822.DraftAttachment{Filename: "r.bin", Reader: bytes.NewReader(make([]byte, 1<<20))}
	if err := CheckSize(d, 1<<20); !errors.As(err, &tl) {
		t.Errorf("reader of 1 MiB under a 1 MiB limit: %v", err)
	}
}

func TestToHTML(t *testing.T) {
	in := "Hi <b>&friends</b>,\nthis is *important* and _urgent_ but not snake_case_name.\n" +
		"- one\n- two https://example.com/a?b=1&c=2.\n\n> quoted <x>\n>> deeper\n" +
		"javascript:alert(1) mailto:a@example.org"
	out := ToHTML(in)
	for _, want := range []string{
		"Hi &lt;b&gt;&amp;friends&lt;/b&gt;,<br>",
		"<b>important</b> and <i>urgent</i> but not snake_case_name.",
		"<ul>\n<li>one</li>\n<li>two <a href=\"https://example.com/a?b=1&amp;c=2\">https://example.com/a?b=1&amp;c=2</a>.</li>\n</ul>",
		"<blockquote",
		"quoted &lt;x&gt;<br>",
		"javascript:alert(1)",
		`<a href="mailto:a@example.org">`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "<blockquote") != 2 || strings.Contains(out, `href="javascript`) {
		t.Errorf("quotes or links wrong:\n%s", out)
	}
}

func TestParseMailto(t *testing.T) {
	f, ignored := ParseMailto("MAILTO:anna@example.org,bob@example.net?cc=carol%40example.com&subject=Hello%20there%0D%0Ax" +
		"&body=line1%0D%0Aline2+plus&attach=/etc/passwd&Attachment=%2Fhome%2Fx&from=evil@example.com&x-custom=1&bcc=dave@example.com")
	if !slices.Equal(f.To, []string{"anna@example.org", "bob@example.net"}) || !slices.Equal(f.Cc, []string{"carol@example.com"}) ||
		!slices.Equal(f.Bcc, []string{"dave@example.com"}) {
		t.Errorf("addresses %+v", f)
	}
	if f.Subject != "Hello there x" || f.Body != "line1\nline2+plus" {
		t.Errorf("subject %q body %q", f.Subject, f.Body)
	}
	if !slices.Equal(ignored, []string{"attach", "attachment", "from", "x-custom"}) {
		t.Errorf("ignored %v", ignored)
	}
	if f, ign := ParseMailto("https://example.com"); f.To != nil || len(ign) != 1 {
		t.Errorf("not mailto: %+v %v", f, ign)
	}
	if f, _ := ParseMailto("mailto:?to=a@example.org&body=" + strings.Repeat("x", maxMailtoBody+10)); len(f.Body) != maxMailtoBody || len(f.To) != 1 {
		t.Errorf("long body: %d, to %v", len(f.Body), f.To)
	}
}
