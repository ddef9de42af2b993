package mailview

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"wren/account/store"
)

// FolderSnapshot is the folder pane's content: each account's folders in
// display order, and the unread count of the unified inbox.
type FolderSnapshot struct {
	Gen           uint64
	Accounts      []string
	Folders       map[string][]store.Folder
	UnifiedUnread int
	Err           error
}

// roleOrder puts the folders with a role first, in the order people expect.
var roleOrder = map[store.Role]int{
	store.RoleInbox: 0, store.RoleDrafts: 1, store.RoleSent: 2, store.RoleArchive: 3,
	store.RoleJunk: 4, store.RoleTrash: 5, store.RoleNone: 6,
}

// fetchFolders reads every account's folders; it blocks.
func fetchFolders(ctx context.Context, st Store, gen uint64, accounts []string) FolderSnapshot {
	s := FolderSnapshot{Gen: gen, Accounts: accounts, Folders: make(map[string][]store.Folder, len(accounts))}
	for _, a := range accounts {
		fs, err := st.Folders(ctx, a)
		if err != nil {
			s.Err = fmt.Errorf("mailview: folders of %q: %w", a, err)
			return s
		}
		fs = slices.Clone(fs)
		slices.SortStableFunc(fs, func(x, y store.Folder) int {
			if c := cmp.Compare(roleOrder[x.Role], roleOrder[y.Role]); c != 0 {
				return c
			}
			return strings.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name))
		})
		for _, f := range fs {
			if f.Role == store.RoleInbox {
				s.UnifiedUnread += f.Unread
			}
		}
		s.Folders[a] = fs
	}
	return s
}
