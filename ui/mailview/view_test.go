package mailview

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wren/account/imapsync"
	"wren/account/store"
	"wren/transport"
)

func TestFoldersAndCountsShown(t *testing.T) {
	f := newFixture(t, standard(t), "work")
	texts := labelTexts(f.v.tree.widget)
	for _, want := range []string{"Unified Inbox", "work", "Inbox", "Sent", "Projects", "2"} {
		if !slices.Contains(texts, want) {
			t.Errorf("folder pane labels %q lack %q", texts, want)
		}
	}
	got := f.v.tree.children(accountID("work"))
	want := []string{folderNodeID("work", "INBOX"), folderNodeID("work", "Sent Items"), folderNodeID("work", "Projects")}
	if !slices.Equal(got, want) {
		t.Errorf("folders in order %q, want %q", got, want)
	}
	if f.v.folders.UnifiedUnread != 2 {
		t.Errorf("unified unread = %d, want 2", f.v.folders.UnifiedUnread)
	}
	if _, _, n := f.v.tree.node(folderNodeID("work", "INBOX")); n != 2 {
		t.Errorf("inbox unread = %d, want 2", n)
	}
}

func TestStartsOnUnifiedInbox(t *testing.T) {
	st := standard(t)
	mustFolder(t, st, "home", "INBOX", store.RoleInbox)
	mustUpsert(t, st, "home", "INBOX", msg(10, "Dave", "Garden", false))
	f := newFixture(t, st, "work", "home")
	if got := subjects(f.v.model.Rows()); !slices.Equal(got, []string{"Garden", "Invoice 3", "Quarterly report", "Lunch on Friday"}) {
		t.Errorf("unified inbox = %q", got)
	}
	if f.v.folders.UnifiedUnread != 3 {
		t.Errorf("unified unread = %d, want 3", f.v.folders.UnifiedUnread)
	}
}

func TestSelectFolderListsNewestFirst(t *testing.T) {
	f := newFixture(t, standard(t), "work")
	f.v.tree.widget.Select(folderNodeID("work", "INBOX"))
	if n := f.q.run(); n != 1 {
		t.Fatalf("selecting a folder ran %d queries, want 1", n)
	}
	if got := subjects(f.v.model.Rows()); !slices.Equal(got, []string{"Invoice 3", "Quarterly report", "Lunch on Friday"}) {
		t.Fatalf("rows = %q, want newest first", got)
	}
	if f.v.list.widget.Length() != 3 {
		t.Errorf("list length = %d, want 3", f.v.list.widget.Length())
	}
	texts := labelTexts(f.v.list.keys)
	for _, want := range []string{"Carol", "Invoice 3", "Alice"} {
		if !slices.Contains(texts, want) {
			t.Errorf("list labels %q lack %q", texts, want)
		}
	}
	if f.v.list.info.Text != "3 messages" {
		t.Errorf("info = %q", f.v.list.info.Text)
	}

	f.v.tree.widget.Select(folderNodeID("work", "Sent Items"))
	f.q.run()
	if got := subjects(f.v.model.Rows()); !slices.Equal(got, []string{"Re: Lunch"}) {
		t.Errorf("sent rows = %q", got)
	}
}

func TestUnreadRowsBold(t *testing.T) {
	f := newFixture(t, standard(t), "work")
	f.v.tree.widget.Select(folderNodeID("work", "INBOX"))
	f.q.run()
	bold := map[string]bool{}
	for _, o := range test.LaidOutObjects(f.v.list.keys) {
		if l, ok := o.(*widget.Label); ok {
			bold[l.Text] = l.TextStyle.Bold
		}
	}
	if !bold["Invoice 3"] || bold["Lunch on Friday"] {
		t.Errorf("bold = %v, want unread Invoice 3 bold and read Lunch plain", bold)
	}
}

func TestUnreadFilter(t *testing.T) {
	f := newFixture(t, standard(t), "work")
	f.v.tree.widget.Select(folderNodeID("work", "INBOX"))
	f.q.run()
	f.v.list.unread.SetChecked(true)
	f.q.run()
	if got := subjects(f.v.model.Rows()); !slices.Equal(got, []string{"Invoice 3", "Quarterly report"}) {
		t.Fatalf("unread rows = %q", got)
	}
	if f.v.list.widget.Length() != 2 {
		t.Errorf("list length = %d, want 2", f.v.list.widget.Length())
	}
	f.v.list.unread.SetChecked(false)
	f.q.run()
	if f.v.list.widget.Length() != 3 {
		t.Errorf("without the filter the list has %d rows, want 3", f.v.list.widget.Length())
	}
}

