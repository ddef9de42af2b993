package reader

import (
	"bytes"
	"encoding/base64"
	"errors"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"wren/account/attach"
	"wren/account/render"
	"wren/account/settings"
	"wren/account/store"
	"wren/transport/rfc822"
)

const newsletter = `From: News <news@shop.example>
To: me@wren.test
Subject: This week's offers
Date: Fri, 06 Jun 2025 12:00:00 +0000
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<html><body>
<h1>Offers</h1>
<p><img src="https://cdn.shop.example/banner.jpg" width="600" height="200" alt="Banner"></p>
<p>Our <b>best</b> deals, see <a href="https://shop.example/deals">the deals</a>.</p>
<p><img src="https://images.partner.example/item.png" width="200" height="100" alt="Item"></p>
<img src="https://pixel.track.example/open/a8f3e2c1d4b5a6978877.gif" width="1" height="1" alt="">
</body></html>
`

// A newsletter shows how many hosts were blocked and how many look like
// trackers, and offers to load them.
func TestNewsletterShowsRemoteContentBlocked(t *testing.T) {
	h := newHarness(t)
	h.load(t, newsletter, true)
	p := h.r.Current()
	if p.Doc == nil || len(p.Doc.Remote.Hosts) != 3 || len(p.Doc.Remote.Trackers) != 1 {
		t.Fatalf("remote report %+v", p.Doc.Remote)
	}
	if h.r.Remote.Text != "Remote content blocked: 3 hosts, 1 looks like a tracker" || !h.r.Remote.Visible() {
		t.Errorf("trust line %q (visible %v)", h.r.Remote.Text, h.r.Remote.Visible())
	}
	if !h.r.LoadRemote.Visible() || !h.r.AlwaysLoad.Visible() {
		t.Error("the load buttons are hidden")
	}
	if got := h.r.BodyText(); !strings.Contains(got, "Offers") || !strings.Contains(got, "best deals") {
		t.Errorf("body %q lacks the heading or the text", got)
	}
	if h.r.From.Text != "News <news@shop.example>" || h.r.Subject.Text != "This week's offers" {
		t.Errorf("header from=%q subject=%q", h.r.From.Text, h.r.Subject.Text)
	}
}

// "Always for this sender" is kept in the settings, and the sender's next
// message shows remote content without asking.
func TestAlwaysLoadForSenderIsKept(t *testing.T) {
	st := &memSettings{s: settings.Default()}
	h := newHarness(t, func(d *Deps) { d.Settings = st; d.HTTP = nil })
	// No request may leave the test: the client fails every fetch.
	h.r.deps.HTTP.Transport = failingTransport{}
	h.load(t, newsletter, true)
	h.r.AlwaysLoad.OnTapped()
	if st.saves != 1 || !slices.Contains(st.s.AllowedSenders, "news@shop.example") || st.s.RemoteContent != settings.RemoteSenders {
		t.Fatalf("settings %+v after %d saves", st.s, st.saves)
	}
	if !h.r.Current().Remote {
		t.Error("this message was not shown with remote content")
	}
	h.load(t, newsletter, true)
	if !h.r.Current().Remote {
		t.Error("the sender's next message was not shown with remote content")
	}
	other := strings.Replace(newsletter, "news@shop.example", "other@shop.example", 1)
	h.load(t, other, true)
	if h.r.Current().Remote {
		t.Error("another sender got remote content")
	}
}

type failingTransport struct{}

func (failingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("no network in this test")
}

// A Mailsploit-style From shows its real address and a warning; so does a
// display name holding another address.
func TestSpoofedFromShowsRealAddressAndWarning(t *testing.T) {
	for _, tc := range []struct{ from, want string }{
		{`=?utf-8?b?cG90dXNAd2hpdGVob3VzZS5nb3Y=?==?utf-8?Q?=00?==?utf-8?b?cG90dXNAd2hpdGVob3VzZS5nb3Y=?=@mailsploit.com`, "mailsploit.com"},
		{`"ceo@bank.example" <evil@attacker.example>`, "<evil@attacker.example>"},
	} {
		h := newHarness(t)
		h.load(t, "From: "+tc.from+"\nTo: me@wren.test\nSubject: Urgent\n\nPay now.\n", true)
		if !strings.Contains(h.r.From.Text, tc.want) {
			t.Errorf("From %q shown as %q, want it to contain %q", tc.from, h.r.From.Text, tc.want)
		}
		notes := labelsUnder(h.r.SenderNotes)
		if len(notes) == 0 || !strings.HasPrefix(notes[0], "⚠ ") {
			t.Errorf("From %q: no sender warning (%q)", tc.from, notes)
		}
		if strings.ContainsRune(h.r.From.Text, 0) {
			t.Errorf("From shows a NUL: %q", h.r.From.Text)
		}
	}
}

