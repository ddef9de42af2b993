package imapsync

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"

	"wren/account/store"
	"wren/transport/imap"
	"wren/transport/testserver"
)

// A sync killed with SIGKILL in the middle of its batches leaves a store
// that the next sync completes: every message once, none lost.
func TestKilledSyncResumes(t *testing.T) {
	if os.Getenv("WREN_SYNC_CHILD") != "" {
		childSync()
		return
	}
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	c := login(t, srv, u)
	const n = 300
	for i := range n {
		msg := fmt.Sprintf("From: a@wren.test\r\nTo: %s\r\nSubject: bulk %d\r\nMessage-ID: <bulk%d@wren.test>\r\nDate: %s\r\n\r\nbody %d\r\n",
			u.Address, i, i, time.Now().Add(time.Duration(i)*time.Second).Format(time.RFC1123Z), i)
		if _, err := c.Append(t.Context(), "INBOX", nil, time.Now(), strings.NewReader(msg), int64(len(msg))); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "mail.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledSyncResumes$")
	cmd.Env = append(os.Environ(), "WREN_SYNC_CHILD=1", "WREN_SYNC_DB="+db, "WREN_SYNC_USER="+u.Address, "WREN_SYNC_PASS="+u.Password)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	batches := 0
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "batch") {
			if batches++; batches == 3 {
				break
			}
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	if batches < 3 {
		t.Fatalf("child saw %d batches before dying on its own:\n%s", batches, stderr.String())
	}

	st, err := store.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	partial, _ := st.LocalUIDs(t.Context(), "a", "INBOX")
	if len(partial) == 0 || len(partial) >= n {
		t.Fatalf("after the kill %d messages are stored: want some, not all", len(partial))
	}
	e := &Engine{Store: OnStore(st, "a"), Batch: 10}
	if _, err := e.Sync(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	uids, _ := st.LocalUIDs(t.Context(), "a", "INBOX")
	if len(uids) != n || len(slices.Compact(slices.Sorted(slices.Values(uids)))) != n {
		t.Fatalf("after resuming: %d UIDs stored, want each of %d once", len(uids), n)
	}
	f, _ := st.Folder(t.Context(), "a", "INBOX")
	if f.Total != n {
		t.Errorf("folder count %d, want %d", f.Total, n)
	}
}

func login(t *testing.T, srv *testserver.Servers, u testserver.User) *imap.Client {
	t.Helper()
	c, err := imap.Dial(t.Context(), srv.IMAPTLS, srv.Options())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Login(t.Context(), u.Address, u.Password); err != nil {
		t.Fatal(err)
	}
	return c
}

// childSync syncs slowly (small batches, announced) until killed.
func childSync() {
	ctx := context.Background()
	srv, err := testserver.Find(ctx)
	if err != nil {
		panic(err)
	}
	c, err := imap.Dial(ctx, srv.IMAPTLS, srv.Options())
	if err != nil {
		panic(err)
	}
	if err := c.Login(ctx, os.Getenv("WREN_SYNC_USER"), os.Getenv("WREN_SYNC_PASS")); err != nil {
		panic(err)
	}
	st, err := store.Open(ctx, os.Getenv("WREN_SYNC_DB"))
	if err != nil {
		panic(err)
	}
	e := &Engine{Store: OnStore(st, "a"), Batch: 10, OnProgress: func(p Progress) {
		fmt.Println("batch", p.Done)
		time.Sleep(50 * time.Millisecond)
	}}
	e.Sync(ctx, c)
	time.Sleep(time.Hour)
}

// The server dropping the connection mid-sync: the error is reported, the
// batches already saved stay, and the next sync finishes the job.
func TestDropMidSyncResumes(t *testing.T) {
	flags := map[uint32][]goimap.Flag{}
	for u := uint32(1); u <= 50; u++ {
		flags[u] = nil
	}
	conn := &droppingConn{fakeConn: fakeConn{folders: map[string]*fakeFolder{"INBOX": {validity: 1, flags: flags}}}, dropAfter: 25}
	st := newMemStore()
	e := &Engine{Store: st, Batch: 10}
	res, err := e.Sync(t.Context(), conn)
	if err != nil || res[0].Err == nil {
		t.Fatalf("first sync: %v, %+v: want the folder's error", err, res)
	}
	if n := st.count("INBOX"); n == 0 || n >= 50 {
		t.Fatalf("%d saved before the drop", n)
	}
	conn.dropAfter = -1
	if _, err := e.Sync(t.Context(), conn); err != nil {
		t.Fatal(err)
	}
	if n := st.count("INBOX"); n != 50 {
		t.Fatalf("%d after resuming, want 50", n)
	}
}

type droppingConn struct {
	fakeConn
	dropAfter int
}

var errDropped = errors.New("connection reset by peer")

func (d *droppingConn) FetchHeaders(ctx context.Context, uids UIDSet, batch int, fields []string, fn func(imap.HeaderSummary) error) error {
	return d.fakeConn.FetchHeaders(ctx, uids, batch, fields, func(s imap.HeaderSummary) error {
		if d.dropAfter >= 0 && d.fetched > d.dropAfter {
			return errDropped
		}
		return fn(s)
	})
}
