package secret

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/zalando/go-keyring"

	"wren/account"
)

// Default deadlines. A read runs in the background and must not stall
// Wren; an explicit unlock waits for a person at a prompt.
const (
	DefaultTimeout       = 3 * time.Second
	DefaultUnlockTimeout = 2 * time.Minute
)

// backend is the keyring API Keyring drives; go-keyring by default, a
// fake in tests.
type backend interface {
	Set(service, user, password string) error
	Get(service, user string) (string, error)
	Delete(service, user string) error
}

// goKeyring calls go-keyring's package functions, so keyring.MockInit in
// tests reaches it, after busCheck.
type goKeyring struct{}

func (goKeyring) Set(s, u, p string) error {
	if err := busCheck(); err != nil {
		return err
	}
	return keyring.Set(s, u, p)
}

func (goKeyring) Get(s, u string) (string, error) {
	if err := busCheck(); err != nil {
		return "", err
	}
	return keyring.Get(s, u)
}

func (goKeyring) Delete(s, u string) error {
	if err := busCheck(); err != nil {
		return err
	}
	return keyring.Delete(s, u)
}

// Keyring stores passwords in the OS keyring (Secret Service on Linux,
// Keychain on macOS, Credential Manager on Windows) under service "wren".
// The zero value is ready to use.
//
// Every call runs in its own goroutine under a deadline: go-keyring waits
// for an unlock prompt without any timeout, and a prompt nobody answers
// must not hang Wren. A call that times out may still finish later in the
// background; calls are serialized, so the next one sees its result.
type Keyring struct {
	// Timeout bounds each call; 0 means DefaultTimeout. A shorter
	// deadline in the caller's context wins.
	Timeout time.Duration
	// Logger gets one line per failed call (never the password); nil
	// discards.
	Logger *slog.Logger

	backend backend
}

// Interactive returns a copy of k for a call the user is waiting on, e.g.
// after "Unlock keyring": it allows DefaultUnlockTimeout for the unlock
// prompt. Cancel the context to give up earlier.
func (k *Keyring) Interactive() *Keyring {
	c := *k
	c.Timeout = DefaultUnlockTimeout
	return &c
}

// Get returns the password saved under key, or an error wrapping
// account.ErrNoPassword when there is none.
func (k *Keyring) Get(ctx context.Context, key string) (string, error) {
	var pw string
	err := k.call(ctx, "get", key, func(b backend) error {
		var err error
		pw, err = b.Get(Service, key)
		return err
	})
	if err != nil {
		return "", err
	}
	return pw, nil
}

// Set saves password under key, replacing any earlier one.
func (k *Keyring) Set(ctx context.Context, key, password string) error {
	return k.call(ctx, "set", key, func(b backend) error {
		return b.Set(Service, key, password)
	})
}

// Delete removes the password under key; account.ErrNoPassword when there
// was none.
func (k *Keyring) Delete(ctx context.Context, key string) error {
	return k.call(ctx, "delete", key, func(b backend) error {
		return b.Delete(Service, key)
	})
}

// slot serializes keyring calls process-wide: go-keyring's provider and
// D-Bus connection are process-wide too, and it bounds the goroutines a
// hung keyring can hold to one.
var slot = make(chan struct{}, 1)

// call runs fn in a goroutine and waits for it or the deadline.
func (k *Keyring) call(ctx context.Context, op, key string, fn func(backend) error) error {
	if key == "" {
		return fmt.Errorf("keyring %s: %w", op, errEmptyKey)
	}
	timeout := k.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	b := k.backend
	if b == nil {
		b = goKeyring{}
	}
	if ctx.Err() != nil {
		return k.fail(op, key, fmt.Errorf("keyring %s %s: %w", op, key, ctxError(ctx, timeout, "")))
	}
	select {
	case slot <- struct{}{}:
	case <-ctx.Done():
		return k.fail(op, key, fmt.Errorf("keyring %s %s: %w", op, key, ctxError(ctx, timeout, "waiting for an earlier keyring call")))
	}
	done := make(chan error, 1)
	go func() {
		defer func() { <-slot }()
		done <- fn(b)
	}()
	select {
	case err := <-done:
		if err != nil {
			return k.fail(op, key, classify(op, key, err))
		}
		return nil
	case <-ctx.Done():
		return k.fail(op, key, fmt.Errorf("keyring %s %s: %w", op, key, ctxError(ctx, timeout, "")))
	}
}

// ctxError turns the end of ctx into ErrKeyringTimeout (deadline) or the
// caller's cancellation.
func ctxError(ctx context.Context, timeout time.Duration, what string) error {
	if what != "" {
		what = " " + what
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w (%v%s)", account.ErrKeyringTimeout, timeout, what)
	}
	return fmt.Errorf("cancelled%s: %w", what, ctx.Err())
}

func (k *Keyring) fail(op, key string, err error) error {
	if k.Logger != nil {
		k.Logger.Warn("keyring call failed", "op", op, "key", key, "err", err)
	}
	return err
}
