package compose

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"

	"wren/account"
	appsettings "wren/account/settings"
	"wren/transport/rfc822"
	"wren/ui/internal/lastdir"
)

// Timeouts of the composer's background work.
const (
	fetchTimeout    = 60 * time.Second
	sendTimeout     = 60 * time.Second
	lookupTimeout   = 5 * time.Second
	defaultLimit    = 25 << 20 // when the server names no SIZE
	draftDelay      = 2 * time.Second
	suggestDebounce = 150 * time.Millisecond
)

// Deps are the Manager's collaborators.
type Deps struct {
	Backend  Backend
	Accounts []account.Account
	// Settings give the undo-send delay (nil: the defaults).
	Settings *appsettings.File
	// Prefs keeps the folder files were last attached from (nil: the
	// home folder each time).
	Prefs  lastdir.Store
	Logger *slog.Logger
	// DraftDelay is the autosave delay (0: 2 s).
	DraftDelay time.Duration
	// Now is the clock of quoted dates (nil: time.Now).
	Now func() time.Time
}

// Manager opens composers and follows what they sent. It implements
// mailview.Composer. Use it on the UI goroutine only.
type Manager struct {
	app    fyne.App
	deps   Deps
	ctx    context.Context
	cancel context.CancelFunc
	parent fyne.Window
	bar    *bar
	// sent remembers each message sent in this run until it leaves the
	// queue, to reopen it on Undo.
	sent    map[int64]sentInfo
	windows map[*Window]bool
	outbox  *outboxView
	// lastExplained is the last failure shown (tests read it).
	lastExplained dialog.Dialog
	// recovered is the open recovered-drafts question.
	recovered *recoveredOffer

	// hook tells tests that background work reached the UI ("open",
	// "suggest", "attached", "limit", "sent", "closed", "outbox").
	hook func(event string, w *Window)
	doMu sync.Mutex
}

// sentInfo is what Undo needs beyond the draft the session gives back.
type sentInfo struct {
	account string
	attach  []attachment
	html    bool
}

// NewManager makes the Manager of app a over deps.Backend. It listens to
// outbox changes from now on.
func NewManager(a fyne.App, deps Deps) *Manager {
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	if deps.DraftDelay <= 0 {
		deps.DraftDelay = draftDelay
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	ctx, cancel := context.WithCancel(context.Background())
	m := &Manager{app: a, deps: deps, ctx: ctx, cancel: cancel, sent: map[int64]sentInfo{}, windows: map[*Window]bool{}}
	m.bar = newBar(m)
	deps.Backend.OnOutbox(m.outboxChanged)
	return m
}

// SetParent names the main window: explanations and the recovered-drafts
// offer show over it.
func (m *Manager) SetParent(w fyne.Window) { m.parent = w }

// Bar is the main window's sending line ("Sending in 10 s — Undo"), a
// layer to stack over the window's content: it floats at the bottom
// centre while it shows, so that nothing moves when a message is sent.
func (m *Manager) Bar() fyne.CanvasObject {
	return container.New(floatLayout{}, m.bar.box)
}

// floatLayout puts its object at its minimum size, centred, a little
// above the bottom (clear of the status lines).
type floatLayout struct{}

// floatMargin is the room left below the floating bar.
const floatMargin = 64

func (floatLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		m := o.MinSize()
		w := min(m.Width, size.Width)
		o.Resize(fyne.NewSize(w, m.Height))
		o.Move(fyne.NewPos((size.Width-w)/2, max(0, size.Height-m.Height-floatMargin)))
	}
}

func (floatLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.Size{} }

// Close stops background work; open composers save their drafts.
func (m *Manager) Close() {
	for w := range m.windows {
		w.flushNow()
	}
	m.cancel()
}

// New opens an empty composer from the first account's first identity.
func (m *Manager) New() {
	name, id := firstIdentity(m.deps.Accounts)
	m.open(name, rfc822.Draft{From: rfc822.Address{Name: id.Name, Address: id.Address}, Text: signatureText(id)}, nil)
}

// OpenDraft opens a composer on d, sent from account name.
func (m *Manager) OpenDraft(name string, d rfc822.Draft) *Window {
	return m.open(name, d, nil)
}

func (m *Manager) emit(event string, w *Window) {
	if m.hook != nil {
		m.hook(event, w)
	}
}

func (m *Manager) undoDelay() time.Duration {
	s := appsettings.Default()
	if m.deps.Settings != nil {
		s = m.deps.Settings.Get()
	}
	return time.Duration(s.UndoSendSeconds) * time.Second
}

// dialogParent is where a message without a composer shows: the main
// window, else any open composer.
func (m *Manager) dialogParent() fyne.Window {
	if m.parent != nil {
		return m.parent
	}
	for w := range m.windows {
		return w.win
	}
	return nil
}

// do runs f on the UI goroutine (fyne.Do). The mutex only matters where
// fyne.Do runs f at once on the calling goroutine (the test driver): it
// keeps two goroutines' results from being applied at the same time.
func (m *Manager) do(f func()) {
	m.doMu.Lock()
	defer m.doMu.Unlock()
	fyne.Do(f)
}
