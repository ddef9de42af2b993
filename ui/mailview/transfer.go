package mailview

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"wren/account/explain"
	"wren/account/mailfile"
	"wren/account/render"
	"wren/account/transfer"
	"wren/ui/internal/keys"
)

// Transferer brings mail in from files and takes it out (the session).
type Transferer interface {
	Import(ctx context.Context, acct, folder string, parts []transfer.Part, onProgress func(transfer.Progress)) (transfer.Result, error)
	Export(ctx context.Context, acct, folder string, sink transfer.Sink, onProgress func(transfer.Progress)) (transfer.Result, error)
}

// SetTransferer turns on File → Import mail… and Export folder….
func (v *View) SetTransferer(t Transferer) {
	v.transferer = t
	v.updateCommands()
}

// mboxKinds are the mbox dialects offered, in the user's words.
var mboxKinds = []string{"mboxrd (most programs, Wren's exports)", "mboxo (Thunderbird folder files)"}

func kindFormat(s string) mailfile.Format {
	if s == mboxKinds[1] {
		return mailfile.MboxO
	}
	return mailfile.MboxRD
}

// here is the account and folder the list shows (the first account's
// Inbox for the unified list or a search).
func (v *View) here() (acct, folder string) {
	if src := v.model.Source(); src.Kind == SourceFolder {
		return src.Account, src.Folder
	}
	if len(v.accounts) > 0 {
		return v.accounts[0], "INBOX"
	}
	return "", ""
}

func (v *View) accountNames() []string { return append([]string(nil), v.accounts...) }

// openImport asks what to import and where, then imports it.
func (v *View) openImport() {
	w := v.window()
	if w == nil || v.transferer == nil {
		return
	}
	acct, _ := v.here()
	path := keys.NewEntry(nil)
	path.SetPlaceHolder("An mbox file, an .eml file, a folder of .eml files, or Thunderbird's Mail folder")
	folder := keys.NewEntry(nil)
	folder.SetText("Imported")
	accounts := widget.NewSelect(v.accountNames(), nil)
	accounts.SetSelected(acct)
	kind := widget.NewSelect(mboxKinds, nil)
	kind.SetSelected(mboxKinds[0])
	var dlg dialog.Dialog
	start := widget.NewButton("Import", nil)
	start.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { dlg.Hide() })
	go1 := func() {
		p, f := strings.TrimSpace(path.Text), strings.TrimSpace(folder.Text)
		if p == "" || f == "" || accounts.Selected == "" {
			return
		}
		dlg.Hide()
		v.runImport(p, accounts.Selected, f, kindFormat(kind.Selected))
	}
	start.OnTapped = go1
	path.OnSubmitted = func(string) { go1() }
	folder.OnSubmitted = func(string) { go1() }
	path.OnEscape, folder.OnEscape = func() { dlg.Hide() }, func() { dlg.Hide() }
	chooseFile := widget.NewButton("Choose file…", func() {
		d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err == nil && r != nil {
				path.SetText(r.URI().Path())
				r.Close()
			}
		}, w)
		d.Show()
	})
	chooseDir := widget.NewButton("Choose folder…", func() {
		d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				path.SetText(u.Path())
			}
		}, w)
		d.Show()
	})
	v.lastForm = &transferForm{path: path, folder: folder, start: start}
	content := container.NewVBox(
		widget.NewLabel("Bring in mail from a file: an mbox, one .eml file, a folder of .eml files,\nor a Thunderbird profile's folder (each of its mbox files becomes a folder)."),
		path, container.NewHBox(chooseFile, chooseDir),
		widget.NewLabel("Into the account"), accounts,
		widget.NewLabel("Folder (made when missing; on the server for an IMAP account)"), folder,
		widget.NewLabel("Kind of mbox"), kind,
		widget.NewLabel("Messages the folder has already (same Message-ID) are skipped."),
		container.NewHBox(cancel, start),
	)
	dlg = dialog.NewCustomWithoutButtons("Import mail", content, w)
	dlg.Resize(fyne.NewSize(560, 0))
	v.showDialog(dlg)
	w.Canvas().Focus(path)
}

