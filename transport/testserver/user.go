package testserver

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// NewUser adds a fresh mailbox user to the servers. The name comes from the
// test's name plus a random suffix, so parallel tests and repeated runs
// never share a mailbox. The user can log in and receive mail at once.
func (s *Servers) NewUser(t testing.TB) User {
	t.Helper()
	for range 5 {
		name := userName(t.Name())
		u := User{Name: name, Address: name + "@" + s.Domain, Password: rand.Text()}
		err := addUser(filepath.Join(s.usersDir, s.Domain), u)
		if errors.Is(err, fs.ErrExist) {
			continue // the random suffix collided; draw another
		}
		if err != nil {
			t.Fatalf("test server user %s: %v", u.Address, err)
		}
		return u
	}
	t.Fatal("test server user: no free name after 5 tries")
	return User{}
}

// userName makes a mailbox local part of a test name: lower case letters,
// digits and single dashes, at most 40 of them, then a random suffix.
func userName(testName string) string {
	var b strings.Builder
	dash := true // no leading dash
	for _, r := range strings.ToLower(testName) {
		if b.Len() >= 40 {
			break
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	base := strings.TrimSuffix(b.String(), "-")
	if base == "" {
		base = "user"
	}
	return base + "-" + strings.ToLower(rand.Text()[:8])
}

// passwdLine is u's entry in Dovecot's passwd-file format: the address as
// user name, the password with its scheme, and empty uid, gid, home and
// extra fields (the harness's userdb defaults fill them in). The same
// format is written by `.ci/test-servers add-user`.
func passwdLine(u User) string {
	return u.Address + ":{PLAIN}" + u.Password + "::::::\n"
}

// addUser writes u's passwd-file, dir/Name, the way the harness script
// does. Dovecot reads a changed passwd-file at most once a second, but a
// new one at once, hence one file per user rather than appending to one.
// The file is written aside and hard-linked into place, so Dovecot never
// sees it half-written and an existing user is never overwritten
// (fs.ErrExist): parallel test binaries need no lock.
func addUser(dir string, u User) error {
	if strings.ContainsAny(u.Address+u.Password, ":/\n\r\t ") || strings.HasPrefix(u.Name, ".") {
		return fmt.Errorf("name or password has a character the passwd-file cannot hold")
	}
	tmp, err := os.CreateTemp(dir, ".new-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(passwdLine(u)); err != nil {
		tmp.Close()
		return err
	}
	// Read by Dovecot's auth process (user dovecot); the directories keep
	// everyone else out.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Link(tmp.Name(), filepath.Join(dir, u.Name))
}
