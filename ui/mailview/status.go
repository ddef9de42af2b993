package mailview

import (
	"time"

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
	// checking: Get mail was asked at this time and its sync has not
	// reported back yet (or not long enough ago to be seen).
	checking  time.Time
	checkShow bool // the "checking" words have been up long enough
	last      imapsync.Status
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
	l.last = s
	if !l.checking.IsZero() {
		switch {
		case s.State == imapsync.StateSyncing && s.Progress.Total > 0: // new mail coming: its progress shows
		case s.State == imapsync.StateSyncing,
			s.State == imapsync.StateOnline && (!l.checkShow || s.LastSynced.Before(l.checking)):
			return // not done yet, or done too soon to be seen: "checking" stays
		default:
			l.checking = time.Time{}
		}
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

// checkSeen is the least time "checking for new mail" stays up: a check
// of a quiet mailbox takes a few milliseconds, and words that flash by
// unseen look like nothing happened.
const checkSeen = 800 * time.Millisecond

// afterCheck runs f on the UI goroutine after d (tests run it at once).
var afterCheck = func(d time.Duration, f func()) { time.AfterFunc(d, func() { fyne.Do(f) }) }

// showChecking says on each account's line that Get mail is checking,
// until its sync reports back (and at least checkSeen).
func (b *statusBar) showChecking(accounts []string) {
	for _, a := range accounts {
		l := b.lines[a]
		if l == nil {
			continue
		}
		l.checking, l.checkShow = b.v.now(), false
		l.text.SetText(a + ": checking for new mail…")
		l.row.Refresh()
		afterCheck(checkSeen, func() {
			l.checkShow = true
			if l.last.State == imapsync.StateOnline && !l.last.LastSynced.Before(l.checking) {
				b.v.applyStatus(a, l.last)
			}
		})
	}
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