// runImport imports with a progress bar and a Stop button, then says how
// it went.
func (v *View) runImport(path, acct, folder string, f mailfile.Format) {
	prog := v.newProgress("Importing into "+render.SafeText(folder), func(p transfer.Progress) string {
		return fmt.Sprintf("%d read · %d imported · %d already there", p.Read, p.Imported, p.Duplicates)
	})
	v.spawn(func() {
		var r transfer.Result
		parts, err := transfer.Parts(path, f, prog.bytes)
		if err == nil {
			r, err = v.transferer.Import(prog.ctx, acct, folder, parts, prog.counts)
		}
		fyne.Do(func() {
			prog.finish(r, err, fmt.Sprintf("%d messages imported into %s, %d were there already.",
				r.Imported, render.SafeText(folder), r.Duplicates))
			v.Refresh(v.ctx)
		})
	})
}

// openExport asks which folder to write out and where, then exports it.
func (v *View) openExport() {
	w := v.window()
	if w == nil || v.transferer == nil {
		return
	}
	acct, fold := v.here()
	accounts := widget.NewSelect(v.accountNames(), nil)
	folders := widget.NewSelect(nil, nil)
	accounts.OnChanged = func(a string) {
		var names []string
		for _, f := range v.folders.Folders[a] {
			names = append(names, f.Name)
		}
		folders.SetOptions(names)
	}
	accounts.SetSelected(acct)
	folders.SetSelected(fold)
	as := widget.NewRadioGroup([]string{"One mbox file", "A folder of .eml files"}, nil)
	as.SetSelected("One mbox file")
	path := keys.NewEntry(nil)
	path.SetPlaceHolder("The new mbox file, or the folder for the .eml files")
	var dlg dialog.Dialog
	start := widget.NewButton("Export", nil)
	start.Importance = widget.HighImportance
	go1 := func() {
		p := strings.TrimSpace(path.Text)
		if p == "" || accounts.Selected == "" || folders.Selected == "" {
			return
		}
		dlg.Hide()
		v.runExport(accounts.Selected, folders.Selected, p, as.Selected == "One mbox file")
	}
	start.OnTapped = go1
	path.OnSubmitted = func(string) { go1() }
	path.OnEscape = func() { dlg.Hide() }
	choose := widget.NewButton("Choose…", func() {
		if as.Selected == "One mbox file" {
			d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
				if err == nil && wc != nil {
					// The export writes the file itself (aside, then
					// moved into place): the dialog's empty one goes.
					name := wc.URI().Path()
					wc.Close()
					os.Remove(name)
					path.SetText(name)
				}
			}, w)
			d.SetFileName(folders.Selected + ".mbox")
			d.Show()
			return
		}
		dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				path.SetText(u.Path())
			}
		}, w).Show()
	})
	v.lastForm = &transferForm{path: path, start: start}
	content := container.NewVBox(
		widget.NewLabel("Write a folder's messages to files, each exactly as it is kept."),
		widget.NewLabel("Account"), accounts, widget.NewLabel("Folder"), folders,
		as, path, choose,
		container.NewHBox(widget.NewButton("Cancel", func() { dlg.Hide() }), start),
	)
	dlg = dialog.NewCustomWithoutButtons("Export a folder", content, w)
	dlg.Resize(fyne.NewSize(560, 0))
	v.showDialog(dlg)
	w.Canvas().Focus(path)
}

func (v *View) runExport(acct, folder, path string, mbox bool) {
	prog := v.newProgress("Exporting "+render.SafeText(folder), func(p transfer.Progress) string {
		return fmt.Sprintf("%d written", p.Imported)
	})
	v.spawn(func() {
		r, err := exportTo(prog.ctx, v.transferer, acct, folder, path, mbox, prog.counts)
		fyne.Do(func() {
			prog.finish(r, err, fmt.Sprintf("%d messages of %s written to %s.", r.Imported, render.SafeText(folder), render.SafeText(path)))
		})
	})
}

