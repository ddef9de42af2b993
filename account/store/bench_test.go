package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

var words = []string{"invoice", "meeting", "lunch", "report", "quarterly", "budget", "holiday", "release",
	"Überprüfung", "café", "design", "review", "urgent", "weekly", "project", "contract", "draft", "photos",
	"party", "ticket", "flight", "hotel", "schedule", "update", "question", "answer", "feedback", "deadline"}

var names = []string{"Alice Smith", "Bob Jones", "Carol White", "Dave Brown", "Zoë Müller", "Émile Roux",
	"Grace Hopper", "Heidi Klum", "Ivan Petrov", "Judy Chen", "Mallory", "Oscar Wilde", "Peggy Sue", "Trent"}

// synth makes n realistic headers: threads of up to 5 messages linked by
// References, a fifth with attachments, a third unread.
func synth(start, n int) []Message {
	ms := make([]Message, n)
	for i := range ms {
		k := start + i
		name := names[k%len(names)]
		subj := fmt.Sprintf("%s %s %d", words[k%len(words)], words[(k/7)%len(words)], k/5)
		m := Message{
			UID:           uint32(k + 1),
			Date:          t0.Add(time.Duration(k) * time.Minute),
			From:          Address{Name: name, Addr: fmt.Sprintf("user%d@example%d.com", k%97, k%13)},
			To:            []Address{{Name: "Me", Addr: "me@wren.test"}},
			Subject:       subj,
			MessageID:     fmt.Sprintf("m%d@example.com", k),
			Size:          int64(2000 + k%50000),
			HasAttachment: k%5 == 0,
			Snippet:       "Hello, this is a synthetic message body preview for benchmarking purposes",
			Flags:         Flags{Seen: k%3 != 0, Flagged: k%17 == 0},
		}
		if root := k - k%5; root != k {
			m.Subject = "Re: " + fmt.Sprintf("%s %s %d", words[root%len(words)], words[(root/7)%len(words)], root/5)
			m.InReplyTo = fmt.Sprintf("m%d@example.com", k-1)
			m.References = []string{fmt.Sprintf("m%d@example.com", root), m.InReplyTo}
		}
		ms[i] = m
	}
	return ms
}

