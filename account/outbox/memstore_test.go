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
}

func newMemStore() *memStore { return &memStore{items: map[int64]Item{}} }

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

func (m *memStore) Remove(_ context.Context, id int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.items, id)
	return nil
}
