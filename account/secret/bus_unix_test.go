//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package secret

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/zalando/go-keyring"

	"wren/account"
)

func TestSessionBus(t *testing.T) {
	empty := t.TempDir()
	withSocket := t.TempDir()
	if err := os.WriteFile(filepath.Join(withSocket, "bus"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "DBUS_SESSION_BUS_ADDRESS" {
				return v
			}
			return ""
		}
	}
	cases := []struct {
		addr, dir string
		ok        bool
	}{
		{"unix:path=/tmp/x", empty, true},
		{"", withSocket, true},
		{"", empty, false},
		{"autolaunch:", empty, false},
	}
	for _, tc := range cases {
		err := sessionBus(env(tc.addr), tc.dir)
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, errNoBus)) {
			t.Errorf("sessionBus(%q, %s) = %v, want ok=%v", tc.addr, tc.dir, err, tc.ok)
		}
	}
}

// Without a bus the keyring library is not called at all (it would
// autolaunch a D-Bus daemon), and the answer is "unavailable".
func TestNoBusIsUnavailableWithoutCallingTheLibrary(t *testing.T) {
	keyring.MockInit()
	saved := busCheck
	busCheck = func() error { return errNoBus }
	t.Cleanup(func() { busCheck = saved })

	err := (&Keyring{}).Set(context.Background(), "k", testPassword)
	if !errors.Is(err, account.ErrKeyringUnavailable) {
		t.Fatalf("Set without a bus = %v, want ErrKeyringUnavailable", err)
	}
	if _, err := keyring.Get(Service, "k"); !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("the library was called: Get = %v", err)
	}
}
