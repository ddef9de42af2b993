package mailview

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"wren/account/actions"
	"wren/account/store"
)

type composeCall struct {
	kind    string // new, reply, replyall, forward
	subject string
}

type fakeComposer struct{ calls []composeCall }

func (c *fakeComposer) New() { c.calls = append(c.calls, composeCall{"new", ""}) }
func (c *fakeComposer) Reply(m store.Message, all bool) {
	c.calls = append(c.calls, composeCall{pick(all, "replyall", "reply"), m.Subject})
}
func (c *fakeComposer) ForwardAsAttachment(m store.Message) {
	c.calls = append(c.calls, composeCall{"forwardatt", m.Subject})
}
func (c *fakeComposer) EditDraft(m store.Message) {
	c.calls = append(c.calls, composeCall{"edit", m.Subject})
}
func (c *fakeComposer) Forward(m store.Message) {
	c.calls = append(c.calls, composeCall{"forward", m.Subject})
}

type fakeSyncer struct{ accounts []string }

func (s *fakeSyncer) SyncNow(a string) error { s.accounts = append(s.accounts, a); return nil }

// wired is a fixture with every collaborator recorded.
type wired struct {
	*fixture
	actor    *fakeActor
	composer *fakeComposer
	syncer   *fakeSyncer
	hooks    map[string]int
}

func newWired(t *testing.T) *wired {
	f := newFixture(t, withRoles(t), "work")
	w := &wired{fixture: f, actor: &fakeActor{}, composer: &fakeComposer{}, syncer: &fakeSyncer{}, hooks: map[string]int{}}
	f.v.SetActor(w.actor)
	f.v.SetComposer(w.composer)
	f.v.SetSyncer(w.syncer)
	f.v.SetTransferer(&fakeTransferer{})
	f.v.SetHooks(Hooks{
		Settings: func() { w.hooks["settings"]++ },
		Quit:     func() { w.hooks["quit"]++ },
		About:    func() { w.hooks["about"]++ },
		// File → Add account… opens the wizard in every state.
		AddAccount: func() { w.hooks["addaccount"]++ },
	})
	f.w.SetMainMenu(f.v.MainMenu())
	f.v.AddShortcuts(f.w.Canvas())
	return w
}

// menuItems lists the leaf items of the menu bar by label.
func menuItems(mm *fyne.MainMenu) []*fyne.MenuItem {
	var out []*fyne.MenuItem
	var walk func(m *fyne.Menu)
	walk = func(m *fyne.Menu) {
		for _, it := range m.Items {
			switch {
			case it.IsSeparator:
			case it.ChildMenu != nil:
				walk(it.ChildMenu)
			default:
				out = append(out, it)
			}
		}
	}
	for _, m := range mm.Items {
		walk(m)
	}
	return out
}

