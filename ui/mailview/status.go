package mailview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"wren/account/imapsync"
	"wren/ui/explainview"
)

// statusBar holds one line per account.
type statusBar struct {
	v     *View
	box   *fyne.Container
	lines map[string]*statusLine
}

// statusLine is an account's state in words, a progress bar while
// syncing, and a button to the explanation of a failure.
type statusLine struct {
	text    *widget.Label
	bar     *widget.ProgressBar
	barBox  fyne.CanvasObject // gives the bar a readable width
	details *widget.Button
	row     *fyne.Container
	err     error
}

func newStatusBar(v *View, accounts []string) *statusBar {
	b := &statusBar{v: v, box: container.NewVBox(), lines: map[string]*statusLine{}}
	b.set(accounts)
	return b
}

// set shows one line per account, in order: lines of accounts kept stay
// as they are, new accounts get a fresh line, removed ones lose theirs.
func (b *statusBar) set(accounts []string) {
	keep := map[string]*statusLine{}
	b.box.Objects = nil
	for _, a := range accounts {
		l := b.lines[a]
		if l == nil {
			l = newStatusLine(b, a)
		}
		keep[a] = l
		b.box.Objects = append(b.box.Objects, l.row)
	}
	b.lines = keep
	b.box.Refresh()
}

func newStatusLine(b *statusBar, account string) *statusLine {
	l := &statusLine{text: widget.NewLabel(account), bar: widget.NewProgressBar()}
	l.barBox = container.NewGridWrap(fyne.NewSize(200, l.bar.MinSize().Height), l.bar)
	l.details = widget.NewButton("What happened?", func() { b.explain(l) })
	l.barBox.Hide()
	l.details.Hide()
	l.row = container.NewBorder(nil, nil, nil, container.NewHBox(l.barBox, l.details), l.text)
	return l
}

// SetStatus shows an account's sync status. It is safe from any goroutine
// and never blocks; bursts of progress collapse into one update per frame.
func (v *View) SetStatus(account string, s imapsync.Status) {
	v.statusMu.Lock()
	v.statusLatest[account] = s
	pending := v.statusPending
	v.statusPending = true
	v.statusMu.Unlock()
	if !pending {
		fyne.Do(v.flushStatus)
	}
}

func (v *View) flushStatus() {
	v.statusMu.Lock()
	latest := v.statusLatest
	v.statusLatest = map[string]imapsync.Status{}
	v.statusPending = false
	v.statusMu.Unlock()
	for a, s := range latest {
		v.applyStatus(a, s)
	}
}

// applyStatus shows s on the account's line (UI goroutine).
func (v *View) applyStatus(account string, s imapsync.Status) {
	l := v.status.lines[account]
	if l == nil {
		return
	}
	l.text.SetText(statusWords(account, s, v.now()))
	l.err = s.Err
	setShown(l.details, s.Err != nil)
	if s.State == imapsync.StateSyncing && s.Progress.Total > 0 {
		l.bar.Max = float64(s.Progress.Total)
		l.bar.SetValue(float64(s.Progress.Done))
		l.barBox.Show()
	} else {
		l.barBox.Hide()
	}
	l.row.Refresh() // lay out again for the parts shown or hidden
}

// explain opens the explanation of the line's failure over the window
// that shows the view.
func (b *statusBar) explain(l *statusLine) {
	if l.err == nil {
		return
	}
	w := b.v.window()
	if w == nil {
		return
	}
	explainview.Show(explainSync(l.err), w, b.v.app.Clipboard())
}

// window finds the window showing the view.
func (v *View) window() fyne.Window {
	c := v.app.Driver().CanvasForObject(v.content)
	for _, w := range v.app.Driver().AllWindows() {
		if w.Canvas() == c {
			return w
		}
	}
	return nil
}
