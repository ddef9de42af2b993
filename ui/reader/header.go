package reader

import (
	"fmt"
	"log/slog"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"wren/account/explain"
	"wren/account/render"
	"wren/account/store"
	"wren/transport/rfc822"
	"wren/ui/explainview"
)

// showHeader fills From, To, Cc, Date and Subject. Every text passes
// through render.SafeText, and a name never hides its address.
func (r *Reader) showHeader(p *Prepared) {
	if p.Msg != nil {
		m := p.Msg
		r.From.SetText(mailboxes(m.From))
		r.To.SetText(mailboxes(m.To))
		r.Cc.SetText(mailboxes(m.Cc))
		r.Subject.SetText(subject(m.Subject))
		date := m.Date
		if date.IsZero() {
			date = p.Row.Date
		}
		r.Date.SetText(fullDate(date))
	} else {
		row := p.Row
		r.From.SetText(mailbox(row.From.Name, row.From.Addr))
		r.To.SetText(storeBoxes(row.To))
		r.Cc.SetText(storeBoxes(row.Cc))
		r.Subject.SetText(subject(row.Subject))
		r.Date.SetText(fullDate(row.Date))
	}
	if r.Cc.Text != "" {
		r.ccName.Show()
		r.Cc.Show()
	}
}

// mailbox is "Name <address>", or the address alone.
func mailbox(name, addr string) string {
	name, addr = render.SafeText(strings.TrimSpace(name)), render.SafeText(addr)
	switch {
	case name == "" || name == addr:
		return addr
	case addr == "":
		return name
	}
	return name + " <" + addr + ">"
}

func mailboxes(as []rfc822.Address) string {
	out := make([]string, 0, len(as))
	for _, a := range as {
		out = append(out, mailbox(a.Name, a.Address))
	}
	return strings.Join(out, ", ")
}

func storeBoxes(as []store.Address) string {
	out := make([]string, 0, len(as))
	for _, a := range as {
		out = append(out, mailbox(a.Name, a.Addr))
	}
	return strings.Join(out, ", ")
}

func subject(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(no subject)"
	}
	return render.SafeText(s)
}

func fullDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("Mon, 2 Jan 2006 15:04")
}

// showProblem explains why the whole message could not be fetched; what
// the store has is shown below it.
func (r *Reader) showProblem(p *Prepared) {
	if p.Err == nil {
		return
	}
	e := explain.Explain(p.Err, explain.Context{Operation: explain.OpRead})
	v := explainview.New(e, r.deps.App.Clipboard())
	r.Problem.Add(v.Content)
	r.Problem.Add(widget.NewLabelWithStyle("Showing the copy kept on this computer.", fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
}

// showTrust fills the trust line: sender warnings, blocked remote
// content, deceptive links and the server's authentication results.
func (r *Reader) showTrust(p *Prepared) {
	for _, w := range p.Sender {
		l := widget.NewLabelWithStyle("⚠ "+senderWords(w), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Wrapping = fyne.TextWrapWord
		r.SenderNotes.Add(l)
	}
	if p.Doc == nil {
		return
	}
	rep := p.Doc.Remote
	if p.Remote {
		r.Remote.SetText("Remote content is shown for this message.")
		r.Remote.Show()
	} else if rep.Count > 0 && r.deps.RemoteOff != "" {
		r.Remote.SetText(remoteWords(rep) + ". " + r.deps.RemoteOff)
		r.Remote.Show()
	} else if rep.Count > 0 {
		r.Remote.SetText(remoteWords(rep))
		r.Remote.Show()
		r.LoadRemote.Show()
		if senderAddr(p) != "" {
			r.AlwaysLoad.Show()
		}
	}
	if n := warnedLinks(p.Doc); n > 0 {
		r.LinkNote.SetText(fmt.Sprintf("%d %s may not go where %s: Wren shows the real address before opening.",
			n, pick(n == 1, "link", "links"), pick(n == 1, "its text says", "their text says")))
		r.LinkNote.Show()
	}
	if s := authWords(p.Auth); s != "" {
		r.AuthNote.SetText(s)
		r.AuthNote.Show()
	}
}

// remoteWords is "Remote content blocked: 3 hosts, 1 looks like a tracker".
func remoteWords(rep render.RemoteReport) string {
	n := len(rep.Hosts)
	s := fmt.Sprintf("Remote content blocked: %d %s", n, pick(n == 1, "host", "hosts"))
	if t := len(rep.Trackers); t > 0 {
		s += fmt.Sprintf(", %d %s like %s", t, pick(t == 1, "looks", "look"), pick(t == 1, "a tracker", "trackers"))
	}
	return s
}

func warnedLinks(d *render.Document) int {
	n := 0
	for _, l := range d.Links {
		if l.Allowed && len(l.Warnings) > 0 {
			n++
		}
	}
	return n
}

func senderWords(w render.SenderWarning) string {
	var s string
	switch w.Kind {
	case render.NameHasAddress:
		s = "The sender's name contains another address than the one it was sent from"
	case render.ControlChars:
		s = "The sender contains hidden or invalid characters"
	case render.BidiChars:
		s = "The sender's name contains characters that reorder text"
	case render.EncodedAddress:
		s = "The sender's address is disguised with encoded text"
	case render.MultipleFrom:
		s = "The message names more than one sender"
	case render.SenderDiffers:
		s = "The message was sent on behalf of someone else"
	case render.ReplyToDomain:
		s = "Replies go to another domain"
	default:
		s = "The sender looks unusual"
	}
	if w.Detail != "" {
		s += ": " + w.Detail
	}
	return s
}

// authWords summarises DKIM, SPF and DMARC as the receiving server
// reported them; only the user's own provider's report means anything, so
// it says who reported it.
func authWords(rs []render.AuthResult) string {
	var parts []string
	serv := ""
	for _, a := range rs {
		m := strings.ToLower(a.Method)
		if m != "dkim" && m != "spf" && m != "dmarc" {
			continue
		}
		mark := "✗"
		if strings.EqualFold(a.Result, "pass") {
			mark = "✓"
		}
		parts = append(parts, fmt.Sprintf("%s %s %s", strings.ToUpper(m), render.SafeText(a.Result), mark))
		if serv == "" {
			serv = a.AuthServ
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, " · ") + " (reported by " + render.SafeText(serv) + ")"
}

// senderAddr is the first From address, lower case ("" without one).
func senderAddr(p *Prepared) string {
	if p.Msg != nil && len(p.Msg.From) > 0 {
		return strings.ToLower(p.Msg.From[0].Address)
	}
	return strings.ToLower(p.Row.From.Addr)
}

func logWarn(what string, err error) {
	slog.Warn("reader: "+what+" failed", "err", err)
}