func TestFlaggedAndAttachmentFilters(t *testing.T) {
	st := standard(t)
	m := msg(4, "Eve", "Contract", true)
	m.Flags.Flagged = true
	n := msg(5, "Frank", "Photos", true)
	n.HasAttachment = true
	mustUpsert(t, st, "work", "INBOX", m, n)
	f := newFixture(t, st, "work")
	f.v.tree.widget.Select(folderNodeID("work", "INBOX"))
	f.q.run()
	f.v.list.flagged.SetChecked(true)
	f.q.run()
	if got := subjects(f.v.model.Rows()); !slices.Equal(got, []string{"Contract"}) {
		t.Errorf("flagged rows = %q", got)
	}
	f.v.list.flagged.SetChecked(false)
	f.v.list.attach.SetChecked(true)
	f.q.run()
	if got := subjects(f.v.model.Rows()); !slices.Equal(got, []string{"Photos"}) {
		t.Errorf("attachment rows = %q", got)
	}
}

func TestSortBySender(t *testing.T) {
	f := newFixture(t, standard(t), "work")
	f.v.tree.widget.Select(folderNodeID("work", "INBOX"))
	f.q.run()
	f.v.list.sort.SetSelected(sortSender)
	f.q.run()
	if got := subjects(f.v.model.Rows()); !slices.Equal(got, []string{"Lunch on Friday", "Quarterly report", "Invoice 3"}) {
		t.Errorf("by sender = %q", got)
	}
}

func TestSelectMessageShowsHeaders(t *testing.T) {
	st := standard(t)
	f := newFixture(t, st, "work")
	f.v.tree.widget.Select(folderNodeID("work", "INBOX"))
	f.q.run()
	id := f.v.model.Rows()[0].ID
	body := "Hello,\n\nplease pay **now** [here](https://evil.example/)."
	if err := st.PutPart(ctxT(t), id, store.Part{ID: "1", ContentType: "text/plain; charset=utf-8", Size: int64(len(body))}, []byte(body)); err != nil {
		t.Fatalf("PutPart: %v", err)
	}
	f.v.list.widget.Select(0)
	f.q.run()
	r := f.v.reader
	if r.from.Text != "Carol <carol@example.com>" || r.to.Text != "Me <me@wren.test>" || r.subject.Text != "Invoice 3" {
		t.Errorf("headers from=%q to=%q subject=%q", r.from.Text, r.to.Text, r.subject.Text)
	}
	if r.date.Text != fullDate(t0.Add(3*time.Minute)) {
		t.Errorf("date = %q", r.date.Text)
	}
	var got []string
	for _, s := range r.body.Segments {
		ts, ok := s.(*widget.TextSegment)
		if !ok {
			t.Fatalf("body segment %T, want only text", s)
		}
		got = append(got, ts.Text)
	}
	// The Markdown stays literal text: no link or bold segment.
	if !slices.Equal(got, []string{"Hello,", "please pay **now** [here](https://evil.example/)."}) {
		t.Errorf("body segments = %q", got)
	}

	f.v.list.widget.Select(2)
	f.q.run()
	if r.subject.Text != "Lunch on Friday" || r.from.Text != "Alice <alice@example.com>" {
		t.Errorf("after selecting another: from=%q subject=%q", r.from.Text, r.subject.Text)
	}
}

func TestSnippetShownWithoutCachedBody(t *testing.T) {
	st := standard(t)
	f := newFixture(t, st, "work")
	f.v.tree.widget.Select(folderNodeID("work", "INBOX"))
	f.q.run()
	if err := st.SetBodyText(ctxT(t), f.v.model.Rows()[1].ID, "The numbers look good this quarter."); err != nil {
		t.Fatalf("SetBodyText: %v", err)
	}
	f.v.list.widget.Select(1)
	f.q.run()
	if len(f.v.reader.body.Segments) != 1 || f.v.reader.body.String() != "The numbers look good this quarter." {
		t.Errorf("body = %q", f.v.reader.body.String())
	}
}

