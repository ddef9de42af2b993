package reader

import (
	"image"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wren/account/attach"
	"wren/account/render"
	"wren/account/settings"
	"wren/ui/internal/flow"
	"wren/ui/internal/lastdir"
)

// DefaultReadDelay is how long a message stays open before it is marked
// read: skimming past it with the arrow keys leaves it unread.
const DefaultReadDelay = 2 * time.Second

// Settings is where "always for this sender" is kept; *settings.File has
// it.
type Settings interface {
	Get() settings.Settings
	Save(settings.Settings) error
}

// Deps are the reader's collaborators; only App is required.
type Deps struct {
	App fyne.App
	// Window is the parent of dialogs (nil or returning nil: the app's
	// first window).
	Window func() fyne.Window
	// Settings keeps remote-content allowances (nil: kept in memory for
	// this run).
	Settings Settings
	// Spawn runs blocking work (default: a goroutine).
	Spawn func(func())
	// After runs f on the UI goroutine after d unless stop is called
	// first (default: time.AfterFunc with fyne.Do).
	After func(d time.Duration, f func()) (stop func())
	// ReadDelay before MarkRead (0: DefaultReadDelay).
	ReadDelay time.Duration
	// MarkRead marks the shown unread message read.
	MarkRead func()
	// Next and Previous move to the neighbouring message (nil: no buttons).
	Next, Previous func()
	// OpenURL opens a link or a file (default: App.OpenURL).
	OpenURL func(*url.URL) error
	// HTTP fetches remote pictures the user allowed (default: a client
	// with a short timeout).
	HTTP *http.Client
	// MaxShown caps the body text laid out at first (0: MaxShown).
	MaxShown int
	// TempParent is where the private folder for opened attachments goes
	// ("" is the system's temporary directory).
	TempParent string
	// Prefs keeps the folder attachments were last saved to (nil: the
	// home folder each time).
	Prefs lastdir.Store
	// OpenFile opens an attachment's copy with the desktop's program; it
	// blocks (default: OpenURL when the caller set one, else the
	// system's opener, which reports a file no program opened).
	OpenFile func(path string) error
	// RemoteOff, when set, says why remote content never loads here (the
	// demo: its addresses are made up); the load buttons are not offered.
	RemoteOff string
}

// Reader shows one message. Its methods run on the UI goroutine.
type Reader struct {
	deps Deps

	From, To, Cc, Date, Subject *widget.Label
	ccName                      *widget.Label
	header                      []headerRow
	// Trust line parts.
	Remote      *widget.Label
	LoadRemote  *widget.Button
	AlwaysLoad  *widget.Button
	LinkNote    *widget.Label
	SenderNotes *fyne.Container
	AuthNote    *widget.Label
	trust       *fyne.Container
	// Problem holds the explanation of a failed fetch.
	Problem *fyne.Container

	Body        *widget.RichText
	QuoteToggle *widget.Button
	ShowAll     *widget.Button
	Attachments *fyne.Container
	// Saved says where the last attachment was saved.
	Saved   *widget.Label
	Source  *widget.Button
	Browser *widget.Button
	NextBtn *widget.Button
	PrevBtn *widget.Button
	scroll  *container.Scroll
	Content fyne.CanvasObject

	cur        *Prepared
	gen        uint64
	hideQuotes bool
	showAll    bool
	pending    bool // a Load's body is being prepared
	stopRead   func()
	allowOnce  map[int64]bool // message IDs allowed for this run
	// remoteFailed counts the remote pictures of this showing that could
	// not be loaded.
	remoteFailed int

	tempMu sync.Mutex
	temp   *attach.Temp

	memMu   sync.Mutex
	senders map[string]bool // "always" allowances without a settings file

	// LastDialog is the dialog last shown (tests confirm or dismiss it).
	LastDialog interface {
		Show()
		Hide()
	}
	// onSaved is told the outcome of each save (tests).
	onSaved func(path string, err error)
	// LastWindow is the last "View source" window (tests read it).
	LastWindow fyne.Window
}

