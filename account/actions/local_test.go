package actions

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"wren/account/store"
)

// A POP3 account's junk verdicts stay local: the message moves between
// its local folders with the keyword a server would get, any other
// keyword is kept, and nothing is queued for a server.
func TestJunkLocally(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	m := store.Message{Subject: "win a prize", Date: time.Now(), Flags: store.Flags{Keywords: []string{"$label1", "$NotJunk"}}}
	if err := st.AddPOP3Headers(ctx, "pop", []store.HeaderDownload{{UIDL: "A", At: time.Now(), Message: m}}); err != nil {
		t.Fatal(err)
	}
	q := &Queue{Store: st}
	keywords := func(folder string) []string {
		t.Helper()
		got, err := st.MessageByUID(ctx, "pop", folder, 1)
		if err != nil {
			t.Fatalf("message 1 not in %s: %v", folder, err)
		}
		return got.Flags.Keywords
	}
	if err := q.DoLocal(ctx, "pop", store.POP3Inbox, []uint32{1}, Junk, store.POP3Junk); err != nil {
		t.Fatal(err)
	}
	if got := keywords(store.POP3Junk); !slices.Equal(got, []string{"$label1", "$Junk"}) {
		t.Errorf("in Junk with %q, want $label1 kept and $Junk instead of $NotJunk", got)
	}
	if err := q.DoLocal(ctx, "pop", store.POP3Junk, []uint32{1}, NotJunk, store.POP3Inbox); err != nil {
		t.Fatal(err)
	}
	if got := keywords(store.POP3Inbox); !slices.Equal(got, []string{"$label1", "$NotJunk"}) {
		t.Errorf("back in the Inbox with %q, want $label1 and $NotJunk", got)
	}
	if err := q.DoLocal(ctx, "pop", store.POP3Inbox, []uint32{1}, Move, store.POP3Archive); err != nil {
		t.Fatal(err)
	}
	keywords(store.POP3Archive)
	if list, err := st.Actions(ctx, "pop"); err != nil || len(list) != 0 {
		t.Errorf("queued for a server: %v, %v", list, err)
	}
}
