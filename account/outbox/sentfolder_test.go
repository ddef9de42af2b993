package outbox

import (
	"context"
	"testing"

	"wren/account"
	"wren/account/login"
	"wren/transport"
	"wren/transport/testcert"
	"wren/transport/testmail"
)

// Servers without SPECIAL-USE (issue #17): the Sent copy goes to the
// folder with a well-known name, English or localized, or to a "Sent"
// made for it; a copy already filed (a crash between the APPEND and
// saving that it was done) is not filed twice.
func TestSentCopyWithoutSpecialUse(t *testing.T) {
	for _, c := range []struct {
		name    string
		folders []string
		want    string
	}{
		{"English", []string{"Sent Items", "Trash"}, "Sent Items"},
		{"localized", []string{"Gesendet", "Papierkorb"}, "Gesendet"},
		{"none", []string{"Archive"}, "Sent"},
	} {
		t.Run(c.name, func(t *testing.T) {
			pair := testcert.New(t)
			srv := testmail.Start(t, testmail.Config{TLS: pair.Server, Folders: c.folders})
			f := IMAPSent{
				Server: account.Server{Protocol: account.IMAP, Host: srv.Host, Port: srv.Port, Security: transport.SecurityTLS, Username: "me"},
				LogIn: func(ctx context.Context, s account.Server, c login.Conn) error {
					return c.Login(ctx, s.Username, "pw")
				},
				Options: transport.Options{RootCAs: pair.Roots},
			}
			it := Item{Account: "me", From: "me@example.test", To: []string{"you@example.test"}, MessageID: "copy-1@example.test",
				Raw: []byte("From: me@example.test\r\nTo: you@example.test\r\nSubject: hi\r\nMessage-ID: <copy-1@example.test>\r\n\r\nhi\r\n")}
			for range 2 {
				if err := f.FileSent(t.Context(), it); err != nil {
					t.Fatal(err)
				}
			}
			if n := srv.Appended(c.want); n != 1 {
				t.Errorf("%d copies in %q, want 1 (commands %q)", n, c.want, srv.Commands())
			}
		})
	}
}
