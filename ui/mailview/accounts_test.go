package mailview

import (
	"slices"
	"testing"

	"wren/account/store"
)

// An account added to the running view gets its status line, its folders
// and its inbox in the unified inbox; removed, all three go, and a list of
// one of its folders goes back to the unified inbox. The other account's
// status line stays the same object.
func TestSetAccountsAddsAndRemoves(t *testing.T) {
	st := standard(t)
	mustFolder(t, st, "home", "INBOX", store.RoleInbox)
	mustUpsert(t, st, "home", "INBOX", msg(10, "Dave", "Garden", false))
	f := newFixture(t, st, "work")
	if slices.Contains(subjects(f.v.model.Rows()), "Garden") {
		t.Fatal("the unified inbox shows an account the view does not have")
	}
	workLine := f.v.status.lines["work"]

	f.v.SetAccounts(accounts("work", "home"))
	f.q.run()
	p, _ := f.v.probeAccounts()
	if len(p) != 2 || p[1].Name != "home" || !slices.Equal(p[1].Folders, []string{"INBOX"}) || p[1].Messages != 1 {
		t.Fatalf("accounts after adding: %+v", p)
	}
	if len(f.v.status.box.Objects) != 2 || f.v.status.lines["work"] != workLine {
		t.Errorf("status lines: %d, work's kept: %v", len(f.v.status.box.Objects), f.v.status.lines["work"] == workLine)
	}
	if !slices.Contains(subjects(f.v.model.Rows()), "Garden") {
		t.Errorf("unified inbox after adding: %q", subjects(f.v.model.Rows()))
	}

	f.v.tree.widget.Select(folderNodeID("home", "INBOX"))
	f.q.run()
	f.v.SetAccounts(accounts("work"))
	f.q.run()
	if src := f.v.model.Source(); src.Kind != SourceUnified {
		t.Errorf("still listing %+v of a removed account", src)
	}
	if got := subjects(f.v.model.Rows()); slices.Contains(got, "Garden") || len(got) != 3 {
		t.Errorf("unified inbox after removing: %q", got)
	}
	if p, _ := f.v.probeAccounts(); len(p) != 1 || p[0].Name != "work" || f.v.status.lines["home"] != nil || len(f.v.status.box.Objects) != 1 {
		t.Errorf("after removing: %+v, %d status lines", p, len(f.v.status.box.Objects))
	}
}
