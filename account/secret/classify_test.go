package secret

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"

	"wren/account"
)

const testPassword = "pw-that-must-not-leak-7Q"

// Each library error the keyring can produce, through the real Keyring
// type and go-keyring's mock provider, maps to the sentinel the user
// interface explains; the original error stays reachable.
func TestErrorMapping(t *testing.T) {
	t.Cleanup(keyring.MockInit)
	cases := []struct {
		name string
		err  error
		want error
	}{
		{"not found", keyring.ErrNotFound, account.ErrNoPassword},
		{"too big", keyring.ErrSetDataTooBig, ErrTooLarge},
		{"unsupported platform", keyring.ErrUnsupportedPlatform, account.ErrKeyringUnavailable},
		{"no provider", dbus.Error{Name: "org.freedesktop.DBus.Error.ServiceUnknown",
			Body: []any{"The name org.freedesktop.secrets was not provided by any .service files"}}, account.ErrKeyringUnavailable},
		{"no provider (pointer)", dbus.NewError("org.freedesktop.DBus.Error.ServiceUnknown", nil), account.ErrKeyringUnavailable},
		{"provider without the API", dbus.Error{Name: "org.freedesktop.DBus.Error.UnknownInterface",
			Body: []any{"No such interface 'org.freedesktop.DBus.Properties' on object at path /"}}, account.ErrKeyringUnavailable},
		{"no bus address", errors.New("dbus: couldn't determine address of session bus"), account.ErrKeyringUnavailable},
		{"autolaunch text", errors.New("Cannot autolaunch D-Bus without X11 $DISPLAY"), account.ErrKeyringUnavailable},
		{"autolaunch exit", &exec.ExitError{}, account.ErrKeyringUnavailable},
		{"no dbus-launch", &exec.Error{Name: "dbus-launch", Err: exec.ErrNotFound}, account.ErrKeyringUnavailable},
		{"text only", errors.New("The name org.freedesktop.secrets was not provided by any .service files"), account.ErrKeyringUnavailable},
		{"dismissed prompt", fmt.Errorf("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'"), account.ErrKeyringLocked},
		{"locked collection", dbus.Error{Name: "org.freedesktop.Secret.Error.IsLocked",
			Body: []any{"Cannot create an item in a locked collection"}}, account.ErrKeyringLocked},
		{"no reply", dbus.Error{Name: "org.freedesktop.DBus.Error.NoReply"}, account.ErrKeyringTimeout},
	}
	k := &Keyring{}
	ctx := context.Background()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			keyring.MockInitWithError(tc.err)
			_, getErr := k.Get(ctx, "me@imap.example.org:993/imap#work")
			setErr := k.Set(ctx, "me@imap.example.org:993/imap#work", testPassword)
			delErr := k.Delete(ctx, "me@imap.example.org:993/imap#work")
			for op, err := range map[string]error{"get": getErr, "set": setErr, "delete": delErr} {
				if !errors.Is(err, tc.want) {
					t.Errorf("%s: %v, want %v", op, err, tc.want)
				}
				if !errors.Is(err, tc.err) && !errorsAsSame(err, tc.err) {
					t.Errorf("%s: the library error is not wrapped: %v", op, err)
				}
				if strings.Contains(err.Error(), testPassword) {
					t.Errorf("%s: error text contains the password", op)
				}
				if !strings.Contains(err.Error(), "#work") {
					t.Errorf("%s: error %q does not say which entry", op, err)
				}
			}
		})
	}
}

// errorsAsSame covers error values that are not comparable with == (the
// D-Bus error's Body is a slice).
func errorsAsSame(err, target error) bool {
	var d dbus.Error
	if td, ok := target.(dbus.Error); ok && errors.As(err, &d) {
		return d.Name == td.Name
	}
	return false
}

func TestKeyringProblem(t *testing.T) {
	for err, want := range map[error]bool{
		account.ErrKeyringUnavailable:                  true,
		fmt.Errorf("x: %w", account.ErrKeyringLocked):  true,
		fmt.Errorf("x: %w", account.ErrKeyringTimeout): true,
		fmt.Errorf("x: %w", account.ErrNoPassword):     false,
		ErrTooLarge:      false,
		context.Canceled: false,
	} {
		if got := KeyringProblem(err); got != want {
			t.Errorf("KeyringProblem(%v) = %v, want %v", err, got, want)
		}
	}
}