// effects: what each command must have done, checked after it ran on
// Invoice 3 (uid 3, unread, in INBOX).
func (w *wired) check(t *testing.T, id string) {
	t.Helper()
	v := w.v
	lastCall := func() actCall {
		if len(w.actor.calls) != 1 {
			t.Fatalf("%s: %d actor calls, want 1", id, len(w.actor.calls))
		}
		return w.actor.calls[0]
	}
	wantCompose := func(kind, subject string) {
		if !slices.Equal(w.composer.calls, []composeCall{{kind, subject}}) {
			t.Errorf("%s: composer calls %+v", id, w.composer.calls)
		}
	}
	switch id {
	case "new":
		wantCompose("new", "")
	case "reply":
		wantCompose("reply", "Invoice 3")
	case "replyall":
		wantCompose("replyall", "Invoice 3")
	case "forward":
		wantCompose("forward", "Invoice 3")
	case "forwardatt":
		wantCompose("forwardatt", "Invoice 3")
	case "getmail":
		if !slices.Equal(w.syncer.accounts, []string{"work"}) {
			t.Errorf("getmail synced %q", w.syncer.accounts)
		}
	case "settings", "quit", "about", "addaccount":
		if w.hooks[id] != 1 {
			t.Errorf("%s hook ran %d times", id, w.hooks[id])
		}
	case "search":
		if w.w.Canvas().Focused() != v.search {
			t.Error("search did not focus the search field")
		}
	case "archive":
		if c := lastCall(); c.Kind != actions.Move || c.Arg != "Archive" || c.UIDs[0] != 3 {
			t.Errorf("archive: %+v", c)
		}
	case "delete":
		if c := lastCall(); c.Kind != actions.Move || c.Arg != "Trash" {
			t.Errorf("delete: %+v", c)
		}
	case "junk":
		if c := lastCall(); c.Kind != actions.Junk {
			t.Errorf("junk: %+v", c)
		}
	case "read":
		if c := lastCall(); c.Kind != actions.Read {
			t.Errorf("read: %+v", c)
		}
	case "flag":
		if c := lastCall(); c.Kind != actions.Flag {
			t.Errorf("flag: %+v", c)
		}
	case "move":
		if v.lastMove == nil || len(v.lastMove.shown) != 5 {
			t.Fatalf("move: dialog %+v", v.lastMove)
		}
		v.lastMove.dlg.Hide()
	case "sortdate":
		if v.model.Sort() != store.ByDate {
			t.Error("sortdate: not by date")
		}
	case "sortsender":
		if v.model.Sort() != store.BySender || v.list.sort.Selected != sortSender {
			t.Error("sortsender: not by sender")
		}
	case "unread":
		if !v.model.Filter().Unread || !v.list.unread.Checked {
			t.Error("unread filter not on")
		}
	case "flagged":
		if !v.model.Filter().Flagged {
			t.Error("flagged filter not on")
		}
	case "attach":
		if !v.model.Filter().HasAttachment {
			t.Error("attachment filter not on")
		}
	case "theme-system", "theme-light", "theme-dark":
		want := ThemeChoice(id[len("theme-"):])
		if v.themeChoice() != want {
			t.Errorf("%s: choice %q", id, v.themeChoice())
		}
	case "import", "export":
		if v.lastForm == nil || v.dialog == nil {
			t.Errorf("%s: no dialog", id)
		} else {
			v.dialog.Hide()
		}
	case "shortcuts":
		if v.lastShortcuts == nil {
			t.Error("shortcuts dialog not shown")
		}
	default:
		t.Errorf("no check for command %q", id)
	}
}

// Every menu item, and every shortcut, reaches its handler.
func TestEveryMenuItemAndShortcutReachesItsHandler(t *testing.T) {
	for _, via := range []string{"menu", "key"} {
		t.Run(via, func(t *testing.T) {
			w := newWired(t)
			items := menuItems(w.v.MainMenu())
			if len(items) != len(w.v.cmds) {
				t.Fatalf("%d menu items for %d commands", len(items), len(w.v.cmds))
			}
			for _, c := range w.v.cmds {
				if via == "key" && c.key == nil || c.id == "edit" { // a draft's: TestDraftEditedByEnterOrDoubleClick
					continue
				}
				w.f().v.navigate(Source{Kind: SourceUnified})
				w.q.run()
				w.f().open(t, "INBOX", 0)
				w.actor.calls, w.composer.calls, w.syncer.accounts = nil, nil, nil
				clear(w.hooks)
				if c.item.Disabled {
					t.Errorf("%s disabled with a message open", c.id)
					continue
				}
				if via == "menu" {
					c.item.Action()
				} else {
					w.w.Canvas().(fyne.Shortcutable).TypedShortcut(c.key)
				}
				w.q.run()
				w.check(t, c.id)
				// Put the view back: sort, filters.
				w.v.list.sort.SetSelected(sortDate)
				w.v.list.unread.SetChecked(false)
				w.v.list.flagged.SetChecked(false)
				w.v.list.attach.SetChecked(false)
				w.q.run()
			}
		})
	}
}

func (w *wired) f() *fixture { return w.fixture }

