package secret

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"

	"github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"

	"wren/account"
)

// classify wraps a keyring library error in the account sentinel that
// says what the user can do about it. The library's error is kept for
// details; no path puts a password in the text.
func classify(op, key string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("keyring %s %s: %w: %w", op, key, sentinel(err), err)
}

func sentinel(err error) error {
	switch {
	case errors.Is(err, keyring.ErrNotFound):
		return account.ErrNoPassword
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return ErrTooLarge
	case errors.Is(err, keyring.ErrUnsupportedPlatform), errors.Is(err, errNoBus):
		return account.ErrKeyringUnavailable
	}
	if name := dbusName(err); name != "" {
		switch {
		case name == "org.freedesktop.Secret.Error.IsLocked":
			return account.ErrKeyringLocked
		case name == "org.freedesktop.DBus.Error.NoReply" || name == "org.freedesktop.DBus.Error.Timeout":
			return account.ErrKeyringTimeout
		default:
			// ServiceUnknown, NameHasNoOwner, NoServer, Spawn.*,
			// UnknownMethod/Interface (a provider without the
			// Secret Service API), Disconnected, AccessDenied.
			return account.ErrKeyringUnavailable
		}
	}
	// dbus-launch, run to autolaunch a bus, failed or is missing.
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) || errors.Is(err, exec.ErrNotFound) {
		return account.ErrKeyringUnavailable
	}
	// go-keyring reports these only as text.
	msg := strings.ToLower(err.Error())
	for _, s := range []string{"failed to unlock", "locked", "dismissed"} {
		if strings.Contains(msg, s) {
			return account.ErrKeyringLocked
		}
	}
	// Everything else (no bus address, "was not provided by any .service
	// files", "Cannot autolaunch D-Bus without X11 $DISPLAY", a refused
	// socket) means no keyring Wren can use.
	return account.ErrKeyringUnavailable
}

// dbusName is the D-Bus error name in err, if it is a D-Bus error.
func dbusName(err error) string {
	var v dbus.Error
	if errors.As(err, &v) {
		return v.Name
	}
	var p *dbus.Error
	if errors.As(err, &p) && p != nil {
		return p.Name
	}
	return ""
}
