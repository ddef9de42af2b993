package mailview

import (
	"context"
	"net"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"wren/account"
	"wren/account/session"
	"wren/account/store"
	"wren/transport"
)

// stallServer accepts connections and never says a word.
func stallServer(t *testing.T) (port int, accepted <-chan struct{}) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan struct{}, 16)
	var mu sync.Mutex
	var conns []net.Conn
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			select {
			case ch <- struct{}{}:
			default:
			}
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	return ln.Addr().(*net.TCPAddr).Port, ch
}

// A server that accepts and never answers holds up the sync and the
// fetching of a message's text, but never the window: folders and
// messages still open, from the local store, and leaving a message whose
// text is stuck cancels its fetch.
func TestStalledServerNeverFreezesTheWindow(t *testing.T) {
	port, accepted := stallServer(t)
	srv := func(p account.Protocol) account.Server {
		return account.Server{Protocol: p, Host: "127.0.0.1", Port: port, Security: transport.SecurityTLS,
			Username: "me", Auth: account.AuthPassword}
	}
	acct := account.Account{Name: "work", Address: "me@wren.test", Incoming: srv(account.IMAP), Outgoing: srv(account.SMTP)}
	s, err := session.Open(t.Context(), session.Config{
		Accounts: []account.Account{acct}, DataDir: t.TempDir(),
		Password: func(context.Context, *account.Account, account.Server) (string, error) { return "pw", nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustFolder(t, s.Store, "work", "INBOX", store.RoleInbox)
	mustFolder(t, s.Store, "work", "Projects", store.RoleNone)
	mustUpsert(t, s.Store, "work", "INBOX", msg(1, "Alice", "Lunch", true), msg(2, "Bob", "Report", false))
	mustUpsert(t, s.Store, "work", "Projects", msg(5, "Carol", "Plan", false))

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	s.Start(ctx)
	select {
	case <-accepted: // the sync is now stuck on the server
	case <-time.After(20 * time.Second):
		t.Fatal("the sync never connected")
	}

	// The view's background jobs wait until the test starts them, each in
	// its own goroutine, and signal when done: the test touches the view
	// only while no job can reach it (the test driver runs fyne.Do inline).
	jobs := make(chan func(), 16)
	done := make(chan struct{}, 16)
	spawn := func(f func()) { jobs <- f }
	start := func(n int) {
		t.Helper()
		for range n {
			select {
			case f := <-jobs:
				go func() {
					f()
					done <- struct{}{}
				}()
			default:
				t.Fatal("the view queued no background job")
			}
		}
	}
	wait := func(n int, what string) {
		t.Helper()
		for range n {
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("%s: the window waited on the stalled server", what)
			}
		}
	}
	a := test.NewTempApp(t)
	v := newView(a, s.Store, []account.Account{acct}, spawn)
	defer v.Close()
	v.SetFetcher(s)
	v.SetActor(s)
	// Folders, then the unified inbox: one at a time, since both update
	// the window.
	start(1)
	wait(1, "loading the folders")
	start(1)
	wait(1, "loading the unified inbox")
	w := test.NewTempWindow(t, v.Content())
	w.Resize(fyne.NewSize(1000, 700))
	if got := subjects(v.model.Rows()); len(got) != 2 {
		t.Fatalf("unified inbox %q", got)
	}

	v.tree.widget.Select(folderNodeID("work", "INBOX"))
	start(1)
	wait(1, "clicking the Inbox")
	v.list.widget.Select(0) // its text is not cached: the fetch hangs on the server
	start(1)
	select {
	case <-accepted:
	case <-time.After(20 * time.Second):
		t.Fatal("the text fetch never reached the server")
	}
	if v.selectedMsg == 0 {
		t.Fatal("the click on the message was lost")
	}
	// Another folder, while the fetch hangs: its list arrives, and the
	// stuck fetch ends because leaving the message cancels it.
	v.tree.widget.Select(folderNodeID("work", "Projects"))
	wait(1, "leaving the stuck message")
	start(1)
	wait(1, "clicking another folder")
	if got := subjects(v.model.Rows()); len(got) != 1 || got[0] != "Plan" {
		t.Errorf("Projects shows %q", got)
	}
	if v.reader.content.Visible() {
		t.Error("the pane still shows the Inbox message")
	}
	// And a message there opens (its snippet; the text fetch hangs again
	// until the view closes).
	v.list.widget.Select(0)
	if v.selectedMsg == 0 {
		t.Error("the second click on a message was lost")
	}
	start(1)
	v.Close()
	wait(1, "closing")
}
