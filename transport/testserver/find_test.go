package testserver

import (
	"crypto/rand"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

func TestFindWithoutServers(t *testing.T) {
	_, err := find(t.Context(), t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "real test servers are not running: run 'make test-servers'") {
		t.Fatalf("got %v, want the 'run make test-servers' message", err)
	}
}

func TestUserName(t *testing.T) {
	valid := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*-[a-z2-7]{8}$`)
	for _, tc := range []struct{ in, prefix string }{
		{"TestRealSubmission/starttls", "testrealsubmission-starttls-"},
		{"Test_Odd Name/#01", "test-odd-name-01-"},
		{"///", "user-"},
		{strings.Repeat("x", 100), strings.Repeat("x", 40) + "-"},
	} {
		got := userName(tc.in)
		if !strings.HasPrefix(got, tc.prefix) || !valid.MatchString(got) {
			t.Errorf("userName(%q) = %q, want %q + 8 random characters", tc.in, got, tc.prefix)
		}
	}
	if a, b := userName("T"), userName("T"); a == b {
		t.Errorf("two users of one test share the name %q", a)
	}
}

// Concurrent adds (goroutines stand in for several test binaries) each
// leave one whole file, and a taken name is refused.
func TestAddUserConcurrent(t *testing.T) {
	dir := t.TempDir()
	const n = 50
	var wg sync.WaitGroup
	users := make([]User, n)
	for i := range users {
		name := userName("u")
		users[i] = User{Name: name, Address: name + "@wren.test", Password: rand.Text()}
		wg.Go(func() {
			if err := addUser(dir, users[i]); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != n {
		t.Fatalf("got %d files, want %d (no leftovers)", len(entries), n)
	}
	for _, u := range users {
		b, err := os.ReadFile(filepath.Join(dir, u.Name))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := string(b), u.Address+":{PLAIN}"+u.Password+"::::::\n"; got != want {
			t.Errorf("file %s = %q, want %q", u.Name, got, want)
		}
	}
	again := users[0]
	again.Password = "other"
	if err := addUser(dir, again); !errors.Is(err, fs.ErrExist) {
		t.Errorf("re-adding %s: got %v, want fs.ErrExist", again.Name, err)
	}
}

func TestAddUserRejectsSeparators(t *testing.T) {
	for _, u := range []User{
		{Name: "a", Address: "a@wren.test", Password: "x:y"},
		{Name: "a/b", Address: "a/b@wren.test", Password: "x"},
		{Name: ".a", Address: ".a@wren.test", Password: "x"},
	} {
		if err := addUser(t.TempDir(), u); err == nil {
			t.Errorf("user %+v was written", u)
		}
	}
}
