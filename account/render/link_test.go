package render

import "testing"

func TestLinkChecks(t *testing.T) {
	cases := []struct {
		href, text   string
		allowed      bool
		host, uni    string
		want, forbid []LinkWarning
	}{
		{"https://evil.example", "https://paypal.com", true, "evil.example", "evil.example", []LinkWarning{TextHostMismatch}, nil},
		{"https://evil.example/x", "www.paypal.com", true, "evil.example", "evil.example", []LinkWarning{TextHostMismatch}, nil},
		{"https://www.example.com/a", "example.com", true, "www.example.com", "www.example.com", nil, []LinkWarning{TextHostMismatch}},
		{"https://example.com/a", "Read more", true, "example.com", "example.com", nil, []LinkWarning{TextHostMismatch}},
		{"https://xn--80ak6aa92e.com/", "Sign in", true, "xn--80ak6aa92e.com", "аррӏе.com", []LinkWarning{Punycode, MixedScript}, nil},
		{"https://аррӏе.com/", "Sign in", true, "xn--80ak6aa92e.com", "аррӏе.com", []LinkWarning{Punycode, MixedScript}, nil},
		{"https://xn--pple-43d.com/", "Sign in", true, "xn--pple-43d.com", "аpple.com", []LinkWarning{MixedScript}, nil},
		{"https://bücher.example/", "Bücher", true, "xn--bcher-kva.example", "bücher.example", []LinkWarning{Punycode}, []LinkWarning{MixedScript}},
		{"https://東京.example/", "x", true, "xn--1lqs71d.example", "東京.example", []LinkWarning{Punycode}, []LinkWarning{MixedScript}},
		{"http://192.0.2.7/login", "Log in", true, "192.0.2.7", "192.0.2.7", []LinkWarning{RawIP}, nil},
		{"http://0x7f.0x0.0x0.0x1:8080/", "x", true, "0x7f.0x0.0x0.0x1", "0x7f.0x0.0x0.0x1", []LinkWarning{RawIP}, nil},
		{"http://2130706433/", "x", true, "2130706433", "2130706433", []LinkWarning{RawIP}, nil},
		{"http://[2001:db8::1]/", "x", true, "[2001:db8::1]", "[2001:db8::1]", []LinkWarning{RawIP}, nil},
		{"https://www.bank.example@evil.example/", "https://www.bank.example/", true, "evil.example", "evil.example", []LinkWarning{UserInfo, TextHostMismatch}, nil},
		{"javascript:alert(1)", "View", false, "", "", []LinkWarning{DisallowedScheme}, nil},
		{"JaVaScRiPt:alert(1)", "View", false, "", "", []LinkWarning{DisallowedScheme}, nil},
		{" java\tscript:alert(1)", "View", false, "", "", []LinkWarning{DisallowedScheme}, nil},
		{"data:text/html;base64,PHNjcmlwdD4=", "View", false, "", "", []LinkWarning{DisallowedScheme}, nil},
		{"file:///etc/passwd", "View", false, "", "", []LinkWarning{DisallowedScheme}, nil},
		{`\\attacker.example\share`, "View", false, "", "", []LinkWarning{DisallowedScheme}, nil},
		{"relative/path", "View", false, "", "", []LinkWarning{DisallowedScheme}, nil},
		{"https:evil.example", "View", false, "", "", []LinkWarning{DisallowedScheme}, nil},
		{"mailto:support@example.com", "support@example.com", true, "example.com", "example.com", nil, []LinkWarning{TextHostMismatch}},
		{"mailto:thief@evil.example", "support@example.com", true, "evil.example", "evil.example", []LinkWarning{TextHostMismatch}, nil},
	}
	for _, c := range cases {
		l := Link{Href: c.href, Text: c.text}
		checkLink(&l)
		if l.Allowed != c.allowed || l.Host != c.host || l.HostUnicode != c.uni {
			t.Errorf("%q: allowed %v host %q/%q, want %v %q/%q", c.href, l.Allowed, l.Host, l.HostUnicode, c.allowed, c.host, c.uni)
		}
		for _, w := range c.want {
			if !l.Has(w) {
				t.Errorf("%q (%q): missing %v, got %v", c.href, c.text, w, l.Warnings)
			}
		}
		for _, w := range c.forbid {
			if l.Has(w) {
				t.Errorf("%q (%q): unexpected %v", c.href, c.text, w)
			}
		}
	}
}
