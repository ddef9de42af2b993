package account_test

import (
	"strings"
	"testing"

	"wren/account"
	"wren/transport"
)

func TestParseServerURL(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want account.Server
	}{
		{"imaps://mail.example.com", account.Server{Protocol: account.IMAP, Host: "mail.example.com", Port: 993, Security: transport.SecurityTLS}},
		{"imap://Mail.Example.com.:1143", account.Server{Protocol: account.IMAP, Host: "mail.example.com", Port: 1143, Security: transport.SecuritySTARTTLS}},
		{"pop3s://me@pop.example.com", account.Server{Protocol: account.POP3, Host: "pop.example.com", Port: 995, Security: transport.SecurityTLS, Username: "me"}},
		{"pop3://pop.example.com", account.Server{Protocol: account.POP3, Host: "pop.example.com", Port: 110, Security: transport.SecuritySTARTTLS}},
		{"smtps://smtp.example.com", account.Server{Protocol: account.SMTP, Host: "smtp.example.com", Port: 465, Security: transport.SecurityTLS}},
		{"smtp://smtp.example.com", account.Server{Protocol: account.SMTP, Host: "smtp.example.com", Port: 587, Security: transport.SecuritySTARTTLS}},
		{"smtp://127.0.0.1:2525?security=plain", account.Server{Protocol: account.SMTP, Host: "127.0.0.1", Port: 2525, Security: transport.SecurityPlain}},
		{"imaps://[::1]:10993", account.Server{Protocol: account.IMAP, Host: "::1", Port: 10993, Security: transport.SecurityTLS}},
	} {
		got, err := account.ParseServerURL(tc.in)
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		tc.want.Auth, tc.want.Source = account.AuthPassword, account.SourceManual
		if got != tc.want {
			t.Errorf("%s = %+v, want %+v", tc.in, got, tc.want)
		}
		back, err := account.ParseServerURL(got.URL())
		if err != nil || back != got {
			t.Errorf("%s: URL() %q does not read back: %+v, %v", tc.in, got.URL(), back, err)
		}
	}
	for _, bad := range []string{"http://x", "imaps://", "imaps://h:0", "imaps://h:99999", "imaps://h/path", "imaps://h?security=tls", "imaps://u:secret@h"} {
		_, err := account.ParseServerURL(bad)
		if err == nil {
			t.Errorf("%s: accepted", bad)
		} else if strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: error shows the password: %v", bad, err)
		}
	}
}
