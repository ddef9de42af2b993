package secret

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"wren/account"
)

// flakyStore is a keyring that fails Set with errs in turn, then works.
type flakyStore struct {
	Memory
	errs []error
	sets int
}

func (s *flakyStore) Set(ctx context.Context, key, pw string) error {
	s.sets++
	if len(s.errs) > 0 {
		err := s.errs[0]
		s.errs = s.errs[1:]
		return err
	}
	return s.Memory.Set(ctx, key, pw)
}

var errUnavailable = fmt.Errorf("keyring set k: %w", account.ErrKeyringUnavailable)

func answer(d Decision, asked *int) AskFunc {
	return func(_ context.Context, key string, err error) (Decision, error) {
		*asked++
		if !KeyringProblem(err) || key != "k" {
			return Cancel, fmt.Errorf("asked about %q / %v", key, err)
		}
		return d, nil
	}
}

func TestFallbackSessionOnly(t *testing.T) {
	ctx := context.Background()
	ks := &flakyStore{errs: []error{errUnavailable}}
	var logs bytes.Buffer
	asked := 0
	f := NewFallback(ks, answer(SessionOnly, &asked), slog.New(slog.NewTextHandler(&logs, nil)))
	if err := f.Set(ctx, "k", testPassword); err != nil {
		t.Fatalf("Set = %v", err)
	}
	if asked != 1 || !f.SessionOnly("k") || ks.Has("k") {
		t.Fatalf("asked %d, session %v, keyring %v; want 1, true, false", asked, f.SessionOnly("k"), ks.Has("k"))
	}
	if pw, err := f.Get(ctx, "k"); err != nil || pw != testPassword {
		t.Fatalf("Get = %q, %v", pw, err)
	}
	if !strings.Contains(logs.String(), "session only") || strings.Contains(logs.String(), testPassword) {
		t.Errorf("log = %q; want the session-only warning without the password", logs.String())
	}
	// Deleting forgets the session copy; the keyring had none.
	if err := f.Delete(ctx, "k"); err != nil {
		t.Fatalf("Delete = %v", err)
	}
	if _, err := f.Get(ctx, "k"); !errors.Is(err, account.ErrNoPassword) {
		t.Fatalf("Get after Delete = %v", err)
	}
	if err := f.Delete(ctx, "k"); !errors.Is(err, account.ErrNoPassword) {
		t.Fatalf("second Delete = %v", err)
	}
}

func TestFallbackRetryThenKeyring(t *testing.T) {
	ctx := context.Background()
	locked := fmt.Errorf("keyring set k: %w", account.ErrKeyringLocked)
	ks := &flakyStore{errs: []error{locked}}
	asked := 0
	f := NewFallback(ks, answer(Retry, &asked), nil)
	if err := f.Set(ctx, "k", testPassword); err != nil {
		t.Fatalf("Set = %v", err)
	}
	if asked != 1 || ks.sets != 2 || !ks.Has("k") || f.SessionOnly("k") {
		t.Fatalf("asked %d, sets %d, keyring %v, session %v", asked, ks.sets, ks.Has("k"), f.SessionOnly("k"))
	}
}

func TestFallbackRetryIsBounded(t *testing.T) {
	errs := make([]error, 100)
	for i := range errs {
		errs[i] = errUnavailable
	}
	ks := &flakyStore{errs: errs}
	asked := 0
	f := NewFallback(ks, answer(Retry, &asked), nil)
	if err := f.Set(context.Background(), "k", testPassword); !errors.Is(err, account.ErrKeyringUnavailable) {
		t.Fatalf("Set = %v", err)
	}
	if ks.sets != maxRetries+1 {
		t.Errorf("tried the keyring %d times, want %d", ks.sets, maxRetries+1)
	}
}

func TestFallbackCancelAndNoAsk(t *testing.T) {
	ctx := context.Background()
	for name, f := range map[string]func(*flakyStore) *Fallback{
		"cancel": func(ks *flakyStore) *Fallback { n := 0; return NewFallback(ks, answer(Cancel, &n), nil) },
		"no ask": func(ks *flakyStore) *Fallback { return NewFallback(ks, nil, nil) },
		"ask fails": func(ks *flakyStore) *Fallback {
			return NewFallback(ks, func(context.Context, string, error) (Decision, error) {
				return SessionOnly, errors.New("dialog closed")
			}, nil)
		},
	} {
		ks := &flakyStore{errs: []error{errUnavailable}}
		fb := f(ks)
		if err := fb.Set(ctx, "k", testPassword); !errors.Is(err, account.ErrKeyringUnavailable) {
			t.Errorf("%s: Set = %v, want ErrKeyringUnavailable", name, err)
		}
		if fb.SessionOnly("k") || ks.Has("k") {
			t.Errorf("%s: the password was kept somewhere", name)
		}
	}
}

// Only keyring problems ask; other errors go straight back.
func TestFallbackOtherErrorsDoNotAsk(t *testing.T) {
	ks := &flakyStore{errs: []error{ErrTooLarge}}
	asked := 0
	f := NewFallback(ks, answer(SessionOnly, &asked), nil)
	if err := f.Set(context.Background(), "k", testPassword); !errors.Is(err, ErrTooLarge) || asked != 0 {
		t.Fatalf("Set = %v after %d questions", err, asked)
	}
}

// A later successful save drops the session copy so it cannot shadow the
// keyring.
func TestFallbackKeyringSaveReplacesSessionCopy(t *testing.T) {
	ctx := context.Background()
	ks := &flakyStore{}
	f := NewFallback(ks, nil, nil)
	if err := f.KeepForSession("k", "old-session-pw"); err != nil {
		t.Fatal(err)
	}
	if err := f.Set(ctx, "k", testPassword); err != nil {
		t.Fatal(err)
	}
	if f.SessionOnly("k") {
		t.Error("session copy kept after a keyring save")
	}
	if pw, _ := f.Get(ctx, "k"); pw != testPassword {
		t.Errorf("Get = %q, want the keyring's", pw)
	}
}