const linkMail = `From: Bank <info@bank.example>
To: me@wren.test
Subject: Links
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<p><a href="https://evil.example/login">https://bank.example/login</a></p>
<p><a href="https://bank.example/help">Help</a></p>
<p><a href="javascript:alert(1)">Run</a></p>
<p><a href="https://xn--80ak6aa92e.com/">Apple</a></p>
`

// A link whose text names another host asks first, showing the real
// target; a clean link opens at once; javascript: never becomes a link.
func TestLinksWithWarningsAskFirst(t *testing.T) {
	h := newHarness(t)
	h.load(t, linkMail, true)
	ls := h.links()
	if len(ls) != 3 {
		t.Fatalf("%d hyperlinks, want 3 (javascript: stays text)", len(ls))
	}
	if !strings.Contains(h.r.BodyText(), "Run") {
		t.Error("the javascript: link's text is gone")
	}
	if !h.r.LinkNote.Visible() || !strings.HasPrefix(h.r.LinkNote.Text, "2 links") {
		t.Errorf("link note %q", h.r.LinkNote.Text)
	}

	ls[0].OnTapped()
	if len(h.opened) != 0 {
		t.Fatalf("the mismatched link opened without asking: %v", h.opened)
	}
	d, ok := h.r.LastDialog.(*dialog.ConfirmDialog)
	if !ok {
		t.Fatalf("dialog %T, want a confirmation", h.r.LastDialog)
	}
	texts := labelsUnder(h.w.Canvas().Overlays().Top())
	if !slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, "Real site: evil.example") }) {
		t.Errorf("the dialog does not show the real target: %q", texts)
	}
	d.Confirm()
	if len(h.opened) != 1 || h.opened[0].String() != "https://evil.example/login" {
		t.Fatalf("opened %v after confirming", h.opened)
	}

	ls[1].OnTapped()
	if len(h.opened) != 2 || h.opened[1].String() != "https://bank.example/help" {
		t.Errorf("the clean link did not open at once: %v", h.opened)
	}

	h.r.LastDialog = nil
	ls[2].OnTapped()
	if len(h.opened) != 2 || h.r.LastDialog == nil {
		t.Fatalf("the punycode link opened without asking: %v", h.opened)
	}
	l := h.r.Current().Doc.Links[3]
	msg := linkWarning(l)
	if !strings.Contains(msg, "xn--80ak6aa92e.com") || !strings.Contains(msg, l.HostUnicode) || l.HostUnicode == l.Host {
		t.Errorf("warning %q lacks the punycode or the Unicode host %q", msg, l.HostUnicode)
	}
	h.r.LastDialog.(*dialog.ConfirmDialog).Dismiss()
	if len(h.opened) != 2 {
		t.Error("a dismissed link opened")
	}
	// A disallowed link never opens, even when asked directly.
	h.r.openLink(2)
	if len(h.opened) != 2 {
		t.Errorf("javascript: opened: %v", h.opened)
	}
}