// exportTo writes the folder to a new mbox file or into a folder of .eml
// files.
func exportTo(ctx context.Context, t Transferer, acct, folder, path string, mbox bool, onProgress func(transfer.Progress)) (transfer.Result, error) {
	if !mbox {
		if err := os.MkdirAll(path, 0o700); err != nil {
			return transfer.Result{}, err
		}
		return t.Export(ctx, acct, folder, transfer.EMLSink(path), onProgress)
	}
	out, err := transfer.Create(path)
	if err != nil {
		return transfer.Result{}, err
	}
	defer out.Abandon()
	sink, flush := transfer.MboxSink(out, mailfile.MboxRD)
	r, err := t.Export(ctx, acct, folder, sink, onProgress)
	if err == nil || errors.Is(err, transfer.ErrNotWhole) {
		if ferr := out.Done(flush()); ferr != nil && err == nil {
			err = ferr
		}
	}
	return r, err
}

// transferForm is the import or export dialog last opened (tests).
type transferForm struct {
	path, folder *keys.Entry
	start        *widget.Button
	prog         *progress
}

// progress is the dialog over a running import or export: a bar, counts
// and Stop, then the outcome in the same place.
type progress struct {
	v      *View
	ctx    context.Context
	stop   context.CancelFunc
	bar    *widget.ProgressBar
	busy   *widget.ProgressBarInfinite
	words  *widget.Label
	button *widget.Button
	dlg    dialog.Dialog
	say    func(transfer.Progress) string
	// lastBytes is when the bar last moved (the work's goroutine only).
	lastBytes time.Time
}

// progressEvery bounds how often the bar moves.
const progressEvery = 100 * time.Millisecond

func (v *View) newProgress(title string, say func(transfer.Progress) string) *progress {
	ctx, stop := context.WithCancel(v.ctx)
	p := &progress{v: v, ctx: ctx, stop: stop, say: say, bar: widget.NewProgressBar(),
		busy: widget.NewProgressBarInfinite(), words: widget.NewLabel("Starting…")}
	p.bar.Hide()
	p.words.Wrapping = fyne.TextWrapWord
	p.button = widget.NewButton("Stop", func() {
		p.stop()
		p.button.Disable()
	})
	content := container.NewVBox(p.busy, p.bar, p.words, p.button)
	p.dlg = dialog.NewCustomWithoutButtons(title, content, v.window())
	p.dlg.Resize(fyne.NewSize(520, 0))
	// Closed (Escape) while the work runs: it stops, as with Stop.
	v.showDialog(p.dlg, stop)
	if v.lastForm != nil {
		v.lastForm.prog = p
	}
	return p
}

// counts shows the counts so far (from the work's goroutine).
func (p *progress) counts(c transfer.Progress) {
	fyne.Do(func() { p.words.SetText(p.say(c)) })
}

// bytes moves the bar by the bytes read of the file (from the work's
// goroutine), at most every tenth of a second: an update per message
// queued thousands of repaints, and the window stopped answering under
// load until they were done.
func (p *progress) bytes(read, total int64) {
	if total <= 0 {
		return
	}
	if now := time.Now(); now.Sub(p.lastBytes) < progressEvery && read < total {
		return
	} else {
		p.lastBytes = now
	}
	fyne.Do(func() {
		p.busy.Hide()
		p.bar.Show()
		p.bar.SetValue(float64(read) / float64(total))
	})
}

// finish shows how the work ended, damage and failure named.
func (p *progress) finish(r transfer.Result, err error, done string) {
	p.busy.Stop()
	p.busy.Hide()
	p.bar.Hide()
	var lines []string
	switch {
	case errors.Is(err, context.Canceled):
		lines = append(lines, fmt.Sprintf("Stopped: %d messages were done before you stopped; they are kept.", r.Imported))
	case err != nil:
		e := explain.Explain(err, explain.Context{})
		lines = append(lines, e.Title+": "+e.Explanation, e.Fix)
		if r.Imported > 0 {
			lines = append(lines, fmt.Sprintf("%d messages were done before that; they are kept.", r.Imported))
		}
	default:
		lines = append(lines, done)
	}
	for i, d := range r.Damage {
		if i == 5 {
			lines = append(lines, fmt.Sprintf("… and %d more damaged places.", len(r.Damage)-5))
			break
		}
		lines = append(lines, render.SafeText(d.Error()))
	}
	p.words.SetText(strings.Join(lines, "\n"))
	p.button.SetText("Close")
	p.button.Enable()
	p.button.OnTapped = p.dlg.Hide
}