func TestSearchShowsResultsAndEscapeReturns(t *testing.T) {
	f := newFixture(t, standard(t), "work")
	f.v.tree.widget.Select(folderNodeID("work", "INBOX"))
	f.q.run()
	test.Type(f.v.search, "invoice")
	f.v.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f.q.run()
	if got := subjects(f.v.model.Rows()); !slices.Equal(got, []string{"Invoice 3"}) {
		t.Fatalf("search rows = %q", got)
	}
	if f.v.model.Source().Kind != SourceSearch {
		t.Errorf("source = %+v, want a search", f.v.model.Source())
	}
	f.v.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	f.q.run()
	if f.v.search.Text != "" {
		t.Errorf("search text after Escape = %q", f.v.search.Text)
	}
	want := Source{Kind: SourceFolder, Account: "work", Folder: "INBOX"}
	if f.v.model.Source() != want || f.v.list.widget.Length() != 3 {
		t.Errorf("after Escape: source %+v with %d rows, want the inbox with 3", f.v.model.Source(), f.v.list.widget.Length())
	}
}

func TestSearchClearedReturnsAndFiltersApply(t *testing.T) {
	f := newFixture(t, standard(t), "work")
	f.v.tree.widget.Select(folderNodeID("work", "Sent Items"))
	f.q.run()
	test.Type(f.v.search, "from:alice OR")
	f.v.search.SetText("lunch")
	f.v.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f.q.run()
	if got := subjects(f.v.model.Rows()); !slices.Equal(got, []string{"Re: Lunch", "Lunch on Friday"}) {
		t.Fatalf("search rows = %q", got)
	}
	f.v.list.unread.SetChecked(true)
	f.q.run()
	if n := len(f.v.model.Rows()); n != 0 {
		t.Errorf("unread filter on search: %d rows, want 0", n)
	}
	f.v.list.unread.SetChecked(false)
	f.v.search.SetText("")
	f.q.run()
	want := Source{Kind: SourceFolder, Account: "work", Folder: "Sent Items"}
	if f.v.model.Source() != want || len(f.v.model.Rows()) != 1 {
		t.Errorf("after clearing: %+v with %d rows", f.v.model.Source(), len(f.v.model.Rows()))
	}
}

func TestBadSearchShowsError(t *testing.T) {
	f := newFixture(t, standard(t), "work")
	f.v.search.SetText("before:yesterdayish")
	f.v.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f.q.run()
	if !errors.Is(f.v.model.Err(), store.ErrBadQuery) {
		t.Errorf("model error = %v, want ErrBadQuery", f.v.model.Err())
	}
	if !strings.Contains(f.v.list.info.Text, "not understood") || strings.Contains(f.v.list.info.Text, "yesterdayish") {
		t.Errorf("info = %q", f.v.list.info.Text)
	}
}

func TestStatusErrorOpensExplanation(t *testing.T) {
	f := newFixture(t, standard(t), "work")
	err := &transport.Error{Code: transport.CodeCertExpired, Protocol: transport.ProtoIMAP, Server: "imap.example.com:993"}
	f.v.SetStatus("work", imapsync.Status{State: imapsync.StateError, Err: err})
	line := f.v.status.lines["work"]
	e := explainSync(err)
	if e.Title == "" || line.text.Text != "work: "+e.Title {
		t.Fatalf("status line = %q, want the explanation title %q", line.text.Text, e.Title)
	}
	if strings.Contains(line.text.Text, err.Error()) {
		t.Errorf("status line shows the raw error: %q", line.text.Text)
	}
	if !line.details.Visible() {
		t.Fatal("no button to the explanation")
	}
	if f.w.Canvas().Overlays().Top() != nil {
		t.Fatal("an overlay is open before the click")
	}
	test.Tap(line.details)
	top := f.w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("the click opened no dialog")
	}
	texts := labelTexts(top)
	if !slices.Contains(texts, e.Title) || !slices.ContainsFunc(texts, func(s string) bool { return s == "What to do: "+e.Fix }) {
		t.Errorf("dialog labels %q lack the explanation", texts)
	}

	f.v.SetStatus("work", imapsync.Status{State: imapsync.StateOnline})
	if line.text.Text != "work: online" || line.details.Visible() {
		t.Errorf("online: %q, details shown %v", line.text.Text, line.details.Visible())
	}
}

