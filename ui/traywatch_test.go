package ui_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/introspect"
	"github.com/godbus/dbus/v5/prop"
)

// The StatusNotifierItem protocol (KDE's, which Fyne's tray speaks on
// Linux): a tray icon registers itself with the watcher, and whoever
// draws the tray reads the item's properties.
const (
	watcherName = "org.kde.StatusNotifierWatcher"
	watcherPath = dbus.ObjectPath("/StatusNotifierWatcher")
	itemIface   = "org.kde.StatusNotifierItem"
	itemPathStd = dbus.ObjectPath("/StatusNotifierItem")
	busName     = "org.freedesktop.DBus"
)

// trayWatcher stands in for the desktop's tray on the test's session bus
// (the private one of .ci/with-keyring has none, so the tray would not
// start). It records every item that registers; Items says which are
// still there and what they show.
type trayWatcher struct {
	conn  *dbus.Conn
	props *prop.Properties

	mu    sync.Mutex
	items []registration
}

// registration is one RegisterStatusNotifierItem call.
type registration struct {
	sender  string // the caller's unique bus name: gone when it exits
	service string // the bus name to read the item from
	path    dbus.ObjectPath
}

// trayItem is a live tray icon as a tray host would show it.
type trayItem struct {
	Service string // bus name the item is read from (unique or well-known)
	Path    string // its object path, usually /StatusNotifierItem
	Title   string // the item's Title property
	ToolTip string // the title part of its ToolTip property
	PID     int    // the process that registered it
}

// startTrayWatcher owns org.kde.StatusNotifierWatcher on the session bus
// until the test ends. It fails the test when there is no session bus
// (run under .ci/with-keyring) or another watcher already has the name.
func startTrayWatcher(t *testing.T) *trayWatcher {
	t.Helper()
	// A private connection: closing it must not close the process's
	// shared session bus that other code may use.
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatalf("tray watcher: no session bus (run under .ci/with-keyring): %v", err)
	}
	w := &trayWatcher{conn: conn}
	t.Cleanup(w.stop)

	err = conn.ExportMethodTable(map[string]any{
		"RegisterStatusNotifierItem": w.registerItem,
		"RegisterStatusNotifierHost": func(string) *dbus.Error { return nil },
	}, watcherPath, watcherName)
	if err != nil {
		t.Fatal(err)
	}
	w.props, err = prop.Export(conn, watcherPath, prop.Map{watcherName: {
		"RegisteredStatusNotifierItems":  {Value: []string{}, Emit: prop.EmitTrue},
		"IsStatusNotifierHostRegistered": {Value: true, Emit: prop.EmitConst},
		"ProtocolVersion":                {Value: int32(0), Emit: prop.EmitConst},
	}})
	if err != nil {
		t.Fatal(err)
	}
	node := &introspect.Node{Name: string(watcherPath), Interfaces: []introspect.Interface{
		introspect.IntrospectData, prop.IntrospectData,
		{Name: watcherName, Methods: []introspect.Method{
			{Name: "RegisterStatusNotifierItem", Args: []introspect.Arg{{Name: "service", Type: "s", Direction: "in"}}},
			{Name: "RegisterStatusNotifierHost", Args: []introspect.Arg{{Name: "service", Type: "s", Direction: "in"}}},
		}, Properties: []introspect.Property{
			{Name: "RegisteredStatusNotifierItems", Type: "as", Access: "read"},
			{Name: "IsStatusNotifierHostRegistered", Type: "b", Access: "read"},
			{Name: "ProtocolVersion", Type: "i", Access: "read"},
		}, Signals: []introspect.Signal{
			{Name: "StatusNotifierItemRegistered", Args: []introspect.Arg{{Type: "s"}}},
		}},
	}}
	if err := conn.Export(introspect.NewIntrospectable(node), watcherPath, "org.freedesktop.DBus.Introspectable"); err != nil {
		t.Fatal(err)
	}

	// Exported first, so a tray that sees the name appear finds the
	// object at once.
	reply, err := conn.RequestName(watcherName, dbus.NameFlagDoNotQueue)
	if err != nil {
		t.Fatalf("tray watcher: %v", err)
	}
	if reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("tray watcher: %s is already taken on the session bus", watcherName)
	}
	return w
}

