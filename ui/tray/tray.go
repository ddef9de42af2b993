// Package tray is Wren's system-tray icon: the unread count of all
// inboxes drawn on the icon and written in its menu, "Open Wren" and
// "Quit". It works where the driver has a system tray (desktop.App);
// elsewhere Install returns nil and the window behaves as usual.
package tray

import (
	"bytes"
	"fmt"
	"image"
	"image/png"

	"fyne.io/fyne/v2"
)

// Host is the part of desktop.App the tray needs.
type Host interface {
	SetSystemTrayMenu(*fyne.Menu)
	SetSystemTrayIcon(fyne.Resource)
}

// Tray is the installed tray icon. Use it on the UI goroutine.
type Tray struct {
	host   Host
	base   image.Image // the app icon, decoded once
	icon   fyne.Resource
	menu   *fyne.Menu
	count  *fyne.MenuItem
	unread int
}

// Install puts Wren in the system tray when the app has one: open shows
// the main window, quit ends Wren. It returns nil without a tray.
func Install(a fyne.App, icon fyne.Resource, open, quit func()) *Tray {
	h, ok := a.(Host)
	if !ok {
		return nil
	}
	t := &Tray{host: h, icon: icon}
	if icon != nil {
		if img, err := png.Decode(bytes.NewReader(icon.Content())); err == nil {
			t.base = img
		}
	}
	t.count = fyne.NewMenuItem("", open)
	openItem := fyne.NewMenuItem("Open Wren", open)
	quitItem := fyne.NewMenuItem("Quit", quit)
	quitItem.IsQuit = true
	t.menu = fyne.NewMenu("Wren", t.count, openItem, fyne.NewMenuItemSeparator(), quitItem)
	t.SetUnread(0)
	return t
}

// SetUnread shows n on the icon and in the menu.
func (t *Tray) SetUnread(n int) {
	t.unread = n
	t.count.Label = CountWords(n)
	t.host.SetSystemTrayMenu(t.menu)
	t.host.SetSystemTrayIcon(t.iconFor(n))
}

// Menu is the tray menu (tests read it).
func (t *Tray) Menu() *fyne.Menu { return t.menu }

// CountWords is the menu line for n unread messages.
func CountWords(n int) string {
	switch n {
	case 0:
		return "No unread messages"
	case 1:
		return "1 unread"
	}
	return fmt.Sprintf("%d unread", n)
}

// iconFor is the app icon with n drawn on a badge (the plain icon for 0).
func (t *Tray) iconFor(n int) fyne.Resource {
	if n == 0 || t.base == nil {
		return t.icon
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, Badge(t.base, n)); err != nil {
		return t.icon
	}
	return fyne.NewStaticResource(fmt.Sprintf("wren-unread-%d.png", n), buf.Bytes())
}
