package mailview

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wren/account/store"
)

// Tree node IDs: the unified inbox, an account, or an account's folder.
// NUL cannot occur in account or folder names.
const (
	unifiedID = "unified"
	acctPfx   = "a\x00"
	folderPfx = "f\x00"
)

func accountID(a string) string       { return acctPfx + a }
func folderNodeID(a, f string) string { return folderPfx + a + "\x00" + f }
func parseFolderID(id string) (a, f string, ok bool) {
	rest, ok := strings.CutPrefix(id, folderPfx)
	if !ok {
		return "", "", false
	}
	return strings.Cut(rest, "\x00")
}

// folderTree is the left pane.
type folderTree struct {
	v      *View
	widget *widget.Tree
	quiet  bool // highlighting by code: no navigation
	// highlighted is the node marked ("": none).
	highlighted string
	// shown maps each row object to the node it shows now (rows are
	// reused as the tree scrolls), for the probe.
	shown map[fyne.CanvasObject]string
}

func newFolderTree(v *View) *folderTree {
	t := &folderTree{v: v, shown: map[fyne.CanvasObject]string{}}
	t.widget = widget.NewTree(t.children, t.isBranch, t.create, t.update)
	t.widget.OnSelected = t.selected
	return t
}

func (t *folderTree) children(id widget.TreeNodeID) []widget.TreeNodeID {
	s := t.v.folders
	if id == "" {
		out := []string{unifiedID}
		for _, a := range t.v.accounts {
			out = append(out, accountID(a))
		}
		return out
	}
	if a, ok := strings.CutPrefix(id, acctPfx); ok {
		var out []string
		for _, f := range s.Folders[a] {
			out = append(out, folderNodeID(a, f.Name))
		}
		return out
	}
	return nil
}

func (t *folderTree) isBranch(id widget.TreeNodeID) bool {
	return id == "" || strings.HasPrefix(id, acctPfx)
}

func (t *folderTree) create(bool) fyne.CanvasObject {
	count := widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	return container.NewBorder(nil, nil, widget.NewIcon(theme.FolderIcon()), count, widget.NewLabel(""))
}

// node finds what a tree row shows: its icon, name and unread count.
func (t *folderTree) node(id string) (fyne.Resource, string, int) {
	if id == unifiedID {
		return theme.HomeIcon(), "Unified Inbox", t.v.folders.UnifiedUnread
	}
	if a, ok := strings.CutPrefix(id, acctPfx); ok {
		return theme.AccountIcon(), a, 0
	}
	a, name, _ := parseFolderID(id)
	for _, f := range t.v.folders.Folders[a] {
		if f.Name == name {
			return roleIcon(f.Role), folderWords(f), f.Unread
		}
	}
	return theme.FolderIcon(), name, 0
}

func (t *folderTree) update(id widget.TreeNodeID, _ bool, o fyne.CanvasObject) {
	icon, name, unread := t.node(id)
	t.shown[o] = id
	c := o.(*fyne.Container)
	c.Objects[0].(*widget.Label).SetText(name)
	c.Objects[1].(*widget.Icon).SetResource(icon)
	n := ""
	if unread > 0 {
		n = fmt.Sprint(unread)
	}
	c.Objects[2].(*widget.Label).SetText(n)
}

func (t *folderTree) selected(id widget.TreeNodeID) {
	if t.quiet {
		return
	}
	if id == unifiedID {
		t.v.navigate(Source{Kind: SourceUnified})
		return
	}
	if a, f, ok := parseFolderID(id); ok {
		t.v.navigate(Source{Kind: SourceFolder, Account: a, Folder: f})
	}
}

// highlight marks where the list comes from: the unified inbox or a
// folder; nothing during a search, whose results come from everywhere.
func (t *folderTree) highlight(src Source) {
	t.quiet = true
	defer func() { t.quiet = false }()
	switch src.Kind {
	case SourceUnified:
		t.highlighted = unifiedID
	case SourceFolder:
		t.highlighted = folderNodeID(src.Account, src.Folder)
	default:
		t.highlighted = ""
		t.widget.UnselectAll()
		return
	}
	t.widget.Select(t.highlighted)
}

func (t *folderTree) refresh() {
	for _, a := range t.v.accounts {
		t.widget.OpenBranch(accountID(a))
	}
	t.widget.Refresh()
}

// folderWords names a folder by its role where it has one, so that
// "[Gmail]/Sent Mail" and "Sent Items" both read "Sent".
func folderWords(f store.Folder) string {
	switch f.Role {
	case store.RoleInbox:
		return "Inbox"
	case store.RoleSent:
		return "Sent"
	case store.RoleDrafts:
		return "Drafts"
	case store.RoleTrash:
		return "Trash"
	case store.RoleJunk:
		return "Junk"
	case store.RoleArchive:
		return "Archive"
	}
	return f.Name
}

func roleIcon(r store.Role) fyne.Resource {
	switch r {
	case store.RoleInbox:
		return theme.DownloadIcon()
	case store.RoleSent:
		return theme.MailSendIcon()
	case store.RoleDrafts:
		return theme.DocumentCreateIcon()
	case store.RoleTrash:
		return theme.DeleteIcon()
	case store.RoleJunk:
		return theme.WarningIcon()
	case store.RoleArchive:
		return theme.StorageIcon()
	}
	return theme.FolderIcon()
}
