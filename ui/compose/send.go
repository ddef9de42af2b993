package compose

import (
	"context"
	"strings"

	"fyne.io/fyne/v2/dialog"

	core "wren/account/compose"
	"wren/transport/rfc822"
)

// Send checks the message and queues it in the outbox. Invalid addresses,
// no recipient or a message over the server's size limit refuse it with
// the reason; a text that mentions an attachment when none is attached
// asks first.
func (w *Window) Send() {
	if w.sending || w.closed {
		return
	}
	w.status.SetText("")
	var problems []string
	recipients := 0
	for _, f := range []*addressField{w.to, w.cc, w.bcc} {
		list, reasons := f.addresses()
		f.mark(reasons)
		problems = append(problems, reasons...)
		recipients += len(list)
	}
	if len(problems) > 0 {
		w.status.SetText("Not sent: " + strings.Join(problems, "; ") + ".")
		return
	}
	if recipients == 0 {
		w.to.mark([]string{"To: add at least one recipient"})
		w.status.SetText("Not sent: add at least one recipient.")
		return
	}
	d := w.draft()
	if err := core.CheckSize(d, w.limit); err != nil {
		w.status.SetText("Not sent: " + err.Error() + ".")
		return
	}
	if len(w.atts) == 0 && core.MentionsAttachment(w.body.Text) {
		c := dialog.NewConfirm("Forgot the attachment?",
			"Your message mentions an attachment, but nothing is attached.\nSend it anyway?",
			func(ok bool) {
				if ok {
					w.submit(d)
				}
			}, w.win)
		c.SetConfirmText("Send anyway")
		c.SetDismissText("Don't send")
		w.showDialog(c)
		return
	}
	w.submit(d)
}

// submit reads the attachments and hands the message to the outbox in
// the background; the window closes once it is queued.
func (w *Window) submit(d rfc822.Draft) {
	if w.closed {
		return
	}
	w.sending = true
	w.send.Disable()
	w.status.SetText("")
	atts := append([]attachment(nil), w.atts...)
	info := sentInfo{account: w.account(), attach: atts, html: d.HTML != ""}
	b, ctx, undo := w.m.deps.Backend, w.m.ctx, w.m.undoDelay()
	go func() {
		ctx, cancel := context.WithTimeout(ctx, sendTimeout)
		defer cancel()
		list, err := readAttachments(atts)
		var id int64
		if err == nil {
			d.Attachments = list
			id, err = b.Send(ctx, info.account, d, undo)
		}
		w.m.do(func() {
			w.sending = false
			if err != nil {
				w.send.Enable()
				w.status.SetText("Not sent: " + err.Error() + ".")
				w.m.emit("refused", w)
				return
			}
			w.m.queued(id, info, undo)
			w.closeWindow(true)
		})
	}()
}
