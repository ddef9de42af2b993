package outbox

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"
)

type memStore struct {
	mu    sync.Mutex
	next  int64
	items map[int64]Item
	// me is the owner this process claims as; live the other owners
	// still running.
	me   string
	live map[string]bool
}

func newMemStore() *memStore {
	return &memStore{items: map[int64]Item{}, me: "me", live: map[string]bool{}}
}

func (m *memStore) Add(_ context.Context, it Item) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.next++
	it.ID = m.next
	m.items[it.ID] = it
	return it.ID, nil
}

func (m *memStore) Get(_ context.Context, id int64) (Item, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	it, ok := m.items[id]
	if !ok {
		return Item{}, errors.New("no such item")
	}
	return it, nil
}

func (m *memStore) list(keep func(Item) bool) []Item {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Item
	for _, it := range m.items {
		if keep(it) {
			out = append(out, it)
		}
	}
	slices.SortFunc(out, func(a, b Item) int { return int(a.ID - b.ID) })
	return out
}

func (m *memStore) Due(_ context.Context, now time.Time) ([]Item, error) {
	return m.list(func(it Item) bool { return it.State == Queued && !it.Due.After(now) }), nil
}

func (m *memStore) InState(_ context.Context, s State) ([]Item, error) {
	return m.list(func(it Item) bool { return it.State == s }), nil
}

func (m *memStore) Update(_ context.Context, it Item) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.items[it.ID]; !ok {
		return errors.New("no such item")
	}
	m.items[it.ID] = it
	return nil
}

// same is the claim condition of Store.Swap.
func same(a, b Item) bool {
	return a.State == b.State && a.Attempts == b.Attempts && a.Owner == b.Owner
}

func (m *memStore) Swap(_ context.Context, old, it Item) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	cur, ok := m.items[it.ID]
	if !ok || !same(cur, old) {
		return false, nil
	}
	m.items[it.ID] = it
	return true, nil
}

func (m *memStore) RemoveIf(_ context.Context, old Item) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	cur, ok := m.items[old.ID]
	if !ok || !same(cur, old) {
		return false, nil
	}
	delete(m.items, old.ID)
	return true, nil
}

func (m *memStore) Owner() (string, error) { return m.me, nil }

func (m *memStore) Alive(owner string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return owner == m.me || m.live[owner]
}
