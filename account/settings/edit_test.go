package settings

import (
	"context"
	"errors"
	"testing"

	"wren/account"
	"wren/account/profile"
	"wren/account/secret"
	"wren/transport"
)

func editFixture(t *testing.T) (*profile.Profile, *secret.Memory, account.Account) {
	t.Helper()
	p, err := profile.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	a := account.Account{Name: "Work", Address: "me@wren.test",
		Identities: []account.Identity{{Name: "Me", Address: "me@wren.test"}},
		Incoming:   account.Server{Protocol: account.IMAP, Host: "imap.wren.test", Port: 993, Security: transport.SecurityTLS, Username: "me", Auth: account.AuthPassword},
		Outgoing:   account.Server{Protocol: account.SMTP, Host: "smtp.wren.test", Port: 465, Security: transport.SecurityTLS, Username: "me", Auth: account.AuthPassword}}
	if err := p.Add(a); err != nil {
		t.Fatal(err)
	}
	keys := &secret.Memory{}
	for _, s := range []account.Server{a.Incoming, a.Outgoing} {
		if err := keys.Set(context.Background(), a.SecretKey(s), "pw"); err != nil {
			t.Fatal(err)
		}
	}
	return p, keys, a
}

func TestSaveAccountKeepsSignatureAndPassword(t *testing.T) {
	ctx := context.Background()
	p, keys, a := editFixture(t)
	e := a
	e.Identities = []account.Identity{{Name: "Me", Address: "me@wren.test", Signature: "-- \nMe"}}
	e.Incoming.Host = "mail.wren.test"
	if err := SaveAccount(ctx, p, keys, a, e); err != nil {
		t.Fatalf("SaveAccount: %v", err)
	}
	got, err := p.Get("Work")
	if err != nil || got.Identities[0].Signature != "-- \nMe" || got.Incoming.Host != "mail.wren.test" {
		t.Fatalf("saved %+v, %v", got, err)
	}
	if pw, err := keys.Get(ctx, e.SecretKey(e.Incoming)); err != nil || pw != "pw" {
		t.Errorf("password at the new entry: %q, %v", pw, err)
	}
	if keys.Has(a.SecretKey(a.Incoming)) {
		t.Error("the old entry is still there")
	}
	if !keys.Has(a.SecretKey(a.Outgoing)) {
		t.Error("the unchanged server's password went away")
	}
}

func TestSaveAccountRefusesRenameAndEmptyIdentity(t *testing.T) {
	p, keys, a := editFixture(t)
	e := a
	e.Name = "Job"
	if err := SaveAccount(context.Background(), p, keys, a, e); !errors.Is(err, ErrRename) {
		t.Errorf("rename: %v", err)
	}
	e = a
	e.Identities = []account.Identity{{Name: "Nobody"}}
	if err := SaveAccount(context.Background(), p, keys, a, e); !errors.Is(err, ErrInvalid) {
		t.Errorf("empty identity: %v", err)
	}
	if got, _ := p.Get("Work"); got.Identities[0].Name != "Me" {
		t.Error("a refused edit was saved")
	}
}
