package mailview

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// reader is the plain reading pane. The body is made of text segments
// built here, never parsed as Markdown: a message must not be able to
// produce links or images by its text.
type reader struct {
	from, to, date, subject *widget.Label
	body                    *widget.RichText
	content                 fyne.CanvasObject
}

func newReader() *reader {
	r := &reader{
		from: widget.NewLabel(""), to: widget.NewLabel(""), date: widget.NewLabel(""),
		subject: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		body:    widget.NewRichText(),
	}
	for _, l := range []*widget.Label{r.from, r.to, r.date, r.subject} {
		l.Wrapping = fyne.TextWrapWord
		l.Selectable = true
	}
	r.body.Wrapping = fyne.TextWrapWord
	head := widget.NewForm(
		widget.NewFormItem("From", r.from), widget.NewFormItem("To", r.to),
		widget.NewFormItem("Date", r.date), widget.NewFormItem("Subject", r.subject))
	r.content = container.NewBorder(head, nil, nil, nil, container.NewVScroll(r.body))
	return r
}

func (r *reader) show(s MessageSnapshot) {
	if s.Err != nil && s.Message.ID == 0 {
		r.from.SetText("")
		r.to.SetText("")
		r.date.SetText("")
		r.subject.SetText("")
		r.body.Segments = bodySegments("This message could not be read from the local copy of your mail.")
		r.body.Refresh()
		return
	}
	m := s.Message
	r.from.SetText(addressWords(m.From))
	r.to.SetText(addressesWords(m.To))
	r.date.SetText(fullDate(m.Date))
	r.subject.SetText(subjectWords(m.Subject))
	r.body.Segments = bodySegments(s.Body)
	r.body.Refresh()
}

// bodySegments makes one paragraph segment per block of text.
func bodySegments(text string) []widget.RichTextSegment {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var out []widget.RichTextSegment
	for _, p := range strings.Split(text, "\n\n") {
		if strings.TrimSpace(p) == "" {
			continue
		}
		out = append(out, &widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: p})
	}
	return out
}
