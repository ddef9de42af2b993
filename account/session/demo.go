package session

import (
	"context"
	"iter"
	"log/slog"
	"os"
	"time"

	"wren/account"
	"wren/account/demo"
	"wren/account/internal/mailgen"
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
