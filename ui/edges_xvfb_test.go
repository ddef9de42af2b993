package ui_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"wren/transport/imap"
	"wren/transport/testserver"
)

// dovecotProfile is a new profile holding one account, name, of u on
// the test Dovecot, added by the command line as a user does.
func dovecotProfile(t *testing.T, ctx context.Context, srv *testserver.Servers, u testserver.User, name string) string {
	t.Helper()
	profile := t.TempDir()
	cli := exec.CommandContext(ctx, wrenBinary(t), "--profile", profile, "account", "add", u.Address, "--password-stdin", "--name", name,
		"--incoming", "imaps://"+srv.IMAPTLS.Address(), "--outgoing", "smtps://"+srv.SubmitTLS.Address())
	cli.Stdin = strings.NewReader(u.Password + "\n")
	cli.Env = append(cli.Environ(), "SSL_CERT_FILE="+srv.CAFile)
	if out, err := cli.CombinedOutput(); err != nil {
		t.Fatalf("account add: %v\n%s", err, out)
	}
	return profile
}

// appendRaw appends the message msg (lines ending in \n) to the INBOX.
func appendRaw(t *testing.T, ctx context.Context, c *imap.Client, msg string) {
	t.Helper()
	msg = strings.ReplaceAll(msg, "\n", "\r\n")
	if _, err := c.Append(ctx, "INBOX", nil, time.Now(), strings.NewReader(msg), int64(len(msg))); err != nil {
		t.Fatal(err)
	}
}

// entries are the text fields the window titled title shows, in order.
func (p probeJSON) entries(title string) []probeObject {
	var out []probeObject
	for _, win := range p.Windows {
		if win.Title != title {
			continue
		}
		for _, o := range win.Objects {
			if o.Kind == "entry" {
				out = append(out, o)
			}
		}
	}
	return out
}

