package drafts

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestSaveGetListDelete(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	a := Draft{ID: NewID(), To: "you@example.com", Subject: "first", Body: "hello"}
	b := Draft{ID: NewID(), Subject: "second", Attach: []string{"/tmp/x.pdf"}}
	if err := s.Save(a); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(b); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(a.ID)
	if err != nil || got.Body != "hello" || got.Updated.IsZero() {
		t.Fatalf("get %+v, %v", got, err)
	}
	list, err := s.List()
	if err != nil || len(list) != 2 || list[0].ID != b.ID {
		t.Fatalf("list %+v, %v: want both, newest first", list, err)
	}
	if err := s.Delete(a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(a.ID); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("deleted draft: %v", err)
	}
	if !(&Draft{ID: "x"}).Empty() || b.Empty() {
		t.Error("Empty")
	}
}

func TestIDsCannotEscapeTheFolder(t *testing.T) {
	dir := t.TempDir()
	s, _ := Open(filepath.Join(dir, "drafts"))
	for _, id := range []string{"", "../x", "a/b", "..", "ABC", "x.json"} {
		if err := s.Save(Draft{ID: id}); !errors.Is(err, errBadID) {
			t.Errorf("id %q: %v", id, err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files written outside the drafts folder: %v", entries)
	}
}

func TestDamagedDraftSkippedAndKept(t *testing.T) {
	dir := t.TempDir()
	s, _ := Open(dir)
	bad := filepath.Join(dir, "abcdef.json")
	os.WriteFile(bad, []byte("{not json"), 0o600)
	s.Save(Draft{ID: "0123", Body: "ok"})
	list, err := s.List()
	if err != nil || len(list) != 1 || list[0].Body != "ok" {
		t.Fatalf("list %+v, %v", list, err)
	}
	if _, err := os.Stat(bad); err != nil {
		t.Error("the damaged draft was removed")
	}
}

func TestAutosaveWithinDelayAndFlush(t *testing.T) {
	s, _ := Open(t.TempDir())
	saved := make(chan struct{}, 1)
	a := NewAutosaver(s, 20*time.Millisecond, nil)
	a.OnError = func(err error) { t.Error(err) }
	d := Draft{ID: NewID(), Body: "a"}
	a.Changed(d)
	go func() {
		for {
			if got, err := s.Get(d.ID); err == nil && got.Body == "a" {
				saved <- struct{}{}
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	select {
	case <-saved:
	case <-time.After(5 * time.Second):
		t.Fatal("not autosaved")
	}
	d.Body = "ab"
	a.Changed(d)
	if err := a.Flush(); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(d.ID); got.Body != "ab" {
		t.Fatalf("after Flush: %q", got.Body)
	}
}

// The child process types into an autosaved draft and is killed with
// SIGKILL; what it typed more than the delay before the kill is on disk.
func TestDraftSurvivesKill(t *testing.T) {
	if dir := os.Getenv("WREN_DRAFT_CHILD"); dir != "" {
		typeAndWait(dir)
		return
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestDraftSurvivesKill$")
	cmd.Env = append(os.Environ(), "WREN_DRAFT_CHILD="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	typed := 0
	for sc.Scan() {
		if n, err := strconv.Atoi(strings.TrimSpace(sc.Text())); err == nil {
			typed = n
			if n == 30 {
				break
			}
		}
	}
	time.Sleep(300 * time.Millisecond) // > the child's 50 ms delay
	cmd.Process.Kill()
	cmd.Wait()
	if typed != 30 {
		t.Fatalf("child typed %d", typed)
	}
	s, _ := Open(dir)
	list, err := s.List()
	if err != nil || len(list) != 1 || len(list[0].Body) != 30 {
		t.Fatalf("after the kill: %+v, %v", list, err)
	}
}

func typeAndWait(dir string) {
	s, err := Open(dir)
	if err != nil {
		panic(err)
	}
	a := NewAutosaver(s, 50*time.Millisecond, nil)
	d := Draft{ID: "abc123", Subject: "typed"}
	for i := 1; i <= 30; i++ {
		d.Body += "x"
		a.Changed(d)
		fmt.Println(i)
		time.Sleep(2 * time.Millisecond)
	}
	time.Sleep(time.Hour) // until killed
}

// The composer's saves keep the server copy on record; a newer save makes
// it stale; a discarded draft takes no record.
func TestServerCopyRecord(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	d := Draft{ID: NewID(), Account: "a", Subject: "hello"}
	if err := s.Save(d); err != nil {
		t.Fatal(err)
	}
	saved, _ := s.Get(d.ID)
	if !saved.ServerStale() {
		t.Error("a draft without a server copy is not stale")
	}
	if err := s.SetServerCopy(d.ID, "Drafts", 7, saved.Updated); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(d.ID)
	if got.ServerUID != 7 || got.ServerFolder != "Drafts" || got.ServerStale() || !got.Updated.Equal(saved.Updated) {
		t.Fatalf("after SetServerCopy: %+v", got)
	}
	d.Subject = "hello again" // the composer's copy knows nothing of the server
	if err := s.Save(d); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Get(d.ID)
	if got.ServerUID != 7 || got.ServerFolder != "Drafts" || !got.ServerStale() {
		t.Fatalf("after the composer saved: %+v; want the copy kept, and stale", got)
	}
	if err := s.Delete(d.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.SetServerCopy(d.ID, "Drafts", 8, time.Now()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("SetServerCopy on a discarded draft: %v, want fs.ErrNotExist", err)
	}
}

// A draft keeps in-memory attachments as its own files: named safely,
// never over one another, never outside its folder, and gone with it.
func TestKeepFileLivesAndDiesWithTheDraft(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	id := NewID()
	if err := s.Save(Draft{ID: id, Subject: "with files"}); err != nil {
		t.Fatal(err)
	}
	a, err := s.KeepFile(id, "figures.csv", []byte("a,b\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.KeepFile(id, "figures.csv", []byte("c,d\n"))
	if err != nil {
		t.Fatal(err)
	}
	evil, err := s.KeepFile(id, "../../etc/passwd", []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	dir := s.filesDir(id)
	for _, p := range []string{a, b, evil} {
		if filepath.Dir(p) != dir {
			t.Errorf("%s is not in the draft's folder %s", p, dir)
		}
	}
	if filepath.Base(b) != "figures (2).csv" {
		t.Errorf("the second file is %s", filepath.Base(b))
	}
	if got, _ := os.ReadFile(a); string(got) != "a,b\n" {
		t.Errorf("the first file holds %q", got)
	}
	if _, err := s.KeepFile("../x", "f", nil); err == nil {
		t.Error("a bad draft id was accepted")
	}
	if err := s.Delete(id); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the draft's files outlived it: %v", err)
	}
}
