package discover

import (
	"errors"
	"testing"

	"wren/account"
)

func TestParseAddress(t *testing.T) {
	cases := []struct {
		in                           string
		full, local, domain, unicode string
	}{
		{" Alice@Example.Test ", "Alice@example.test", "Alice", "example.test", "example.test"},
		{"Alice <bob@example.test.>", "bob@example.test", "bob", "example.test", "example.test"},
		{"jo@Bücher.example", "jo@bücher.example", "jo", "xn--bcher-kva.example", "bücher.example"},
		{`"a@b"@example.test`, "a@b@example.test", "a@b", "example.test", "example.test"},
	}
	for _, c := range cases {
		a, err := ParseAddress(c.in)
		if err != nil {
			t.Errorf("ParseAddress(%q): %v", c.in, err)
			continue
		}
		if a.Full != c.full || a.Local != c.local || a.Domain != c.domain || a.Unicode != c.unicode {
			t.Errorf("ParseAddress(%q) = %+v", c.in, a)
		}
	}
}

func TestParseAddressRejects(t *testing.T) {
	for _, in := range []string{"", "alice", "@example.test", "alice@localhost", "alice@[192.0.2.1]",
		"alice@192.0.2.1", "alice@exa_mple.test", "alice@-bad.test"} {
		if a, err := ParseAddress(in); !errors.Is(err, account.ErrBadAddress) {
			t.Errorf("ParseAddress(%q) = %+v, %v; want ErrBadAddress", in, a, err)
		}
	}
}

func TestUsernameCandidates(t *testing.T) {
	a, err := ParseAddress("Alice@example.test")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		tmpl string
		want []string
	}{
		{"%EMAILADDRESS%", []string{"Alice@example.test", "Alice"}},
		{"", []string{"Alice@example.test", "Alice"}},
		{"%EMAILLOCALPART%", []string{"Alice", "Alice@example.test"}},
		{"%EMAILLOCALPART%.mail@%EMAILDOMAIN%", []string{"Alice.mail@example.test"}},
		{"fixed-user", []string{"fixed-user"}},
		{"%CUSTOMERID%", nil},
		{"%EMAILADDRESS", nil},
	}
	for _, c := range cases {
		got := a.usernames(c.tmpl)
		if !equal(got, c.want) {
			t.Errorf("usernames(%q) = %q, want %q", c.tmpl, got, c.want)
		}
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
