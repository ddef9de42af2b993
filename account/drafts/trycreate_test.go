package drafts

import (
	"strings"
	"testing"

	"wren/transport"
	"wren/transport/imap"
	"wren/transport/testcert"
	"wren/transport/testmail"
	"wren/transport/testserver"
)

// A Drafts folder that does not exist yet: the server answers APPEND with
// NO [TRYCREATE], the folder is created and the copy appended again, once
// (the real Dovecot, and a server that refuses before the literal).
func TestUploadCreatesMissingFolder(t *testing.T) {
	t.Run("dovecot", func(t *testing.T) {
		srv := testserver.Require(t)
		u := srv.NewUser(t)
		c, err := imap.Dial(t.Context(), srv.IMAPTLS, srv.Options())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if err := c.Login(t.Context(), u.Address, u.Password); err != nil {
			t.Fatal(err)
		}
		// Larger than go-imap's non-synchronizing literal limit (4 KiB):
		// the server can refuse before the message is sent.
		big := strings.Repeat("a long draft line\n", 2000)
		d, err := Upload(t.Context(), c, "Brouillons", Draft{ID: NewID(), From: u.Address, Subject: "s", Body: big})
		if err != nil || d.ServerUID == 0 || d.ServerFolder != "Brouillons" {
			t.Fatalf("upload into a missing folder: %+v, %v", d, err)
		}
		if _, err := c.Select(t.Context(), "Brouillons", true); err != nil {
			t.Fatalf("the folder was not created: %v", err)
		}
		// A small one goes without waiting for the server ("LITERAL+"):
		// the refusal comes after the message, which is sent again.
		d, err = Upload(t.Context(), c, "Borradores", Draft{ID: NewID(), From: u.Address, Subject: "s", Body: "short"})
		if err != nil || d.ServerUID == 0 {
			t.Fatalf("small upload into a missing folder: %+v, %v", d, err)
		}
	})
	for _, early := range []bool{true, false} {
		name := "refused after the message"
		if early {
			name = "refused before the message"
		}
		t.Run(name, func(t *testing.T) {
			pair := testcert.New(t)
			srv := testmail.Start(t, testmail.Config{TLS: pair.Server, TryCreateBeforeLiteral: early})
			c, err := imap.Dial(t.Context(), transport.Endpoint{Host: srv.Host, Port: srv.Port, Security: transport.SecurityTLS},
				transport.Options{RootCAs: pair.Roots})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if err := c.Login(t.Context(), "alice", "pw"); err != nil {
				t.Fatal(err)
			}
			if _, err := Upload(t.Context(), c, "Drafts", Draft{ID: NewID(), From: "alice@example.test", Subject: "s", Body: "b"}); err != nil {
				t.Fatal(err)
			}
			creates := 0
			for _, cmd := range srv.Commands() {
				if len(cmd) > 6 && containsWord(cmd, "CREATE") {
					creates++
				}
			}
			if creates != 1 || srv.Appended("Drafts") != 1 {
				t.Errorf("%d CREATEs, %d stored; want 1 and 1: %q", creates, srv.Appended("Drafts"), srv.Commands())
			}
		})
	}
}

func containsWord(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if s[i:i+len(w)] == w && (i == 0 || s[i-1] == ' ') {
			return true
		}
	}
	return false
}
