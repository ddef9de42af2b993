package mailview

import "testing"

// A folder of one says "1 message", not "1 messages".
func TestListCountSingular(t *testing.T) {
	f := newFixture(t, standard(t), "work")
	f.v.tree.widget.Select(folderNodeID("work", "Sent Items"))
	f.q.run()
	if got := f.v.list.info.Text; got != "1 message" {
		t.Errorf("count %q", got)
	}
}
