package session

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"wren/account"
	"wren/account/compose"
	"wren/account/drafts"
	"wren/account/store"
	"wren/transport/rfc822"
)

// The child process opens a session, writes a draft through an
// Autosaver (flushed, as the composer does when it loses focus), types
// on without saving, says so and waits to be killed with SIGKILL. The
// next session offers the saved draft as recovered.
func TestDraftSurvivesKilledProcess(t *testing.T) {
	if dir := os.Getenv("WREN_SESSION_DRAFT_CHILD"); dir != "" {
		writeDraftAndWait(dir)
		return
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestDraftSurvivesKilledProcess$")
	cmd.Env = append(os.Environ(), "WREN_SESSION_DRAFT_CHILD="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := false
	for sc := bufio.NewScanner(out); sc.Scan(); {
		if strings.TrimSpace(sc.Text()) == "typing" {
			ready = true
			break
		}
	}
	cmd.Process.Kill() // SIGKILL: no deferred save can run
	cmd.Wait()
	if !ready {
		t.Fatal("the child did not get to write its draft")
	}

	s, err := Open(t.Context(), Config{Accounts: []account.Account{{Name: "A"}}, DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.RecoveredDrafts(t.Context())
	if err != nil || len(got) != 1 {
		t.Fatalf("recovered %+v, %v", got, err)
	}
	d, _, problems := compose.FromStored(got[0])
	if got[0].ID != "d1" || d.Subject != "Kept" || d.Text != "saved text" || len(d.To) != 1 || len(problems) != 0 {
		t.Errorf("recovered draft %+v (%v)", d, problems)
	}
	// A draft saved in this run is not "recovered"; a discarded one is gone.
	if err := s.Drafts().Save(drafts.Draft{ID: "d2", Subject: "new"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.RecoveredDrafts(t.Context()); len(got) != 1 {
		t.Errorf("after a new save: %d recovered", len(got))
	}
	if err := s.DiscardDraft("d1"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.RecoveredDrafts(t.Context()); len(got) != 0 {
		t.Errorf("after discarding: %+v", got)
	}
}

func writeDraftAndWait(dir string) {
	s, err := Open(context.Background(), Config{Accounts: []account.Account{{Name: "A"}}, DataDir: dir})
	if err != nil {
		panic(err)
	}
	a := drafts.NewAutosaver(s.Drafts(), time.Hour, nil)
	d := rfc822.Draft{To: []rfc822.Address{{Address: "anna@example.org"}}, Subject: "Kept", Text: "saved text"}
	a.Changed(compose.ToStored(d, "d1", "A", nil))
	if err := a.Flush(); err != nil {
		panic(err)
	}
	d.Text += " and more typing never saved"
	a.Changed(compose.ToStored(d, "d1", "A", nil))
	// Block until killed; the signal handler also keeps the runtime from
	// taking the idle process for a deadlock.
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM)
	os.Stdout.WriteString("typing\n")
	<-stop
}

func TestContactsFromStoredMail(t *testing.T) {
	s, err := Open(t.Context(), Config{Accounts: []account.Account{{Name: "A"}}, DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := t.Context()
	for _, f := range []struct {
		name string
		role store.Role
	}{{"INBOX", store.RoleInbox}, {"Sent", store.RoleSent}} {
		if err := s.Store.UpsertFolder(ctx, "A", f.name, f.role); err != nil {
			t.Fatal(err)
		}
	}
	in := store.Message{UID: 1, From: store.Address{Name: "Carla Mendes", Addr: "carla@example.org"}, To: []store.Address{{Addr: "me@example.com"}}}
	out := store.Message{UID: 1, From: store.Address{Addr: "me@example.com"}, To: []store.Address{{Name: "Carl", Addr: "carl@example.net"}}}
	if err := s.Store.UpsertMessages(ctx, "A", "INBOX", 1, []store.Message{in}); err != nil {
		t.Fatal(err)
	}
	if err := s.Store.UpsertMessages(ctx, "A", "Sent", 1, []store.Message{out}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Contacts(ctx, "car")
	if err != nil || len(got) != 2 || got[0].Addr != "carl@example.net" || got[1].Name != "Carla Mendes" {
		t.Fatalf("contacts %+v, %v", got, err)
	}
	if got, _ := s.Contacts(ctx, "mendes"); len(got) != 1 {
		t.Errorf("by surname: %+v", got)
	}
}
