package ui_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"wren/account/login"
	"wren/account/login/logintest"
	"wren/transport/testcert"
	"wren/transport/testdns"
	"wren/transport/testmail"
)

// Browser sign-in in the real first-run wizard (issue #19): the provider
// (mockoidc, through WREN_OAUTH_PROVIDER) is offered as "Sign in with
// Example Mail"; clicking it opens the browser through the desktop
// (xdg-open, here a script that fetches the page as a browser would, and
// mockoidc approves at once), both servers take the token, the account
// is saved with browser sign-in and the main window syncs with the token
// from the keyring.
func TestRealWindowWizardSignsInWithBrowser(t *testing.T) {
	if !needDisplay(t) {
		return
	}
	provider := logintest.Start(t).File
	// The desktop's browser: fetches the page and follows the redirect
	// back to Wren, as a browser does.
	bin := t.TempDir()
	script := "#!/bin/sh\nexec curl -sSL -o /dev/null \"$1\"\n"
	if err := os.WriteFile(filepath.Join(bin, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}

	const addr = "alice@example.test"
	// The access tokens are mockoidc's (JWTs): the servers take any
	// token from it, and a test of refused tokens is in account/cli.
	accept := func(tok string) bool { return strings.Count(tok, ".") == 2 }
	pair := testcert.NewFor(t, "imap.example.test", "smtp.example.test")
	imap := testmail.StartTokenIMAP(t, testmail.TokenConfig{User: addr, Accept: accept, Mechanisms: []string{"XOAUTH2"}, TLS: pair.Server})
	imap.Deliver(t, "INBOX", "From: bob@example.test\r\nTo: alice@example.test\r\nSubject: Signed in hello\r\n\r\nHi.\r\n")
	smtp := testmail.StartTokenSMTP(t, testmail.TokenConfig{User: addr, Accept: accept, Mechanisms: []string{"XOAUTH2"}, TLS: pair.Server})
	dns := testdns.New(t,
		"_imaps._tcp.example.test. 60 IN SRV 0 1 "+strconv.Itoa(imap.Port)+" imap.example.test.",
		"_submissions._tcp.example.test. 60 IN SRV 0 1 "+strconv.Itoa(smtp.Port)+" smtp.example.test.",
		"imap.example.test. 60 IN A 127.0.0.1",
		"smtp.example.test. 60 IN A 127.0.0.1",
	)
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pair.CAPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("WREN_DNS", dns.Addr)
	t.Setenv("SSL_CERT_FILE", caFile)
	t.Setenv(login.EnvProvider, provider)
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()

	const title = "Add a mail account"
	w := startWindow(t, "^"+title+"$", "--profile", t.TempDir())
	time.Sleep(time.Second) // painted and ready for input
	w.key("Tab")
	w.typeText("Alice")
	w.press("Tab")
	w.typeText(addr)
	w.press("Return")
	if !waitFor(ctx, 60*time.Second, func() bool {
		return strings.Contains(w.logs.String(), `browser sign-in offered" provider="Example Mail"`)
	}) {
		t.Fatalf("no sign-in offered\n%s", w.logs.String())
	}
	// A click that lands while the page is still laying out is lost, as
	// a person's would be: clicked again until the sign-in starts.
	for i := 0; !strings.Contains(w.logs.String(), "account saved"); i++ {
		if i == 5 {
			b, _ := json.Marshal(w.read().Shown)
			t.Fatalf("the sign-in never finished\n%s\n%s", b, w.logs.String())
		}
		for _, b := range w.read().Shown.Buttons {
			if b.Text == "Sign in with Example Mail" && b.Enabled {
				w.click(b.Rect)
			}
		}
		waitFor(ctx, 5*time.Second, func() bool { return strings.Contains(w.logs.String(), "account saved") })
	}
	if !strings.Contains(w.logs.String(), "auth=oauth2") {
		t.Errorf("saved without browser sign-in:\n%s", w.logs.String())
	}
	// The window's sync logs in with the token from the keyring: one
	// login more than the wizard's check.
	if !waitFor(ctx, 60*time.Second, func() bool { return len(imap.Chosen()) >= 2 }) {
		t.Fatalf("the main window never logged in with the token (%v)\n%s", imap.Chosen(), w.logs.String())
	}
	if len(smtp.Chosen()) != 1 {
		t.Errorf("SMTP token logins %v", smtp.Chosen())
	}
	main := w.other("^Wren$")
	main.until("the mail synced with the token", func(p probeJSON) bool {
		for _, s := range p.Subjects {
			if s == "Signed in hello" {
				return true
			}
		}
		return false
	})

	// Settings → Accounts → Sign in again… renews the sign-in alone: no
	// setup wizard, the browser opens, both servers take the new token,
	// the small window closes and the account reconnects with it.
	logins := len(imap.Chosen())
	const settings = "Wren Settings"
	// A key press that lands while the window is still taking the focus
	// is lost, as a person's would be: pressed again.
	var sw string
	for i := 0; sw == ""; i++ {
		if i == 3 {
			t.Fatalf("Ctrl+, opened no Settings window\n%s", w.logs.String())
		}
		main.do("windowactivate", "--sync", main.win)
		main.press("ctrl+comma")
		sw, _ = searchWindow(ctx, "^"+settings+"$", 10*time.Second)
	}
	main.do("windowactivate", "--sync", sw)
	again := main.objectIn(settings, "button", "Sign in again…")
	for i := 0; !strings.Contains(w.logs.String(), "signed in again"); i++ {
		if i == 5 {
			t.Fatalf("never signed in again\n%s", w.logs.String())
		}
		if _, open := main.shown("Sign in to Alice again", "label", ""); !open {
			main.clickIn(sw, again.Rect)
		}
		waitFor(ctx, 5*time.Second, func() bool { return strings.Contains(w.logs.String(), "signed in again") })
	}
	for _, win := range main.read().Windows {
		if strings.HasPrefix(win.Title, "Repair") || win.Title == title {
			t.Errorf("the setup wizard opened (%q)", win.Title)
		}
	}
	// The check of both servers, then the account's new session.
	if !waitFor(ctx, 60*time.Second, func() bool { return len(imap.Chosen()) >= logins+2 && len(smtp.Chosen()) >= 2 }) {
		t.Fatalf("token logins after signing in again: IMAP %d (before %d), SMTP %d\n%s",
			len(imap.Chosen()), logins, len(smtp.Chosen()), w.logs.String())
	}
	main.until("the sign-in window closed", func(p probeJSON) bool {
		for _, win := range p.Windows {
			if strings.HasPrefix(win.Title, "Sign in to Alice") {
				return false
			}
		}
		return true
	})
}
