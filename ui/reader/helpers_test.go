package reader

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"wren/account/settings"
	"wren/account/store"
	"wren/transport/rfc822"
)

// timer is one scheduled mark-read.
type timer struct {
	d       time.Duration
	f       func()
	stopped bool
}

// harness is a reader in a test window with every collaborator recorded.
// Background work runs inline, so results are there when a call returns.
type harness struct {
	r      *Reader
	w      fyne.Window
	opened []*url.URL
	timers []*timer
	reads  int
	next   int
	prev   int
}

func newHarness(t *testing.T, opts ...func(*Deps)) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	h := &harness{}
	d := Deps{
		App:   a,
		Spawn: func(f func()) { f() },
		After: func(d time.Duration, f func()) func() {
			tm := &timer{d: d, f: f}
			h.timers = append(h.timers, tm)
			return func() { tm.stopped = true }
		},
		MarkRead:   func() { h.reads++ },
		Next:       func() { h.next++ },
		Previous:   func() { h.prev++ },
		OpenURL:    func(u *url.URL) error { h.opened = append(h.opened, u); return nil },
		TempParent: t.TempDir(),
	}
	for _, o := range opts {
		o(&d)
	}
	h.r = New(d)
	t.Cleanup(h.r.Close)
	h.w = test.NewTempWindow(t, h.r.Content)
	h.w.Resize(fyne.NewSize(900, 700))
	h.r.deps.Window = func() fyne.Window { return h.w }
	return h
}

// parse reads a message written with LF line endings.
func parse(t testing.TB, raw string) (*rfc822.Message, []byte) {
	t.Helper()
	b := []byte(strings.ReplaceAll(raw, "\n", "\r\n"))
	m, err := rfc822.Parse(bytes.NewReader(b), rfc822.Limits{})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return m, b
}

var nextID int64

// load shows raw as message id (unread unless seen).
func (h *harness) load(t testing.TB, raw string, seen bool) {
	t.Helper()
	m, b := parse(t, raw)
	nextID++
	row := store.Message{ID: nextID, Subject: m.Subject, Flags: store.Flags{Seen: seen}}
	if len(m.From) > 0 {
		row.From = store.Address{Name: m.From[0].Name, Addr: m.From[0].Address}
	}
	h.r.Load(Input{Row: row, Msg: m, Raw: b})
}

// links lists the hyperlink segments of the body.
func (h *harness) links() []*widget.HyperlinkSegment {
	var out []*widget.HyperlinkSegment
	for _, s := range h.r.Body.Segments {
		p, ok := s.(*widget.ParagraphSegment)
		if !ok {
			continue
		}
		for _, x := range p.Texts {
			if l, ok := x.(*widget.HyperlinkSegment); ok {
				out = append(out, l)
			}
		}
	}
	return out
}

// memSettings is a settings file in memory.
type memSettings struct {
	s     settings.Settings
	saves int
}

func (m *memSettings) Get() settings.Settings { return m.s }
func (m *memSettings) Save(s settings.Settings) error {
	m.s = s
	m.saves++
	return nil
}

func labelsUnder(o fyne.CanvasObject) []string {
	var out []string
	for _, x := range test.LaidOutObjects(o) {
		if l, ok := x.(*widget.Label); ok && l.Visible() {
			out = append(out, l.Text)
		}
	}
	return out
}
