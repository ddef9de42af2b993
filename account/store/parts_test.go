package store

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
)

func TestPartEvictionLRU(t *testing.T) {
	s := openT(t, WithPartBudget(250))
	ctx := ctxT(t)
	mustFolder(t, s, "a", "INBOX", RoleInbox)
	mustUpsert(t, s, "a", "INBOX", msg(1, "x", "y"))
	m, _ := s.MessageByUID(ctx, "a", "INBOX", 1)
	blob := func(i int) []byte { return bytes.Repeat([]byte{byte('a' + i)}, 100) }
	put := func(i int) {
		t.Helper()
		if err := s.PutPart(ctx, m.ID, Part{ID: fmt.Sprint(i), Size: 100}, blob(i)); err != nil {
			t.Fatal(err)
		}
	}
	put(1)
	put(2)
	if _, err := s.GetPart(ctx, m.ID, "1"); err != nil { // 1 is now the most recent
		t.Fatal(err)
	}
	put(3) // over budget: 2 goes
	if _, err := s.GetPart(ctx, m.ID, "2"); !errors.Is(err, ErrNotCached) {
		t.Errorf("part 2: err = %v, want ErrNotCached", err)
	}
	for _, i := range []int{1, 3} {
		got, err := s.GetPart(ctx, m.ID, fmt.Sprint(i))
		if err != nil || !bytes.Equal(got, blob(i)) {
			t.Errorf("part %d: %q, %v", i, got, err)
		}
	}
	if n, _ := s.CacheSize(ctx); n != 200 {
		t.Errorf("cache size = %d, want 200", n)
	}
	// Re-caching an evicted part works and evicts the oldest again (1).
	put(2)
	if _, err := s.GetPart(ctx, m.ID, "1"); !errors.Is(err, ErrNotCached) {
		t.Errorf("part 1 after re-put of 2: %v", err)
	}
	// Larger than the whole budget: structure only.
	if err := s.PutPart(ctx, m.ID, Part{ID: "big", Size: 1000}, make([]byte, 1000)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetPart(ctx, m.ID, "big"); !errors.Is(err, ErrNotCached) {
		t.Errorf("oversized part: %v", err)
	}
	if n, _ := s.CacheSize(ctx); n > 250 {
		t.Errorf("cache size %d over budget", n)
	}
	// Structure-only update keeps cached content.
	if err := s.PutPart(ctx, m.ID, Part{ID: "3", ContentType: "text/plain", Size: 100}, nil); err != nil {
		t.Fatal(err)
	}
	if got, err := s.GetPart(ctx, m.ID, "3"); err != nil || !bytes.Equal(got, blob(3)) {
		t.Errorf("part 3 after structure update: %v", err)
	}
	if _, err := s.GetPart(ctx, m.ID, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown part: %v", err)
	}
	// Empty content is cached content, not a missing one.
	if err := s.PutPart(ctx, m.ID, Part{ID: "empty"}, []byte{}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.GetPart(ctx, m.ID, "empty"); err != nil || len(got) != 0 {
		t.Errorf("empty part: %q, %v", got, err)
	}
	// Parts go with their message.
	if err := s.DeleteMessages(ctx, "a", "INBOX", []uint32{1}); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.CacheSize(ctx); n != 0 {
		t.Errorf("cache size after delete = %d", n)
	}
}
