// Package explainview shows one failure the way Wren explains every
// failure: what happened, what to do, whether Wren retries by itself, what
// became of the message, and the technical details (with the code) behind
// a control, with a button that copies them for support.
package explainview

import (
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"wren/account/explain"
)

// View is the content of an explanation: build it with New, show it in a
// dialog with Show or embed it (the setup wizard does).
type View struct {
	Title, Explanation, Fix *widget.Label
	Retry, Message          *widget.Label
	Help                    *widget.Hyperlink // nil without a help page
	Details                 *widget.Accordion
	DetailsText             *widget.Label
	Copy                    *widget.Button
	Content                 fyne.CanvasObject
}

// New builds the view of e. clip receives the details when the user copies
// them (normally the app's clipboard).
func New(e explain.Explanation, clip fyne.Clipboard) *View {
	v := &View{
		Title:       widget.NewLabelWithStyle(e.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		Explanation: wrapped(e.Explanation),
		Fix:         wrapped("What to do: " + e.Fix),
		Retry:       wrapped(retryWords(e)),
		Message:     wrapped(messageWords(e.Message)),
	}
	details := detailsText(e)
	v.DetailsText = widget.NewLabelWithStyle(details, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	v.DetailsText.Wrapping = fyne.TextWrapBreak
	v.Copy = widget.NewButton("Copy details", func() {
		if clip != nil {
			clip.SetContent(details)
		}
	})
	v.Details = widget.NewAccordion(widget.NewAccordionItem("Technical details ("+e.Code+")",
		container.NewVBox(v.DetailsText, container.NewHBox(v.Copy))))

	box := container.NewVBox(v.Title, v.Explanation, v.Fix)
	if v.Retry.Text != "" {
		box.Add(v.Retry)
	}
	if v.Message.Text != "" {
		box.Add(v.Message)
	}
	// Only web pages open from here: the link comes from our provider table
	// or a server's reply, and a server must not make us run other schemes.
	if u, err := url.Parse(e.HelpURL); err == nil && e.HelpURL != "" && u.Scheme == "https" {
		v.Help = widget.NewHyperlink("Help page: "+u.Host, u)
		box.Add(v.Help)
	}
	box.Add(v.Details)
	v.Content = box
	return v
}

func wrapped(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func detailsText(e explain.Explanation) string {
	d := e.Details
	if d.Code == "" {
		d.Code = e.Code
	}
	s := d.String()
	if e.Also != nil {
		s += "\n" + e.Also.String()
	}
	return s
}

// retryWords promises a retry only where one is scheduled (AutoRetry);
// otherwise a passing failure says the user may try again.
func retryWords(e explain.Explanation) string {
	switch e.Retry {
	case explain.RetryAuto:
		if e.AutoRetry {
			return "Wren will try again by itself."
		}
		return "This is often brief: try again in a moment."
	case explain.RetryLater:
		return "This usually clears by itself, but only after a while; trying again at once will not help."
	case explain.RetryNo:
		return "Trying again will not help until something changes."
	}
	return ""
}

func messageWords(m explain.MessageFate) string {
	switch m {
	case explain.MessageKept:
		return "Your message was not sent; it is kept safe in the Outbox."
	case explain.MessageMaybeSent:
		return "Your message may already have been sent. Check your Sent folder, or ask a recipient, before sending it again."
	case explain.MessageSent:
		return "Your message was sent; only a later step failed."
	}
	return ""
}

// Show opens the explanation as a dialog over w.
func Show(e explain.Explanation, w fyne.Window, clip fyne.Clipboard) dialog.Dialog {
	v := New(e, clip)
	d := dialog.NewCustom(e.Title, "Close", container.NewVScroll(v.Content), w)
	d.Resize(fyne.NewSize(520, 420))
	d.Show()
	return d
}

// ShowAll opens several explanations of one failure in one dialog, titled
// by the first: a message refused for several recipients names each with
// the server's reply.
func ShowAll(es []explain.Explanation, w fyne.Window, clip fyne.Clipboard) dialog.Dialog {
	if len(es) == 1 {
		return Show(es[0], w, clip)
	}
	box := container.NewVBox()
	for i, e := range es {
		if i > 0 {
			box.Add(widget.NewSeparator())
			box.Add(widget.NewLabelWithStyle(e.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		}
		box.Add(New(e, clip).Content)
	}
	d := dialog.NewCustom(es[0].Title, "Close", container.NewVScroll(box), w)
	d.Resize(fyne.NewSize(520, 480))
	d.Show()
	return d
}
