package outbox

import (
	"bytes"
	"context"
	"fmt"
	"time"

	goimap "github.com/emersion/go-imap/v2"

	"wren/account"
	"wren/transport"
	"wren/transport/imap"
	"wren/transport/smtp"
)

// Password returns an account server's password (from the keyring).
type Password func(ctx context.Context, s account.Server) (string, error)

// SMTP submits through an account's outgoing server.
type SMTP struct {
	Server   account.Server
	Password Password
	Options  transport.Options
}

// Submit sends it in one session: connect, log in (unless the server
// needs none), send, quit.
func (s SMTP) Submit(ctx context.Context, it Item) error {
	c, err := smtp.Dial(ctx, s.Server.Endpoint(), s.Options)
	if err != nil {
		return err
	}
	defer c.Close()
	if s.Server.Auth == account.AuthPassword {
		pw, err := s.Password(ctx, s.Server)
		if err != nil {
			return err
		}
		if err := c.Login(ctx, s.Server.Username, pw); err != nil {
			return err
		}
	}
	_, err = c.Send(ctx, smtp.Envelope{From: it.From, To: it.To}, int64(len(it.Raw)), bytes.NewReader(it.Raw), smtp.SendOptions{})
	return err
}

// IMAPSent files sent copies in the account's Sent folder.
type IMAPSent struct {
	Server   account.Server
	Password Password
	Options  transport.Options
}

// FileSent appends it, marked \Seen, to the folder with the Sent role.
func (s IMAPSent) FileSent(ctx context.Context, it Item) error {
	c, err := imap.Dial(ctx, s.Server.Endpoint(), s.Options)
	if err != nil {
		return err
	}
	defer c.Close()
	pw, err := s.Password(ctx, s.Server)
	if err != nil {
		return err
	}
	if err := c.Login(ctx, s.Server.Username, pw); err != nil {
		return err
	}
	folders, err := c.List(ctx)
	if err != nil {
		return err
	}
	name := ""
	for _, f := range folders {
		if f.Role == imap.RoleSent {
			name = f.Name
			break
		}
	}
	if name == "" {
		return fmt.Errorf("the server has no folder marked as Sent")
	}
	_, err = c.Append(ctx, name, []goimap.Flag{goimap.FlagSeen}, time.Now(), bytes.NewReader(it.Raw), int64(len(it.Raw)))
	if err == nil {
		_ = c.Logout(ctx)
	}
	return err
}
