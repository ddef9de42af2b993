package tray

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"wren/assets"
)

// trayApp is the test app with a system tray that records what it is
// given.
type trayApp struct {
	fyne.App
	menu  *fyne.Menu
	icon  fyne.Resource
	icons int
}

func (a *trayApp) SetSystemTrayMenu(m *fyne.Menu)    { a.menu = m }
func (a *trayApp) SetSystemTrayIcon(r fyne.Resource) { a.icon = r; a.icons++ }

func TestNoTrayWithoutDesktopDriver(t *testing.T) {
	if tr := Install(test.NewTempApp(t), assets.Icon, func() {}, func() {}); tr != nil {
		t.Error("Install returned a tray for an app without one")
	}
}

func TestTrayMenuShowsUnreadCount(t *testing.T) {
	a := &trayApp{App: test.NewTempApp(t)}
	opened, quit := 0, 0
	tr := Install(a, assets.Icon, func() { opened++ }, func() { quit++ })
	if tr == nil || a.menu == nil {
		t.Fatal("no tray installed")
	}
	labels := func() []string {
		var out []string
		for _, it := range a.menu.Items {
			if !it.IsSeparator {
				out = append(out, it.Label)
			}
		}
		return out
	}
	if got := labels(); len(got) != 3 || got[0] != "No unread messages" || got[1] != "Open Wren" || got[2] != "Quit" {
		t.Errorf("menu %q", got)
	}
	if a.icon != assets.Icon {
		t.Error("with nothing unread the icon is not the plain app icon")
	}
	tr.SetUnread(7)
	if got := labels(); got[0] != "7 unread" {
		t.Errorf("menu %q, want 7 unread first", got)
	}
	if a.icon == assets.Icon || a.icon == nil {
		t.Fatal("the icon did not change for 7 unread")
	}
	img, err := png.Decode(bytes.NewReader(a.icon.Content()))
	if err != nil {
		t.Fatalf("badge icon: %v", err)
	}
	if !hasColor(img, badgeRed) || !hasColor(img, badgeWhite) {
		t.Error("no red badge with white digits on the icon")
	}
	a.menu.Items[1].Action()
	a.menu.Items[0].Action()
	a.menu.Items[len(a.menu.Items)-1].Action()
	if opened != 2 || quit != 1 || !a.menu.Items[len(a.menu.Items)-1].IsQuit {
		t.Errorf("open %d quit %d", opened, quit)
	}
}

func hasColor(img image.Image, c color.RGBA) bool {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, al := img.At(x, y).RGBA()
			if uint8(r>>8) == c.R && uint8(g>>8) == c.G && uint8(bl>>8) == c.B && uint8(al>>8) == c.A {
				return true
			}
		}
	}
	return false
}

func TestBadgeDrawsDigits(t *testing.T) {
	base := image.NewRGBA(image.Rect(0, 0, 64, 64))
	one, two := Badge(base, 1), Badge(base, 8)
	if bytes.Equal(one.Pix, two.Pix) {
		t.Error("1 and 8 draw the same badge")
	}
	if BadgeText(100) != "99+" || BadgeText(42) != "42" {
		t.Errorf("badge texts %q %q", BadgeText(100), BadgeText(42))
	}
	for _, n := range []int{1, 42, 1000} {
		img := Badge(image.NewRGBA(image.Rect(0, 0, 16, 16)), n) // a tiny icon still fits
		if !hasColor(img, badgeWhite) {
			t.Errorf("%d: no digits on a 16px icon", n)
		}
	}
}
