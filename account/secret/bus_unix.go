//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package secret

import (
	"os"
	"path/filepath"
	"strconv"
)

// busCheck runs before go-keyring is called. Without a known session bus,
// godbus "autolaunches" one through dbus-launch, which leaves a stray
// dbus-daemon and an auto-started, locked gnome-keyring behind; Wren
// reports the keyring as unavailable instead. Tests replace it.
var busCheck = func() error {
	return sessionBus(os.Getenv, filepath.Join("/run/user", strconv.Itoa(os.Getuid())))
}

// sessionBus reports whether a session bus can be found the way godbus
// looks for one without autolaunching: the address variable, or the
// well-known sockets in the user's runtime directory.
func sessionBus(getenv func(string) string, runtimeDir string) error {
	if a := getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "autolaunch:" {
		return nil
	}
	for _, name := range []string{"bus", "dbus-session"} {
		if _, err := os.Stat(filepath.Join(runtimeDir, name)); err == nil {
			return nil
		}
	}
	return errNoBus
}
