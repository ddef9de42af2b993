package secret

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
	"go.uber.org/goleak"

	"wren/account"
)

func TestKeyringRoundTripWithMock(t *testing.T) {
	keyring.MockInit()
	t.Cleanup(keyring.MockInit)
	ctx := context.Background()
	k := &Keyring{}
	const key = "me@imap.example.org:993/imap#work"
	if _, err := k.Get(ctx, key); !errors.Is(err, account.ErrNoPassword) {
		t.Fatalf("Get before Set = %v, want ErrNoPassword", err)
	}
	if err := k.Set(ctx, key, testPassword); err != nil {
		t.Fatal(err)
	}
	// The entry is where other tools look: service "wren", user = key.
	if pw, err := keyring.Get("wren", key); err != nil || pw != testPassword {
		t.Fatalf("go-keyring sees %q, %v", pw, err)
	}
	if pw, err := k.Get(ctx, key); err != nil || pw != testPassword {
		t.Fatalf("Get = %q, %v", pw, err)
	}
	if err := k.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if err := k.Delete(ctx, key); !errors.Is(err, account.ErrNoPassword) {
		t.Fatalf("second Delete = %v, want ErrNoPassword", err)
	}
	if _, err := k.Get(ctx, key); !errors.Is(err, account.ErrNoPassword) {
		t.Fatalf("Get after Delete = %v, want ErrNoPassword", err)
	}
	if err := k.Set(ctx, "", testPassword); err == nil {
		t.Error("Set with an empty key succeeded")
	}
}

// blockingBackend stands for a keyring waiting on an unlock prompt that
// nobody answers: every call blocks until release is closed.
type blockingBackend struct {
	entered chan struct{}
	release chan struct{}
}

func newBlocking() *blockingBackend {
	return &blockingBackend{entered: make(chan struct{}, 10), release: make(chan struct{})}
}

func (b *blockingBackend) wait() error {
	b.entered <- struct{}{}
	<-b.release
	return nil
}
func (b *blockingBackend) Set(string, string, string) error { return b.wait() }
func (b *blockingBackend) Get(string, string) (string, error) {
	return "late", b.wait()
}
func (b *blockingBackend) Delete(string, string) error { return b.wait() }

// unblock lets the stuck goroutine finish and waits until the keyring
// slot is free again, so later tests start clean.
func (b *blockingBackend) unblock(t *testing.T) {
	t.Helper()
	close(b.release)
	slot <- struct{}{}
	<-slot
}

func TestHungKeyringTimesOut(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	b := newBlocking()
	k := &Keyring{Timeout: 100 * time.Millisecond, backend: b}
	ctx := context.Background()

	start := time.Now()
	_, err := k.Get(ctx, "key-1")
	if !errors.Is(err, account.ErrKeyringTimeout) {
		t.Fatalf("Get on a hung keyring = %v, want ErrKeyringTimeout", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("Get took %v with a 100ms deadline", d)
	}
	<-b.entered // the backend really was called

	// The stuck call still holds the keyring: the next one waits for it
	// only until its own deadline.
	err = k.Set(ctx, "key-2", testPassword)
	if !errors.Is(err, account.ErrKeyringTimeout) || !strings.Contains(err.Error(), "earlier keyring call") {
		t.Fatalf("Set behind a hung call = %v, want ErrKeyringTimeout about the earlier call", err)
	}
	if strings.Contains(err.Error(), testPassword) {
		t.Error("timeout error contains the password")
	}

	b.unblock(t)
	// Once the keyring answers, calls work again.
	k.backend = answering{}
	if pw, err := k.Get(ctx, "key-1"); err != nil || pw != "answer" {
		t.Fatalf("Get after the keyring recovered = %q, %v", pw, err)
	}
}

type answering struct{}

func (answering) Set(string, string, string) error   { return nil }
func (answering) Get(string, string) (string, error) { return "answer", nil }
func (answering) Delete(string, string) error        { return nil }

func TestCallerDeadlineAndCancel(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	b := newBlocking()
	defer b.unblock(t)
	// An interactive call allows minutes, but the caller's shorter
	// deadline wins.
	k := (&Keyring{backend: b}).Interactive()
	if k.Timeout != DefaultUnlockTimeout {
		t.Fatalf("Interactive timeout = %v", k.Timeout)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := k.Get(ctx, "key"); !errors.Is(err, account.ErrKeyringTimeout) {
		t.Fatalf("Get = %v, want ErrKeyringTimeout", err)
	}

}

// Cancel (the user pressed Cancel on "waiting for the keyring") is not a
// timeout, and returns at once.
func TestCancelIsNotTimeout(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	b := newBlocking()
	defer b.unblock(t)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-b.entered
		cancel()
	}()
	_, err := (&Keyring{Timeout: time.Minute, backend: b}).Get(ctx, "key")
	if !errors.Is(err, context.Canceled) || errors.Is(err, account.ErrKeyringTimeout) {
		t.Fatalf("Get after cancel = %v, want context.Canceled only", err)
	}
}

// An already cancelled context never reaches the keyring.
func TestCancelledBeforeStart(t *testing.T) {
	b := newBlocking()
	defer b.unblock(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := (&Keyring{backend: b}).Set(ctx, "k", testPassword); !errors.Is(err, context.Canceled) {
		t.Fatalf("Set = %v, want context.Canceled", err)
	}
	select {
	case <-b.entered:
		t.Fatal("the keyring was called with a cancelled context")
	default:
	}
}
