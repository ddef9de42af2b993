package mailview

import (
	"context"
	"errors"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"wren/account"
	"wren/account/imapsync"
	"wren/account/store"
)

// View is the main window's content. Build it with New, put Content in a
// window, feed it SetStatus and Refresh from the sync side, and Close it
// when the window goes.
type View struct {
	app      fyne.App
	st       Store
	accounts []string
	now      func() time.Time
	// spawn runs blocking work off the UI goroutine (tests replace it).
	spawn func(func())

	ctx    context.Context
	cancel context.CancelFunc

	model       Model
	listCtx     context.Context // the current list's queries
	listCancel  context.CancelFunc
	msgCancel   context.CancelFunc
	msgGen      uint64
	folderGen   uint64
	folders     FolderSnapshot
	selectedMsg int64
	fetcher     TextFetcher
	// advanceFrom is the list row of a message the user's action is
	// taking out of the list (-1: none): the pane moves on to the row
	// that takes its place.
	advanceFrom int
	// openFirst opens the first row of the next list (OpenFirst).
	openFirst bool

	cmds     []*command
	menu     *fyne.MainMenu
	composer Composer
	syncer   Syncer
	// transferer imports and exports (nil: the menu items are off).
	transferer Transferer
	lastForm   *transferForm // the import or export dialog last opened (tests)
	hooks      Hooks
	onUnread   func(int)
	lastMove   *moveDialog // the Move to… dialog last opened (tests)
	// lastShortcuts is the Keyboard shortcuts list last shown (tests).
	lastShortcuts fyne.CanvasObject
	sheetScroll   *container.Scroll // around the shortcuts sheet last shown
	sheetDlg      dialog.Dialog
	// dialog is the dialog the view has open (nil: none), which Escape
	// closes.
	dialog dialog.Dialog

	tree    *folderTree
	list    *messageList
	reader  *reader
	prefs   Prefs         // the theme and the reader's save folder
	empty   *widget.Label // the pane without a message
	actions *actionBar
	// tips draws the toolbar's tooltips; morePopup is the overflow menu
	// while it is open.
	tips      *tipLayer
	morePopup *widget.PopUpMenu
	moreMenu  *fyne.Menu
	search    *searchEntry
	status    *statusBar
	content   fyne.CanvasObject
	// left splits the folders from the rest, right the list from the pane.
	left, right *container.Split

	statusMu      sync.Mutex
	statusLatest  map[string]imapsync.Status
	statusPending bool
}

// New builds the view over st for accounts and starts loading the folders
// and the unified inbox. Call it on the UI goroutine (or before the app
// runs).
func New(app fyne.App, st Store, accounts []account.Account) *View {
	return newView(app, st, accounts, func(f func()) { go f() })
}

