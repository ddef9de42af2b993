package wizard

import (
	"context"
	"sync"
	"testing"
	"time"

	"wren/account"
)

// memSecrets is an in-memory secret store; failSet makes Set fail.
type memSecrets struct {
	mu      sync.Mutex
	saved   map[string]string
	session map[string]string
	failSet error
}

func (m *memSecrets) Set(_ context.Context, key, pw string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failSet != nil {
		return m.failSet
	}
	if m.saved == nil {
		m.saved = map[string]string{}
	}
	m.saved[key] = pw
	return nil
}

func (m *memSecrets) Delete(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.saved, key)
	return nil
}

func (m *memSecrets) KeepForSession(key, pw string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.session == nil {
		m.session = map[string]string{}
	}
	m.session[key] = pw
	return nil
}

type memProfile struct {
	mu    sync.Mutex
	accts []account.Account
}

func (p *memProfile) Add(a account.Account) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.accts = append(p.accts, a)
	return nil
}

// watch collects the wizard's states; await reads them until one
// satisfies ok.
type watch chan State

func (c watch) onChange(s State) { c <- s }

func (c watch) await(t *testing.T, what string, ok func(State) bool) State {
	t.Helper()
	deadline := time.After(90 * time.Second)
	for {
		select {
		case s := <-c:
			if ok(s) {
				return s
			}
		case <-deadline:
			t.Fatalf("no state with %s", what)
		}
	}
}

func (m *memSecrets) Get(_ context.Context, key string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.saved[key], nil
}
