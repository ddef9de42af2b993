package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// Maildir writes messages straight into a Dovecot user's Maildir INBOX:
// far faster than APPEND for a large corpus, and Dovecot indexes the
// files on the next SELECT. The files belong to the mail user (UID, GID),
// as Dovecot's own would.
type Maildir struct {
	Dir      string // the Maildir root (holding cur, new, tmp)
	UID, GID int
	seq      int
}

// Create makes the Maildir's directories (and its parents) for the mail
// user.
func (m *Maildir) Create() error {
	for _, d := range []string{"cur", "new", "tmp"} {
		if err := os.MkdirAll(filepath.Join(m.Dir, d), 0o700); err != nil {
			return fmt.Errorf("maildir: %w", err)
		}
	}
	// Chown from the user's home down: MkdirAll made them as us.
	home := filepath.Dir(m.Dir)
	return filepath.WalkDir(home, func(p string, _ os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, m.UID, m.GID)
	})
}

// Put stores one message in cur with IMAP flags (\Seen, \Flagged,
// \Answered) and date as its internal date. Names carry the date first,
// so Dovecot numbers the files in date order, and the size (S= and W=:
// the message has CRLF line ends, so both are the same).
func (m *Maildir) Put(raw []byte, date time.Time, flags []string) error {
	m.seq++
	name := fmt.Sprintf("%d.M%06dP%d.wrenbench,S=%d,W=%d:2,%s", date.Unix(), m.seq, os.Getpid(), len(raw), len(raw), infoFlags(flags))
	tmp := filepath.Join(m.Dir, "tmp", name)
	if err := os.WriteFile(tmp, raw, 0o600); err != nil {
		return fmt.Errorf("maildir: %w", err)
	}
	if err := os.Lchown(tmp, m.UID, m.GID); err != nil {
		return fmt.Errorf("maildir: %w", err)
	}
	if err := os.Chtimes(tmp, date, date); err != nil {
		return fmt.Errorf("maildir: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(m.Dir, "cur", name)); err != nil {
		return fmt.Errorf("maildir: %w", err)
	}
	return nil
}

// infoFlags turns IMAP system flags into Maildir info letters, sorted as
// the Maildir convention asks.
func infoFlags(flags []string) string {
	letters := map[string]byte{`\Answered`: 'R', `\Flagged`: 'F', `\Seen`: 'S', `\Draft`: 'D', `\Deleted`: 'T'}
	var out []byte
	for _, f := range flags {
		if l, ok := letters[f]; ok && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return string(out)
}
