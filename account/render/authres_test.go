package render

import (
	"reflect"
	"testing"
)

func TestAuthResultsTopmostOnly(t *testing.T) {
	m := parse(t, `Authentication-Results: mx.provider.example (Postfix 3.8);
 dkim=pass (2048-bit key; unprotected) header.d=shop.example header.i=@shop.example header.s=s1 header.b=abc;
 spf=softfail (domain (of) transitioning) smtp.mailfrom="bounce@shop.example" smtp.helo=out.shop.example;
 dmarc=fail reason="p=reject" header.from=shop.example;
 arc=none;
 junk without equals;
 =nomethod;
 X-Odd = neutral
Authentication-Results: mx.provider.example; dkim=pass header.d=forged.example; spf=pass smtp.mailfrom=forged.example
From: a@shop.example

x
`)
	got := AuthResults(m.Header)
	want := []AuthResult{
		{"dkim", "pass", "shop.example", "mx.provider.example"},
		{"spf", "softfail", "bounce@shop.example", "mx.provider.example"},
		{"dmarc", "fail", "shop.example", "mx.provider.example"},
		{"arc", "none", "", "mx.provider.example"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestAuthResultsNoneAndMissing(t *testing.T) {
	if r := AuthResults(parse(t, "From: a@x.example\n\nx\n").Header); r != nil {
		t.Errorf("no header: %+v", r)
	}
	if r := AuthResults(parse(t, "Authentication-Results: mx.example 1; none\nFrom: a@x.example\n\nx\n").Header); len(r) != 0 {
		t.Errorf("none: %+v", r)
	}
	r := AuthResults(parse(t, "Authentication-Results: \"mx (x).example\"; spf=temperror (dns (nested) timeout) smtp.mailfrom=a@x.example\nFrom: a@x.example\n\nx\n").Header)
	if len(r) != 1 || r[0].Result != "temperror" || r[0].Detail != "a@x.example" || r[0].AuthServ != "mx (x).example" {
		t.Errorf("quoted authserv, nested comments: %+v", r)
	}
}