// Saving "../../x" writes inside the chosen folder only, never replaces
// an existing file, and after asking saves under a new name.
func TestSaveStaysInFolderAndNeverReplaces(t *testing.T) {
	h := newHarness(t)
	root := t.TempDir()
	dir := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	var saved []string
	var errs []error
	h.r.onSaved = func(p string, err error) { saved = append(saved, p); errs = append(errs, err) }
	a := &rfc822.Attachment{Filename: "../../x", ContentType: "text/plain", Data: []byte("first"), Size: 5}
	h.r.SaveTo(dir, "../../x", a)
	if len(errs) != 1 || errs[0] != nil {
		t.Fatalf("save: %v", errs)
	}
	if filepath.Dir(saved[0]) != dir {
		t.Fatalf("saved to %s, outside %s", saved[0], dir)
	}
	if _, err := os.Stat(filepath.Join(root, "x")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a file reached %s: %v", root, err)
	}

	b := &rfc822.Attachment{Filename: "../../x", ContentType: "text/plain", Data: []byte("second"), Size: 6}
	h.r.SaveTo(dir, "../../x", b)
	if len(errs) != 2 || !errors.Is(errs[1], attach.ErrExists) {
		t.Fatalf("second save: %v", errs)
	}
	if got, _ := os.ReadFile(saved[0]); string(got) != "first" {
		t.Fatalf("the existing file became %q", got)
	}
	d, ok := h.r.LastDialog.(*dialog.ConfirmDialog)
	if !ok {
		t.Fatalf("no question after a name clash (%T)", h.r.LastDialog)
	}
	d.Confirm()
	if len(errs) != 3 || errs[2] != nil || filepath.Dir(saved[2]) != dir || saved[2] == saved[0] {
		t.Fatalf("saving under a new name: %q %v", saved, errs)
	}
	if got, _ := os.ReadFile(saved[2]); string(got) != "second" {
		t.Errorf("new file holds %q", got)
	}
	if got, _ := os.ReadFile(saved[0]); string(got) != "first" {
		t.Errorf("the existing file became %q", got)
	}
}

// Opening a script asks first; a text file opens at once; both from the
// private temporary folder without an executable bit.
func TestOpenAttachment(t *testing.T) {
	h := newHarness(t)
	script := &rfc822.Attachment{Filename: "run.sh", ContentType: "application/octet-stream", Data: []byte("#!/bin/sh\necho hi\n"), Size: 18}
	h.r.OpenAttachment(script)
	if len(h.opened) != 0 {
		t.Fatalf("the script opened without asking: %v", h.opened)
	}
	d, ok := h.r.LastDialog.(*dialog.ConfirmDialog)
	if !ok {
		t.Fatalf("dialog %T, want a warning", h.r.LastDialog)
	}
	d.Confirm()
	if len(h.opened) != 1 || h.opened[0].Scheme != "file" {
		t.Fatalf("opened %v", h.opened)
	}
	path := h.opened[0].Path
	if !strings.HasPrefix(path, h.r.deps.TempParent) {
		t.Errorf("%s is outside the temporary folder %s", path, h.r.deps.TempParent)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode()&0o111 != 0 {
		t.Errorf("opened file %s: mode %v, %v", path, st.Mode(), err)
	}

	h.r.LastDialog = nil
	h.r.OpenAttachment(&rfc822.Attachment{Filename: "notes.txt", ContentType: "text/plain", Data: []byte("hi"), Size: 2})
	if len(h.opened) != 2 || h.r.LastDialog != nil {
		t.Errorf("a text file asked or did not open: %v", h.opened)
	}
	h.r.Close()
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the opened copy outlived Close: %v", err)
	}
}

// An unread message is marked read once the delay passes, not when the
// user moved on first; a read one starts no timer.
func TestMarkedReadAfterDelay(t *testing.T) {
	h := newHarness(t)
	h.load(t, newsletter, false)
	if len(h.timers) != 1 || h.timers[0].d != DefaultReadDelay || h.reads != 0 {
		t.Fatalf("timers %+v, reads %d", h.timers, h.reads)
	}
	h.timers[0].f()
	if h.reads != 1 {
		t.Fatalf("reads = %d after the delay", h.reads)
	}

	h.load(t, newsletter, false)
	h.load(t, linkMail, false)
	if !h.timers[1].stopped || h.timers[2].stopped {
		t.Errorf("moving on did not stop the earlier timer: %+v", h.timers[1:])
	}
	h.timers[1].f() // a stale timer that fired anyway
	if h.reads != 1 {
		t.Errorf("a message left before the delay was marked read")
	}
	h.timers[2].f()
	if h.reads != 2 {
		t.Errorf("reads = %d", h.reads)
	}
	h.load(t, linkMail, true)
	if len(h.timers) != 3 {
		t.Errorf("a read message started a timer")
	}
	h.r.Leave()
	if !h.timers[2].stopped && h.reads != 2 {
		t.Error("Leave changed the reads")
	}
}

