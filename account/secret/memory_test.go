package secret

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"wren/account"
)

func TestMemory(t *testing.T) {
	ctx := context.Background()
	var m Memory
	if _, err := m.Get(ctx, "k"); !errors.Is(err, account.ErrNoPassword) {
		t.Fatalf("Get on empty = %v", err)
	}
	if err := m.Set(ctx, "k", testPassword); err != nil {
		t.Fatal(err)
	}
	if pw, err := m.Get(ctx, "k"); err != nil || pw != testPassword {
		t.Fatalf("Get = %q, %v", pw, err)
	}
	if !m.Has("k") || m.Has("other") {
		t.Error("Has is wrong")
	}
	if err := m.Delete(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if err := m.Delete(ctx, "k"); !errors.Is(err, account.ErrNoPassword) {
		t.Fatalf("second Delete = %v", err)
	}
	if err := m.Set(ctx, "", "x"); err == nil {
		t.Error("Set with an empty key succeeded")
	}
	m.Set(ctx, "a", "1")
	m.Clear()
	if m.Has("a") {
		t.Error("Clear kept a password")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := m.Set(cancelled, "a", "1"); !errors.Is(err, context.Canceled) || m.Has("a") {
		t.Errorf("Set on a cancelled context = %v", err)
	}
	if _, err := m.Get(ctx, "missing"); err == nil || errors.Is(err, context.Canceled) {
		t.Errorf("Get(missing) = %v", err)
	}
}

func TestMemoryConcurrent(t *testing.T) {
	ctx := context.Background()
	var m Memory
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := fmt.Sprint("k", i)
			for j := range 50 {
				pw := fmt.Sprint("pw", j)
				if err := m.Set(ctx, key, pw); err != nil {
					t.Error(err)
					return
				}
				if got, err := m.Get(ctx, key); err != nil || got != pw {
					t.Errorf("Get(%s) = %q, %v; want %q", key, got, err, pw)
					return
				}
			}
		}()
	}
	wg.Wait()
}