// An account edited in Settings → Accounts applies in the running
// window: the identity's new name is the From choice of a new message,
// a wrong user name shows the failure in the account's status line, and
// the right one brings it back online (new mail arrives), no restart.
func TestRealWindowEditAccountLive(t *testing.T) {
	if !needDisplay(t) {
		return
	}
	srv := testserver.Require(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	u := srv.NewUser(t)
	c := srv.Client(t, ctx, u)
	testserver.Append(t, ctx, c, u.Address, "before the edit")
	profile := dovecotProfile(t, ctx, srv, u, "First")
	t.Setenv("SSL_CERT_FILE", srv.CAFile)

	start := time.Now()
	w := startWindow(t, "^Wren$", "--profile", profile)
	p := w.until("the account's mail", func(p probeJSON) bool {
		return len(p.Accounts) == 1 && slices.Contains(p.Subjects, "before the edit")
	})
	t.Logf("status line: %q", p.Accounts[0].Status)

	const settings = "Wren Settings"
	// Ctrl+, opens Settings (pressed again if the key was lost).
	var sw string
	for try := 0; sw == ""; try++ {
		w.do("windowactivate", "--sync", w.win)
		w.key("ctrl+comma")
		if waitFor(ctx, 5*time.Second, func() bool {
			out, err := exec.Command("xdotool", "search", "--name", "^"+settings+"$").Output()
			if f := strings.Fields(string(out)); err == nil && len(f) > 0 {
				sw = f[0]
			}
			return sw != ""
		}) || try == 2 {
			break
		}
	}
	if sw == "" {
		t.Fatalf("Ctrl+, opened no Settings window\n%s", w.logs.String())
	}
	w.do("windowsize", "--sync", sw, "760", "1000")
	w.do("windowmove", "--sync", sw, "40", "40")
	w.do("windowactivate", "--sync", sw)
	w.objectIn(settings, "select", "First")
	port := strconv.Itoa(srv.IMAPTLS.Port)
	var fields []probeObject
	w.until("the account's fields", func(p probeJSON) bool {
		fields = p.entries(settings)
		return len(fields) >= 9 && slices.ContainsFunc(fields, func(o probeObject) bool { return o.Text == port })
	})
	// The fields: the identity (name, address, signature), then incoming
	// and outgoing (server, port, user name).
	user := fields[slices.IndexFunc(fields, func(o probeObject) bool { return o.Text == port })+1]
	if user.Text != u.Address {
		t.Fatalf("the incoming user name field holds %q, want %q", user.Text, u.Address)
	}
	userAt := slices.IndexFunc(fields, func(o probeObject) bool { return o.Text == port }) + 1
	// edit changes field i with keys (keys typed after a click in it) until
	// it holds want: under load an X key event is now and then lost or
	// repeated, and a person looks and types again.
	edit := func(i int, want string, keys func()) {
		t.Helper()
		for try := 0; ; try++ {
			f := w.read().entries(settings)[i]
			w.do("windowactivate", "--sync", sw)
			w.clickIn(sw, f.Rect)
			time.Sleep(200 * time.Millisecond)
			keys()
			var got string
			if waitFor(ctx, 3*time.Second, func() bool {
				got = w.read().entries(settings)[i].Text
				return got == want
			}) {
				return
			}
			if try == 2 {
				t.Fatalf("field %d holds %q, want %q", i, got, want)
			}
			t.Logf("field %d holds %q, want %q: typed again", i, got, want)
		}
	}
	replace := func(text string) func() {
		return func() {
			w.do("key", "ctrl+a")
			w.do("type", "--delay", "100", text)
		}
	}
	// save clicks Save until the account's sync restarts (the log says its
	// old sync stopped): a click lost while the window lays out is made
	// again, as a person would.
	stopped := regexp.MustCompile(`account sync stopped" account=First`)
	save := func() {
		t.Helper()
		before := len(stopped.FindAllString(w.logs.String(), -1))
		for try := 0; ; try++ {
			w.clickIn(sw, w.objectIn(settings, "button", "Save").Rect)
			if waitFor(ctx, 5*time.Second, func() bool { return len(stopped.FindAllString(w.logs.String(), -1)) > before }) {
				return
			}
			if try == 2 {
				t.Fatalf("Save never restarted the account's sync\n%s", w.logs.String())
			}
		}
	}

	// A new identity name and a wrong user name, saved.
	oldName := fields[0].Text
	edit(0, "Robin Edited", replace("Robin Edited"))
	// The user name with a stray letter typed at its end.
	edit(userAt, u.Address+"x", func() { w.do("key", "--delay", "80", "End", "x") })
	save()
	saved := time.Now()
	p = w.untilFor(40*time.Second, "the failure in the status line", func(p probeJSON) bool {
		return len(p.Accounts) == 1 && strings.Contains(p.Accounts[0].Status, "not accepted")
	})
	t.Logf("status line with the wrong user name (%.1f s after Save): %q", time.Since(saved).Seconds(), p.Accounts[0].Status)

	// The From choice of a new message carries the new name.
	w.do("windowactivate", "--sync", w.win)
	w.key("ctrl+n")
	p = w.until("a composer with the new name", func(p probeJSON) bool {
		for _, win := range p.Windows {
			for _, o := range win.Objects {
				if strings.HasPrefix(win.Title, "Write") && o.Kind == "select" && strings.HasPrefix(o.Text, "Robin Edited <"+u.Address+">") {
					return true
				}
			}
		}
		return false
	})
	for _, win := range p.Windows {
		for _, o := range win.Objects {
			if strings.HasPrefix(win.Title, "Write") && o.Kind == "select" && oldName != "" && strings.HasPrefix(o.Text, oldName+" ") {
				t.Errorf("a From choice still shows the old name: %q", o.Text)
			}
		}
	}
	// Closed by Ctrl+W in its own window (nothing typed in it).
	w.other("^Write").press("ctrl+w")
	w.until("the composer closed", func(p probeJSON) bool { return len(p.Composers) == 0 })

	// The right user name again: back online, new mail arrives.
	w.do("windowactivate", "--sync", sw)
	edit(userAt, u.Address, func() { w.do("key", "--delay", "80", "End", "BackSpace") })
	save()
	saved = time.Now()
	testserver.Append(t, ctx, c, u.Address, "after the edit")
	p = w.untilFor(40*time.Second, "back online with the new mail", func(p probeJSON) bool {
		return len(p.Accounts) == 1 && strings.Contains(p.Accounts[0].Status, "online") && slices.Contains(p.Subjects, "after the edit")
	})
	t.Logf("online again %.1f s after Save: %q; whole test %.1f s", time.Since(saved).Seconds(), p.Accounts[0].Status, time.Since(start).Seconds())
}

// An attachment of plansMail's kind, for a real account.
func plansFor(to string) string {
	return strings.Replace(plansMail, "To: Robin Demo <demo@wren.example>", "To: "+to, 1)
}

// saveDialog opens the attachment's Save… dialog and returns the probe
// once the dialog shows its folder.
func (w *realWin) saveDialog() probeJSON {
	w.t.Helper()
	p := w.openSubject("Plans for the garden", 1)
	// The button is looked up again before each click: a click that
	// lands while the pane is still laid out is lost, and a person clicks
	// again where the button is now.
	for range 4 {
		p = w.until("the attachment's Save…", func(p probeJSON) bool { _, ok := p.button("Save…"); return ok })
		save, _ := p.button("Save…")
		w.click(save)
		if waitFor(w.t.Context(), 4*time.Second, func() bool {
			p = w.read()
			_, ok := p.button("Save")
			return ok && len(p.Shown.Folder) > 0
		}) {
			return p
		}
	}
	w.t.Fatalf("the save dialog never opened; shown %q", p.Shown.Texts)
	return p
}

// folderOf is the path the dialog's path bar shows.
func folderOf(p probeJSON) string {
	return filepath.Join(p.Shown.Folder...)
}

// The file dialogs remember their last folder in the profile: saved into
// a folder once, the save dialog starts there again, also after a
// restart; another profile's dialog does not.
func TestRealWindowFileDialogRemembersFolderPerProfile(t *testing.T) {
	if !needDisplay(t) {
		return
	}
	srv := testserver.Require(t)
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	wrenBinary(t) // built before HOME moves (the build cache lives there)
	u1, u2 := srv.NewUser(t), srv.NewUser(t)
	appendRaw(t, ctx, srv.Client(t, ctx, u1), plansFor(u1.Address))
	appendRaw(t, ctx, srv.Client(t, ctx, u2), plansFor(u2.Address))
	one := dovecotProfile(t, ctx, srv, u1, "One")
	two := dovecotProfile(t, ctx, srv, u2, "Two")
	t.Setenv("SSL_CERT_FILE", srv.CAFile)
	// X is the folder saved into; the home folder (where a dialog with no
	// memory starts) is inside it, so the path bar reaches X in a click.
	x, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(x, "home")
	if err := os.Mkdir(home, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	listed := func(p probeJSON) bool { return p.Rows == 1 && slices.Contains(p.Subjects, "Plans for the garden") }

	start := time.Now()
	w := startWindow(t, "^Wren$", "--profile", one)
	w.until("the attachment's message", listed)
	p := w.saveDialog()
	if got := folderOf(p); got != home {
		t.Fatalf("a new profile's dialog starts in %q, want the home folder %q", got, home)
	}
	// The path bar's button for X (home's parent), then Save.
	crumb, ok := p.button(filepath.Base(x))
	if !ok {
		t.Fatalf("the path bar has no %q: %+v", filepath.Base(x), p.Shown.Buttons)
	}
	w.click(crumb)
	p = w.until("the dialog in X", func(p probeJSON) bool { return folderOf(p) == x })
	confirm, _ := p.button("Save")
	w.click(confirm)
	w.until("the saved notice", func(p probeJSON) bool { return p.shows(`Saved "plan.xyz" in ` + x + ".") })
	if b, err := os.ReadFile(filepath.Join(x, "plan.xyz")); err != nil || string(b) != "plan of the garden" {
		t.Errorf("saved file: %q, %v", b, err)
	}

	// Open again: it starts in X.
	p = w.saveDialog()
	if got := folderOf(p); got != x {
		t.Errorf("the dialog opened again starts in %q, want %q", got, x)
	}
	cancelB, _ := p.button("Cancel")
	w.click(cancelB)
	w.until("the dialog closed", func(p probeJSON) bool { _, ok := p.button("Save"); return !ok })
	w.quit()

	// The same profile after a restart: still X.
	w = startWindow(t, "^Wren$", "--profile", one)
	w.until("the attachment's message again", listed)
	if got := folderOf(w.saveDialog()); got != x {
		t.Errorf("after a restart the dialog starts in %q, want %q", got, x)
	}
	w.quit()

	// Another profile: not X (the home folder).
	w = startWindow(t, "^Wren$", "--profile", two)
	w.until("the other profile's message", listed)
	if got := folderOf(w.saveDialog()); got != home {
		t.Errorf("another profile's dialog starts in %q, want the home folder %q (not %q)", got, home, x)
	}
	t.Logf("whole test %.1f s", time.Since(start).Seconds())
}

// pictureServer serves on loopback: /missing.png answers 404,
// /closed.png closes the connection without an answer, /ok.png is a
// small PNG. It returns the base URL.
func pictureServer(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	img.Set(3, 3, color.RGBA{R: 0xff, A: 0xff})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/ok.png", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(buf.Bytes())
	})
	mux.HandleFunc("/missing.png", http.NotFound)
	mux.HandleFunc("/closed.png", func(w http.ResponseWriter, _ *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &http.Server{Handler: mux}
	go s.Serve(l)
	t.Cleanup(func() { s.Close() })
	return "http://" + l.Addr().String()
}

// Remote pictures that fail to load are counted in the reader: of three
// pictures on a loopback server (one missing, one whose connection is
// closed, one fine) the reader draws one and says two could not be
// loaded, after a real click on Load remote content.
func TestRealWindowFailedRemotePicturesCounted(t *testing.T) {
	if !needDisplay(t) {
		return
	}
	srv := testserver.Require(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	u := srv.NewUser(t)
	base := pictureServer(t)
	html := fmt.Sprintf(`<html><body><h1>Pictures</h1>
<p><img src="%[1]s/missing.png" alt="Missing"></p>
<p><img src="%[1]s/closed.png" alt="Closed"></p>
<p><img src="%[1]s/ok.png" alt="Fine"></p>
<p>Three pictures.</p></body></html>`, base)
	msg := "From: Shop <news@shop.example>\nTo: " + u.Address + "\nSubject: Three remote pictures\nDate: " + time.Now().Format(time.RFC1123Z) +
		"\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" +
		base64.StdEncoding.EncodeToString([]byte(html)) + "\n"
	appendRaw(t, ctx, srv.Client(t, ctx, u), msg)
	profile := dovecotProfile(t, ctx, srv, u, "Pictures")
	t.Setenv("SSL_CERT_FILE", srv.CAFile)

	start := time.Now()
	w := startWindow(t, "^Wren$", "--profile", profile)
	w.until("the message listed", func(p probeJSON) bool { return slices.Contains(p.Subjects, "Three remote pictures") })
	p := w.openSubject("Three remote pictures", 1)
	if p.Reader.Pictures != 0 {
		t.Errorf("%d pictures drawn before remote content was allowed", p.Reader.Pictures)
	}
	p = w.until("Load remote content on screen", func(p probeJSON) bool { _, ok := p.button("Load remote content"); return ok })
	load, _ := p.button("Load remote content")
	want := "but 2 pictures could not be loaded"
	p = w.clickUntil(load, "the pictures loaded and the failures counted", func(p probeJSON) bool {
		return p.Reader.Pictures == 1 && p.shows(want)
	})
	for _, s := range p.Shown.Texts {
		if strings.Contains(s, "could not be loaded") {
			t.Logf("the reader says: %q", s)
		}
	}
	// Nothing more arrives later: still one drawn, two counted.
	time.Sleep(time.Second)
	if p = w.read(); p.Reader.Pictures != 1 || !p.shows(want) {
		t.Errorf("later: %d pictures drawn; shown %q", p.Reader.Pictures, p.Shown.Texts)
	}
	t.Logf("whole test %.1f s", time.Since(start).Seconds())
}