func TestStatusSyncingShowsProgress(t *testing.T) {
	f := newFixture(t, standard(t), "work", "home")
	f.v.SetStatus("home", imapsync.Status{State: imapsync.StateSyncing,
		Progress: imapsync.Progress{Folder: "INBOX", Done: 40, Total: 100}})
	l := f.v.status.lines["home"]
	if !strings.HasPrefix(l.text.Text, "home: syncing INBOX, 40 of 100") {
		t.Errorf("status = %q", l.text.Text)
	}
	if !l.barBox.Visible() || l.bar.Value != 40 || l.bar.Max != 100 {
		t.Errorf("bar visible %v value %v max %v", l.barBox.Visible(), l.bar.Value, l.bar.Max)
	}
	if f.v.status.lines["work"].text.Text != "work" {
		t.Errorf("the other account's line changed: %q", f.v.status.lines["work"].text.Text)
	}
}

// SetStatus is called from the sync's goroutines; concurrent calls must
// coalesce without losing the last status.
func TestSetStatusFromGoroutines(t *testing.T) {
	f := newFixture(t, standard(t), "work")
	var wg sync.WaitGroup
	var mu sync.Mutex // the test driver runs fyne.Do inline: serialise as the real loop would
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			f.v.SetStatus("work", imapsync.Status{State: imapsync.StateSyncing,
				Progress: imapsync.Progress{Done: i, Total: 10}})
		}()
	}
	wg.Wait()
	f.v.SetStatus("work", imapsync.Status{State: imapsync.StateOnline})
	if got := f.v.status.lines["work"].text.Text; got != "work: online" {
		t.Errorf("status = %q", got)
	}
}

func TestPagingLoadsNextPage(t *testing.T) {
	st := openStore(t)
	mustFolder(t, st, "work", "INBOX", store.RoleInbox)
	mustUpsert(t, st, "work", "INBOX", many(500, "Sender")...)
	f := newFixture(t, st, "work")
	f.v.tree.widget.Select(folderNodeID("work", "INBOX"))
	f.q.run()
	if n := f.v.list.widget.Length(); n != PageSize || !f.v.model.HasMore() {
		t.Fatalf("first page: %d rows (more %v), want %d and more", n, f.v.model.HasMore(), PageSize)
	}
	if got := f.v.model.Rows()[0].Subject; got != "Message 500" {
		t.Errorf("first row %q, want the newest", got)
	}
	for page := 2; page <= 5; page++ {
		f.v.list.widget.ScrollToBottom()
		f.v.list.widget.ScrollToBottom() // a second scroll must not load the page twice
		if len(f.q.fns) != 1 {
			t.Fatalf("page %d: %d queries queued after scrolling to the end, want 1", page, len(f.q.fns))
		}
		f.q.run()
		if n := f.v.list.widget.Length(); n != page*PageSize {
			t.Fatalf("page %d: %d rows, want %d", page, n, page*PageSize)
		}
	}
	if f.v.model.HasMore() {
		t.Error("more pages after all 500 rows")
	}
	rows := f.v.model.Rows()
	seen := map[int64]bool{}
	for i, m := range rows {
		if seen[m.ID] {
			t.Fatalf("row %d repeats message %d", i, m.ID)
		}
		seen[m.ID] = true
		if i > 0 && m.Date.After(rows[i-1].Date) {
			t.Fatalf("row %d is newer than row %d", i, i-1)
		}
	}
	f.v.list.widget.ScrollToBottom()
	if len(f.q.fns) != 0 {
		t.Errorf("%d queries queued past the last page", len(f.q.fns))
	}
}

func TestStaleListDropped(t *testing.T) {
	f := newFixture(t, standard(t), "work")
	f.v.tree.widget.Select(folderNodeID("work", "INBOX"))
	inbox := f.q.fns
	f.q.fns = nil
	f.v.tree.widget.Select(folderNodeID("work", "Sent Items"))
	f.q.run()
	for _, fn := range inbox { // the inbox query finishes late
		fn()
	}
	if got := subjects(f.v.model.Rows()); !slices.Equal(got, []string{"Re: Lunch"}) {
		t.Errorf("rows = %q, want Sent's: the late inbox result must be dropped", got)
	}
}

