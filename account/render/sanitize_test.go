package render

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestSanitizedHTML(t *testing.T) {
	src := `<html><head><base href="https://base.example/"><meta http-equiv="refresh" content="0;url=https://r.example/">
<link rel=stylesheet href="https://css.example/s.css"><script>alert(1)</script><style>body{background:url(https://bg.example/)}</style></head>
<body onload="alert(2)"><p style="color:red" onclick="alert(3)">Hello <b>world</b></p>
<p style="background:url(https://inline.example/x.png)">styled</p>
<a href="javascript:alert(4)">js</a> <a href="https://ok.example/path?q=1&amp;r=2" target="_top">ok</a>
<img src="https://img.example/x.png"><img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">
<form action="https://form.example/"><input name=p></form><iframe src="https://frame.example/"></iframe>
<div style="display:none">hidden preheader</div><svg><a href="javascript:alert(5)">svg</a></svg>
<p>unclosed <i>italic
</body></html>`
	out := string(SanitizedHTML(src))
	if !strings.HasPrefix(out, "<!DOCTYPE html>\n<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:") {
		t.Errorf("no CSP first:\n%s", out[:min(len(out), 300)])
	}
	for _, bad := range []string{"<script", "alert", "onload", "onclick", "<base", "refresh", "<link", "url(", "<form", "<input",
		"<iframe", "hidden preheader", "img.example", "bg.example", "css.example", "target="} {
		mustNotContain(t, out, bad)
	}
	for _, good := range []string{`<p style="color:red">Hello <b>world</b></p>`, `<a href="https://ok.example/path?q=1&amp;r=2" rel="noopener noreferrer">ok</a>`,
		`<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">`, "<p>unclosed <i>italic\n</i></p>"} {
		mustContain(t, out, good)
	}
	// Every URL-bearing attribute left is a permitted link or data: image.
	doc, err := html.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	for n := range doc.Descendants() {
		for _, a := range n.Attr {
			if strings.Contains(a.Val, "//") && !(n.Data == "a" && a.Key == "href") && a.Key != "content" {
				t.Errorf("<%s %s=%q> kept", n.Data, a.Key, a.Val)
			}
		}
	}
}
