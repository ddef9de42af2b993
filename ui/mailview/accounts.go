package mailview

import (
	"slices"

	"wren/account"
)

// SetAccounts shows these accounts from now on (after one was added,
// changed or removed in the running window): the folder tree, the status
// lines and the unified inbox follow. A list of a removed account's
// folder goes back to the unified inbox. Call it on the UI goroutine.
func (v *View) SetAccounts(accts []account.Account) {
	names := make([]string, len(accts))
	for i, a := range accts {
		names[i] = a.Name
	}
	if slices.Equal(names, v.accounts) {
		return // an edit: the runner restarts, the view stays
	}
	v.accounts = names
	v.status.set(names)
	v.loadFolders()
	if src := v.model.Source(); src.Kind == SourceFolder && !slices.Contains(names, src.Account) {
		v.navigate(Source{Kind: SourceUnified})
		return
	}
	v.startList(v.model.Reload())
}

// ProbeAccount is one account as the window shows it: its status line
// and its folders in the tree, with how many messages they hold.
type ProbeAccount struct {
	Name     string   `json:"name"`
	Status   string   `json:"status"`
	Folders  []string `json:"folders"`
	Messages int      `json:"messages"`
}

// probeAccounts describes the accounts shown and the list's subjects (the
// first 100 rows).
func (v *View) probeAccounts() ([]ProbeAccount, []string) {
	var out []ProbeAccount
	for _, name := range v.accounts {
		p := ProbeAccount{Name: name}
		if l := v.status.lines[name]; l != nil {
			p.Status = l.text.Text
		}
		if slices.Contains(v.folders.Accounts, name) {
			for _, f := range v.folders.Folders[name] {
				p.Folders = append(p.Folders, f.Name)
				p.Messages += f.Total
			}
		}
		out = append(out, p)
	}
	var subjects []string
	for i, m := range v.model.Rows() {
		if i == 100 {
			break
		}
		subjects = append(subjects, m.Subject)
	}
	return out, subjects
}
