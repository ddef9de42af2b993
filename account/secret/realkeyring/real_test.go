// Package realkeyring tests account/secret against a real Secret Service
// (gnome-keyring in a private D-Bus session, see .ci/with-keyring). It is
// its own test binary because go-keyring's mock replaces the real provider
// for the whole process, and the unit tests of account/secret use it.
package realkeyring

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"wren/account"
	"wren/account/secret"
)

// realKeyring reports whether this run must use the real keyring: `make
// test` runs the suite under .ci/with-keyring, which sets
// WREN_REAL_KEYRING=1. There a missing keyring fails the test.
func realKeyring(t *testing.T) bool {
	t.Helper()
	if os.Getenv("WREN_REAL_KEYRING") == "1" {
		return true
	}
	t.Log("WREN_REAL_KEYRING is not set: the real keyring test did not run. " +
		"Run it with: .ci/with-keyring go test -race ./account/secret/realkeyring/")
	return false
}

// timeout is generous because CI machines are shared; the point is the
// real round trip, the deadline has its own unit test.
const timeout = 15 * time.Second

func TestRealKeyringSetGetDelete(t *testing.T) {
	if !realKeyring(t) {
		return
	}
	ctx := context.Background()
	k := &secret.Keyring{Timeout: timeout}
	acct := account.Account{Name: fmt.Sprintf("real-test-%d", time.Now().UnixNano())}
	key := acct.SecretKey(account.Server{Protocol: account.IMAP, Host: "imap.wren.test", Port: 993, Username: "me"})
	const pw1, pw2 = "first-Pässwörd-1", "second-password-2"

	if _, err := k.Get(ctx, key); !errors.Is(err, account.ErrNoPassword) {
		t.Fatalf("Get before Set = %v, want ErrNoPassword", err)
	}
	if err := k.Set(ctx, key, pw1); err != nil {
		t.Fatalf("Set: %v", err)
	}
	t.Cleanup(func() { _ = k.Delete(context.Background(), key) })
	if got, err := k.Get(ctx, key); err != nil || got != pw1 {
		t.Fatalf("Get = %q, %v; want the saved password", got, err)
	}
	// Saving again replaces the entry instead of adding a second one.
	if err := k.Set(ctx, key, pw2); err != nil {
		t.Fatalf("second Set: %v", err)
	}
	if got, err := k.Get(ctx, key); err != nil || got != pw2 {
		t.Fatalf("Get after replace = %q, %v", got, err)
	}
	if err := k.Delete(ctx, key); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := k.Get(ctx, key); !errors.Is(err, account.ErrNoPassword) {
		t.Fatalf("Get after Delete = %v, want ErrNoPassword", err)
	}
	if err := k.Delete(ctx, key); !errors.Is(err, account.ErrNoPassword) {
		t.Fatalf("second Delete = %v, want ErrNoPassword", err)
	}
}

// With a working keyring the fallback saves there and never asks.
func TestRealKeyringThroughFallback(t *testing.T) {
	if !realKeyring(t) {
		return
	}
	ctx := context.Background()
	ask := func(_ context.Context, _ string, err error) (secret.Decision, error) {
		t.Errorf("asked although the keyring works: %v", err)
		return secret.Cancel, nil
	}
	f := secret.NewFallback(&secret.Keyring{Timeout: timeout}, ask, nil)
	key := fmt.Sprintf("fallback-test-%d", time.Now().UnixNano())
	if err := f.Set(ctx, key, "fallback-password"); err != nil {
		t.Fatalf("Set: %v", err)
	}
	t.Cleanup(func() { _ = f.Delete(context.Background(), key) })
	if f.SessionOnly(key) {
		t.Error("password kept in memory although the keyring works")
	}
	// A fresh Keyring reads what the fallback saved: it is in the keyring.
	if got, err := (&secret.Keyring{Timeout: timeout}).Get(ctx, key); err != nil || got != "fallback-password" {
		t.Fatalf("keyring Get = %q, %v", got, err)
	}
}
