package mailview

import (
	"context"
	"fmt"
	"strings"

	"wren/account/store"
)

// Store is what the window reads; *store.Store has it.
type Store interface {
	Folders(ctx context.Context, account string) ([]store.Folder, error)
	List(ctx context.Context, account, folder string, o store.ListOptions) (store.Page, error)
	UnifiedInbox(ctx context.Context, o store.ListOptions) (store.Page, error)
	Search(ctx context.Context, line string, o store.SearchOptions) (store.Page, error)
	Message(ctx context.Context, id int64) (store.MessageDetail, error)
	GetPart(ctx context.Context, message int64, part string) ([]byte, error)
}

// fetch runs one list query; it blocks, so it runs off the UI goroutine.
func fetch(ctx context.Context, st Store, r Request) ListSnapshot {
	o := store.ListOptions{Sort: r.Sort, Filter: r.Filter, Limit: r.Limit, After: r.After, Accounts: r.Accounts}
	var p store.Page
	var err error
	switch r.Source.Kind {
	case SourceUnified:
		p, err = st.UnifiedInbox(ctx, o)
	case SourceFolder:
		p, err = st.List(ctx, r.Source.Account, r.Source.Folder, o)
	case SourceSearch:
		p, err = st.Search(ctx, searchLine(r.Source.Query, r.Filter), store.SearchOptions{Limit: r.Limit, After: r.After, Accounts: r.Accounts})
	default:
		err = fmt.Errorf("mailview: unknown list source %d", r.Source.Kind)
	}
	if err != nil {
		return ListSnapshot{Gen: r.Gen, Append: r.Append, Err: fmt.Errorf("mailview: list: %w", err)}
	}
	return ListSnapshot{Gen: r.Gen, Append: r.Append, Rows: p.Messages, Next: p.Next}
}

// searchLine adds the quick filters to a search as the query language's
// own terms, since Search takes no Filter.
func searchLine(q string, f store.Filter) string {
	terms := []string{q}
	if f.Unread {
		terms = append(terms, "is:unread")
	}
	if f.Flagged {
		terms = append(terms, "is:flagged")
	}
	if f.HasAttachment {
		terms = append(terms, "has:attachment")
	}
	return strings.Join(terms, " ")
}