// New builds an empty reader.
func New(d Deps) *Reader {
	if d.Spawn == nil {
		d.Spawn = func(f func()) { go f() }
	}
	if d.After == nil {
		d.After = func(dur time.Duration, f func()) func() {
			t := time.AfterFunc(dur, func() { fyne.Do(f) })
			return func() { t.Stop() }
		}
	}
	if d.MaxShown <= 0 {
		d.MaxShown = MaxShown
	}
	if d.ReadDelay <= 0 {
		d.ReadDelay = DefaultReadDelay
	}
	if d.OpenFile == nil && d.OpenURL != nil {
		open := d.OpenURL
		d.OpenFile = func(path string) error { return open(&url.URL{Scheme: "file", Path: path}) }
	}
	if d.OpenURL == nil {
		d.OpenURL = d.App.OpenURL
	}
	if d.OpenFile == nil {
		d.OpenFile = systemOpener(d.OpenURL)
	}
	if d.HTTP == nil {
		d.HTTP = &http.Client{Timeout: remoteTimeout}
	}
	r := &Reader{deps: d, allowOnce: map[int64]bool{}, senders: map[string]bool{}}
	label := func(style fyne.TextStyle) *widget.Label {
		l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, style)
		l.Wrapping = fyne.TextWrapWord
		l.Selectable = true
		return l
	}
	r.From, r.To, r.Cc, r.Date = label(fyne.TextStyle{}), label(fyne.TextStyle{}), label(fyne.TextStyle{}), label(fyne.TextStyle{})
	r.Subject = label(fyne.TextStyle{Bold: true})
	// One two-column grid, so every value starts at the same place; the
	// Cc row is hidden (both cells) when there is none.
	name := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	}
	r.ccName = name("Cc")
	r.header = []headerRow{{name("From"), r.From}, {name("To"), r.To}, {r.ccName, r.Cc}, {name("Date"), r.Date}, {name("Subject"), r.Subject}}
	head := container.New(layout.NewFormLayout())
	for _, h := range r.header {
		head.Add(h.name)
		head.Add(h.value)
	}

	r.Remote = widget.NewLabel("")
	r.Remote.Wrapping = fyne.TextWrapWord
	r.LoadRemote = widget.NewButtonWithIcon("Load remote content", theme.DownloadIcon(), r.loadRemoteOnce)
	r.AlwaysLoad = widget.NewButton("Always for this sender", r.loadRemoteAlways)
	r.LinkNote = widget.NewLabel("")
	r.LinkNote.Wrapping = fyne.TextWrapWord
	r.SenderNotes = container.NewVBox()
	r.AuthNote = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	r.AuthNote.Wrapping = fyne.TextWrapWord
	r.trust = container.NewVBox(r.SenderNotes,
		r.Remote, flow.New(r.LoadRemote, r.AlwaysLoad), r.LinkNote, r.AuthNote)
	r.Problem = container.NewVBox()

	r.Body = widget.NewRichText()
	r.Body.Wrapping = fyne.TextWrapWord
	r.QuoteToggle = widget.NewButton("Hide quoted text", r.toggleQuotes)
	r.ShowAll = widget.NewButton("Show the whole message", r.showWhole)
	r.Attachments = container.NewVBox()
	r.Saved = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	r.Saved.Wrapping = fyne.TextWrapWord
	r.Source = widget.NewButtonWithIcon("View source", theme.DocumentIcon(), r.viewSource)
	r.Browser = widget.NewButtonWithIcon("Open in browser", theme.ComputerIcon(), r.openInBrowser)
	// Rows of buttons wrap in a narrow pane rather than widen it.
	tools := flow.New(r.Source, r.Browser)
	if d.Previous != nil {
		r.PrevBtn = widget.NewButtonWithIcon("Previous", theme.NavigateBackIcon(), d.Previous)
		tools.Add(r.PrevBtn)
	}
	if d.Next != nil {
		r.NextBtn = widget.NewButtonWithIcon("Next", theme.NavigateNextIcon(), d.Next)
		tools.Add(r.NextBtn)
	}
	top := container.NewVBox(head, r.trust, r.Problem, r.Attachments, r.Saved)
	body := container.NewVBox(r.Body, flow.New(r.QuoteToggle, r.ShowAll))
	r.scroll = container.NewVScroll(body)
	r.Content = container.NewBorder(container.NewVBox(top, tools, widget.NewSeparator()), nil, nil, nil, r.scroll)
	r.clear()
	return r
}

