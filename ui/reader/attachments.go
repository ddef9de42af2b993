package reader

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wren/account/attach"
	"wren/account/render"
	"wren/transport/rfc822"
	"wren/ui/internal/lastdir"
)

// maxSave bounds one attachment written to disk.
const maxSave = 256 << 20

// showAttachments lists the attachments: inline pictures the body shows
// are left out.
func (r *Reader) showAttachments(p *Prepared) {
	if p.Msg == nil {
		return
	}
	shown := map[string]bool{}
	if p.Doc != nil {
		for _, b := range p.Doc.Blocks {
			if b.Kind == render.Image && b.CID != "" {
				shown[b.CID] = true
			}
		}
	}
	for _, a := range p.Msg.Attachments {
		if a.Inline && a.ContentID != "" && shown[a.ContentID] {
			continue
		}
		a := a
		name := attach.SafeName(a.Filename, a.ContentType)
		info := widget.NewLabel(fmt.Sprintf("%s (%s, %s)", name, render.SafeText(a.ContentType), attach.HumanSize(a.Size)))
		info.Truncation = fyne.TextTruncateEllipsis
		save := widget.NewButtonWithIcon("Save…", theme.DocumentSaveIcon(), func() { r.saveDialog(a) })
		open := widget.NewButtonWithIcon("Open", theme.FileIcon(), func() { r.OpenAttachment(a) })
		if a.Truncated {
			save.Disable()
			open.Disable()
			info.SetText(info.Text + " — too large to keep")
		}
		r.Attachments.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.MailAttachmentIcon()),
			container.NewHBox(save, open), info))
	}
}

// saveDialog asks where to save a; the file dialog suggests the safe name.
func (r *Reader) saveDialog(a *rfc822.Attachment) {
	name := attach.SafeName(a.Filename, a.ContentType)
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		_ = w.Close()
		// The dialog creates (or, after its own question, empties) the
		// file before we get it; that empty file makes way for attach.Save,
		// which writes only inside the folder and never replaces.
		if st, err := os.Lstat(path); err == nil && st.Mode().IsRegular() && st.Size() == 0 {
			_ = os.Remove(path)
		}
		lastdir.Remember(r.deps.Prefs, path)
		r.SaveTo(filepath.Dir(path), filepath.Base(path), a)
	}, r.window())
	lastdir.Start(d, r.deps.Prefs)
	d.SetFileName(name)
	r.LastDialog = d
	d.Show()
}

// SaveTo saves a as name in dir off the UI goroutine; the name is made
// safe again, so the file lands in dir whatever it says. When the name
// is taken the user chooses between a new name and not saving.
func (r *Reader) SaveTo(dir, name string, a *rfc822.Attachment) {
	r.saveTo(dir, name, a, false)
}

func (r *Reader) saveTo(dir, name string, a *rfc822.Attachment, unique bool) {
	name = attach.SafeName(name, a.ContentType)
	data := a.Data
	r.deps.Spawn(func() {
		save := attach.Save
		if unique {
			save = attach.SaveUnique
		}
		path, err := save(dir, name, bytes.NewReader(data), maxSave)
		fyne.Do(func() { r.saved(dir, name, a, path, err) })
	})
}

func (r *Reader) saved(dir, name string, a *rfc822.Attachment, path string, err error) {
	if r.onSaved != nil {
		r.onSaved(path, err)
	}
	switch {
	case err == nil:
		// Said in the pane, beside the attachments: no dialog to close.
		r.Saved.SetText(fmt.Sprintf("Saved %q in %s.", filepath.Base(path), filepath.Dir(path)))
		r.Saved.Show()
	case errors.Is(err, attach.ErrExists):
		d := dialog.NewConfirm("File already exists",
			fmt.Sprintf("%q already exists in that folder. Save the attachment under a new name instead? The existing file is kept.", name),
			func(ok bool) {
				if ok {
					r.saveTo(dir, name, a, true)
				}
			}, r.window())
		d.SetConfirmText("Save with a new name")
		r.LastDialog = d
		d.Show()
	case err != nil:
		logWarn("saving an attachment", err)
		d := dialog.NewError(fmt.Errorf("the attachment could not be saved: %w", err), r.window())
		r.LastDialog = d
		d.Show()
	}
}

// OpenAttachment hands a to the system's viewer from the private
// temporary folder; programs and scripts ask first.
func (r *Reader) OpenAttachment(a *rfc822.Attachment) {
	name := attach.SafeName(a.Filename, a.ContentType)
	head := a.Data[:min(len(a.Data), 512)]
	if attach.Assess(name, a.ContentType, head) != attach.Program {
		r.openAttachment(name, a)
		return
	}
	d := dialog.NewConfirm("Open a program?",
		fmt.Sprintf("%q is a program or script. Opening it can run code from the sender on your computer. Open it only if you expected it from someone you trust.", name),
		func(ok bool) {
			if ok {
				r.openAttachment(name, a)
			}
		}, r.window())
	d.SetConfirmText("Open anyway")
	d.SetDismissText("Cancel")
	r.LastDialog = d
	d.Show()
}

func (r *Reader) openAttachment(name string, a *rfc822.Attachment) {
	data := a.Data
	r.deps.Spawn(func() {
		path, err := r.writeTemp(name, data)
		var openErr error
		if err == nil {
			openErr = r.deps.OpenFile(path) // waits a little for the opener's answer
		}
		fyne.Do(func() {
			switch {
			case err != nil:
				logWarn("opening an attachment", err)
				d := dialog.NewError(fmt.Errorf("the attachment could not be opened: %w", err), r.window())
				r.LastDialog = d
				d.Show()
			case openErr != nil:
				logWarn("opening an attachment", openErr)
				r.noOpener(name, a)
			}
		})
	})
}

// noOpener says that no program opened the attachment and offers the
// fix: save it and open it from the file manager.
func (r *Reader) noOpener(name string, a *rfc822.Attachment) {
	d := dialog.NewConfirm("No program opened this file",
		fmt.Sprintf("No program on this computer is set up to open %q.\n\nWhat to do: Save it and open it from your file manager.", name),
		func(save bool) {
			if save {
				r.saveDialog(a)
			}
		}, r.window())
	d.SetConfirmText("Save…")
	d.SetDismissText("Close")
	r.LastDialog = d
	d.Show()
}

// writeTemp stores data in the private folder, made on first use.
func (r *Reader) writeTemp(name string, data []byte) (string, error) {
	r.tempMu.Lock()
	defer r.tempMu.Unlock()
	if r.temp == nil {
		t, err := attach.NewTemp(r.deps.TempParent)
		if err != nil {
			return "", err
		}
		r.temp = t
	}
	return r.temp.Write(name, bytes.NewReader(data), maxSave)
}