func TestShortcutsDialogListsEveryShortcut(t *testing.T) {
	w := newWired(t)
	w.v.do(w.v.cmd("shortcuts"))
	texts := labelTexts(w.v.lastShortcuts)
	keys := w.v.Shortcuts()
	plain := 0
	for _, s := range plainKeys {
		plain += 1 + 2*len(s.rows)
	}
	if want := 2*len(keys) + len(menuOrder) + plain; len(texts) != want {
		t.Errorf("dialog has %d labels for %d shortcuts, %d menus and %d plain-key labels", len(texts), len(keys), len(menuOrder), plain)
	}
	for _, want := range []string{"Ctrl+Enter", "Delete or Backspace", "Down / Up"} {
		if !slices.Contains(texts, want) {
			t.Errorf("the sheet does not list %q", want)
		}
	}
	// Readable without scrolling in the default 1100×700 window.
	if min := w.v.lastShortcuts.MinSize(); min.Width > 1100-80 || min.Height > 700-140 {
		t.Errorf("the sheet needs %v, more than a 1100×700 window shows", min)
	}
	for _, c := range w.v.cmds {
		if c.key == nil {
			continue
		}
		i := slices.Index(texts, c.label())
		if i < 0 || i+1 >= len(texts) || texts[i+1] != keyWords(c.key) {
			t.Errorf("dialog lacks %q with %q", c.label(), keyWords(c.key))
		}
	}
	if !slices.Contains(texts, "Ctrl+Shift+A") || !slices.Contains(texts, "Ctrl+N") {
		t.Errorf("expected Ctrl+Shift+A and Ctrl+N among %q", texts)
	}
	// Each key belongs to one command only.
	seen := map[string]string{}
	for _, c := range w.v.cmds {
		if c.key == nil {
			continue
		}
		if other, dup := seen[keyWords(c.key)]; dup {
			t.Errorf("%s and %s share %s", other, c.id, keyWords(c.key))
		}
		seen[keyWords(c.key)] = c.id
	}
}

func TestComposeNeedsComposerAndMessage(t *testing.T) {
	f := newFixture(t, withRoles(t), "work")
	f.v.SetActor(&fakeActor{})
	f.v.MainMenu()
	for _, id := range []string{"new", "reply", "replyall", "forward", "forwardatt", "getmail", "settings", "quit", "about"} {
		if !f.v.cmd(id).item.Disabled {
			t.Errorf("%s enabled without its collaborator", id)
		}
	}
	c := &fakeComposer{}
	f.v.SetComposer(c)
	if f.v.cmd("new").item.Disabled || !f.v.cmd("reply").item.Disabled || !f.v.actions.reply.Disabled() {
		t.Error("with a composer but no message: New must be on, Reply off")
	}
	f.open(t, "INBOX", 1) // Quarterly report
	test.Tap(f.v.actions.reply)
	test.Tap(f.v.actions.compose)
	f.v.cmd("forward").item.Action()
	f.v.cmd("forwardatt").item.Action()
	want := []composeCall{{"reply", "Quarterly report"}, {"new", ""}, {"forward", "Quarterly report"},
		{"forwardatt", "Quarterly report"}}
	if !slices.Equal(c.calls, want) {
		t.Errorf("composer calls %+v, want %+v", c.calls, want)
	}
}

func TestMoveToMovesAndAdvances(t *testing.T) {
	st := withRoles(t)
	f := newFixture(t, st, "work")
	f.v.SetActor(queueActor{&actions.Queue{Store: st}})
	f.open(t, "INBOX", 0) // Invoice 3
	test.Tap(f.v.actions.move)
	d := f.v.lastMove
	if d == nil || d.dlg == nil {
		t.Fatal("Move to… opened no dialog")
	}
	names := func() []string {
		var out []string
		for _, x := range d.shown {
			out = append(out, x.Name)
		}
		return out
	}
	if got := names(); slices.Contains(got, "INBOX") || len(got) != 5 {
		t.Errorf("targets %q: want every folder but INBOX", got)
	}
	test.Type(d.filter, "PRO")
	if got := names(); !slices.Equal(got, []string{"Projects"}) {
		t.Fatalf("filtered targets %q, want Projects", got)
	}
	d.filter.OnSubmitted(d.filter.Text)
	f.q.run()
	if got := subjects(f.v.model.Rows()); !slices.Equal(got, []string{"Quarterly report", "Lunch on Friday"}) {
		t.Errorf("inbox after the move = %q", got)
	}
	queued, err := st.Actions(ctxT(t), "work")
	if err != nil || len(queued) != 1 || queued[0].Kind != string(actions.Move) || queued[0].Args != "Projects" {
		t.Errorf("queued %+v, %v; want a move to Projects", queued, err)
	}
	if f.v.reader.subject.Text != "Quarterly report" {
		t.Errorf("pane shows %q after the move, want the next message", f.v.reader.subject.Text)
	}
	// The dialog chooses once.
	d.choose(store.Folder{Name: "Archive"})
	if n := f.q.run(); n != 0 {
		t.Errorf("a second choice ran %d jobs", n)
	}
	// A list selection moves too.
	f.open(t, "INBOX", 1) // Lunch on Friday, the last row
	test.Tap(f.v.actions.move)
	d = f.v.lastMove
	test.Type(d.filter, "arch")
	d.list.Select(0)
	f.q.run()
	if got := subjects(f.v.model.Rows()); !slices.Equal(got, []string{"Quarterly report"}) {
		t.Errorf("inbox after the second move = %q", got)
	}
	// The last row left: the pane shows the row before it.
	if m, ok := f.v.actions.selected(); !ok || m.Subject != "Quarterly report" {
		t.Errorf("selected %q (%v) after moving the last row", m.Subject, ok)
	}
}