func TestNextPreviousButtons(t *testing.T) {
	h := newHarness(t)
	test.Tap(h.r.NextBtn)
	test.Tap(h.r.NextBtn)
	test.Tap(h.r.PrevBtn)
	if h.next != 2 || h.prev != 1 {
		t.Errorf("next %d, previous %d", h.next, h.prev)
	}
}

const quoted = `From: Ann <ann@example.org>
To: me@wren.test
Subject: Re: plans

Sounds good.

> On Monday, Bob wrote:
> Shall we meet at noon?
`

// Quoted text is dimmed, marked, and folds away with the toggle.
func TestQuotedTextFolds(t *testing.T) {
	h := newHarness(t)
	h.load(t, quoted, true)
	if !h.r.QuoteToggle.Visible() || h.r.QuoteToggle.Text != "Hide quoted text" {
		t.Fatalf("toggle %q visible %v", h.r.QuoteToggle.Text, h.r.QuoteToggle.Visible())
	}
	body := h.r.BodyText()
	if !strings.Contains(body, "┃ ") || !strings.Contains(body, "noon") {
		t.Errorf("quote not shown marked: %q", body)
	}
	test.Tap(h.r.QuoteToggle)
	if body := h.r.BodyText(); strings.Contains(body, "noon") || !strings.Contains(body, "Sounds good.") {
		t.Errorf("folded body %q", body)
	}
	if h.r.QuoteToggle.Text != "Show quoted text" {
		t.Errorf("toggle says %q", h.r.QuoteToggle.Text)
	}
	test.Tap(h.r.QuoteToggle)
	if !strings.Contains(h.r.BodyText(), "noon") {
		t.Error("unfolding lost the quote")
	}
}

// A long body is cut for layout, with a button for the rest.
func TestLongBodyCapped(t *testing.T) {
	const limit = 2000
	h := newHarness(t, func(d *Deps) { d.MaxShown = limit })
	para := strings.Repeat("word ", 100) + "\n\n"
	h.load(t, "From: a@example.org\nSubject: long\n\n"+strings.Repeat(para, 60), true)
	short := len(h.r.BodyText())
	if short > limit+len(para) || !h.r.ShowAll.Visible() {
		t.Fatalf("shown %d characters (cap %d), button visible %v", short, MaxShown, h.r.ShowAll.Visible())
	}
	test.Tap(h.r.ShowAll)
	if full := len(h.r.BodyText()); full < 60*len(para)-200 || h.r.ShowAll.Visible() {
		t.Errorf("whole message shows %d characters", full)
	}
}

// DKIM, SPF and DMARC appear with who reported them.
func TestAuthResultsShown(t *testing.T) {
	h := newHarness(t)
	h.load(t, "Authentication-Results: mx.wren.test; dkim=pass header.d=example.org; spf=fail smtp.mailfrom=example.org; dmarc=pass\n"+
		"From: a@example.org\nSubject: auth\n\nHi.\n", true)
	got := h.r.AuthNote.Text
	for _, want := range []string{"DKIM pass ✓", "SPF fail ✗", "DMARC pass ✓", "reported by mx.wren.test"} {
		if !strings.Contains(got, want) {
			t.Errorf("auth line %q lacks %q", got, want)
		}
	}
}

