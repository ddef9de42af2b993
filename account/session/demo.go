package session

import (
	"context"
	"errors"
	"iter"
	"log/slog"
	"os"
	"time"

	"wren/account"
	"wren/account/demo"
	"wren/account/internal/mailgen"
	"wren/transport/imap"
)

// OpenDemo starts the built-in demo servers and a session on them, with
// its own throwaway profile: nothing of the user's is read or written, and
// the demo password never leaves memory. src nil means the ~200 realistic
// messages of the demo preset.
func OpenDemo(ctx context.Context, src demo.Source, log *slog.Logger) (*Session, error) {
	if src == nil {
		src = demoMail(time.Now())
	}
	d, err := demo.Start(ctx, demo.Options{Source: src, Logger: log})
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "wren-demo-*")
	if err != nil {
		d.Close()
		return nil, err
	}
	pw := d.Password
	s, err := Open(ctx, Config{
		Accounts: []account.Account{d.Account},
		DataDir:  dir,
		Password: func(context.Context, *account.Account, account.Server) (string, error) { return pw, nil },
		Base:     d.TransportOptions(),
		Logger:   log,
	})
	if err != nil {
		d.Close()
		os.RemoveAll(dir)
		return nil, err
	}
	s.Demo = true
	s.closers = append([]func() error{
		func() error { return os.RemoveAll(dir) },
		d.Close,
	}, s.closers...)
	return s, nil
}

// demoMail is the generated demo mailbox as a demo.Source.
func demoMail(now time.Time) demo.Source {
	return demo.SourceFunc(func() iter.Seq[demo.Message] {
		return func(yield func(demo.Message) bool) {
			for m := range mailgen.DemoMessages(now) {
				if !yield(demo.Message{Folder: m.Folder, Flags: m.Flags, Date: m.Date, Raw: m.Raw}) {
					return
				}
			}
		}
	})
}

// DemoLoginFailure logs in to the demo's own IMAP server with a wrong
// password and returns the server's real refusal, as the demo's tour shows
// how Wren explains a failure. Only a demo session has it.
func (s *Session) DemoLoginFailure(ctx context.Context) error {
	accts := s.accountList()
	if !s.Demo || len(accts) == 0 {
		return errors.New("session: only the demo account can show a failed login")
	}
	a := &accts[0]
	c, err := imap.Dial(ctx, a.Incoming.Endpoint(), s.options(a, a.Incoming))
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Login(ctx, a.Incoming.Username, "not-the-password"); err != nil {
		return err
	}
	return errors.New("session: the demo server accepted a wrong password")
}
