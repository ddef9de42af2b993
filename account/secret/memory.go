package secret

import (
	"context"
	"fmt"
	"sync"

	"wren/account"
)

// Memory keeps passwords in this process only: for tests, and for "keep
// the password for this session" when the keyring cannot be used. The
// zero value is ready to use.
type Memory struct {
	mu sync.Mutex
	m  map[string]string
}

// Get returns the password under key, or account.ErrNoPassword.
func (m *Memory) Get(ctx context.Context, key string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	pw, ok := m.m[key]
	if !ok {
		return "", fmt.Errorf("session %s: %w", key, account.ErrNoPassword)
	}
	return pw, nil
}

// Set keeps password under key.
func (m *Memory) Set(ctx context.Context, key, password string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if key == "" {
		return fmt.Errorf("session: %w", errEmptyKey)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = make(map[string]string)
	}
	m.m[key] = password
	return nil
}

// Delete forgets key; account.ErrNoPassword when it was not there.
func (m *Memory) Delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.m[key]; !ok {
		return fmt.Errorf("session %s: %w", key, account.ErrNoPassword)
	}
	delete(m.m, key)
	return nil
}

// Has reports whether a password is kept under key.
func (m *Memory) Has(key string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.m[key]
	return ok
}

// Clear forgets every password.
func (m *Memory) Clear() {
	m.mu.Lock()
	defer m.mu.Unlock()
	clear(m.m)
}