func pngBase64(t *testing.T) string {
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{R: 255, A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

// A cid: picture is drawn from the message's own part and is not listed
// as an attachment; a real attachment is, with its safe name and size.
func TestInlineImageAndAttachmentRow(t *testing.T) {
	h := newHarness(t)
	h.load(t, `From: a@example.org
Subject: picture
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="m"

--m
Content-Type: multipart/related; boundary="r"

--r
Content-Type: text/html; charset=utf-8

<p>Look:</p><img src="cid:dot@x" alt="dot">
--r
Content-Type: image/png
Content-ID: <dot@x>
Content-Transfer-Encoding: base64

`+pngBase64(t)+`
--r--
--m
Content-Type: text/plain; name="..\..\report.txt"
Content-Disposition: attachment; filename="..\..\report.txt"

hello
--m--
`, true)
	var img *imageSegment
	for _, s := range h.r.Body.Segments {
		if x, ok := s.(*imageSegment); ok {
			img = x
		}
	}
	if img == nil || img.img == nil || img.img.Bounds().Dx() != 4 {
		t.Fatalf("inline picture %+v", img)
	}
	rows := labelsUnder(h.r.Attachments)
	if len(rows) != 1 || !strings.HasPrefix(rows[0], "report.txt (text/plain, ") {
		t.Errorf("attachment rows %q", rows)
	}
}

// View source shows the raw text read-only; Open in browser writes a
// sanitized copy to the private folder.
func TestSourceAndBrowser(t *testing.T) {
	h := newHarness(t)
	h.load(t, `From: a@example.org
Subject: html
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<p onclick="steal()">Hi<script>steal()</script><img src="http://127.0.0.1:18080/x.png"></p>
`, true)
	test.Tap(h.r.Source)
	if h.r.LastWindow == nil {
		t.Fatal("no source window")
	}
	var entry *widget.Entry
	for _, o := range test.LaidOutObjects(h.r.LastWindow.Content()) {
		if e, ok := o.(*widget.Entry); ok {
			entry = e
		}
	}
	if entry == nil || !entry.Disabled() || !strings.Contains(entry.Text, "<script>steal()") || !entry.TextStyle.Monospace {
		t.Fatalf("source entry %+v", entry)
	}
	h.r.LastWindow.Close()

	test.Tap(h.r.Browser)
	if len(h.opened) != 1 || h.opened[0].Scheme != "file" || !strings.HasSuffix(h.opened[0].Path, ".html") {
		t.Fatalf("opened %v", h.opened)
	}
	got, err := os.ReadFile(h.opened[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(got); strings.Contains(s, "script>") || strings.Contains(s, "onclick") || strings.Contains(s, "18080") || !strings.Contains(s, "Hi") {
		t.Errorf("sanitized copy %q", s)
	}
}

// A message the server could not give shows the explanation and the text
// the store has.
func TestFetchFailureExplained(t *testing.T) {
	h := newHarness(t)
	h.r.Load(Input{Row: store.Message{ID: 99, Subject: "Offline"}, Text: "the snippet", Err: errors.New("dial tcp: connection refused")})
	if len(h.r.Problem.Objects) == 0 {
		t.Fatal("no explanation shown")
	}
	if got := h.r.Body.String(); got != "the snippet" {
		t.Errorf("body %q", got)
	}
	if h.r.Subject.Text != "Offline" || !h.r.Source.Disabled() {
		t.Errorf("subject %q, source enabled %v", h.r.Subject.Text, !h.r.Source.Disabled())
	}
}

// Every block ends its line: RichText runs a paragraph into the next one
// when its last segment is inline (a link, say).
func TestBlocksEndTheirLines(t *testing.T) {
	d := render.HTML(`<h1>Title</h1><p><a href="https://a.example/">one</a></p><p>two <b>bold</b></p>`, render.Options{})
	res := buildBody(d, bodyOptions{link: func(int) {}})
	paras := 0
	for _, s := range res.segs {
		p, ok := s.(*widget.ParagraphSegment)
		if !ok {
			continue
		}
		paras++
		if last := p.Texts[len(p.Texts)-1]; last.Inline() {
			t.Errorf("paragraph %d ends with an inline %T", paras, last)
		}
	}
	if paras != 3 {
		t.Fatalf("%d paragraphs, want 3", paras)
	}
}

// A link's words with bidi controls are shown neutralized, as names and
// subjects are: U+202E cannot turn "exe.pdf" into what reads "fdp.exe".
func TestLinkTextBidiNeutralized(t *testing.T) {
	h := newHarness(t)
	raw := "From: a@example.org\nSubject: invoice\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n" +
		"<p><a href=\"https://files.example/invoice\">invoice\u202Efdp.exe</a></p>\n"
	h.load(t, raw, true)
	ls := h.links()
	if len(ls) != 1 {
		t.Fatalf("%d links", len(ls))
	}
	if got := ls[0].Text; strings.ContainsRune(got, '\u202E') || got != "invoice⟨U+202E⟩fdp.exe" {
		t.Errorf("link text %q, want the override shown as ⟨U+202E⟩", got)
	}
}