func TestNavigationCancelsQuery(t *testing.T) {
	f := newFixture(t, standard(t), "work")
	bs := &blockingStore{Store: f.st, started: make(chan struct{}), done: make(chan error, 1)}
	f.v.st = bs
	var wg sync.WaitGroup
	f.v.spawn = func(fn func()) {
		wg.Add(1)
		go func() { defer wg.Done(); fn() }()
	}
	f.v.tree.widget.Select(folderNodeID("work", "INBOX"))
	<-bs.started
	f.v.st = f.st
	f.v.spawn = f.q.add
	f.v.tree.widget.Select(folderNodeID("work", "Sent Items"))
	if err := <-bs.done; !errors.Is(err, context.Canceled) {
		t.Errorf("the inbox query ended with %v, want it cancelled", err)
	}
	wg.Wait()
	f.q.run()
	if got := subjects(f.v.model.Rows()); !slices.Equal(got, []string{"Re: Lunch"}) {
		t.Errorf("rows = %q", got)
	}
}

// blockingStore holds List until its context ends.
type blockingStore struct {
	*store.Store
	started chan struct{}
	done    chan error
}

func (b *blockingStore) List(ctx context.Context, _, _ string, _ store.ListOptions) (store.Page, error) {
	close(b.started)
	<-ctx.Done()
	b.done <- ctx.Err()
	return store.Page{}, ctx.Err()
}

func TestRefreshAfterSync(t *testing.T) {
	st := standard(t)
	f := newFixture(t, st, "work")
	f.v.tree.widget.Select(folderNodeID("work", "INBOX"))
	f.q.run()
	f.v.list.widget.Select(0) // "Invoice 3"
	f.q.run()
	mustUpsert(t, st, "work", "INBOX", msg(9, "Zoe", "Fresh news", false))
	f.v.Refresh(ctxT(t))
	if n := f.q.run(); n != 2 {
		t.Errorf("refresh ran %d loads, want folders and list only", n)
	}
	if got := subjects(f.v.model.Rows()); len(got) != 4 || got[0] != "Fresh news" {
		t.Errorf("rows after refresh = %q", got)
	}
	if _, _, n := f.v.tree.node(folderNodeID("work", "INBOX")); n != 3 {
		t.Errorf("inbox unread after refresh = %d, want 3", n)
	}
	// The open message moved down a row and stays selected: selecting its
	// new row again is no change and loads nothing.
	f.v.list.widget.Select(1)
	if len(f.q.fns) != 0 || f.v.reader.subject.Text != "Invoice 3" {
		t.Errorf("selection lost on refresh: %d loads queued, reading %q", len(f.q.fns), f.v.reader.subject.Text)
	}
	if !slices.Contains(labelTexts(f.v.tree.widget), "3") {
		t.Errorf("tree labels %q lack the new count", labelTexts(f.v.tree.widget))
	}
}

// The real spawn: loads run in goroutines and reach the widgets through
// fyne.Do. The test driver runs fyne.Do inline, so the goroutines wait for
// New to return and take turns, as the real event loop would make them.
func TestNewLoadsInBackground(t *testing.T) {
	a := test.NewTempApp(t)
	var wg sync.WaitGroup
	var loop sync.Mutex
	gate := make(chan struct{})
	v := newView(a, standard(t), accounts("work"), func(fn func()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-gate
			loop.Lock()
			defer loop.Unlock()
			fn()
		}()
	})
	defer v.Close()
	if len(v.model.Rows()) != 0 || v.folders.Folders != nil {
		t.Fatal("New waited for the store")
	}
	close(gate)
	wg.Wait()
	if v.folders.UnifiedUnread != 2 {
		t.Errorf("unified unread = %d", v.folders.UnifiedUnread)
	}
	if got := subjects(v.model.Rows()); len(got) != 3 {
		t.Errorf("unified rows = %q", got)
	}
}

