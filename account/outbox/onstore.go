package outbox

import (
	"context"
	"fmt"
	"time"

	"wren/account/internal/owner"
	"wren/account/store"
)

// OnStore keeps the outbox in the local store.
func OnStore(st *store.Store) Store { return storeAdapter{st} }

type storeAdapter struct{ st *store.Store }

func toStore(it Item) store.OutboxItem {
	return store.OutboxItem{
		ID: it.ID, Account: it.Account, From: it.From, To: it.To, File: it.File, Raw: it.Raw, MessageID: it.MessageID,
		State: store.OutboxState(it.State), Attempts: it.Attempts, Next: it.Due,
		LastError: encodeErr(it.Err), SentCopy: it.SentCopy, Created: it.Created, AllowPartial: it.AllowPartial,
		Owner: it.Owner,
	}
}

// fromStore rebuilds an item; the stored error keeps what its explanation
// needs (errcodec.go).
func fromStore(s store.OutboxItem) Item {
	it := Item{
		ID: s.ID, Account: s.Account, From: s.From, To: s.To, File: s.File, Raw: s.Raw, MessageID: s.MessageID,
		State: State(s.State), Attempts: s.Attempts, Due: s.Next, SentCopy: s.SentCopy, Created: s.Created,
		AllowPartial: s.AllowPartial, Owner: s.Owner,
	}
	it.Err = decodeErr(s.LastError)
	return it
}

func (a storeAdapter) Add(ctx context.Context, it Item) (int64, error) {
	return a.st.AddOutbox(ctx, toStore(it))
}

func (a storeAdapter) Get(ctx context.Context, id int64) (Item, error) {
	s, err := a.st.GetOutbox(ctx, id)
	if err != nil {
		return Item{}, err
	}
	return fromStore(s), nil
}

func (a storeAdapter) list(s []store.OutboxItem, err error) ([]Item, error) {
	if err != nil {
		return nil, err
	}
	out := make([]Item, 0, len(s))
	for _, x := range s {
		out = append(out, fromStore(x))
	}
	return out, nil
}

func (a storeAdapter) Due(ctx context.Context, now time.Time) ([]Item, error) {
	return a.list(a.st.OutboxDue(ctx, now))
}

func (a storeAdapter) InState(ctx context.Context, s State) ([]Item, error) {
	return a.list(a.st.OutboxInState(ctx, store.OutboxState(s)))
}

func (a storeAdapter) Update(ctx context.Context, it Item) error {
	if it.ID == 0 {
		return fmt.Errorf("outbox item without id")
	}
	return a.st.UpdateOutbox(ctx, toStore(it))
}

func (a storeAdapter) Swap(ctx context.Context, old, it Item) (bool, error) {
	return a.st.SwapOutbox(ctx, toStore(old), toStore(it))
}

func (a storeAdapter) RemoveIf(ctx context.Context, old Item) (bool, error) {
	return a.st.RemoveOutboxIf(ctx, toStore(old))
}

// Owner is this process among those sharing the store.
func (a storeAdapter) Owner() (string, error) { return owner.Hold(a.st.OwnersDir()) }

func (a storeAdapter) Alive(tok string) bool { return owner.Alive(a.st.OwnersDir(), tok) }