// Close stops the read timer and removes opened attachments' copies.
func (r *Reader) Close() {
	r.stopTimer()
	r.tempMu.Lock()
	defer r.tempMu.Unlock()
	if r.temp != nil {
		if err := r.temp.Close(); err != nil {
			logWarn("removing the temporary folder", err)
		}
		r.temp = nil
	}
}

// SetPrefs sets where the last save folder is kept (the profile's
// window state).
func (r *Reader) SetPrefs(p lastdir.Store) { r.deps.Prefs = p }

// SetRemoteOff says why remote content never loads in this reader ("":
// it may, as the user allows).
func (r *Reader) SetRemoteOff(why string) { r.deps.RemoteOff = why }

// SetSettings sets where "always for this sender" is kept (nil: memory).
func (r *Reader) SetSettings(s Settings) { r.deps.Settings = s }

// BodyText is the text the body shows now, paragraphs included.
func (r *Reader) BodyText() string {
	var b strings.Builder
	for _, s := range r.Body.Segments {
		writeText(&b, s)
	}
	return b.String()
}

func writeText(b *strings.Builder, s widget.RichTextSegment) {
	switch x := s.(type) {
	case *widget.ParagraphSegment:
		for _, t := range x.Texts {
			b.WriteString(t.Textual())
		}
		b.WriteString("\n")
	case *widget.ListSegment:
		for _, t := range x.Items {
			writeText(b, t)
		}
	default:
		b.WriteString(s.Textual())
		if !s.Inline() {
			b.WriteString("\n")
		}
	}
}

// Buttons are the reader's own buttons, shown or not (for tests that
// check where they are).
func (r *Reader) Buttons() []*widget.Button {
	out := []*widget.Button{r.LoadRemote, r.AlwaysLoad, r.Source, r.Browser, r.QuoteToggle, r.ShowAll}
	for _, b := range []*widget.Button{r.PrevBtn, r.NextBtn} {
		if b != nil {
			out = append(out, b)
		}
	}
	return out
}

// headerRow is one line of the header: its name and its value.
type headerRow struct {
	name, value *widget.Label
}

// HeaderValues are the header's shown values by name ("From", "To", …),
// for tests that check they line up.
func (r *Reader) HeaderValues() map[string]*widget.Label {
	out := map[string]*widget.Label{}
	for _, h := range r.header {
		if h.value.Visible() {
			out[h.name.Text] = h.value
		}
	}
	return out
}

// Pending says the shown message's body is still being prepared.
func (r *Reader) Pending() bool { return r.pending }

// Current is the message shown (nil: none).
func (r *Reader) Current() *Prepared { return r.cur }

// clear hides everything a message fills in.
func (r *Reader) clear() {
	for _, o := range []fyne.CanvasObject{r.ccName, r.Cc, r.LoadRemote, r.AlwaysLoad, r.Remote, r.LinkNote, r.AuthNote,
		r.QuoteToggle, r.ShowAll, r.Source, r.Browser, r.Saved} {
		o.Hide()
	}
	r.SenderNotes.RemoveAll()
	r.Problem.RemoveAll()
	r.Attachments.RemoveAll()
}

