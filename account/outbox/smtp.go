package outbox

import (
	"context"
	"log/slog"
	"strings"
	"time"

	goimap "github.com/emersion/go-imap/v2"

	"wren/account"
	"wren/account/login"
	"wren/transport"
	"wren/transport/imap"
	"wren/transport/smtp"
)

// LogIn logs c in to one of the account's servers with the account's
// method (login.Logins.LogIn bound to the account).
type LogIn func(ctx context.Context, s account.Server, c login.Conn) error

// SMTP submits through an account's outgoing server.
type SMTP struct {
	Server  account.Server
	LogIn   LogIn
	Options transport.Options
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
	msg, size, err := it.Open()
	if err != nil {
		return err
	}
	defer msg.Close()
	c, err := smtp.Dial(ctx, s.Server.Endpoint(), s.Options)
	if err != nil {
		return err
	}
	defer c.Close()
	if s.Server.Auth == account.AuthPassword || s.Server.Auth == account.AuthOAuth2 {
		if err := s.LogIn(ctx, s.Server, c); err != nil {
			return err
		}
	}
	res, err := c.Send(ctx, smtp.Envelope{From: it.From, To: it.To}, size, msg, smtp.SendOptions{AllowPartial: it.AllowPartial})
	if err == nil && res != nil && len(res.Rejected) > 0 {
		s.log().Info("sent to the accepted recipients only, as the user chose", "accepted", len(res.Accepted), "refused", len(res.Rejected))
	}
	return err
}

// IMAPSent files sent copies in the account's Sent folder.
type IMAPSent struct {
	Server  account.Server
	LogIn   LogIn
	Options transport.Options
}

// FileSent appends it, marked \Seen, to the Sent folder: the one with the
// special-use attribute, else the first well-known name (English or
// localized), else a "Sent" it creates. A copy already there (same
// Message-ID: filed just before a crash, or by the server itself) is not
// filed again.
func (s IMAPSent) FileSent(ctx context.Context, it Item) error {
	err := s.fileSent(ctx, it, false)
	if transport.CodeOf(err) == transport.CodeIMAPTryCreate {
		// Refused before the message went (a listed folder gone since):
		// that session is over; the folder is made over a new one.
		err = s.fileSent(ctx, it, true)
	}
	return err
}

func (s IMAPSent) fileSent(ctx context.Context, it Item, create bool) error {
	c, name, found, err := s.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if !found || create {
		if err := c.Create(ctx, name); err != nil && transport.CodeOf(err) != transport.CodeIMAPAlreadyExists {
			return err
		}
	} else if filed, err := holds(ctx, c, name, it); err != nil || filed {
		return err
	}
	msg, size, err := it.Open()
	if err != nil {
		return err
	}
	defer msg.Close()
	_, err = c.Append(ctx, name, []goimap.Flag{goimap.FlagSeen}, time.Now(), msg, size)
	if err == nil {
		_ = c.Logout(ctx)
	}
	return err
}

// InSent reports whether the Sent folder holds it (by Message-ID): the
// check before a message that may have been sent is sent again. Where the
// provider files sent mail itself (Gmail), its Sent folder is looked in
// all the same.
func (s IMAPSent) InSent(ctx context.Context, it Item) (bool, error) {
	c, name, found, err := s.open(ctx)
	if err != nil || !found {
		return false, err
	}
	defer c.Close()
	in, err := holds(ctx, c, name, it)
	if err == nil {
		_ = c.Logout(ctx)
	}
	return in, err
}

// open logs in to the account's incoming server and finds its Sent folder
// (found false: where to create it).
func (s IMAPSent) open(ctx context.Context) (c *imap.Client, sent string, found bool, err error) {
	c, err = imap.Dial(ctx, s.Server.Endpoint(), s.Options)
	if err != nil {
		return nil, "", false, err
	}
	err = s.LogIn(ctx, s.Server, c)
	var folders []imap.Folder
	if err == nil {
		folders, err = c.List(ctx)
	}
	if err != nil {
		c.Close()
		return nil, "", false, err
	}
	sent, found = imap.FindRole(folders, imap.RoleSent)
	return c, sent, found, nil
}

// holds reports whether folder has a message with its Message-ID; a
// folder that does not exist holds none.
func holds(ctx context.Context, c *imap.Client, folder string, it Item) (bool, error) {
	id := strings.Trim(it.MessageID, "<> ")
	if id == "" {
		return false, nil
	}
	in, err := c.HasMessageID(ctx, folder, "<"+id+">")
	if transport.CodeOf(err) == transport.CodeIMAPNonexistent {
		// Listed but gone (another client removed it): nothing is filed
		// there, and the APPEND's TRYCREATE makes it again.
		return false, nil
	}
	return in, err
}
