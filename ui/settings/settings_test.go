package settings

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"wren/account"
	"wren/account/oauth"
	"wren/account/profile"
	"wren/account/secret"
	appsettings "wren/account/settings"
	"wren/transport"
)

// queue runs the view's background work when the test says so.
type queue struct{ fns []func() }

func (q *queue) add(f func()) { q.fns = append(q.fns, f) }
func (q *queue) run() int {
	n := 0
	for len(q.fns) > 0 {
		f := q.fns[0]
		q.fns = q.fns[1:]
		f()
		n++
	}
	return n
}

type fixture struct {
	v     *View
	q     *queue
	w     fyne.Window
	prof  *profile.Profile
	keys  *secret.Memory
	file  *appsettings.File
	dir   string
	acct  account.Account
	other account.Account
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	a := test.NewTempApp(t)
	dir := t.TempDir()
	prof, err := profile.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv := func(p account.Protocol, host string, port int) account.Server {
		return account.Server{Protocol: p, Host: host, Port: port, Security: transport.SecurityTLS, Username: "me", Auth: account.AuthPassword}
	}
	work := account.Account{Name: "Work", Address: "me@wren.test",
		Identities: []account.Identity{{Name: "Me", Address: "me@wren.test"}},
		Incoming:   srv(account.IMAP, "imap.wren.test", 993), Outgoing: srv(account.SMTP, "smtp.wren.test", 465)}
	home := account.Account{Name: "Home", Address: "me@home.test",
		Identities: []account.Identity{{Address: "me@home.test"}},
		Incoming:   srv(account.POP3, "pop.home.test", 995), Outgoing: srv(account.SMTP, "smtp.home.test", 465),
		POP3: account.POP3Options{LeaveOnServer: true}}
	keys := &secret.Memory{}
	for _, x := range []account.Account{work, home} {
		if err := prof.Add(x); err != nil {
			t.Fatal(err)
		}
		for _, s := range []account.Server{x.Incoming, x.Outgoing} {
			if err := keys.Set(context.Background(), x.SecretKey(s), "pw"); err != nil {
				t.Fatal(err)
			}
		}
	}
	file, err := appsettings.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	q := &queue{}
	v := newView(a, Deps{Settings: file, Profile: prof, Keys: keys}, q.add)
	t.Cleanup(v.Close)
	w := test.NewTempWindow(t, v.Content)
	w.Resize(fyne.NewSize(800, 700))
	return &fixture{v: v, q: q, w: w, prof: prof, keys: keys, file: file, dir: dir, acct: work, other: home}
}

