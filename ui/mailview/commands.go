package mailview

import (
	"runtime"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"wren/account/store"
)

// Menus in the order of the menu bar.
const (
	menuFile    = "File"
	menuEdit    = "Edit"
	menuMessage = "Message"
	menuView    = "View"
	menuHelp    = "Help"
)

var menuOrder = []string{menuFile, menuEdit, menuMessage, menuView, menuHelp}

// command is one thing the user can do: its place in the menus, its key,
// and its toolbar button if it has one. The table of commands is the one
// source of the menus, the shortcuts and the Keyboard shortcuts dialog.
type command struct {
	id      string
	menu    string
	sub     string // a submenu of menu (e.g. View → Theme)
	label   func() string
	key     fyne.Shortcut // nil: menu only
	run     func()
	enabled func() bool // nil: always
	checked func() bool // nil: not a toggle
	// shown: whether its toolbar button is there at all (nil: always);
	// the composer buttons wait for a composer.
	shown func() bool
	quit  bool

	item *fyne.MenuItem
	btn  *toolButton
	// wasShown: the button's shown state at the last update (a change
	// lays the bar out again).
	wasShown bool
}

func fixed(s string) func() string { return func() string { return s } }

// keys: Ctrl (Cmd on macOS) with a letter, optionally with Shift; the
// message actions all take Shift so that typing in a field never triggers
// one.
func ctrl(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

func ctrlShift(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
}

// newCommands builds the view's command table. The closures read the
// view's state when they run, so the table can be built before the panes.
func (v *View) newCommands() []*command {
	canMsg := func(c Command) func() bool {
		return func() bool { return v.actions.can(c) }
	}
	// Reply and forward are for others' mail; one's own draft is edited.
	composeMsg := func() bool { m, ok := v.actions.selected(); return v.composer != nil && ok && !v.isDraft(m) }
	draftMsg := func() bool { m, ok := v.actions.selected(); return v.composer != nil && ok && v.isDraft(m) }
	haveComposer := func() bool { return v.composer != nil }
	withMsg := func(f func(m store.Message)) func() {
		return func() {
			if m, ok := v.actions.selected(); ok && v.composer != nil {
				f(m)
			}
		}
	}
	hook := func(f *func()) (func(), func() bool) {
		return func() {
				if *f != nil {
					(*f)()
				}
			}, func() bool {
				return *f != nil
			}
	}
	settingsRun, settingsOK := hook(&v.hooks.Settings)
	quitRun, quitOK := hook(&v.hooks.Quit)
	aboutRun, aboutOK := hook(&v.hooks.About)
	addRun, addOK := hook(&v.hooks.AddAccount)
	sortIs := func(s store.Sort) func() bool { return func() bool { return v.model.Sort() == s } }
	themeIs := func(t ThemeChoice) func() bool { return func() bool { return v.themeChoice() == t } }
	cmds := []*command{
		{id: "new", menu: menuFile, label: fixed("New message"), key: ctrl(fyne.KeyN),
			run: func() {
				if v.composer != nil {
					v.composer.New()
				}
			}, shown: haveComposer, enabled: func() bool { return v.composer != nil }},
		{id: "getmail", menu: menuFile, label: fixed("Get mail"), key: ctrl(fyne.KeyT),
			run: v.getMail, enabled: func() bool { return v.syncer != nil }},
		{id: "addaccount", menu: menuFile, label: fixed("Add account…"), run: addRun, enabled: addOK},
		{id: "import", menu: menuFile, label: fixed("Import mail…"), run: v.openImport,
			enabled: func() bool { return v.transferer != nil && len(v.accounts) > 0 }},
		{id: "export", menu: menuFile, label: fixed("Export folder…"), run: v.openExport,
			enabled: func() bool { return v.transferer != nil && len(v.accounts) > 0 }},
		{id: "settings", menu: menuFile, label: fixed("Settings…"), key: ctrl(fyne.KeyComma), run: settingsRun, enabled: settingsOK},
		{id: "quit", menu: menuFile, label: fixed("Quit"), key: ctrl(fyne.KeyQ), run: quitRun, enabled: quitOK, quit: true},

		{id: "search", menu: menuEdit, label: fixed("Search messages"), key: ctrl(fyne.KeyK), run: v.focusSearch},

		{id: "reply", menu: menuMessage, label: fixed("Reply"), key: ctrl(fyne.KeyR),
			run: withMsg(func(m store.Message) { v.composer.Reply(m, false) }), shown: haveComposer, enabled: composeMsg},
		{id: "replyall", menu: menuMessage, label: fixed("Reply all"), key: ctrlShift(fyne.KeyR),
			run: withMsg(func(m store.Message) { v.composer.Reply(m, true) }), shown: haveComposer, enabled: composeMsg},
		{id: "forward", menu: menuMessage, label: fixed("Forward"), key: ctrl(fyne.KeyL),
			run: withMsg(func(m store.Message) { v.composer.Forward(m) }), shown: haveComposer, enabled: composeMsg},
		{id: "forwardatt", menu: menuMessage, label: fixed("Forward as attachment"), key: ctrlShift(fyne.KeyL),
			run: withMsg(func(m store.Message) { v.composer.ForwardAsAttachment(m) }), shown: haveComposer, enabled: composeMsg},
		{id: "edit", menu: menuMessage, label: fixed("Edit draft"),
			run: withMsg(func(m store.Message) { v.composer.EditDraft(m) }), enabled: draftMsg},
		{id: "archive", menu: menuMessage, label: fixed("Archive"), key: ctrlShift(fyne.KeyA),
			run: func() { v.actions.run(CmdArchive) }, enabled: canMsg(CmdArchive)},
		{id: "delete", menu: menuMessage, label: fixed("Delete"), key: ctrlShift(fyne.KeyDelete),
			run: func() { v.actions.run(CmdDelete) }, enabled: canMsg(CmdDelete)},
		{id: "junk", menu: menuMessage, label: v.actions.junkLabel, key: ctrlShift(fyne.KeyJ),
			run: func() { v.actions.run(CmdToggleJunk) }, enabled: canMsg(CmdToggleJunk)},
		{id: "read", menu: menuMessage, label: v.actions.readLabel, key: ctrlShift(fyne.KeyM),
			run: func() { v.actions.run(CmdToggleRead) }, enabled: canMsg(CmdToggleRead)},
		{id: "flag", menu: menuMessage, label: v.actions.flagLabel, key: ctrlShift(fyne.KeyS),
			run: func() { v.actions.run(CmdToggleFlag) }, enabled: canMsg(CmdToggleFlag)},
		{id: "move", menu: menuMessage, label: fixed("Move to…"), key: ctrlShift(fyne.KeyV),
			run: v.openMove, enabled: func() bool { return v.actions.canMove() }},

		{id: "sortdate", menu: menuView, label: fixed("Sort by date"), run: func() { v.list.sort.SetSelected(sortDate) }, checked: sortIs(store.ByDate)},
		{id: "sortsender", menu: menuView, label: fixed("Sort by sender"), run: func() { v.list.sort.SetSelected(sortSender) }, checked: sortIs(store.BySender)},
		{id: "unread", menu: menuView, label: fixed("Unread only"), key: ctrlShift(fyne.KeyU),
			run: func() { v.list.unread.SetChecked(!v.list.unread.Checked) }, checked: func() bool { return v.model.Filter().Unread }},
		{id: "flagged", menu: menuView, label: fixed("Flagged only"),
			run: func() { v.list.flagged.SetChecked(!v.list.flagged.Checked) }, checked: func() bool { return v.model.Filter().Flagged }},
		{id: "attach", menu: menuView, label: fixed("With attachments only"),
			run: func() { v.list.attach.SetChecked(!v.list.attach.Checked) }, checked: func() bool { return v.model.Filter().HasAttachment }},
		{id: "theme-system", menu: menuView, sub: "Theme", label: fixed("System"), run: func() { v.setTheme(ThemeSystem) }, checked: themeIs(ThemeSystem)},
		{id: "theme-light", menu: menuView, sub: "Theme", label: fixed("Light"), run: func() { v.setTheme(ThemeLight) }, checked: themeIs(ThemeLight)},
		{id: "theme-dark", menu: menuView, sub: "Theme", label: fixed("Dark"), run: func() { v.setTheme(ThemeDark) }, checked: themeIs(ThemeDark)},

		{id: "shortcuts", menu: menuHelp, label: fixed("Keyboard shortcuts"), key: ctrl(fyne.KeySlash), run: v.showShortcuts},
		{id: "about", menu: menuHelp, label: fixed("About Wren"), run: aboutRun, enabled: aboutOK},
	}
	return cmds
}

// isDraft: m is a draft (flagged so, or in its account's Drafts folder).
func (v *View) isDraft(m store.Message) bool {
	if m.Flags.Draft {
		return true
	}
	for _, f := range v.folders.Folders[m.Account] {
		if f.Name == m.Folder {
			return f.Role == store.RoleDrafts
		}
	}
	return false
}

// folderName is a folder as the tree names it ("Archive", not
// "[Gmail]/All Mail"), with the account when there are several.
func (v *View) folderName(acct, folder string) string {
	name := folder
	for _, f := range v.folders.Folders[acct] {
		if f.Name == folder {
			name = folderWords(f)
		}
	}
	if len(v.accounts) > 1 {
		name += " (" + acct + ")"
	}
	return name
}

// cmd finds a command by id (nil when there is none).
func (v *View) cmd(id string) *command {
	for _, c := range v.cmds {
		if c.id == id {
			return c
		}
	}
	return nil
}

// do runs a command when it is enabled; menus, keys and buttons all come
// through here.
func (v *View) do(c *command) {
	if c.enabled != nil && !c.enabled() {
		return
	}
	c.run()
	v.updateCommands()
}

// updateCommands brings menu items and buttons in line with the state:
// enabled, label, check mark. Call it on the UI goroutine after a change.
func (v *View) updateCommands() {
	changed, relayout := false, false
	for _, c := range v.cmds {
		on := c.enabled == nil || c.enabled()
		label := c.label()
		if c.btn != nil {
			if shown := c.shown == nil || c.shown(); shown != c.wasShown {
				c.wasShown = shown
				relayout = true
			}
			if on {
				c.btn.Enable()
			} else {
				c.btn.Disable()
			}
			c.btn.label, c.btn.tip = label, label
			if c.key != nil {
				c.btn.tip = label + "  (" + keyWords(c.key) + ")"
			}
		}
		if c.item != nil {
			checked := c.checked != nil && c.checked()
			if c.item.Disabled == on || c.item.Label != label || c.item.Checked != checked {
				c.item.Disabled, c.item.Label, c.item.Checked = !on, label, checked
				changed = true
			}
		}
	}
	if changed && v.menu != nil {
		v.menu.Refresh()
	}
	if relayout && v.actions.bar != nil {
		v.actions.bar.box.Refresh()
	}
}

// MainMenu is the window's menu bar, built from the command table. Set it
// with SetMainMenu; the view keeps its items up to date.
func (v *View) MainMenu() *fyne.MainMenu {
	if v.menu != nil {
		return v.menu
	}
	menus := map[string]*fyne.Menu{}
	subs := map[string]*fyne.Menu{}
	for _, name := range menuOrder {
		menus[name] = fyne.NewMenu(name)
	}
	for _, c := range v.cmds {
		c.item = &fyne.MenuItem{Label: c.label(), Shortcut: c.key, IsQuit: c.quit}
		c.item.Action = func() { v.do(c) }
		m := menus[c.menu]
		if c.sub != "" {
			sm := subs[c.menu+"/"+c.sub]
			if sm == nil {
				sm = fyne.NewMenu(c.sub)
				subs[c.menu+"/"+c.sub] = sm
				m.Items = append(m.Items, &fyne.MenuItem{Label: c.sub, ChildMenu: sm})
			}
			sm.Items = append(sm.Items, c.item)
			continue
		}
		if c.quit {
			m.Items = append(m.Items, fyne.NewMenuItemSeparator())
		}
		m.Items = append(m.Items, c.item)
	}
	mm := &fyne.MainMenu{}
	for _, name := range menuOrder {
		mm.Items = append(mm.Items, menus[name])
	}
	v.menu = mm
	v.updateCommands()
	return mm
}

// Shortcuts lists every command's keyboard shortcut.
func (v *View) Shortcuts() []fyne.Shortcut {
	var out []fyne.Shortcut
	for _, c := range v.cmds {
		if c.key != nil {
			out = append(out, c.key)
		}
	}
	return out
}

// AddShortcuts registers every command's shortcut on the window's canvas
// (the menu bar's own handling does the same on desktop drivers).
func (v *View) AddShortcuts(cv fyne.Canvas) {
	for _, c := range v.cmds {
		if c.key == nil {
			continue
		}
		cv.AddShortcut(c.key, func(fyne.Shortcut) { v.do(c) })
	}
	v.addReaderShortcuts(cv)
	v.addListKeys(cv)
}

// keyWords writes a shortcut as people read it: "Ctrl+Shift+A".
func keyWords(s fyne.Shortcut) string {
	ks, ok := s.(fyne.KeyboardShortcut)
	if !ok {
		return s.ShortcutName()
	}
	var parts []string
	mod := ks.Mod()
	if mod&fyne.KeyModifierControl != 0 {
		parts = append(parts, "Ctrl")
	}
	if mod&fyne.KeyModifierSuper != 0 {
		parts = append(parts, pick(runtime.GOOS == "darwin", "Cmd", "Super"))
	}
	if mod&fyne.KeyModifierAlt != 0 {
		parts = append(parts, pick(runtime.GOOS == "darwin", "Option", "Alt"))
	}
	if mod&fyne.KeyModifierShift != 0 {
		parts = append(parts, "Shift")
	}
	return strings.Join(append(parts, string(ks.Key())), "+")
}

// getMail wakes every account's sync.
func (v *View) getMail() {
	s := v.syncer
	if s == nil {
		return
	}
	v.status.showChecking(v.accounts)
	for _, a := range v.accounts {
		if err := s.SyncNow(a); err != nil {
			logErr("get mail for "+a, err)
		}
	}
}

func (v *View) focusSearch() {
	if w := v.window(); w != nil {
		w.Canvas().Focus(v.search)
	}
}

// SetComposer lets New, Reply, Reply all and Forward open the composer
// (call it on the UI goroutine); without one they are disabled.
func (v *View) SetComposer(c Composer) {
	v.composer = c
	v.updateCommands()
}

// SetSyncer lets Get mail wake the accounts' sync.
func (v *View) SetSyncer(s Syncer) {
	v.syncer = s
	v.updateCommands()
}

// SetHooks sets the window-level commands (Settings, Quit, About).
func (v *View) SetHooks(h Hooks) {
	v.hooks = h
	v.updateCommands()
}