func BenchmarkUpsert10k(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ms := synth(0, 10000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		folder := fmt.Sprint("F", i)
		if err := s.UpsertFolder(ctx, "a", folder, RoleNone); err != nil {
			b.Fatal(err)
		}
		if err := s.UpsertMessages(ctx, "a", folder, 1, ms); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCatchUp10k is the work taken off the write path: threading and
// indexing 10k stored rows (into a store already holding 10k per run).
func BenchmarkCatchUp10k(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ms := synth(0, 10000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		folder := fmt.Sprint("F", i)
		if err := s.UpsertFolder(ctx, "a", folder, RoleNone); err != nil {
			b.Fatal(err)
		}
		if err := s.UpsertMessages(ctx, "a", folder, 1, ms); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if n, err := s.CatchUp(ctx); err != nil || n != len(ms) {
			b.Fatalf("caught up %d rows, %v", n, err)
		}
	}
}

// BenchmarkAddPOP3Headers10k lists 10k POP3 messages by header into a
// fresh store, in pop3sync's batches of 1000.
func BenchmarkAddPOP3Headers10k(b *testing.B) {
	ctx := context.Background()
	ms := synth(0, 10000)
	hs := make([]HeaderDownload, len(ms))
	for j, m := range ms {
		hs[j] = HeaderDownload{UIDL: fmt.Sprintf("%08x-%d", uint32(j)*2654435761, j), At: t0, Message: m}
	}
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := Open(ctx, filepath.Join(b.TempDir(), "b.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for k := 0; k < len(hs); k += 1000 {
			if err := s.AddPOP3Headers(ctx, "a", hs[k:k+1000]); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}

// BenchmarkUpsert10kBaseline is the floor: the same rows into a bare
// table without indexes, threads or full-text index, in one transaction.
func BenchmarkUpsert10kBaseline(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE bare (f INTEGER, uid INTEGER, flags INTEGER, date INTEGER,
		name TEXT, addr TEXT, to_list TEXT, subject TEXT, mid TEXT, irt TEXT, refs TEXT, size INTEGER, att INTEGER, snippet TEXT)`); err != nil {
		b.Fatal(err)
	}
	ms := synth(0, 10000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		st, err := tx.PrepareContext(ctx, `INSERT INTO bare VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			b.Fatal(err)
		}
		for _, m := range ms {
			if _, err := st.ExecContext(ctx, i, m.UID, m.Flags.bits(), m.Date.Unix(), m.From.Name, m.From.Addr,
				encodeAddrs(m.To), m.Subject, m.MessageID, m.InReplyTo, fmt.Sprint(m.References), m.Size,
				m.HasAttachment, m.Snippet); err != nil {
				b.Fatal(err)
			}
		}
		st.Close()
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

// big is one 100k-message store shared by the query benchmarks: two
// accounts, each with an inbox (40k) and an archive (10k); bodies indexed.
var big struct {
	once sync.Once
	dir  string
	s    *Store
	err  error
}

func bigStore(b *testing.B) *Store {
	b.Helper()
	big.once.Do(func() {
		ctx := context.Background()
		if big.dir, big.err = os.MkdirTemp("", "wren-store-bench"); big.err != nil {
			return
		}
		if big.s, big.err = Open(ctx, filepath.Join(big.dir, "big.db")); big.err != nil {
			return
		}
		k := 0
		for _, acct := range []string{"work", "home"} {
			for _, f := range []struct {
				name string
				role Role
				n    int
			}{{"INBOX", RoleInbox, 40000}, {"Archive", RoleArchive, 10000}} {
				if big.err = big.s.UpsertFolder(ctx, acct, f.name, f.role); big.err != nil {
					return
				}
				for done := 0; done < f.n; done += 5000 {
					ms := synth(k, 5000)
					k += 5000
					if big.err = big.s.UpsertMessages(ctx, acct, f.name, 1, ms); big.err != nil {
						return
					}
				}
			}
		}
		var ids []int64
		rows, err := big.s.r.QueryContext(ctx, `SELECT id FROM messages`)
		if big.err = err; err != nil {
			return
		}
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			ids = append(ids, id)
		}
		rows.Close()
		for i := 0; i < len(ids); i += 5000 {
			var bodies []BodyText
			for j, id := range ids[i:min(i+5000, len(ids))] {
				k := i + j
				bodies = append(bodies, BodyText{ID: id, Text: fmt.Sprintf("Hi, about the %s and the %s: see you %s. Ref %d.",
					words[(k*3)%len(words)], words[(k*5)%len(words)], words[(k*11)%len(words)], k)})
			}
			if big.err = big.s.SetBodyTexts(ctx, bodies); big.err != nil {
				return
			}
		}
	})
	if big.err != nil {
		b.Fatal(big.err)
	}
	return big.s
}

func TestMain(m *testing.M) {
	if db := os.Getenv("STORE_TEST_SYNC_HOLDER"); db != "" {
		holdSyncLock(db) // the other process of TestLockSyncAcrossProcesses
		return
	}
	code := m.Run()
	if big.s != nil {
		big.s.Close()
	}
	if big.dir != "" {
		os.RemoveAll(big.dir)
	}
	os.Exit(code)
}

func BenchmarkNewest100k(b *testing.B) {
	s := bigStore(b)
	ctx := context.Background()
	for _, c := range []struct {
		name string
		run  func() (Page, error)
	}{
		{"folder", func() (Page, error) { return s.List(ctx, "work", "INBOX", ListOptions{Limit: 50}) }},
		{"folder-unread", func() (Page, error) {
			return s.List(ctx, "work", "INBOX", ListOptions{Limit: 50, Filter: Filter{Unread: true}})
		}},
		{"folder-flagged", func() (Page, error) {
			return s.List(ctx, "work", "INBOX", ListOptions{Limit: 50, Filter: Filter{Flagged: true}})
		}},
		{"folder-attachment", func() (Page, error) {
			return s.List(ctx, "work", "INBOX", ListOptions{Limit: 50, Filter: Filter{HasAttachment: true}})
		}},
		{"folder-sender", func() (Page, error) { return s.List(ctx, "work", "INBOX", ListOptions{Limit: 50, Sort: BySender}) }},
		{"unified", func() (Page, error) { return s.UnifiedInbox(ctx, ListOptions{Limit: 50}) }},
		{"unified-unread", func() (Page, error) {
			return s.UnifiedInbox(ctx, ListOptions{Limit: 50, Filter: Filter{Unread: true}})
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				p, err := c.run()
				if err != nil || len(p.Messages) != 50 {
					b.Fatalf("%d rows, %v", len(p.Messages), err)
				}
			}
		})
	}
	b.Run("threads", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			ts, err := s.Threads(ctx, "work", "INBOX", 50, 0)
			if err != nil || len(ts) != 50 {
				b.Fatalf("%d threads, %v", len(ts), err)
			}
		}
	})
}

// searchQueries is the fixed query set of BenchmarkSearch100k.
var searchQueries = []string{"invoice", "from:alice", "subject:budget", "café", "meeting lunch",
	`"quarterly report"`, "is:unread has:attachment", "folder:archive holiday", "to:me review",
	"after:2024-03-20 urgent", "Überprüfung", "deadline from:grace is:unread", "nosuchword", "Ref 4242"}

func BenchmarkSearch100k(b *testing.B) {
	s := bigStore(b)
	ctx := context.Background()
	for _, q := range searchQueries {
		b.Run(q, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := s.Search(ctx, q, SearchOptions{Limit: 50}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
