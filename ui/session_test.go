package ui

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"wren/account"
	"wren/account/profile"
	"wren/account/session"
	appsettings "wren/account/settings"
	"wren/account/store"
	"wren/transport"
	setupui "wren/ui/setup"
)

func TestNewMailNotificationOncePerBatch(t *testing.T) {
	a := test.NewTempApp(t)
	n := session.NewMail{Account: "work", Count: 3, Newest: store.Message{
		From: store.Address{Name: "Anna Berg", Addr: "anna@example.com"}, Subject: "Budget\n2026"}}
	want := fyne.NewNotification("Wren", "3 new messages — From: Anna Berg, Subject: Budget 2026")
	test.AssertNotificationSent(t, want, func() { notifyNewMail(a, nil, n) })

	one := session.NewMail{Count: 1, Newest: store.Message{From: store.Address{Addr: "bob@example.com"}}}
	test.AssertNotificationSent(t, fyne.NewNotification("Wren", "1 new message — From: bob@example.com, Subject: (no subject)"),
		func() { notifyNewMail(a, nil, one) })

	// Off in the settings: nothing is raised.
	sets, err := appsettings.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	off := appsettings.Default()
	off.Notifications = false
	if err := sets.Save(off); err != nil {
		t.Fatal(err)
	}
	test.AssertNotificationSent(t, nil, func() { notifyNewMail(a, sets, n) })
	// An empty batch raises nothing either.
	test.AssertNotificationSent(t, nil, func() { notifyNewMail(a, nil, session.NewMail{}) })
}

type fakeSplits struct{ l, r float64 }

func (f *fakeSplits) Splits() (float64, float64)    { return f.l, f.r }
func (f *fakeSplits) SetSplits(l, r float64)        { f.l, f.r = l, r }
func newFakeSplits() *fakeSplits                    { return &fakeSplits{0.22, 0.45} }
func sizeOf(w fyne.Window) fyne.Size                { return w.Canvas().Size() }
func sameSize(a, b fyne.Size) bool                  { return a.Width == b.Width && a.Height == b.Height }
func prefs(a fyne.App) fyne.Preferences             { return a.Preferences() }
func newWin(a fyne.App) fyne.Window                 { return a.NewWindow("Wren") }
func restore(a fyne.App, w fyne.Window, s splitter) { restoreGeometry(prefs(a), w, s) }

func TestWindowGeometryRemembered(t *testing.T) {
	a := test.NewTempApp(t)
	// First start: the defaults.
	w, s := newWin(a), newFakeSplits()
	restore(a, w, s)
	if !sameSize(sizeOf(w), defaultSize) || s.l != 0.22 || s.r != 0.45 {
		t.Fatalf("first start: %v, splits %v %v", sizeOf(w), s.l, s.r)
	}
	// The user resizes and drags; closing saves.
	w.Resize(fyne.NewSize(900, 640))
	s.SetSplits(0.3, 0.55)
	saveGeometry(prefs(a), w, s)
	w.Close()
	// Next start restores all of it.
	w2, s2 := newWin(a), newFakeSplits()
	restore(a, w2, s2)
	if !sameSize(sizeOf(w2), fyne.NewSize(900, 640)) || s2.l != 0.3 || s2.r != 0.55 {
		t.Errorf("restored %v, splits %v %v", sizeOf(w2), s2.l, s2.r)
	}
	// A size too small to use falls back to the default.
	prefs(a).SetFloat(prefWidth, 10)
	w3 := newWin(a)
	restore(a, w3, newFakeSplits())
	if !sameSize(sizeOf(w3), defaultSize) {
		t.Errorf("tiny stored size gave %v", sizeOf(w3))
	}
}

func findButton(o fyne.CanvasObject, text string) *widget.Button {
	for _, x := range test.LaidOutObjects(o) {
		if b, ok := x.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	return nil
}

func TestWizardOffersTheDemo(t *testing.T) {
	a := test.NewTempApp(t)
	w, stop, err := OpenProfile(t.Context(), a, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	defer w.Close()
	w.Resize(fyne.NewSize(700, 600))
	if b := findButton(w.Content(), "Try the demo"); b == nil || b.Disabled() {
		t.Fatal("the first page offers no demo")
	}
}

func TestDamagedSettingsRefused(t *testing.T) {
	a := test.NewTempApp(t)
	dir := t.TempDir()
	path := filepath.Join(dir, appsettings.FileName)
	if err := os.WriteFile(path, []byte("{nope"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := OpenProfile(t.Context(), a, dir, nil); err == nil {
		t.Fatal("a damaged settings file was accepted")
	}
	if data, _ := os.ReadFile(path); string(data) != "{nope" {
		t.Errorf("the damaged file changed to %q", data)
	}
}

func TestRepairKeepsIdentitiesAndPrefills(t *testing.T) {
	a := test.NewTempApp(t)
	p, err := profile.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	srv := func(pr account.Protocol, host string) account.Server {
		return account.Server{Protocol: pr, Host: host, Port: 993, Security: transport.SecurityTLS, Username: "me", Auth: account.AuthPassword}
	}
	old := account.Account{Name: "Work", Address: "me@wren.test",
		Identities: []account.Identity{{Name: "Me", Address: "me@wren.test", Signature: "-- me"}},
		Incoming:   srv(account.IMAP, "old.wren.test"), Outgoing: srv(account.SMTP, "old.wren.test")}
	if err := p.Add(old); err != nil {
		t.Fatal(err)
	}
	found := old
	found.Identities = []account.Identity{{Address: "me@wren.test"}}
	found.Incoming.Host, found.Outgoing.Host = "mail.wren.test", "mail.wren.test"
	if err := (repairProfile{p: p, old: old}).Add(found); err != nil {
		t.Fatalf("repair: %v", err)
	}
	got, _ := p.Get("Work")
	if got.Incoming.Host != "mail.wren.test" || got.Identities[0].Signature != "-- me" {
		t.Errorf("repaired %+v", got)
	}
	if len(p.Accounts()) != 1 {
		t.Errorf("%d accounts after a repair", len(p.Accounts()))
	}

	// The wizard opens on the account's name and address.
	openRepair(a, old, p, func(d setupui.Deps) setupui.Deps { return d }, nil)
	var wiz fyne.Window
	for _, w := range a.Driver().AllWindows() {
		if w.Title() == "Repair Work" {
			wiz = w
		}
	}
	if wiz == nil {
		t.Fatal("no repair window")
	}
	defer wiz.Close()
	var texts []string
	for _, x := range test.LaidOutObjects(wiz.Content()) {
		if e, ok := x.(*widget.Entry); ok {
			texts = append(texts, e.Text)
		}
	}
	if !contains(texts, "me@wren.test") || !contains(texts, "Work") {
		t.Errorf("wizard entries %q, want the address and name filled in", texts)
	}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
