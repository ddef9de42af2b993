package reader

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"wren/account/render"
)

// maxSource is how much of the source "View source" shows: an Entry with
// more text makes the window crawl.
const maxSource = 1 << 20

// viewSource opens a window with the message's raw text, read-only.
func (r *Reader) viewSource() {
	if r.cur == nil || r.cur.Raw == nil {
		return
	}
	raw := r.cur.Raw
	note := ""
	if len(raw) > maxSource {
		raw = raw[:maxSource]
		note = fmt.Sprintf("Only the first %d KB of %d KB are shown.", maxSource>>10, len(r.cur.Raw)>>10)
	}
	text := strings.ToValidUTF8(strings.ReplaceAll(string(raw), "\r\n", "\n"), "\uFFFD")
	e := widget.NewMultiLineEntry()
	e.TextStyle = fyne.TextStyle{Monospace: true}
	e.Wrapping = fyne.TextWrapOff
	e.SetText(text)
	e.Disable() // read-only; copying still works
	w := r.deps.App.NewWindow("Source — " + render.SafeText(r.cur.Row.Subject))
	var top fyne.CanvasObject = widget.NewLabel("")
	if note != "" {
		top = widget.NewLabelWithStyle(note, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	}
	w.SetContent(container.NewBorder(top, nil, nil, nil, e))
	w.Resize(fyne.NewSize(800, 600))
	r.LastWindow = w
	w.Show()
}

// openInBrowser writes a sanitized copy of the HTML body (each part on
// its own) to the private temporary folder and opens it.
func (r *Reader) openInBrowser() {
	if r.cur == nil || r.cur.Msg == nil || len(r.cur.Msg.HTMLParts) == 0 {
		return
	}
	parts := r.cur.Msg.HTMLParts
	name := fmt.Sprintf("message-%d.html", r.cur.Row.ID)
	r.deps.Spawn(func() {
		var buf bytes.Buffer
		for _, p := range parts {
			buf.Write(render.SanitizedHTML(p))
		}
		path, err := r.writeTemp(name, buf.Bytes())
		fyne.Do(func() {
			if err != nil {
				logWarn("opening in the browser", err)
				d := dialog.NewError(fmt.Errorf("the message could not be opened in the browser: %w", err), r.window())
				r.LastDialog = d
				d.Show()
				return
			}
			r.open(&url.URL{Scheme: "file", Path: path})
		})
	})
}
