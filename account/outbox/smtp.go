package outbox

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
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

func (s SMTP) log() *slog.Logger {
	if s.Options.Logger != nil {
		return s.Options.Logger
	}
	return slog.New(slog.DiscardHandler)
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
	res, err := c.Send(ctx, smtp.Envelope{From: it.From, To: it.To}, int64(len(it.Raw)), bytes.NewReader(it.Raw),
		smtp.SendOptions{AllowPartial: it.AllowPartial})
	if err == nil && res != nil && len(res.Rejected) > 0 {
		s.log().Info("sent to the accepted recipients only, as the user chose", "accepted", len(res.Accepted), "refused", len(res.Rejected))
	}
	return err
}

// IMAPSent files sent copies in the account's Sent folder.
type IMAPSent struct {
	Server   account.Server
	Password Password
	Options  transport.Options
}

// FileSent appends it, marked \Seen, to the Sent folder: the one with the
// special-use attribute, else the first well-known name (English or
// localized), else a "Sent" it creates. A copy already there (same
// Message-ID: filed just before a crash, or by the server itself) is not
// filed again.
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
	name, found, err := sentFolder(ctx, c)
	if err != nil {
		return err
	}
	if !found {
		if err := c.Create(ctx, name); err != nil && transport.CodeOf(err) != transport.CodeIMAPAlreadyExists {
			return err
		}
	}
	if id := strings.Trim(it.MessageID, "<> "); id != "" {
		if filed, err := c.HasMessageID(ctx, name, "<"+id+">"); err != nil {
			return err
		} else if filed {
			_ = c.Logout(ctx)
			return nil
		}
	}
	_, err = c.Append(ctx, name, []goimap.Flag{goimap.FlagSeen}, time.Now(), bytes.NewReader(it.Raw), int64(len(it.Raw)))
	if err == nil {
		_ = c.Logout(ctx)
	}
	return err
}

// sentFolder is the account's Sent folder and whether it exists yet.
func sentFolder(ctx context.Context, c *imap.Client) (string, bool, error) {
	folders, err := c.List(ctx)
	if err != nil {
		return "", false, err
	}
	name, found := imap.FindRole(folders, imap.RoleSent)
	return name, found, nil
}

// InSent reports whether the Sent folder holds it (by Message-ID): the
// check before a message that may have been sent is sent again. Where the
// provider files sent mail itself (Gmail), its Sent folder is looked in
// all the same.
func (s IMAPSent) InSent(ctx context.Context, it Item) (bool, error) {
	id := strings.Trim(it.MessageID, "<> ")
	if id == "" {
		return false, nil
	}
	c, err := imap.Dial(ctx, s.Server.Endpoint(), s.Options)
	if err != nil {
		return false, err
	}
	defer c.Close()
	pw, err := s.Password(ctx, s.Server)
	if err != nil {
		return false, err
	}
	if err := c.Login(ctx, s.Server.Username, pw); err != nil {
		return false, err
	}
	name, found, err := sentFolder(ctx, c)
	if err != nil || !found {
		return false, err
	}
	in, err := c.HasMessageID(ctx, name, "<"+id+">")
	if err == nil {
		_ = c.Logout(ctx)
	}
	return in, err
}