// newView is New with the way blocking work is started.
func newView(app fyne.App, st Store, accounts []account.Account, spawn func(func())) *View {
	names := make([]string, len(accounts))
	for i, a := range accounts {
		names[i] = a.Name
	}
	ctx, cancel := context.WithCancel(context.Background())
	v := &View{
		app: app, st: st, accounts: names, now: time.Now,
		spawn: spawn,
		ctx:   ctx, cancel: cancel,
		advanceFrom:  -1,
		statusLatest: map[string]imapsync.Status{},
	}
	v.tree = newFolderTree(v)
	v.list = newMessageList(v)
	v.reader = newReader(v)
	v.SetPrefs(nil)
	v.actions = newActionBar(v)
	v.search = newSearchEntry(v.runSearch, v.endSearch)
	v.status = newStatusBar(v, names)
	v.cmds = v.newCommands()
	v.tips = newTipLayer()
	v.actions.build(v.search)
	v.empty = widget.NewLabelWithStyle("No message selected", fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	v.reader.content.Hide()

	middle := container.NewBorder(v.list.bar, nil, nil, nil, v.list.keys) // the list with its keys (keys.go)
	// The reader wraps to the pane: only a wide picture scrolls, inside
	// itself (ui/reader).
	pane := container.NewStack(v.reader.content, container.NewCenter(v.empty))
	v.right = container.NewHSplit(middle, pane)
	v.right.Offset = 0.45
	v.left = container.NewHSplit(v.tree.widget, v.right)
	v.left.Offset = 0.22
	v.content = container.NewStack(container.NewBorder(v.actions.bar.box, v.status.box, nil, nil, v.left), v.tips.box)
	v.updateCommands()

	v.loadFolders()
	v.tree.highlight(Source{Kind: SourceUnified})
	v.startList(v.model.Navigate(Source{Kind: SourceUnified}))
	return v
}

// Content is the window's content.
func (v *View) Content() fyne.CanvasObject { return v.content }

// SetFetcher lets the reading pane fetch text the store has not cached
// (call it on the UI goroutine, before or after the window shows).
func (v *View) SetFetcher(f TextFetcher) { v.fetcher = f }

// Close stops every query the view has running.
func (v *View) Close() { v.cancel() }

// Refresh reloads the folders and the current list, e.g. after a sync.
// It is safe from any goroutine and returns at once; ctx bounds the
// reload's queries (pages scrolled to later are not bound by it).
func (v *View) Refresh(ctx context.Context) {
	fyne.Do(func() {
		if ctx.Err() != nil {
			return
		}
		v.loadFoldersCtx(ctx)
		v.startListCtx(ctx, v.model.Reload())
	})
}

func (v *View) loadFolders() { v.loadFoldersCtx(v.ctx) }

func (v *View) loadFoldersCtx(parent context.Context) {
	v.folderGen++
	gen, accounts, st := v.folderGen, v.accounts, v.st
	ctx := v.ctx
	v.spawn(func() {
		ctx, stop := joinContexts(ctx, parent)
		defer stop()
		snap := fetchFolders(ctx, st, gen, accounts)
		fyne.Do(func() { v.applyFolders(snap) })
	})
}

// applyFolders shows a folder snapshot unless a newer load started since.
func (v *View) applyFolders(s FolderSnapshot) {
	if s.Gen != v.folderGen {
		return
	}
	if s.Err != nil {
		logErr("folders", s.Err)
		return
	}
	v.folders = s
	v.tree.refresh()
	if v.onUnread != nil {
		v.onUnread(s.UnifiedUnread)
	}
	v.actions.update() // the folder roles decide Archive, Delete and Junk
}

func (v *View) startList(r Request) { v.startListCtx(v.ctx, r) }

// startListCtx runs r. A new list (not a further page) cancels the
// queries of the previous one; parent bounds only this query, so pages
// loaded later do not die with a caller's short context.
func (v *View) startListCtx(parent context.Context, r Request) {
	if !r.Append {
		if v.listCancel != nil {
			v.listCancel()
		}
		v.listCtx, v.listCancel = context.WithCancel(v.ctx)
		v.list.refresh() // the rows may have been cleared
	}
	base, st := v.listCtx, v.st
	r.Accounts = v.accounts
	v.spawn(func() {
		ctx, stop := joinContexts(base, parent)
		defer stop()
		snap := fetch(ctx, st, r)
		fyne.Do(func() { v.applyList(snap) })
	})
}

// applyList shows a list snapshot; stale ones are dropped.
func (v *View) applyList(s ListSnapshot) {
	if !v.model.Apply(s) {
		return
	}
	if s.Err != nil && !errors.Is(s.Err, store.ErrBadQuery) && !errors.Is(s.Err, context.Canceled) {
		logErr("list", s.Err)
	}
	v.list.refresh()
	if !s.Append {
		v.followSelection(s.Err)
		v.list.reselect(v.selectedMsg)
		if v.openFirst && len(v.model.Rows()) > 0 {
			v.openFirst = false
			v.list.widget.Select(0) // loads it, as a click does
		}
	}
	v.actions.update()
}

// followSelection keeps the reading pane in step with a reloaded list:
// when the open message left it, the pane shows the message that took its
// row after the user's own move (archive, delete, junk, Move to…), and
// clears otherwise. It never shows a message the list no longer has.
func (v *View) followSelection(err error) {
	from := v.advanceFrom
	v.advanceFrom = -1
	if v.selectedMsg == 0 || err != nil || v.rowIndex(v.selectedMsg) >= 0 {
		return
	}
	rows := v.model.Rows()
	if from < 0 || len(rows) == 0 {
		v.clearPane()
		return
	}
	i := min(from, len(rows)-1)
	v.list.quiet = true
	v.list.widget.UnselectAll()
	v.list.quiet = false
	v.list.widget.Select(i) // loads it, as a click does
}

// clearPane empties the reading pane and drops any load in flight.
func (v *View) clearPane() {
	// The generation changes before the cancel, so a load that sees the
	// cancel also sees that it is stale.
	v.msgGen++
	if v.msgCancel != nil {
		v.msgCancel()
	}
	v.selectedMsg = 0
	v.reader.content.Hide()
	v.empty.Show()
	v.list.quiet = true
	v.list.widget.UnselectAll()
	v.list.quiet = false
}

// rowIndex is the list row of message id, or -1.
func (v *View) rowIndex(id int64) int {
	for i, m := range v.model.Rows() {
		if m.ID == id {
			return i
		}
	}
	return -1
}

// OnUnread is told the unread count of all inboxes after each folder
// load, on the UI goroutine (the tray shows it).
func (v *View) OnUnread(f func(int)) { v.onUnread = f }

// loadMore fetches the next page when one exists and none is loading.
func (v *View) loadMore() {
	if r, ok := v.model.More(); ok {
		v.startList(r)
	}
}

func (v *View) navigate(src Source) {
	v.clearPane()
	v.tree.highlight(src)
	v.startList(v.model.Navigate(src))
	v.list.widget.UnselectAll()
	v.actions.update()
	v.list.widget.ScrollToTop()
}

func (v *View) runSearch(q string) {
	if q == "" {
		v.endSearch()
		return
	}
	v.navigate(Source{Kind: SourceSearch, Query: q})
}

func (v *View) endSearch() {
	if r, ok := v.model.EndSearch(); ok {
		v.clearPane()
		v.tree.highlight(v.model.Source())
		v.startList(r)
		v.list.widget.UnselectAll()
		v.actions.update()
	}
}

// selectMessage loads one message into the reading pane.
func (v *View) selectMessage(id int64) {
	if v.msgCancel != nil {
		v.msgCancel()
	}
	v.msgGen++
	v.selectedMsg = id
	v.actions.update()
	gen, st, fetch := v.msgGen, v.st, v.fetcher
	ctx, stop := context.WithCancel(v.ctx)
	v.msgCancel = stop
	v.spawn(func() {
		snap := fetchMessage(ctx, st, fetch, gen, id)
		fyne.Do(func() { v.applyMessage(snap) })
	})
}

// applyMessage shows a message unless another was selected since.
func (v *View) applyMessage(s MessageSnapshot) {
	if s.Gen != v.msgGen {
		return
	}
	if s.Err != nil {
		logErr("message", s.Err)
	}
	v.empty.Hide()
	v.reader.content.Show()
	v.reader.show(s)
}

// joinContexts is a context cancelled when either parent is.
func joinContexts(a, b context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(a)
	if b == a || b == nil {
		return ctx, cancel
	}
	stop := context.AfterFunc(b, cancel)
	return ctx, func() { stop(); cancel() }
}
