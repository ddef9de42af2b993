package transport

import (
	"errors"
	"testing"
)

func TestTokenClientResponses(t *testing.T) {
	c := NewOAuthBearerClient("me@example.com", "tok", "imap.example.com", 993)
	mech, ir, err := c.Start()
	if err != nil || mech != "OAUTHBEARER" || string(ir) != "n,a=me@example.com,\x01host=imap.example.com\x01port=993\x01auth=Bearer tok\x01\x01" {
		t.Fatalf("start = %s %q %v", mech, ir, err)
	}
	// An empty challenge before any answer asks for the initial response.
	if resp, err := c.Next(nil); err != nil || string(resp) != string(ir) {
		t.Errorf("empty challenge answered %q %v", resp, err)
	}
	resp, err := c.Next([]byte(`{"status":"invalid_token","schemes":"bearer","scope":"https://mail.google.com/"}`))
	if err != nil || string(resp) != "\x01" {
		t.Errorf("error challenge answered %q %v, want %%x01", resp, err)
	}
	if r := c.Rejection(); r == nil || r.Status != "invalid_token" || r.Scope != "https://mail.google.com/" {
		t.Errorf("rejection = %+v", r)
	}
	if _, err := c.Next([]byte("more")); !errors.Is(err, errSecondChallenge) {
		t.Errorf("second challenge: %v", err)
	}

	x := NewXOAuth2Client("me@example.com", "tok")
	if mech, ir, _ := x.Start(); mech != "XOAUTH2" || string(ir) != "user=me@example.com\x01auth=Bearer tok\x01\x01" {
		t.Fatalf("start = %s %q", mech, ir)
	}
	resp, err = x.Next([]byte("not json"))
	if err != nil || resp == nil || len(resp) != 0 {
		t.Errorf("error challenge answered %#v %v, want empty and not nil", resp, err)
	}
	if r := x.Rejection(); r == nil || r.Status != "not json" {
		t.Errorf("rejection = %+v", r)
	}
}

func TestChooseTokenMechanism(t *testing.T) {
	offer := func(ms ...string) func(string) bool {
		return func(m string) bool {
			for _, o := range ms {
				if o == m {
					return true
				}
			}
			return false
		}
	}
	for _, c := range []struct {
		offered []string
		want    string
	}{
		{[]string{"PLAIN", "XOAUTH2", "OAUTHBEARER"}, "OAUTHBEARER"},
		{[]string{"LOGIN", "XOAUTH2"}, "XOAUTH2"},
		{[]string{"PLAIN"}, ""},
	} {
		if got := ChooseTokenMechanism(offer(c.offered...)); got != c.want {
			t.Errorf("%v: %q, want %q", c.offered, got, c.want)
		}
	}
}
