package store

import (
	"path/filepath"
	"sync"
	"testing"
)

// Readers keep working, and see ordered pages, while two writers insert
// batches; nothing is lost.
func TestConcurrentReadersDuringWrites(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	mustFolder(t, s, "a", "INBOX", RoleInbox)
	const batches, per = 8, 50
	done := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for r := 0; r < 2; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				p, err := s.List(ctx, "a", "INBOX", ListOptions{Limit: 10})
				if err != nil {
					errs <- err
					return
				}
				if _, err := s.Search(ctx, "batch", SearchOptions{Limit: 5}); err != nil {
					errs <- err
					return
				}
				for i := 1; i < len(p.Messages); i++ {
					if p.Messages[i].Date.After(p.Messages[i-1].Date) {
						t.Errorf("unordered page")
					}
				}
			}
		}()
	}
	var wwg sync.WaitGroup
	for w := 0; w < 2; w++ {
		wwg.Add(1)
		go func(w int) {
			defer wwg.Done()
			for b := 0; b < batches; b++ {
				var ms []Message
				for i := 0; i < per; i++ {
					ms = append(ms, msg(uint32(w*100000+b*per+i+1), "x", "batch"))
				}
				if err := s.UpsertMessages(ctx, "a", "INBOX", 7, ms); err != nil {
					errs <- err
					return
				}
			}
		}(w)
	}
	wwg.Wait()
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	f, err := s.Folder(ctx, "a", "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	if f.Total != 2*batches*per {
		t.Errorf("total = %d, want %d", f.Total, 2*batches*per)
	}
}

// The window and the command line may open a new profile's store at the
// same moment: every opener gets the migrated store, none a "database is
// locked" (SQLite answers a connection turning a fresh file to WAL
// beside another with SQLITE_BUSY, without waiting).
func TestConcurrentOpensOfANewStore(t *testing.T) {
	for round := range 20 {
		path := filepath.Join(t.TempDir(), "wren.db")
		errs := make(chan error, 6)
		for range cap(errs) {
			go func() {
				s, err := Open(ctxT(t), path)
				if err == nil {
					err = s.Close()
				}
				errs <- err
			}()
		}
		for range cap(errs) {
			if err := <-errs; err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
	}
}