func TestEditSignatureAndSave(t *testing.T) {
	f := newFixture(t)
	tab := f.v.accounts
	tab.pick.SetSelected("Work")
	if len(tab.idents) != 1 || tab.idents[0].address.Text != "me@wren.test" {
		t.Fatalf("identities shown: %d", len(tab.idents))
	}
	test.Type(tab.idents[0].signature, "Best,\nMe")
	test.Tap(tab.save)
	if n := f.q.run(); n != 1 {
		t.Fatalf("save ran %d jobs", n)
	}
	if !strings.HasPrefix(tab.status.Text, "Saved") {
		t.Errorf("status %q", tab.status.Text)
	}
	// Read back from disk, as the next start would.
	p, err := profile.Open(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.Get("Work")
	if err != nil || len(got.Identities) != 1 || got.Identities[0].Signature != "Best,\nMe" {
		t.Fatalf("saved %+v, %v", got.Identities, err)
	}
	if got.Incoming != f.acct.Incoming {
		t.Errorf("incoming changed to %+v", got.Incoming)
	}
}

func TestAddIdentityAndBadPort(t *testing.T) {
	f := newFixture(t)
	tab := f.v.accounts
	tab.pick.SetSelected("Work")
	tab.addIdentity(account.Identity{})
	test.Type(tab.idents[1].name, "Support")
	test.Type(tab.idents[1].address, "support@wren.test")
	tab.in.port.SetText("http")
	test.Tap(tab.save)
	if n := f.q.run(); n != 0 || !strings.Contains(tab.status.Text, "port") {
		t.Fatalf("bad port: %d jobs, status %q", n, tab.status.Text)
	}
	tab.in.port.SetText("993")
	test.Tap(tab.save)
	f.q.run()
	got, _ := f.prof.Get("Work")
	if len(got.Identities) != 2 || got.Identities[1].Address != "support@wren.test" {
		t.Errorf("identities %+v", got.Identities)
	}
}

func TestPOP3OptionsOnlyForPOP3(t *testing.T) {
	f := newFixture(t)
	tab := f.v.accounts
	tab.pick.SetSelected("Work")
	if tab.leave != nil {
		t.Error("POP3 options shown for an IMAP account")
	}
	tab.pick.SetSelected("Home")
	if tab.leave == nil || !tab.leave.Checked {
		t.Fatal("POP3 options missing for the POP3 account")
	}
	test.Type(tab.days, "14")
	test.Tap(tab.save)
	f.q.run()
	got, _ := f.prof.Get("Home")
	if !got.POP3.LeaveOnServer || got.POP3.DeleteAfterDays != 14 {
		t.Errorf("POP3 options %+v", got.POP3)
	}
}

func TestRemoveAccountAfterConfirmation(t *testing.T) {
	f := newFixture(t)
	tab := f.v.accounts
	tab.pick.SetSelected("Work")
	test.Tap(tab.remove)
	if tab.confirm == nil {
		t.Fatal("no confirmation")
	}
	tab.confirm.Dismiss() // No: nothing happens
	if n := f.q.run(); n != 0 {
		t.Fatalf("dismissing ran %d jobs", n)
	}
	test.Tap(tab.remove)
	tab.confirm.Confirm()
	f.q.run()
	if _, err := f.prof.Get("Work"); err == nil {
		t.Fatal("Work still in the profile")
	}
	if f.keys.Has(f.acct.SecretKey(f.acct.Incoming)) {
		t.Error("Work's password is still in the keyring")
	}
	if !slices.Equal(tab.pick.Options, []string{"Home"}) || tab.pick.Selected != "Home" {
		t.Errorf("accounts now %q, showing %q", tab.pick.Options, tab.pick.Selected)
	}
	if !strings.Contains(tab.status.Text, "Work is removed") {
		t.Errorf("status %q", tab.status.Text)
	}
}

// An account with mail in the outbox and changes not yet on the server
// is removed only after a question that says they are kept, not sent and
// not dropped; a count that fails still asks, and says so.
func TestRemoveAsksAboutWaitingMail(t *testing.T) {
	f := newFixture(t)
	tab := f.v.accounts
	f.v.d.Pending = func(_ context.Context, name string) (int, int, error) {
		if name != "Work" {
			t.Errorf("counted %q", name)
		}
		return 2, 1, nil
	}
	tab.pick.SetSelected("Work")
	test.Tap(tab.remove)
	if tab.confirm != nil {
		t.Fatal("asked before counting")
	}
	f.q.run()
	for _, want := range []string{"Remove Work from Wren?", "2 messages waiting in the Outbox", "1 change not yet on the server", "unsent", "add Work again"} {
		if !strings.Contains(tab.question, want) {
			t.Errorf("the question %q lacks %q", tab.question, want)
		}
	}
	tab.confirm.Dismiss()
	f.v.d.Pending = func(context.Context, string) (int, int, error) { return 0, 0, errors.New("disk gone") }
	test.Tap(tab.remove)
	f.q.run()
	if !strings.Contains(tab.question, "could not count") {
		t.Errorf("a failed count: %q", tab.question)
	}
	f.v.d.Pending = func(context.Context, string) (int, int, error) { return 0, 0, nil }
	test.Tap(tab.remove)
	f.q.run()
	if strings.Contains(tab.question, "Outbox") {
		t.Errorf("nothing waiting, yet: %q", tab.question)
	}
}

// The demo's Accounts tab offers the user's own account.
func TestDemoOffersAddAccount(t *testing.T) {
	a := test.NewTempApp(t)
	added := 0
	v := newView(a, Deps{AddAccount: func() { added++ }}, func(func()) { t.Error("the demo settings started work") })
	defer v.Close()
	w := test.NewTempWindow(t, v.Content)
	w.Resize(fyne.NewSize(800, 700))
	b := findButton(v.accounts.box, "Add account…")
	if b == nil {
		t.Fatal("no Add account… in the demo")
	}
	test.Tap(b)
	if added != 1 {
		t.Errorf("Add account… ran %d times", added)
	}
}

func findButton(o fyne.CanvasObject, label string) *widget.Button {
	switch x := o.(type) {
	case *widget.Button:
		if x.Text == label {
			return x
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			if b := findButton(c, label); b != nil {
				return b
			}
		}
	}
	return nil
}

func TestPrefsSaveOnChange(t *testing.T) {
	f := newFixture(t)
	p := f.v.prefs
	if !p.notifications.Checked || p.toTray.Checked || p.undo.Selected != "10 seconds" || p.remote.Selected != remoteBlock || !p.senders.Disabled() {
		t.Fatalf("defaults shown wrong: %v %q %q", p.notifications.Checked, p.undo.Selected, p.remote.Selected)
	}
	if n := f.q.run(); n != 0 {
		t.Fatalf("showing the settings saved them (%d jobs)", n)
	}
	p.notifications.SetChecked(false)
	p.toTray.SetChecked(true)
	p.undo.SetSelected("30 seconds")
	p.remote.SetSelected(remoteSenders)
	test.Type(p.senders, "news@example.com")
	if n := f.q.run(); n != 1 {
		t.Errorf("%d save jobs for a burst of changes, want 1", n)
	}
	again, err := appsettings.Open(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	got := again.Get()
	if got.Notifications || !got.CloseToTray || got.UndoSendSeconds != 30 || got.RemoteContent != appsettings.RemoteSenders ||
		!slices.Equal(got.AllowedSenders, []string{"news@example.com"}) {
		t.Errorf("saved %+v", got)
	}
}

func TestDemoHasNoAccountsTab(t *testing.T) {
	a := test.NewTempApp(t)
	v := newView(a, Deps{}, func(func()) { t.Error("the demo settings started work") })
	defer v.Close()
	if v.accounts.pick != nil {
		t.Error("an account picker without a profile")
	}
	v.prefs.notifications.SetChecked(false) // no file: nothing to save
}

// An account with browser sign-in offers "Sign in again…" (the way
// OAUTH-01 names), and its sign-in moves with a server edit and goes with
// the account when it is removed, as a password does.
func TestBrowserSignInAccount(t *testing.T) {
	f := newFixture(t)
	repaired, signedIn := make(chan string, 1), make(chan string, 1)
	f.v.d.Repair = func(a account.Account) { repaired <- a.Name }
	f.v.d.SignInAgain = func(a account.Account) { signedIn <- a.Name }
	mail := account.Account{Name: "Mail", Address: "me@mail.test", Identities: []account.Identity{{Address: "me@mail.test"}},
		Incoming: account.Server{Protocol: account.IMAP, Host: "imap.mail.test", Port: 993, Security: transport.SecurityTLS, Username: "me@mail.test", Auth: account.AuthOAuth2},
		Outgoing: account.Server{Protocol: account.SMTP, Host: "smtp.mail.test", Port: 465, Security: transport.SecurityTLS, Username: "me@mail.test", Auth: account.AuthOAuth2}}
	if err := f.prof.Add(mail); err != nil {
		t.Fatal(err)
	}
	for _, s := range []account.Server{mail.Incoming, mail.Outgoing} {
		if err := f.keys.Set(t.Context(), oauth.TokenKey(&mail, s), `{"refresh_token":"r"}`); err != nil {
			t.Fatal(err)
		}
	}
	tab := f.v.accounts
	tab.reload("Mail")
	if tab.repair.Text != "Sign in again…" {
		t.Fatalf("button %q", tab.repair.Text)
	}
	tab.repair.Show()
	test.Tap(tab.repair)
	// The sign-in alone is renewed, not the whole setup.
	if got := <-signedIn; got != "Mail" || len(repaired) != 0 {
		t.Errorf("signed in again %q, repaired %d", got, len(repaired))
	}

	tab.in.port.SetText("1993")
	test.Tap(tab.save)
	f.q.run()
	edited, err := f.prof.Get("Mail")
	if err != nil || edited.Incoming.Port != 1993 {
		t.Fatalf("saved %+v %v", edited.Incoming, err)
	}
	if !f.keys.Has(oauth.TokenKey(&edited, edited.Incoming)) || f.keys.Has(oauth.TokenKey(&mail, mail.Incoming)) {
		t.Error("the sign-in did not move with the server")
	}

	test.Tap(tab.remove)
	tab.confirm.Confirm()
	f.q.run()
	for _, s := range []account.Server{edited.Incoming, edited.Outgoing} {
		if f.keys.Has(oauth.TokenKey(&edited, s)) {
			t.Errorf("the sign-in of %s is still in the keyring", s.Host)
		}
	}

	tab.pick.SetSelected("Work")
	if tab.repair.Text != "Repair…" {
		t.Errorf("password account's button %q", tab.repair.Text)
	}
	test.Tap(tab.repair)
	if got := <-repaired; got != "Work" || len(signedIn) != 0 {
		t.Errorf("repaired %q", got)
	}
}
