package settings

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"wren/account"
	"wren/account/profile"
	"wren/account/secret"
	"wren/transport"
)

func TestMissingFileGivesDefaults(t *testing.T) {
	f, err := Open(t.TempDir())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	got := f.Get()
	if !got.Notifications || got.RemoteContent != RemoteBlock || got.UndoSendSeconds != 10 {
		t.Errorf("defaults = %+v", got)
	}
	if _, err := os.Stat(f.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open created the file: %v", err)
	}
}

func TestSaveAndReopen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "profile")
	f, err := Open(dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	want := Settings{Notifications: false, RemoteContent: RemoteSenders, AllowedSenders: []string{"anna@example.com"}, UndoSendSeconds: 30}
	if err := f.Save(want); err != nil {
		t.Fatalf("Save: %v", err)
	}
	data, err := os.ReadFile(f.Path())
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if !strings.Contains(string(data), `"version": 1`) {
		t.Errorf("file has no version 1:\n%s", data)
	}
	if fi, err := os.Stat(f.Path()); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	g, err := Open(dir)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	if got := g.Get(); !reflect.DeepEqual(got, want) {
		t.Errorf("reopened %+v, want %+v", got, want)
	}
	if !g.Get().RemoteAllowed("Anna@Example.com") || g.Get().RemoteAllowed("bob@example.com") {
		t.Error("RemoteAllowed does not follow the allowed senders")
	}
}

func TestSaveRefusesInvalid(t *testing.T) {
	f, err := Open(t.TempDir())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	for _, s := range []Settings{
		{RemoteContent: RemoteBlock, UndoSendSeconds: 7},
		{RemoteContent: "always", UndoSendSeconds: 10},
		{RemoteContent: RemoteSenders, AllowedSenders: []string{" "}, UndoSendSeconds: 10},
	} {
		if err := f.Save(s); !errors.Is(err, ErrInvalid) {
			t.Errorf("Save(%+v) = %v, want ErrInvalid", s, err)
		}
	}
	if got := f.Get(); !reflect.DeepEqual(got, Default()) {
		t.Errorf("a refused save changed the settings to %+v", got)
	}
	if _, err := os.Stat(f.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused save wrote the file: %v", err)
	}
}

func TestDamagedOrNewerFileKeptAndRefused(t *testing.T) {
	for name, c := range map[string]struct {
		data string
		want error
	}{
		"garbage":       {"{not json", ErrCorrupt},
		"no version":    {`{"notifications": true}`, ErrCorrupt},
		"version 0":     {`{"version": 0}`, ErrCorrupt},
		"unknown field": {`{"version": 1, "notifcations": false}`, ErrCorrupt},
		"bad value":     {`{"version": 1, "undo_send_seconds": 3}`, ErrCorrupt},
		"two objects":   {`{"version": 1}{"version": 1}`, ErrCorrupt},
		"newer":         {`{"version": 2, "whatever": [1]}`, ErrTooNew},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, FileName)
			if err := os.WriteFile(path, []byte(c.data), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Open(dir)
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), path) {
				t.Fatalf("Open = %v, want %v naming %s", err, c.want, path)
			}
			after, _ := os.ReadFile(path)
			if string(after) != c.data {
				t.Errorf("the file changed to %q", after)
			}
		})
	}
}

func TestOlderFieldsMissingTakeDefaults(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(`{"version": 1, "notifications": false}`), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Open(dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if got := f.Get(); got.Notifications || got.UndoSendSeconds != 10 || got.RemoteContent != RemoteBlock {
		t.Errorf("got %+v, want notifications off and the other defaults", got)
	}
}

func TestRemoveAccountDeletesPasswords(t *testing.T) {
	ctx := context.Background()
	p, err := profile.Open(t.TempDir())
	if err != nil {
		t.Fatalf("profile: %v", err)
	}
	a := account.Account{Name: "Work", Address: "me@wren.test",
		Incoming: account.Server{Protocol: account.IMAP, Host: "imap.wren.test", Port: 993, Security: transport.SecurityTLS, Username: "me", Auth: account.AuthPassword},
		Outgoing: account.Server{Protocol: account.SMTP, Host: "smtp.wren.test", Port: 465, Security: transport.SecurityTLS, Username: "me", Auth: account.AuthPassword}}
	other := a
	other.Name = "Home"
	for _, x := range []account.Account{a, other} {
		if err := p.Add(x); err != nil {
			t.Fatalf("Add: %v", err)
		}
	}
	keys := &secret.Memory{}
	for _, k := range []string{a.SecretKey(a.Incoming), a.SecretKey(a.Outgoing), other.SecretKey(other.Incoming)} {
		if err := keys.Set(ctx, k, "pw"); err != nil {
			t.Fatal(err)
		}
	}
	if err := RemoveAccount(ctx, p, keys, "Work"); err != nil {
		t.Fatalf("RemoveAccount: %v", err)
	}
	if _, err := p.Get("Work"); !errors.Is(err, account.ErrNoAccount) {
		t.Errorf("Work still in the profile: %v", err)
	}
	if keys.Has(a.SecretKey(a.Incoming)) || keys.Has(a.SecretKey(a.Outgoing)) {
		t.Error("Work's passwords are still in the keyring")
	}
	if !keys.Has(other.SecretKey(other.Incoming)) {
		t.Error("Home's password was deleted too")
	}
	// Removing again: no such account, and nothing else changes.
	if err := RemoveAccount(ctx, p, keys, "Work"); !errors.Is(err, account.ErrNoAccount) {
		t.Errorf("second remove = %v, want ErrNoAccount", err)
	}
}

type failingKeys struct{}

func (failingKeys) Delete(context.Context, string) error { return errors.New("keyring locked") }

func TestRemoveAccountReportsKeptPassword(t *testing.T) {
	p, err := profile.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	a := account.Account{Name: "Work", Address: "me@wren.test",
		Incoming: account.Server{Protocol: account.IMAP, Host: "imap.wren.test", Port: 993, Security: transport.SecurityTLS, Username: "me", Auth: account.AuthPassword}}
	a.Outgoing = account.Server{Protocol: account.SMTP, Host: "smtp.wren.test", Port: 465, Security: transport.SecurityTLS, Auth: account.AuthNone}
	if err := p.Add(a); err != nil {
		t.Fatal(err)
	}
	err = RemoveAccount(context.Background(), p, failingKeys{}, "Work")
	if !errors.Is(err, ErrPasswordKept) {
		t.Fatalf("RemoveAccount = %v, want ErrPasswordKept", err)
	}
	if _, err := p.Get("Work"); !errors.Is(err, account.ErrNoAccount) {
		t.Errorf("account kept after the keyring failed: %v", err)
	}
}
