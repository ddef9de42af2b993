package imapsync

import (
	"context"
	"maps"
	"slices"
	"sync"
)

// memStore is an in-memory Store for tests.
type memStore struct {
	mu      sync.Mutex
	folders []Folder
	state   map[string]FolderState
	msgs    map[string]map[uint32]Header
	batches [][]uint32 // UIDs of each SaveHeaders call, in order
	resets  []string
	texts   map[uint32]string
	// localReads counts LocalUIDs calls.
	localReads int
}

func newMemStore() *memStore {
	return &memStore{state: map[string]FolderState{}, msgs: map[string]map[uint32]Header{}}
}

func (m *memStore) SaveFolders(_ context.Context, fs []Folder) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.folders = slices.Clone(fs)
	return nil
}

func (m *memStore) FolderState(_ context.Context, f string) (FolderState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	st := m.state[f]
	st.Cached = len(m.msgs[f])
	return st, nil
}

func (m *memStore) SetFolderState(_ context.Context, f string, st FolderState) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.state[f] = st
	return nil
}

func (m *memStore) ResetFolder(_ context.Context, f string, _ uint32) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.msgs, f)
	delete(m.state, f)
	m.resets = append(m.resets, f)
	return nil
}

func (m *memStore) SaveHeaders(_ context.Context, f string, _ uint32, hs []Header) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.msgs[f] == nil {
		m.msgs[f] = map[uint32]Header{}
	}
	var uids []uint32
	for _, h := range hs {
		m.msgs[f][h.UID] = h
		uids = append(uids, h.UID)
	}
	m.batches = append(m.batches, uids)
	return nil
}

func (m *memStore) SetFlags(_ context.Context, f string, cs []FlagChange) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range cs {
		h := m.msgs[f][c.UID]
		h.Flags = c.Flags
		m.msgs[f][c.UID] = h
	}
	return nil
}

func (m *memStore) LocalUIDs(_ context.Context, f string) ([]uint32, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.localReads++
	return slices.Sorted(maps.Keys(m.msgs[f])), nil
}

func (m *memStore) DeleteUIDs(_ context.Context, f string, uids []uint32) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, u := range uids {
		delete(m.msgs[f], u)
	}
	return nil
}

func (m *memStore) SaveTexts(_ context.Context, f string, texts []Text) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.texts == nil {
		m.texts = map[uint32]string{}
	}
	for _, t := range texts {
		m.texts[t.UID] = t.Text
	}
	return nil
}

func (m *memStore) header(f string, uid uint32) (Header, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	h, ok := m.msgs[f][uid]
	return h, ok
}

func (m *memStore) count(f string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.msgs[f])
}
