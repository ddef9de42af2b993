package compose

import (
	"fmt"
	"io"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wren/account/attach"
	"wren/transport/rfc822"
	"wren/ui/internal/lastdir"
)

// maxAttachTotal bounds what the composer reads from attachment files
// (the session refuses more anyway).
const maxAttachTotal = 64 << 20

// attachment is a file on disk (read when sending) or bytes already in
// memory (a forwarded part, a message taken back by Undo).
type attachment struct {
	name  string
	path  string
	data  []byte
	ctype string
	size  int64
}

func fromDraftAttachment(a rfc822.DraftAttachment) attachment {
	return attachment{name: a.Filename, data: a.Data, ctype: a.ContentType, size: int64(len(a.Data))}
}

// sized stands for an attachment in size estimates without reading it.
type sized int64

func (sized) Read([]byte) (int, error) { return 0, io.EOF }
func (s sized) Size() int64            { return int64(s) }

func (a attachment) estimate() rfc822.DraftAttachment {
	return rfc822.DraftAttachment{Filename: a.name, ContentType: a.ctype, Reader: sized(a.size)}
}

// statFiles describes local files to attach; it touches the disk.
func statFiles(paths []string) ([]attachment, []string) {
	var out []attachment
	var problems []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		switch {
		case err != nil:
			problems = append(problems, filepath.Base(p)+": cannot be read")
			continue
		case !fi.Mode().IsRegular():
			problems = append(problems, filepath.Base(p)+": is not a file")
			continue
		}
		ct := mime.TypeByExtension(strings.ToLower(filepath.Ext(p)))
		if ct == "" {
			ct = "application/octet-stream"
		}
		out = append(out, attachment{name: filepath.Base(p), path: p, ctype: ct, size: fi.Size()})
	}
	return out, problems
}

// readAttachments loads the files for sending; it touches the disk.
func readAttachments(list []attachment) ([]rfc822.DraftAttachment, error) {
	var out []rfc822.DraftAttachment
	total := int64(0)
	for _, a := range list {
		data := a.data
		if a.path != "" {
			f, err := os.Open(a.path)
			if err != nil {
				return nil, fmt.Errorf("the attachment %s cannot be read: %w", a.name, err)
			}
			data, err = io.ReadAll(io.LimitReader(f, maxAttachTotal-total+1))
			f.Close()
			if err != nil {
				return nil, fmt.Errorf("the attachment %s cannot be read: %w", a.name, err)
			}
		}
		total += int64(len(data))
		if total > maxAttachTotal {
			return nil, fmt.Errorf("the attachments are larger than %s", attach.HumanSize(maxAttachTotal))
		}
		out = append(out, rfc822.DraftAttachment{Filename: a.name, ContentType: a.ctype, Data: data})
	}
	return out, nil
}

// addPaths attaches local files: the disk is asked in a goroutine.
func (w *Window) addPaths(paths []string) {
	if len(paths) == 0 {
		return
	}
	go func() {
		list, problems := statFiles(paths)
		w.m.do(func() {
			if w.closed {
				return
			}
			w.atts = append(w.atts, list...)
			if len(problems) > 0 {
				w.status.SetText("Not attached: " + strings.Join(problems, "; "))
			}
			w.attachmentsChanged()
			w.m.emit("attached", w)
		})
	}()
}

// dropped attaches the local files dropped onto the window.
func (w *Window) dropped(_ fyne.Position, uris []fyne.URI) {
	var paths []string
	for _, u := range uris {
		if u != nil && u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	w.addPaths(paths)
}

// chooseFile opens the file dialog.
func (w *Window) chooseFile() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		u := r.URI()
		r.Close()
		if u.Scheme() == "file" {
			lastdir.Remember(w.m.deps.Prefs, u.Path())
			w.addPaths([]string{u.Path()})
		}
	}, w.win)
	lastdir.Start(d, w.m.deps.Prefs)
	d.Resize(fyne.NewSize(720, 480))
	w.showDialog(d)
}

func (w *Window) removeAttachment(i int) {
	if i < 0 || i >= len(w.atts) {
		return
	}
	w.atts = append(w.atts[:i:i], w.atts[i+1:]...)
	w.attachmentsChanged()
}

// attachmentsChanged redraws the list and the size warning.
func (w *Window) attachmentsChanged() {
	w.attachBox.RemoveAll()
	for i, a := range w.atts {
		rm := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { w.removeAttachment(i) })
		rm.Importance = widget.LowImportance
		w.attachBox.Add(container.NewHBox(widget.NewIcon(theme.FileIcon()),
			widget.NewLabel(oneLine(a.name)+" — "+attach.HumanSize(a.size)), rm))
	}
	w.attachBox.Refresh()
	w.checkSize()
	w.changed()
}

// oneLine keeps a file name on one short line.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1 // bidi overrides would disguise the name
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 60 {
		return string(r[:59]) + "…"
	}
	return s
}

// keepDataFiles stores the attachments that exist only in memory (a
// forward's, a message taken back) as files of the draft, in the
// background, so that the draft keeps them like chosen files: a draft
// file lists attachments by path.
func (w *Window) keepDataFiles() {
	type kept struct {
		name string
		size int64
		path string
	}
	var todo []attachment
	for _, a := range w.atts {
		if a.path == "" && a.data != nil {
			todo = append(todo, a)
		}
	}
	if len(todo) == 0 {
		return
	}
	store, id, log := w.m.deps.Backend.Drafts(), w.draftID, w.m.deps.Logger
	go func() {
		var done []kept
		for _, a := range todo {
			p, err := store.KeepFile(id, a.name, a.data)
			if err != nil {
				log.Warn("keeping an attachment with the draft failed", "err", err)
				continue
			}
			done = append(done, kept{a.name, a.size, p})
		}
		w.m.do(func() {
			for _, k := range done {
				for i := range w.atts {
					if a := &w.atts[i]; a.path == "" && a.data != nil && a.name == k.name && a.size == k.size {
						a.path = k.path
						break
					}
				}
			}
			w.m.emit("kept", w)
		})
	}()
}