func TestRemovingTheOnlyMessageClearsThePane(t *testing.T) {
	st := withRoles(t)
	f := newFixture(t, st, "work")
	f.v.SetActor(queueActor{&actions.Queue{Store: st}})
	f.open(t, "Junk", 0) // the only message there
	if !f.v.reader.content.Visible() || f.v.empty.Visible() {
		t.Fatal("the pane does not show the opened message")
	}
	test.Tap(f.v.actions.delete)
	f.q.run()
	if len(f.v.model.Rows()) != 0 || f.v.selectedMsg != 0 {
		t.Fatalf("rows %d, selected %d", len(f.v.model.Rows()), f.v.selectedMsg)
	}
	if f.v.reader.content.Visible() || !f.v.empty.Visible() {
		t.Error("the pane still shows a message that left the list")
	}
}

func TestNavigatingClearsThePane(t *testing.T) {
	f := newFixture(t, withRoles(t), "work")
	f.open(t, "INBOX", 0)
	f.v.tree.widget.Select(folderNodeID("work", "Projects"))
	f.q.run()
	if f.v.reader.content.Visible() || f.v.selectedMsg != 0 {
		t.Error("the pane still shows the other folder's message")
	}
}

func TestOnUnreadCountsInboxes(t *testing.T) {
	f := newFixture(t, withRoles(t), "work")
	got := -1
	f.v.OnUnread(func(n int) { got = n })
	f.v.loadFolders()
	f.q.run()
	if got != 2 {
		t.Errorf("unread = %d, want 2", got)
	}
}

func TestThemeChoiceStoredAndApplied(t *testing.T) {
	f := newFixture(t, standard(t), "work")
	f.v.MainMenu()
	f.v.cmd("theme-dark").item.Action()
	if got := f.v.prefs.StringWithFallback(themePref, ""); got != "dark" {
		t.Errorf("stored %q", got)
	}
	if vt, ok := f.v.app.Settings().Theme().(variantTheme); !ok || vt.variant != theme.VariantDark {
		t.Errorf("theme %T %+v, want the dark variant", f.v.app.Settings().Theme(), f.v.app.Settings().Theme())
	}
	if !f.v.cmd("theme-dark").item.Checked || f.v.cmd("theme-system").item.Checked {
		t.Error("menu check marks do not follow the choice")
	}
	f.v.cmd("theme-system").item.Action()
	if _, ok := f.v.app.Settings().Theme().(variantTheme); ok {
		t.Error("System still forces a variant")
	}
}

func TestSplitsRoundTrip(t *testing.T) {
	f := newFixture(t, standard(t), "work")
	f.v.SetSplits(0.3, 0.6)
	if l, r := f.v.Splits(); l != 0.3 || r != 0.6 {
		t.Errorf("splits %v %v", l, r)
	}
	f.v.SetSplits(0, 2) // damaged values change nothing
	if l, r := f.v.Splits(); l != 0.3 || r != 0.6 {
		t.Errorf("splits after bad values %v %v", l, r)
	}
}

func TestComposeButtonsWaitForComposer(t *testing.T) {
	f := newFixture(t, standard(t), "work")
	if f.v.actions.compose.Visible() || f.v.actions.reply.Visible() {
		t.Error("compose buttons shown without a composer")
	}
	f.v.SetComposer(&fakeComposer{})
	if !f.v.actions.compose.Visible() || !f.v.actions.reply.Visible() {
		t.Error("compose buttons hidden with a composer")
	}
}
