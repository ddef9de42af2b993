package settings

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"wren/account"
	"wren/account/login"
)

// Updater is the part of account/profile that editing an account needs.
type Updater interface {
	Update(account.Account) error
}

// Keys reads and writes keyring entries (a *secret.Fallback).
type Keys interface {
	Get(ctx context.Context, key string) (string, error)
	Set(ctx context.Context, key, password string) error
	Delete(ctx context.Context, key string) error
}

// ErrRename: an account keeps its name (its keyring entries and its mail
// in the store are filed under it).
var ErrRename = errors.New("an account cannot be renamed here")

// SaveAccount saves edits to an account. A server edit that changes
// where its password is filed (user name, host, port) carries the saved
// password over to the new entry first, so the account still logs in.
func SaveAccount(ctx context.Context, p Updater, keys Keys, old, edited account.Account) error {
	if !strings.EqualFold(old.Name, edited.Name) {
		return fmt.Errorf("%w: %q", ErrRename, old.Name)
	}
	for _, i := range edited.Identities {
		if strings.TrimSpace(i.Address) == "" {
			return fmt.Errorf("%w: every identity needs an address", ErrInvalid)
		}
	}
	if edited.POP3.DeleteAfterDays < 0 {
		return fmt.Errorf("%w: days must not be negative", ErrInvalid)
	}
	var moves []keyMove
	for _, pair := range [][2]account.Server{{old.Incoming, edited.Incoming}, {old.Outgoing, edited.Outgoing}} {
		o, n := pair[0], pair[1]
		if o.Auth != n.Auth {
			continue
		}
		// A browser sign-in moves like a password.
		if from, to := login.KeyOf(&old, o), login.KeyOf(&edited, n); from != "" && to != "" && from != to {
			moves = append(moves, keyMove{from, to})
		}
	}
	var moved []keyMove
	for _, m := range moves {
		pw, err := keys.Get(ctx, m.from)
		if errors.Is(err, account.ErrNoPassword) {
			continue // nothing saved: the next login asks
		}
		if err == nil {
			err = keys.Set(ctx, m.to, pw)
		}
		if err != nil {
			undo(ctx, keys, moved)
			return fmt.Errorf("moving the saved password: %w", err)
		}
		moved = append(moved, m)
	}
	if err := p.Update(edited); err != nil {
		undo(ctx, keys, moved)
		return err
	}
	for _, m := range moved {
		// The old entry is only clutter now; failing to delete it is harmless.
		_ = keys.Delete(ctx, m.from)
	}
	return nil
}

// keyMove is a password carried from one keyring entry to another.
type keyMove struct{ from, to string }

// undo deletes the entries a failed save had already written.
func undo(ctx context.Context, keys Keys, moved []keyMove) {
	for _, m := range moved {
		_ = keys.Delete(ctx, m.to)
	}
}