// Show displays p (from Prepare) and starts the read timer when the
// message is unread. A newer Show drops the results of an older one's
// background work.
func (r *Reader) Show(p *Prepared) {
	r.gen++
	r.pending = false
	r.stopTimer()
	r.hideQuotes, r.showAll = false, false
	r.display(p)
	r.scroll.ScrollToTop()
	if !p.Row.Flags.Seen && r.deps.MarkRead != nil {
		gen := r.gen
		r.stopRead = r.deps.After(r.deps.ReadDelay, func() {
			if gen == r.gen {
				r.deps.MarkRead()
			}
		})
	}
	r.trustedRemote(p)
}

// Load shows in: the header at once, the body when Prepare has rendered
// it in the background (a newer Load or Show drops the result).
func (r *Reader) Load(in Input) {
	if in.Msg == nil {
		r.Show(&Prepared{Input: in})
		return
	}
	r.Show(&Prepared{Input: Input{Row: in.Row, Text: in.Row.Snippet}})
	gen := r.gen
	r.pending = true
	r.deps.Spawn(func() {
		p := Prepare(in, false)
		fyne.Do(func() {
			if gen == r.gen {
				r.pending = false
				r.display(p)
				r.trustedRemote(p)
			}
		})
	})
}

// trustedRemote renders p again with remote content when the user trusts
// its sender (or allowed it for this message).
func (r *Reader) trustedRemote(p *Prepared) {
	if p.Doc != nil && !p.Remote && p.Doc.Remote.Count > 0 && r.remoteAllowed(p) {
		r.rerender(true)
	}
}

// display lays out p; the read timer and the generation stay.
func (r *Reader) display(p *Prepared) {
	r.cur = p
	r.clear()
	r.showHeader(p)
	r.showProblem(p)
	r.showTrust(p)
	r.showAttachments(p)
	r.Source.Show()
	r.Source.Enable()
	if p.Raw == nil {
		r.Source.Disable()
	}
	if p.Msg != nil && len(p.Msg.HTMLParts) > 0 {
		r.Browser.Show()
	}
	r.renderBody()
}

// Leave is called when the pane stops showing the message: its pending
// work and read timer stop.
func (r *Reader) Leave() {
	r.gen++
	r.stopTimer()
}

func (r *Reader) stopTimer() {
	if r.stopRead != nil {
		r.stopRead()
		r.stopRead = nil
	}
}

// renderBody fills the rich text from the current message.
func (r *Reader) renderBody() {
	p := r.cur
	if p == nil {
		return
	}
	if p.Doc == nil {
		r.Body.Segments = plainSegments(p.Text)
		r.Body.Refresh()
		return
	}
	limit := r.deps.MaxShown
	if r.showAll {
		limit = 0
	}
	res := buildBody(p.Doc, bodyOptions{
		hideQuotes: r.hideQuotes, limit: limit, link: r.openLink,
		image: func(b render.Block) image.Image { return p.Images[b.CID] },
	})
	r.Body.Segments = res.segs
	r.Body.Refresh()
	if res.quotes > 0 {
		r.QuoteToggle.SetText(pick(r.hideQuotes, "Show quoted text", "Hide quoted text"))
		r.QuoteToggle.Show()
	}
	if res.truncated {
		r.ShowAll.Show()
	} else {
		r.ShowAll.Hide()
	}
	if p.Remote {
		r.fetchRemoteImages(res.images)
	}
}

func (r *Reader) toggleQuotes() {
	r.hideQuotes = !r.hideQuotes
	r.renderBody()
}

func (r *Reader) showWhole() {
	r.showAll = true
	r.renderBody()
}

func pick(c bool, yes, no string) string {
	if c {
		return yes
	}
	return no
}

// window is the parent for dialogs.
func (r *Reader) window() fyne.Window {
	if r.deps.Window != nil {
		if w := r.deps.Window(); w != nil {
			return w
		}
	}
	if ws := r.deps.App.Driver().AllWindows(); len(ws) > 0 {
		return ws[0]
	}
	return r.deps.App.NewWindow("Wren")
}
