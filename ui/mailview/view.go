package mailview

import (
	"context"
	"errors"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

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

	tree    *folderTree
	list    *messageList
	reader  *reader
	actions *actionBar
	search  *searchEntry
	status  *statusBar
	content fyne.CanvasObject

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
		statusLatest: map[string]imapsync.Status{},
	}
	v.tree = newFolderTree(v)
	v.list = newMessageList(v)
	v.reader = newReader()
	v.actions = newActionBar(v)
	v.search = newSearchEntry(v.runSearch, v.endSearch)
	v.status = newStatusBar(v, names)

	middle := container.NewBorder(v.list.bar, nil, nil, nil, v.list.widget)
	pane := container.NewBorder(v.actions.box, nil, nil, nil, v.reader.content)
	right := container.NewHSplit(middle, pane)
	right.Offset = 0.45
	all := container.NewHSplit(v.tree.widget, right)
	all.Offset = 0.22
	v.content = container.NewBorder(v.search, v.status.box, nil, nil, all)

	v.loadFolders()
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
		v.list.refresh() // the rows were cleared
	}
	base, st := v.listCtx, v.st
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
		v.list.reselect(v.selectedMsg)
	}
	v.actions.update()
}

// loadMore fetches the next page when one exists and none is loading.
func (v *View) loadMore() {
	if r, ok := v.model.More(); ok {
		v.startList(r)
	}
}

func (v *View) navigate(src Source) {
	v.selectedMsg = 0
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
		v.selectedMsg = 0
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