// stop releases the name and the connection so later tests in the
// process see no watcher.
func (w *trayWatcher) stop() {
	w.conn.ReleaseName(watcherName)
	w.conn.Close()
}

// registerItem is RegisterStatusNotifierItem. The argument is either an
// object path on the caller's connection (what fyne.io/systray sends) or
// a bus name whose item is at /StatusNotifierItem (the spec's form).
func (w *trayWatcher) registerItem(sender dbus.Sender, service string) *dbus.Error {
	r := registration{sender: string(sender), service: service, path: itemPathStd}
	if strings.HasPrefix(service, "/") {
		r.service, r.path = string(sender), dbus.ObjectPath(service)
	}
	if !r.path.IsValid() {
		return dbus.MakeFailedError(errInvalidPath(service))
	}
	w.mu.Lock()
	// A tray registers again whenever the watcher (re)appears: one item.
	for _, old := range w.items {
		if old == r {
			w.mu.Unlock()
			return nil
		}
	}
	w.items = append(w.items, r)
	names := make([]string, len(w.items))
	for i, it := range w.items {
		names[i] = it.service + string(it.path)
	}
	w.mu.Unlock()
	w.props.SetMust(watcherName, "RegisteredStatusNotifierItems", names)
	w.conn.Emit(watcherPath, watcherName+".StatusNotifierItemRegistered", r.service+string(r.path))
	return nil
}

type errInvalidPath string

func (e errInvalidPath) Error() string { return "not an object path: " + string(e) }

// Items returns the tray items whose process is still on the bus (one
// that quit or crashed is dropped), with what each shows.
func (w *trayWatcher) Items(t testing.TB) []trayItem {
	t.Helper()
	w.mu.Lock()
	regs := append([]registration(nil), w.items...)
	w.mu.Unlock()
	var items []trayItem
	for _, r := range regs {
		// Unique names are never reused, so an owner means the very
		// connection that registered is still there.
		if !w.hasOwner(t, r.sender) {
			continue
		}
		item, err := w.read(r)
		if err != nil {
			if !w.hasOwner(t, r.sender) {
				continue // it left while being read
			}
			t.Fatalf("tray item %s%s: %v", r.service, r.path, err)
		}
		items = append(items, item)
	}
	return items
}

func (w *trayWatcher) hasOwner(t testing.TB, name string) bool {
	t.Helper()
	var has bool
	if err := w.conn.BusObject().Call(busName+".NameHasOwner", 0, name).Store(&has); err != nil {
		t.Fatalf("NameHasOwner %s: %v", name, err)
	}
	return has
}

// read reads what an item shows and which process it belongs to.
func (w *trayWatcher) read(r registration) (trayItem, error) {
	item := trayItem{Service: r.service, Path: string(r.path)}
	obj := w.conn.Object(r.service, r.path)
	v, err := obj.GetProperty(itemIface + ".Title")
	if err != nil {
		return item, err
	}
	if err := v.Store(&item.Title); err != nil {
		return item, err
	}
	// ToolTip is (sa(iiay)ss): icon name, icon pixmaps, title, text.
	var tip struct {
		Icon   string
		Pixmap []struct {
			W, H int32
			Pix  []byte
		}
		Title, Text string
	}
	if v, err = obj.GetProperty(itemIface + ".ToolTip"); err != nil {
		return item, err
	}
	if err := v.Store(&tip); err != nil {
		return item, err
	}
	item.ToolTip = tip.Title
	var pid uint32
	if err := w.conn.BusObject().Call(busName+".GetConnectionUnixProcessID", 0, r.sender).Store(&pid); err != nil {
		return item, err
	}
	item.PID = int(pid)
	return item, nil
}
