// Package settings keeps Wren's app-wide preferences (privacy,
// notifications, sending) in one versioned JSON file, settings.json, in the
// profile directory. Per-account settings (identities, servers, POP3
// options) live in the account file (account/profile), not here. Like the
// account file, a file this Wren cannot read is kept as it is and never
// overwritten.
package settings

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// FileVersion is the settings.json format this Wren writes.
const FileVersion = 1

// FileName is the settings file inside the profile directory.
const FileName = "settings.json"

var (
	// ErrCorrupt: the settings file cannot be read; it is kept as is.
	ErrCorrupt = errors.New("settings file is damaged")
	// ErrTooNew: the settings file was written by a newer Wren.
	ErrTooNew = errors.New("settings file is from a newer version of Wren")
	// ErrInvalid: a value outside what Wren offers (e.g. an undo delay of 7 s).
	ErrInvalid = errors.New("invalid setting")
)

// RemoteContent is what the reading pane does with remote images and
// other content a message loads from the network.
type RemoteContent string

const (
	RemoteBlock   RemoteContent = "block"   // never load (the default)
	RemoteSenders RemoteContent = "senders" // load only for AllowedSenders
)

// UndoDelays are the undo-send delays offered, in seconds (0 is off).
var UndoDelays = []int{0, 5, 10, 20, 30}

// Settings are the app-wide preferences.
type Settings struct {
	// Notifications: new mail raises a desktop notification.
	Notifications bool `json:"notifications"`
	// CloseToTray keeps Wren running in the system tray when its window is
	// closed. Off by default: not every desktop shows tray icons, and a
	// hidden window there could not be found again.
	CloseToTray bool `json:"close_to_tray,omitempty"`
	// RemoteContent and AllowedSenders: privacy of the reading pane.
	RemoteContent  RemoteContent `json:"remote_content"`
	AllowedSenders []string      `json:"allowed_senders,omitempty"`
	// UndoSendSeconds holds a sent message this long before it leaves,
	// so that it can be taken back (one of UndoDelays).
	UndoSendSeconds int `json:"undo_send_seconds"`
}

// Default is what a new profile starts with.
func Default() Settings {
	return Settings{Notifications: true, RemoteContent: RemoteBlock, UndoSendSeconds: 10}
}

// Validate reports the first value Wren does not offer.
func (s Settings) Validate() error {
	switch s.RemoteContent {
	case RemoteBlock, RemoteSenders:
	default:
		return fmt.Errorf("%w: remote content must be \"block\" or \"senders\"", ErrInvalid)
	}
	if !slices.Contains(UndoDelays, s.UndoSendSeconds) {
		return fmt.Errorf("%w: undo-send delay must be 0, 5, 10, 20 or 30 seconds", ErrInvalid)
	}
	for _, a := range s.AllowedSenders {
		if strings.TrimSpace(a) == "" || strings.ContainsAny(a, "\r\n\x00") {
			return fmt.Errorf("%w: an allowed sender is empty or has control characters", ErrInvalid)
		}
	}
	return nil
}

// RemoteAllowed says whether remote content may load for a message from
// sender (an address, compared without case).
func (s Settings) RemoteAllowed(sender string) bool {
	if s.RemoteContent != RemoteSenders {
		return false
	}
	sender = strings.ToLower(strings.TrimSpace(sender))
	for _, a := range s.AllowedSenders {
		if strings.ToLower(strings.TrimSpace(a)) == sender {
			return true
		}
	}
	return false
}