// While a flush is scheduled, further statuses only replace the pending
// one: a burst of progress costs one update.
func TestStatusBurstCoalesces(t *testing.T) {
	f := newFixture(t, standard(t), "work")
	line := f.v.status.lines["work"]
	f.v.statusMu.Lock()
	f.v.statusPending = true // a flush is on its way
	f.v.statusMu.Unlock()
	for i := range 5 {
		f.v.SetStatus("work", imapsync.Status{State: imapsync.StateSyncing,
			Progress: imapsync.Progress{Done: i, Total: 5}})
	}
	if line.text.Text != "work" {
		t.Fatalf("status applied before the flush: %q", line.text.Text)
	}
	f.v.flushStatus()
	if !strings.HasPrefix(line.text.Text, "work: syncing, 4 of 5") || line.bar.Value != 4 {
		t.Errorf("after the flush: %q, bar %v", line.text.Text, line.bar.Value)
	}
	f.v.SetStatus("work", imapsync.Status{State: imapsync.StateOnline})
	if line.text.Text != "work: online" {
		t.Errorf("the next status after a flush waits: %q", line.text.Text)
	}
}

func TestRowMarkers(t *testing.T) {
	st := standard(t)
	m := msg(4, "Eve", "Contract", true)
	m.Flags.Flagged, m.HasAttachment = true, true
	mustUpsert(t, st, "work", "INBOX", m)
	f := newFixture(t, st, "work")
	f.v.tree.widget.Select(folderNodeID("work", "INBOX"))
	f.q.run()
	count := func(r fyne.Resource) int {
		n := 0
		for _, o := range test.LaidOutObjects(f.v.list.keys) {
			if i, ok := o.(*widget.Icon); ok && i.Visible() && i.Resource == r {
				n++
			}
		}
		return n
	}
	if a, fl := count(theme.MailAttachmentIcon()), count(flagMark); a != 1 || fl != 1 {
		t.Errorf("attachment markers %d, flag markers %d; want 1 each (4 rows, one marked)", a, fl)
	}
}

// Refresh comes from the sync's goroutine in the app.
func TestRefreshFromSyncGoroutine(t *testing.T) {
	st := standard(t)
	f := newFixture(t, st, "work")
	mustUpsert(t, st, "work", "INBOX", msg(9, "Zoe", "Fresh news", false))
	done := make(chan struct{})
	go func() {
		defer close(done)
		f.v.Refresh(context.Background())
	}()
	<-done
	f.q.run()
	if got := subjects(f.v.model.Rows()); len(got) != 4 || got[0] != "Fresh news" {
		t.Errorf("unified inbox after refresh = %q", got)
	}
	if f.v.folders.UnifiedUnread != 3 {
		t.Errorf("unified unread = %d, want 3", f.v.folders.UnifiedUnread)
	}
}

func TestRefreshWithDoneContextDoesNothing(t *testing.T) {
	f := newFixture(t, standard(t), "work")
	gen := f.v.model.Gen()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f.v.Refresh(ctx)
	if len(f.q.fns) != 0 || f.v.model.Gen() != gen {
		t.Errorf("a refresh with a done context queued %d loads", len(f.q.fns))
	}
}

// fakeFetcher serves a text for any message and records what was asked.
type fakeFetcher struct{ asked []uint32 }

func (f *fakeFetcher) FetchText(_ context.Context, m store.Message) (string, error) {
	f.asked = append(f.asked, m.UID)
	return "Fetched from the server: " + m.Subject, nil
}

// A message without cached text gets it from the server once opened; one
// with cached text does not ask.
func TestTextFetchedWhenNotCached(t *testing.T) {
	st := standard(t)
	f := newFixture(t, st, "work")
	fetch := &fakeFetcher{}
	f.v.SetFetcher(fetch)
	f.v.tree.widget.Select(folderNodeID("work", "INBOX"))
	f.q.run()
	row := f.v.model.Rows()[1]
	f.v.list.widget.Select(1)
	f.q.run()
	if got := f.v.reader.body.String(); got != "Fetched from the server: "+row.Subject || len(fetch.asked) != 1 || fetch.asked[0] != row.UID {
		t.Fatalf("body %q, asked %v", got, fetch.asked)
	}
	if err := st.PutPart(ctxT(t), f.v.model.Rows()[0].ID, store.Part{ID: "TEXT", ContentType: "text/plain", Size: 5}, []byte("local")); err != nil {
		t.Fatal(err)
	}
	f.v.list.widget.Select(0)
	f.q.run()
	if got := f.v.reader.body.String(); got != "local" || len(fetch.asked) != 1 {
		t.Fatalf("cached body %q, asked %v", got, fetch.asked)
	}
}
